"""geo.search: what a few typed characters find, in what order; checked on a hand-made set and on the demo."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import search
from geo.search import SearchIndex


@pytest.fixture(scope="module")
def small() -> SearchIndex:
    firms = pd.DataFrame({
        "credit_code": ["91320582MAFW4Q4P68", "913205818370196198", "91320505111111111X", "913205050000000001"],
        "name": ["凯凌化工（张家港）有限公司", "重庆银行苏州分行", "凯达机械有限公司", "凯凌"],
        "district": ["张家港市", "姑苏区", "虎丘区", "虎丘区"],
        "industry": ["化工", "金融", "机械", "化工"],
    })
    outlets = pd.DataFrame({"outlet_id": ["PK0001", "PK0002"], "name": ["凯凌化工排口", "虞山辉永村农业排口"],
                            "district": ["张家港市", "常熟市"], "type": ["工业排污口", "农业排口"]})
    sections = pd.DataFrame({"section_id": ["DM001", "DM002"], "name": ["瓜泾口北", "沧浪大桥"],
                             "district": ["吴中区", "姑苏区"], "level": ["国考", "国考"]})
    return SearchIndex(firms, outlets, sections)


@pytest.mark.parametrize(("text", "first_kind", "first_key", "rank"), [
    ("凯凌", "firm", "913205050000000001", search.EXACT),          # the exact name first ...
    ("凯凌化工", "firm", "91320582MAFW4Q4P68", search.PREFIX),     # ... then names starting with the text
    ("张家港", "firm", "91320582MAFW4Q4P68", search.CONTAINS),
    ("MAFW4Q", "firm", "91320582MAFW4Q4P68", search.CONTAINS),   # part of a credit code
    ("mafw4q", "firm", "91320582MAFW4Q4P68", search.CONTAINS),   # in any case
    ("91320582MAFW4Q4P68", "firm", "91320582MAFW4Q4P68", search.EXACT),
    ("９１３２０５８２", "firm", "91320582MAFW4Q4P68", search.PREFIX),  # full-width digits
    ("klhg", "firm", "91320582MAFW4Q4P68", search.PINYIN_PREFIX),  # pinyin initials
    ("cqyh", "firm", "913205818370196198", search.PINYIN_PREFIX),  # 重庆银行 read as chong qing yin hang
    ("pk0002", "outlet", "PK0002", search.EXACT),
    ("虞山", "outlet", "PK0002", search.PREFIX),
    ("瓜泾", "section", "DM001", search.PREFIX),
    ("dm002", "section", "DM002", search.EXACT),
    ("凯凌 张家港", "firm", "91320582MAFW4Q4P68", search.CONTAINS),  # every word must match
])
def test_first_hit(small, text, first_kind, first_key, rank):
    hits = small.query(text)
    assert (hits.iloc[0]["kind"], hits.iloc[0]["key"], hits.iloc[0]["rank"]) == (first_kind, first_key, rank)


@pytest.mark.parametrize("text", ["", "   ", "不存在的企业", "凯凌 常熟", "zzzz"])
def test_nothing_found_is_an_empty_frame(small, text):
    hits = small.query(text)
    assert hits.empty and list(hits.columns) == ["kind", "key", "label", "detail", "rank"]


def test_firms_come_before_outlets_at_the_same_rank_and_limit_cuts(small):
    hits = small.query("凯凌化工")
    assert hits["kind"].tolist() == ["firm", "outlet"]
    assert len(small.query("有限", limit=1)) == 1
    assert small.query("凯凌", kinds=("outlet",))["key"].tolist() == ["PK0001"]


@pytest.mark.parametrize(("names", "expected"), [
    (["凯凌化工（张家港）有限公司"], ["klhgzjgyxgs"]),
    (["重庆银行苏州分行"], ["cqyhszfh"]),
    (["ABC科技", "长江"], ["abckj", "cj"]),
])
def test_initials(names, expected):
    assert search.initials(names) == expected


@pytest.fixture(scope="module")
def demo_index(stored) -> SearchIndex:
    return SearchIndex(stored["enterprises"], stored["outlets"], stored["sections"])


def test_bulletin_firm_found_by_part_of_its_name(demo_index, stored):
    hits = demo_index.query("凯凌")
    code = stored["enterprises"].set_index("name").loc["凯凌化工（张家港）有限公司", "credit_code"]
    assert hits.iloc[0]["key"] == code


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_firm_found_by_any_part_of_its_name(demo_index, stored, data):
    """Whatever piece of a firm's name is typed, that firm is among the hits (no limit)."""
    name = data.draw(st.sampled_from(stored["enterprises"]["name"].tolist()))
    start = data.draw(st.integers(0, len(name) - 2))
    piece = name[start:data.draw(st.integers(start + 2, len(name)))]
    hits = demo_index.query(piece, limit=len(demo_index))
    assert name in set(hits["label"])
    text = hits["label"].map(search.normalize) + " " + hits["key"].map(search.normalize)
    assert text.str.contains(search.normalize(piece), regex=False).all()  # and nothing that lacks the piece
