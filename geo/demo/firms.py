"""Enterprises for the demo: invented names, valid credit codes (GB 32100) with each district's code,
industries typical of Suzhou, tags, EIA approval dates and locations clustered around towns.

Four names are real, taken from the bulletin (the three 张家港 firms of the 10-18 night check and
苏州远东砂轮有限公司); their codes and locations are invented, and no generator gives them any record
beyond what the bulletin says. All other names are random combinations; any resemblance to a real
firm is coincidental.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.codes import make_credit_code
from geo.demo import geography
from geo.demo.geography import DISTRICTS, SIP
from geo.schema import ENTERPRISE_TAGS

SOURCE = "示例数据（生成）"
SOURCE_NAMED = "示例数据：名称取自公报，代码与位置为虚构"

ZJG_NIGHT_FIRMS = (
    ("张家港市华林热镀锌有限公司", "金属制品"),
    ("江苏融地再生资源有限公司", "再生资源"),
    ("凯凌化工（张家港）有限公司", "化工"),
)
YUANDONG = "苏州远东砂轮有限公司"
NAMED = tuple(n for n, _ in ZJG_NIGHT_FIRMS) + (YUANDONG,)

HUQIU_KEY_VOCS = 33  # the bulletin's "33家重点VOCS排放企业" in 高新区
ZJG_RECENT_EIA = 28  # 张家港 firms with an EIA report approved since 2019 (20 are checked on 10-15)

# Firms per district before riverside ones are added (about 3,000 in all).
COUNTS = {
    "姑苏区": 60, "虎丘区": 240, "吴中区": 270, "相城区": 250, "吴江区": 360, SIP: 270,
    "常熟市": 360, "张家港市": 360, "昆山市": 500, "太仓市": 210,
}

INDUSTRIES = ("电子", "化工", "纺织印染", "金属制品", "电镀", "机械", "食品", "医药", "塑料制品", "印刷包装",
              "家具", "钢铁", "建材")
_MIX = {  # industry shares per district (normalised below)
    "姑苏区": {"食品": 3, "印刷包装": 3, "机械": 2, "电子": 2},
    "虎丘区": {"电子": 35, "机械": 20, "医药": 10, "金属制品": 10, "塑料制品": 8, "化工": 5, "印刷包装": 5, "食品": 4, "电镀": 3},
    "吴中区": {"机械": 20, "电子": 20, "金属制品": 12, "塑料制品": 10, "食品": 8, "医药": 7, "印刷包装": 8, "化工": 5,
              "纺织印染": 5, "电镀": 5},
    "相城区": {"机械": 20, "金属制品": 15, "塑料制品": 12, "电子": 15, "纺织印染": 10, "印刷包装": 8, "食品": 6, "家具": 6,
              "电镀": 4, "化工": 4},
    "吴江区": {"纺织印染": 40, "电子": 12, "机械": 12, "金属制品": 10, "化工": 5, "塑料制品": 6, "食品": 5, "电镀": 3,
              "印刷包装": 4, "家具": 3},
    SIP: {"电子": 45, "医药": 15, "机械": 15, "金属制品": 6, "塑料制品": 6, "化工": 4, "印刷包装": 4, "食品": 5},
    "常熟市": {"纺织印染": 25, "化工": 12, "机械": 18, "电子": 10, "金属制品": 10, "食品": 6, "塑料制品": 8, "电镀": 3,
              "印刷包装": 5, "医药": 3},
    "张家港市": {"化工": 20, "金属制品": 15, "钢铁": 4, "机械": 18, "纺织印染": 12, "电子": 6, "食品": 6, "电镀": 4,
                "塑料制品": 8, "建材": 3, "印刷包装": 4},
    "昆山市": {"电子": 35, "金属制品": 12, "机械": 15, "化工": 5, "塑料制品": 10, "食品": 5, "电镀": 4, "印刷包装": 6,
              "医药": 3, "纺织印染": 5},
    "太仓市": {"化工": 15, "机械": 25, "金属制品": 12, "电子": 10, "纺织印染": 10, "食品": 8, "塑料制品": 8, "医药": 5,
              "印刷包装": 4, "电镀": 3},
}
_WORDS = {
    "电子": ("电子", "电子科技", "光电", "精密电子", "电路"),
    "化工": ("化工", "化学", "新材料", "精细化工"),
    "纺织印染": ("印染", "纺织", "织造", "丝绸", "染整"),
    "金属制品": ("金属制品", "五金", "铝业", "精密五金", "热处理"),
    "电镀": ("电镀", "表面处理", "金属表面处理"),
    "机械": ("机械", "机电", "精密机械", "智能装备", "动力设备"),
    "食品": ("食品", "饮料", "乳业", "调味品"),
    "医药": ("制药", "生物医药", "药业"),
    "塑料制品": ("塑胶", "塑料制品", "橡塑"),
    "印刷包装": ("印刷", "包装", "彩印"),
    "家具": ("家具", "木业"),
    "钢铁": ("特钢", "钢铁", "钢管"),
    "建材": ("玻璃", "建材", "新型建材"),
    "电力": ("热电", "发电"),
    "污水处理": ("污水处理", "水质净化", "水务"),
}
_PREFIX = {
    "姑苏区": "苏州", "虎丘区": "苏州", "吴中区": "苏州", "相城区": "苏州", "吴江区": "苏州市吴江", SIP: "苏州",
    "常熟市": "常熟市", "张家港市": "张家港市", "昆山市": "昆山", "太仓市": "太仓",
}
_STEM_CHARS = "华瑞恒泰鑫宏达通金盛源丰德利新科美嘉佳创永隆安康润晟峰辉锦耀博远航宇腾力信诚合兴邦益昌旺顺捷凯亚欧天"

# P(tag | industry); 热源 and 燃煤电厂 are set by industry, 信访 and 环评审批 at flat rates.
_P_TAG = {
    "危废": {"化工": .8, "电镀": .95, "电子": .5, "医药": .7, "金属制品": .4, "机械": .3, "印刷包装": .4, "塑料制品": .3,
            "纺织印染": .3, "钢铁": .8, "建材": .2, "家具": .3, "食品": .1},
    "重点VOCs": {"化工": .35, "医药": .3, "印刷包装": .35, "塑料制品": .25, "家具": .4, "电子": .12, "机械": .06,
               "金属制品": .06, "纺织印染": .1},
    "涉水": {"纺织印染": .7, "电镀": .9, "化工": .5, "食品": .6, "医药": .5, "电子": .25, "钢铁": .5},
}
_P_TAG_DEFAULT = {"危废": .1, "重点VOCs": .02, "涉水": .08}
VOCS_INDUSTRIES = ("化工", "医药", "印刷包装", "塑料制品", "家具", "电子")

COAL_PLANTS = (("张家港市", 2), ("常熟市", 1), ("太仓市", 1), ("吴江区", 1), ("昆山市", 1))


@dataclass
class Firms:
    """The enterprises layer plus the outlet owners chosen while making it."""

    enterprises: pd.DataFrame  # credit_code, name, district, industry, tags, eia_approved_on, source, x, y
    outlet_owners: pd.DataFrame  # outlet_id, owner, owner_code


def enterprises(rng: np.random.Generator, geo, outlets: pd.DataFrame, rivers_frame) -> Firms:
    """About 3,000 enterprises; industrial and treatment-plant outlets get an owner firm beside them."""
    codes = _CodeMaker(rng)
    names = _NameMaker(rng)
    parts = []
    for district in DISTRICTS:
        n = COUNTS[district]
        xy = geography.sample_points(rng, geo.land[district], n, geography.town_centers(district), 2.2, 0.75)
        industry = _draw(rng, _MIX[district], n)
        parts.append(_frame(district, industry, xy, codes, names, rng))
    parts.append(_coal_plants(rng, geo, codes, names))
    parts.append(_named(rng, geo, codes))
    riverside, owners = _outlet_owners(rng, geo, outlets, codes, names)
    parts.append(riverside)
    parts.append(_tributary_firms(rng, geo, rivers_frame, codes, names))
    firms = pd.concat(parts, ignore_index=True)
    firms = _tag(rng, firms)
    return Firms(firms, owners)


# --- pieces -------------------------------------------------------------------------------------


def _frame(district, industry, xy, codes, names, rng, source=SOURCE) -> pd.DataFrame:
    return pd.DataFrame({
        "credit_code": [codes.new(district) for _ in industry],
        "name": [names.new(district, ind) for ind in industry],
        "district": district,
        "industry": list(industry),
        "source": source,
        "x": xy[:, 0], "y": xy[:, 1],
    })


def _coal_plants(rng, geo, codes, names) -> pd.DataFrame:
    rows = []
    for district, n in COAL_PLANTS:
        xy = geography.sample_points(rng, geo.land[district], n, geography.town_centers(district)[1:], 3.0, 1.0)
        rows.append(_frame(district, ["电力"] * n, xy, codes, names, rng))
    return pd.concat(rows, ignore_index=True)


def _named(rng, geo, codes) -> pd.DataFrame:
    zjg = geography.sample_points(rng, geo.land["张家港市"], 3, geography.town_centers("张家港市")[1:4], 2.0, 1.0)
    hq = geography.sample_points(rng, geo.land["虎丘区"], 1, geography.town_centers("虎丘区")[:2], 1.5, 1.0)
    return pd.DataFrame({
        "credit_code": [codes.new("张家港市") for _ in range(3)] + [codes.new("虎丘区")],
        "name": list(NAMED),
        "district": ["张家港市"] * 3 + ["虎丘区"],
        "industry": [ind for _, ind in ZJG_NIGHT_FIRMS] + ["磨料磨具"],
        "source": SOURCE_NAMED,
        "x": np.r_[zjg[:, 0], hq[:, 0]], "y": np.r_[zjg[:, 1], hq[:, 1]],
    })


def _outlet_owners(rng, geo, outlets, codes, names) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A firm 100–500 m from every industrial or treatment-plant outlet; villages and towns own the rest."""
    firm_rows, owner_rows = [], []
    for district in DISTRICTS:
        mine = outlets[outlets["district"] == district]
        if mine.empty:
            continue
        xy_out = mine[["x", "y"]].to_numpy()
        beside = geography.sample_near(rng, geo.land[district], xy_out, 0.1, 0.5)
        towns = geography.TOWNS[district]
        for i, row in enumerate(mine.itertuples()):
            near_town = towns[int(np.argmin([(x - row.x) ** 2 + (y - row.y) ** 2 for _, x, y in towns]))][0]
            if row.type in ("工业排污口", "城镇污水处理厂排污口"):
                industry = "污水处理" if row.type == "城镇污水处理厂排污口" else str(
                    rng.choice(["纺织印染", "电镀", "化工", "食品", "电子", "金属制品"], p=[.3, .15, .2, .15, .1, .1]))
                code = codes.new(district)
                name = names.new(district, industry, town=near_town if industry == "污水处理" else None)
                firm_rows.append({"credit_code": code, "name": name, "district": district, "industry": industry,
                                  "source": SOURCE, "x": beside[i, 0], "y": beside[i, 1], "_water": True})
                owner_rows.append({"outlet_id": row.outlet_id, "owner": name, "owner_code": code})
            elif row.type == "农业排口":
                owner_rows.append({"outlet_id": row.outlet_id, "owner": f"{near_town}{names.village()}村",
                                   "owner_code": None})
            else:
                unit = "街道办事处" if near_town in geography.STREETS else "镇人民政府"
                owner_rows.append({"outlet_id": row.outlet_id, "owner": f"{near_town}{unit}", "owner_code": None})
    return pd.DataFrame(firm_rows), pd.DataFrame(owner_rows)


