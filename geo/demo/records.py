"""The ledger that inspections and problems are written into while the demo is generated, the typical
findings per topic, and how a problem's deadline and outcome are drawn.

Generators add records with temporary ids; `Ledger.frames` sorts them by time and gives the final ids
(检查 JCyyyymmddNNNN, 问题 WTyyyymmddNNNN), rewriting the problems' references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from geo.demo.campaigns import AS_OF

SOURCE = "示例数据（生成）"

# Typical findings per inspection topic (none mentions direct discharge: that is 吴中's finding only).
FINDINGS = {
    "危废": ("危废贮存场所未设置规范的警示标识", "危废管理台账记录不完整", "危废贮存场所防渗、防流失措施不到位",
           "危废超期贮存", "危废与一般固废混存", "危废转移联单填写不规范"),
    "VOCs": ("活性炭未按期更换", "VOCs废气集气罩破损、收集效率低", "含VOCs原辅材料未密闭储存",
             "废气处理设施运行台账缺失", "无组织废气排放明显"),
    "废气": ("废气处理设施未正常运行", "排气筒采样口设置不规范", "在线监测设备运维记录不全", "料场扬尘抑尘措施不到位"),
    "污水": ("雨污分流不到位", "污水处理设施运行不正常", "污水处理站加药记录缺失", "初期雨水未收集处理"),
    "排口": ("排口标识牌缺失", "排口周边水体发黑发臭", "排口未按规范化要求设置采样点", "排口附近有异常排水痕迹"),
    "环评": ("项目未完成竣工环保验收即投入生产", "环评批复要求的废气治理设施未建成", "未按环评要求建设事故应急池",
           "实际产能超出环评批复规模"),
    "信访": ("厂界异味明显，周边群众投诉集中", "夜间生产噪声扰民", "废气处理设施夜间未开启"),
    "综合": ("环境管理制度不健全", "自行监测未按要求开展", "环保设施运行台账不完整", "排污许可证执行报告未按时提交"),
}
SAFETY_FINDINGS = ("危废仓库消防器材配置不足", "化学品仓库通风设施损坏", "废气处理设施防爆措施不到位", "有限空间作业管理不规范")
OTHER_FINDINGS = ("涉及规划、用地等其他部门职责的线索", "涉及消防验收的线索")


@dataclass
class Ledger:
    inspections: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def inspect(self, *, started_at, district, site_id, place, team_id, officers, kind, topic, x, y,
                campaign=None, enterprise_code=None, findings=None, source=SOURCE) -> str:
        tmp = f"tmp{len(self.inspections)}"
        self.inspections.append({
            "inspection_id": tmp, "started_at": started_at, "district": district, "site_id": site_id,
            "enterprise_code": enterprise_code, "place": place, "team_id": team_id, "officers": int(officers),
            "campaign": campaign, "kind": kind, "topic": topic, "findings": findings, "source": source,
            "x": float(x), "y": float(y),
        })
        return tmp

    def problem(self, *, district, found_on, origin, category, description, handling, deadline, status, fixed_on,
                inspection_id=None, enterprise_code=None, campaign=None, penalty_yuan=0.0, case_filed=False,
                source=SOURCE) -> None:
        self.problems.append({
            "problem_id": None, "inspection_id": inspection_id, "district": district,
            "enterprise_code": enterprise_code,
            "found_on": pd.Timestamp(found_on).normalize(), "origin": origin, "campaign": campaign,
            "category": category, "description": description, "handling": handling,
            "deadline": _ts(deadline), "status": status, "fixed_on": _ts(fixed_on),
            "penalty_yuan": float(penalty_yuan), "case_filed": bool(case_filed or penalty_yuan > 0), "source": source,
        })

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Inspections and problems with final ids, sorted by time."""
        insp = pd.DataFrame(self.inspections)
        insp["started_at"] = pd.to_datetime(insp["started_at"]).astype("datetime64[ns]")
        insp["_order"] = np.arange(len(insp))
        insp = insp.sort_values(["started_at", "_order"], kind="stable").reset_index(drop=True)
        day = insp["started_at"].dt.strftime("%Y%m%d")
        seq = insp.groupby(day).cumcount() + 1
        final = "JC" + day + seq.map(lambda n: f"{n:04d}")
        rename = dict(zip(insp["inspection_id"], final))
        insp["inspection_id"] = final
        probs = pd.DataFrame(self.problems)
        probs["inspection_id"] = probs["inspection_id"].map(lambda t: rename.get(t) if isinstance(t, str) else None)
        probs["_order"] = np.arange(len(probs))
        probs = probs.sort_values(["found_on", "_order"], kind="stable").reset_index(drop=True)
        pday = probs["found_on"].dt.strftime("%Y%m%d")
        probs["problem_id"] = "WT" + pday + (probs.groupby(pday).cumcount() + 1).map(lambda n: f"{n:04d}")
        insp["findings"] = _findings(insp, probs)
        return insp.drop(columns="_order"), probs.drop(columns="_order")


