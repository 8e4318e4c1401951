"""Identifier codes: the unified social credit code (GB 32100-2015) and pollutant-permit codes (HJ 608-2017)."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class CodeError(ValueError):
    """A code is malformed; the message says which character or length is wrong."""


def check_character(first17: str) -> str:
    """The 18th character of a credit code whose first 17 characters are given."""
    if len(first17) != 17:
        raise CodeError(f"统一社会信用代码前 17 位应为 17 个字符，实际为 {len(first17)} 个：“{first17}”")
    total = 0
    for pos, (ch, weight) in enumerate(zip(first17, _WEIGHTS), start=1):
        if ch not in _VALUE:
            raise CodeError(f"统一社会信用代码第 {pos} 位“{ch}”不是允许的字符（0-9 与 {ALPHABET[10:]}）")
        total += _VALUE[ch] * weight
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(code: str) -> str:
    """Return the code normalised (stripped, upper case) or raise CodeError saying what is wrong."""
    text = str(code).strip().upper()
    if len(text) != 18:
        raise CodeError(f"统一社会信用代码应为 18 位，“{code}”有 {len(text)} 位")
    expected = check_character(text[:17])
    if text[17] != expected:
        raise CodeError(f"统一社会信用代码“{text}”校验位应为 {expected}，实际为 {text[17]}")
    return text


def is_valid_credit_code(code: str) -> bool:
    try:
        validate_credit_code(code)
    except CodeError:
        return False
    return True


def make_credit_code(first17: str) -> str:
    """Complete 17 characters into a valid credit code."""
    return first17 + check_character(first17)


def permit_source_code(credit_code: str, serial: int = 1) -> str:
    """Pollutant-permit code of a source: credit code + 3-digit serial + P (HJ 608-2017)."""
    return f"{validate_credit_code(credit_code)}{serial:03d}P"


def permit_outlet_code(serial: int, kind: str = "W") -> str:
    """Permit code of an outlet: DW001 for wastewater, DA001 for air."""
    if kind not in ("W", "A"):
        raise CodeError(f"排放口类别应为 W（废水）或 A（废气），实际为“{kind}”")
    return f"D{kind}{serial:03d}"
