"""Find a firm, an outlet or a section from a few typed characters.

What matches (case and full/half width ignored; several words separated by spaces must all match):
- a firm: part of its name, part of its credit code, or the initials of its name in pinyin ("klhg" finds
  凯凌化工（张家港）有限公司; a character with several readings is read in its phrase: 银行 → yh);
- an outlet: part of its id or name; a section: part of its id or name.

Order: exact id / code / name first, then names or ids that start with the text, then those that contain it,
then pinyin-initial matches; within a rank firms before outlets before sections, shorter names first.

`SearchIndex` is built once per data version (the pages cache it) and then answers a query with array
operations over every entry at once (see README for the measured time on 30,000 firms).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

KINDS = ("firm", "outlet", "section")
KIND_LABELS = {"firm": "企业", "outlet": "排口", "section": "断面"}
_SEP = "\x1f"  # between the fields of one entry's search text: no query contains it


class SearchIndex:
    """Every searchable entry as one row: kind, key, label (name), detail (district, code ...) and the
    lower-case texts that a query is matched against."""

    def __init__(self, enterprises: pd.DataFrame, outlets: pd.DataFrame, sections: pd.DataFrame,
                 pinyin: bool = True):
        parts = [
            _entries("firm", enterprises["credit_code"], enterprises["name"],
                     enterprises["district"] + " · " + enterprises["industry"] + " · " + enterprises["credit_code"],
                     pinyin),
            _entries("outlet", outlets["outlet_id"], outlets["name"],
                     outlets["district"] + " · " + outlets["type"] + " · " + outlets["outlet_id"], pinyin=False),
            _entries("section", sections["section_id"], sections["name"],
                     sections["district"] + " · " + sections["level"] + " · " + sections["section_id"],
                     pinyin=False),
        ]
        table = pd.concat(parts, ignore_index=True)
        self.table = table
        self._kind_order = table["kind"].map({k: i for i, k in enumerate(KINDS)}).to_numpy()
        self._length = table["label"].str.len().to_numpy()
        self._key = table["key_norm"]
        self._name = table["name_norm"]
        self._initials = table["initials"]
        self._text = table["key_norm"] + _SEP + table["name_norm"]

    def __len__(self) -> int:
        return len(self.table)

    def query(self, text: str, limit: int = 20, kinds: tuple[str, ...] = KINDS) -> pd.DataFrame:
        """The best `limit` entries for `text`: columns kind, key, label, detail, rank (0 best). Empty text,
        or text with nothing to match, gives an empty frame."""
        words = normalize(text).split()
        if not words:
            return self._empty()
        rank = self._rank(words)
        if kinds != KINDS:
            rank = np.where(self.table["kind"].isin(kinds).to_numpy(), rank, _NONE)
        found = np.flatnonzero(rank < _NONE)
        if found.size == 0:
            return self._empty()
        order = np.lexsort((self._length[found], self._kind_order[found], rank[found]))[:limit]
        chosen = found[order]
        out = self.table.iloc[chosen][["kind", "key", "label", "detail"]].reset_index(drop=True)
        out["rank"] = rank[chosen]
        return out

    def _rank(self, words: list[str]) -> np.ndarray:
        """Per entry, the worst rank over the words (every word must match), _NONE where one does not."""
        total = np.zeros(len(self.table), dtype=np.int8)
        for word in words:
            total = np.maximum(total, self._rank_word(word))
        return total

    def _rank_word(self, word: str) -> np.ndarray:
        rank = np.full(len(self.table), _NONE, dtype=np.int8)
        contains = self._text.str.contains(word, regex=False).to_numpy(dtype=bool)
        if contains.any():
            hit = np.flatnonzero(contains)
            key, name = self._key.iloc[hit], self._name.iloc[hit]
            exact = ((key == word) | (name == word)).to_numpy(dtype=bool)
            starts = (key.str.startswith(word) | name.str.startswith(word)).to_numpy(dtype=bool)
            rank[hit] = np.where(exact, EXACT, np.where(starts, PREFIX, CONTAINS))
        if _INITIALS_QUERY.fullmatch(word):
            initials = self._initials
            starts = initials.str.startswith(word).to_numpy(dtype=bool)
            inside = initials.str.contains(word, regex=False).to_numpy(dtype=bool)
            pinyin_rank = np.where(starts, PINYIN_PREFIX, np.where(inside, PINYIN, _NONE))
            rank = np.minimum(rank, pinyin_rank.astype(np.int8))
        return rank

    def _empty(self) -> pd.DataFrame:
        return pd.DataFrame({"kind": pd.Series(dtype="str"), "key": pd.Series(dtype="str"),
                             "label": pd.Series(dtype="str"), "detail": pd.Series(dtype="str"),
                             "rank": pd.Series(dtype="int8")})


EXACT, PREFIX, CONTAINS, PINYIN_PREFIX, PINYIN = 0, 1, 2, 3, 4
_NONE = 9
_INITIALS_QUERY = re.compile(r"[a-z]{2,}")


def normalize(text) -> str:
    """NFKC (full-width letters and digits to half-width, Ⅲ to III), lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", str(text or "")).lower().split())


def _entries(kind: str, keys: pd.Series, names: pd.Series, detail: pd.Series, pinyin: bool) -> pd.DataFrame:
    keys = keys.astype("str").reset_index(drop=True)
    names = names.astype("str").reset_index(drop=True)
    return pd.DataFrame({
        "kind": kind,
        "key": keys,
        "label": names,
        "detail": detail.fillna("").astype("str").reset_index(drop=True),
        "key_norm": keys.map(normalize).astype("str"),
        "name_norm": names.map(normalize).astype("str"),
        "initials": pd.Series(initials(names.tolist()) if pinyin else [""] * len(names), dtype="str"),
    })


def initials(names: list[str]) -> list[str]:
    """Pinyin initials of each name, lower case, letters and digits only ("凯凌化工（张家港）" → "klhgzjg").

    Each name is cut into words by pypinyin's own segmenter (the one `lazy_pinyin` uses), so a character with
    several readings is read in its phrase (银行 → yh); each distinct word is looked up once, which makes
    30,000 firm names take about a tenth of a second instead of two."""
    from pypinyin import Style, lazy_pinyin  # imported here: only the search index needs it
    from pypinyin.seg.mmseg import seg

    words: dict[str, str] = {}
    out = []
    for name in names:
        parts = []
        for word in seg.cut(name):
            letters = words.get(word)
            if letters is None:
                letters = words[word] = _ascii("".join(lazy_pinyin(word, style=Style.FIRST_LETTER)))
            parts.append(letters)
        out.append("".join(parts))
    return out


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())