def _findings(insp: pd.DataFrame, probs: pd.DataFrame) -> pd.Series:
    found = probs.dropna(subset=["inspection_id"]).groupby("inspection_id")["description"].agg(list)
    text = insp["inspection_id"].map(found)
    out = []
    for given, descs, topic in zip(insp["findings"], text, insp["topic"]):
        if isinstance(given, str):
            out.append(given)
        elif isinstance(descs, list):
            out.append(f"发现问题 {len(descs)} 项：" + "；".join(descs))
        elif topic == "秸秆禁烧":
            out.append("巡查未发现焚烧现象")
        else:
            out.append("未发现明显环境违法行为")
    return pd.Series(out, index=insp.index)


def _ts(value):
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return pd.NaT
    return pd.Timestamp(value).normalize()


def outcome(rng: np.random.Generator, found, handling: str, as_of=AS_OF, late_share: float = 0.25):
    """(deadline, status, fixed_on) for a problem found on `found`, as known on `as_of`.

    立行立改 is fixed the same or next day; 限期整改 and 跟踪督办 get a deadline and are mostly fixed by it,
    some late, some still open on `as_of`; 移交 goes to another department within a few days."""
    found = pd.Timestamp(found).normalize()
    as_of = pd.Timestamp(as_of)
    if handling == "立行立改":
        fixed = found + pd.Timedelta(days=int(rng.integers(0, 2)))
        return found, "已整改", min(fixed, max(found, as_of))
    if handling == "移交":
        return None, "已移交", min(found + pd.Timedelta(days=int(rng.integers(0, 4))), max(found, as_of))
    days = int(rng.choice([7, 15, 30, 45, 60])) if handling == "限期整改" else int(rng.choice([30, 60, 90]))
    deadline = found + pd.Timedelta(days=days)
    if rng.random() < late_share:
        delay = days + int(rng.integers(3, 80))
    else:
        delay = int(rng.integers(1, days + 1))
    fixed = found + pd.Timedelta(days=delay)
    if fixed > as_of:
        return deadline, "整改中", None
    return deadline, "已整改", fixed


def penalty(rng: np.random.Generator) -> float:
    """A fine in yuan, rounded to hundreds: most between 20 thousand and 300 thousand."""
    return float(np.clip(round(rng.lognormal(np.log(80000), 0.7), -2), 10000, 1000000))


def daytime(rng: np.random.Generator, day, start="08:30", end="17:00") -> datetime:
    """A random minute between `start` and `end` (HH:MM) on `day`."""
    midnight = datetime(day.year, day.month, day.day)
    return midnight + timedelta(minutes=int(rng.integers(_minutes(start), _minutes(end))))


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def night(rng: np.random.Generator, day) -> datetime:
    return daytime(rng, day, "19:00", "23:45")