def _tributary_firms(rng, geo, rivers_frame, codes, names) -> pd.DataFrame:
    """Three riverside firms (涉水) along each of 吴中's seven tributaries, discharging to the sewer."""
    from geo.demo.water import WUZHONG_TRIBUTARIES

    rows = []
    for reach in rivers_frame[rivers_frame["name"].isin(WUZHONG_TRIBUTARIES)].sort_values("reach_id").itertuples():
        anchors = np.array([reach.geometry.interpolate(f, normalized=True).coords[0] for f in rng.uniform(0.1, 0.9, 3)])
        xy = geography.sample_near(rng, geo.land["吴中区"], anchors, 0.08, 0.35)
        industry = rng.choice(["纺织印染", "电镀", "食品", "金属制品", "化工"], size=3)
        frame = _frame("吴中区", industry, xy, codes, names, rng)
        frame["_water"] = True
        rows.append(frame)
    return pd.concat(rows, ignore_index=True)


def _tag(rng, firms: pd.DataFrame) -> pd.DataFrame:
    """Tags and EIA dates; exact counts where the bulletin gives them."""
    n = len(firms)
    industry = firms["industry"].to_numpy()
    tags = {t: np.zeros(n, dtype=bool) for t in ENTERPRISE_TAGS}
    for tag in ("危废", "重点VOCs", "涉水"):
        p = np.array([_P_TAG[tag].get(ind, _P_TAG_DEFAULT[tag]) for ind in industry])
        tags[tag] = rng.random(n) < p
    tags["涉水"] |= firms.get("_water", pd.Series(False, index=firms.index)).fillna(False).to_numpy(dtype=bool)
    tags["涉水"] |= np.isin(industry, ["污水处理"])
    tags["危废"] |= np.isin(industry, ["污水处理", "再生资源"])
    tags["燃煤电厂"] = industry == "电力"
    tags["热源"] = np.isin(industry, ["电力", "钢铁", "建材"])
    tags["信访"] = rng.random(n) < 0.04
    tags["环评审批"] = rng.random(n) < 0.2
    named = firms["name"].isin(NAMED).to_numpy()
    for tag in ENTERPRISE_TAGS:
        tags[tag] &= ~named
    tags["危废"] |= firms["name"].isin([n for n, _ in ZJG_NIGHT_FIRMS]).to_numpy()
    _exact_huqiu_vocs(rng, firms, tags)
    _complaint_areas(rng, firms, tags)
    eia = _eia_dates(rng, firms, tags)
    out = firms.drop(columns=[c for c in ("_water",) if c in firms.columns]).copy()
    out["tags"] = ["、".join(t for t in ENTERPRISE_TAGS if tags[t][i]) or None for i in range(n)]
    out["eia_approved_on"] = eia
    return out[["credit_code", "name", "district", "industry", "tags", "eia_approved_on", "source", "x", "y"]]


