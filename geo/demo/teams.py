"""Enforcement teams for the demo: several per district bureau and some of the city bureau, based at the
bureau (the district's seat; the city bureau in 姑苏区). Member names are invented."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.demo import geography
from geo.demo.geography import DISTRICTS, SHORT, SIP

SOURCE = "示例数据（生成）"
CITY = "市局"
CITY_DISTRICT = "姑苏区"
CITY_CODE = "320500"
CITY_BASE = (120.615, 31.300)

PER_DISTRICT = {
    "姑苏区": 4, "虎丘区": 6, "吴中区": 7, "相城区": 6, "吴江区": 7, SIP: 6,
    "常熟市": 7, "张家港市": 8, "昆山市": 9, "太仓市": 6,
}
# The city bureau's teams; the first two are the ones the bulletin names.
CHIEF = "市局局长带队组"  # 10-02, 相城, 四不两直
ENFORCEMENT_CHIEF = "市执法局局长带队组"  # 10-17 night, 昆山 and the park
CITY_TEAMS = (CHIEF, ENFORCEMENT_CHIEF, "市执法局一大队一组", "市执法局一大队二组", "市执法局二大队一组",
              "市执法局二大队二组", "市执法局三大队一组", "市执法局三大队二组")

_NUM = "一二三四五六七八九十"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺顾毛郝龚邵万钱严覃武戴"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉健俊峰建波宁斌晨浩凯宇琳婷雪倩瑶欣悦文博诚然晓东海燕"


def teams(rng: np.random.Generator, geo) -> pd.DataFrame:
    """The teams layer as a frame with x, y (the base)."""
    rows = []
    for i, name in enumerate(CITY_TEAMS):
        rows.append(_row(rng, f"ZF{CITY_CODE}-{i + 1:02d}", name, CITY_DISTRICT, "苏州市生态环境局", CITY_BASE,
                         members=5 if i < 2 else None))
    for district in DISTRICTS:
        seat_name, sx, sy = geography.TOWNS[district][0]
        base = f"苏州市{SHORT[district]}生态环境执法局（{seat_name}）"
        for k in range(PER_DISTRICT[district]):
            rows.append(_row(rng, f"ZF{geography.ADCODES[district]}-{k + 1:02d}", f"{SHORT[district]}执法{_NUM[k]}组",
                             district, base, (sx, sy)))
    out = pd.DataFrame(rows)
    # every team sits at its bureau, a little apart so that the map shows them all
    for district in sorted(set(out["district"])):
        mask = (out["district"] == district).to_numpy()
        anchors = out.loc[mask, ["x", "y"]].to_numpy()
        out.loc[mask, ["x", "y"]] = geography.sample_near(rng, geo.land[district], anchors, 0.0, 0.4)
    return out


def _row(rng, team_id, name, district, base, xy, members=None) -> dict:
    m = int(members or rng.integers(3, 6))
    people = []
    while len(people) < m:
        person = _SURNAMES[rng.integers(len(_SURNAMES))] + "".join(
            _GIVEN[j] for j in rng.integers(len(_GIVEN), size=int(rng.integers(1, 3))))
        if person not in people:
            people.append(person)
    return {"team_id": team_id, "name": name, "district": district, "base": base, "members": m,
            "member_names": "、".join(people), "source": SOURCE, "x": xy[0], "y": xy[1]}


def is_city(team_ids) -> np.ndarray:
    return np.asarray([t.startswith(f"ZF{CITY_CODE}") for t in team_ids])
