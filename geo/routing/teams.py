"""Teams and shifts: who goes out tonight, from where, when, how fast, and how long they stay at a place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

DAY = 24 * 3600


def parse_clock(text: str) -> int:
    """'19:30' -> seconds after midnight."""
    m = re.fullmatch(r"\s*(\d{1,2})[:：](\d{2})\s*", str(text))
    if not m or int(m.group(1)) > 24 or int(m.group(2)) > 59:
        raise ValueError(f"时刻“{text}”应为 HH:MM，如 19:00")
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60


def parse_shift(text: str) -> tuple[int, int]:
    """'19:00-23:30' -> (68400, 84600); a shift past midnight ends on the next day ('22:00-02:00')."""
    parts = re.split(r"\s*[-–—~～至]\s*", str(text).strip())
    if len(parts) != 2:
        raise ValueError(f"班次“{text}”应为 HH:MM-HH:MM，如 19:00-23:30")
    start, end = parse_clock(parts[0]), parse_clock(parts[1])
    if end <= start:
        end += DAY
    return start, end


def clock(seconds: float) -> str:
    """Seconds after midnight of the shift's day -> 'HH:MM' (次日 for times past midnight)."""
    minutes = int(round(seconds / 60))
    day, minutes = divmod(minutes, 24 * 60)
    return ("次日" if day else "") + f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Team:
    """One team out tonight. Bases are (lon, lat) in WGS84; start and end may differ."""

    team_id: str
    name: str
    start: tuple[float, float]
    end: tuple[float, float]
    shift: tuple[int, int]  # seconds after midnight
    speed_kmh: float
    service_min: dict = field(default_factory=dict)  # kind -> minutes, overriding the candidates' own
    members: str = ""

    def __hash__(self) -> int:
        return hash(self.team_id)


def teams_from_layer(teams: pd.DataFrame, ids, shift: tuple[int, int], speed_kmh: float) -> list[Team]:
    """The chosen teams of the `teams` layer, each starting and ending at its base, in `ids` order."""
    known = teams.set_index("team_id")
    missing = [i for i in ids if i not in known.index]
    if missing:
        raise ValueError(f"执法小组中找不到：{'、'.join(missing)}")
    out = []
    for team_id in ids:
        row = known.loc[team_id]
        base = (float(row.geometry.x), float(row.geometry.y))
        out.append(Team(team_id, row["name"], base, base, shift, speed_kmh,
                        members=row.get("member_names") or ""))
    return out


def default_team_ids(teams: pd.DataFrame, districts=(), count: int = 11) -> list[str]:
    """A sensible night's turnout: the first team of each district (of `districts`, or all), then more
    teams in layer order until `count` (the bulletin's "at least 11 teams a day")."""
    pool = teams[teams["district"].isin(list(districts))] if districts else teams
    first = pool.groupby("district", sort=True)["team_id"].first().tolist()
    more = [t for t in pool["team_id"] if t not in first]
    return (first + more)[:count]