def _exact_huqiu_vocs(rng, firms, tags) -> None:
    """Exactly `HUQIU_KEY_VOCS` key VOCs firms in 虎丘区 (远东砂轮, whose only record is the bulletin's, not among them)."""
    hq = (firms["district"] == "虎丘区").to_numpy()
    tags["重点VOCs"][hq] = False
    pool = np.flatnonzero(hq & np.isin(firms["industry"], VOCS_INDUSTRIES) & ~firms["name"].isin(NAMED).to_numpy())
    tags["重点VOCs"][rng.choice(pool, size=HUQIU_KEY_VOCS, replace=False)] = True


def _complaint_areas(rng, firms, tags) -> None:
    """Complaint areas in 昆山 and the park: VOCs firms there and one aluminium works in 昆山 carry 信访
    (the city's night check of 10-17 goes to them)."""
    district = firms["district"].to_numpy()
    aluminium = np.flatnonzero((district == "昆山市") & firms["name"].str.contains("铝业").to_numpy()
                               & ~tags["重点VOCs"])
    tags["信访"][aluminium[:1]] = True
    for place, n in (("昆山市", 13), (SIP, 8)):
        pool = np.flatnonzero((district == place) & tags["重点VOCs"])
        tags["信访"][rng.choice(pool, size=min(n, len(pool)), replace=False)] = True


