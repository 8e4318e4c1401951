import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo import codes


@pytest.mark.parametrize(
    "code, valid",
    [
        ("91350100M000100Y43", True),
        ("91110000802100433B", True),
        (" 91110000802100433b ", True),  # spaces and lower case are normalised
        ("91110000802100433A", False),  # wrong check character
        ("9111000080210043", False),  # too short
        ("91110000802100433I", False),  # I is not in the alphabet
    ],
)
def test_credit_code_table(code, valid):
    assert codes.is_valid_credit_code(code) is valid


@pytest.mark.parametrize(
    "code, words",
    [("123", "应为 18 位"), ("91110000802100433A", "校验位应为 B"), ("9111000080210O433B", "第 14 位“O”")],
)
def test_credit_code_errors_name_the_problem(code, words):
    with pytest.raises(codes.CodeError, match=words):
        codes.validate_credit_code(code)


@given(st.text(alphabet=codes.ALPHABET, min_size=17, max_size=17))
def test_make_credit_code_always_validates(first17):
    code = codes.make_credit_code(first17)
    assert codes.validate_credit_code(code) == code
    # any other last character fails
    wrong = next(ch for ch in codes.ALPHABET if ch != code[-1])
    assert not codes.is_valid_credit_code(code[:-1] + wrong)


def test_permit_codes():
    assert codes.permit_source_code("91110000802100433B") == "91110000802100433B001P"
    assert codes.permit_outlet_code(1) == "DW001"
    assert codes.permit_outlet_code(12, "A") == "DA012"
    with pytest.raises(codes.CodeError):
        codes.permit_outlet_code(1, "X")