def _eia_dates(rng, firms, tags) -> list:
    n = len(firms)
    days = (pd.Timestamp("2020-09-20") - pd.Timestamp("2014-01-01")).days
    dates = pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    zjg = (firms["district"] == "张家港市").to_numpy() & ~firms["name"].isin(NAMED).to_numpy()
    recent = tags["环评审批"] & zjg & (dates >= pd.Timestamp("2019-01-01"))
    missing = ZJG_RECENT_EIA - int(recent.sum())
    if missing > 0:
        pool = np.flatnonzero(zjg & ~recent)
        pick = rng.choice(pool, size=missing, replace=False)
        tags["环评审批"][pick] = True
        span = (pd.Timestamp("2020-08-31") - pd.Timestamp("2019-01-01")).days
        new = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, span, missing), unit="D")
        dates = pd.DatetimeIndex(dates).to_numpy().copy()
        dates[pick] = new.to_numpy()
    dates = pd.DatetimeIndex(dates)
    return [d if tags["环评审批"][i] else pd.NaT for i, d in enumerate(dates)]


def _draw(rng, weights: dict, n: int) -> np.ndarray:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return rng.choice(keys, size=n, p=p / p.sum())


# --- names and codes ----------------------------------------------------------------------------


class _CodeMaker:
    """Unique credit codes: 9 (registered with 市场监管) 1 (enterprise) + district code + organisation code."""

    _DIGITS = "0123456789"
    _LETTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

    def __init__(self, rng):
        self.rng = rng
        self.seen: set[str] = set()

    def new(self, district: str) -> str:
        adcode = geography.ADCODES[district]
        while True:
            if self.rng.random() < 0.6:
                body = "".join(self._DIGITS[i] for i in self.rng.integers(0, 10, 8))
            else:
                body = "MA" + "".join(self._LETTERS[i] for i in self.rng.integers(0, len(self._LETTERS), 6))
            code = make_credit_code(f"91{adcode}{body}{_org_check(body)}")
            if code not in self.seen:
                self.seen.add(code)
                return code


def _org_check(body: str) -> str:
    """Check character of an 8-character organisation code (GB 11714)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else ("0" if c9 == 11 else str(c9))


class _NameMaker:
    def __init__(self, rng):
        self.rng = rng
        self.seen: set[str] = set(NAMED)

    def _stem(self) -> str:
        a, b = self.rng.choice(len(_STEM_CHARS), 2, replace=False)
        return _STEM_CHARS[a] + _STEM_CHARS[b]

    def new(self, district: str, industry: str, town: str | None = None) -> str:
        for _ in range(1000):
            word = str(self.rng.choice(_WORDS.get(industry, (industry,))))
            if town:
                name = f"{_PREFIX[district]}{town}{self._stem()}{word}有限公司"
            else:
                name = f"{_PREFIX[district]}{self._stem()}{word}有限公司"
            if name not in self.seen:
                self.seen.add(name)
                return name
        raise RuntimeError(f"企业名称用尽：{district} {industry}")

    def village(self) -> str:
        return self._stem()
