"""How fast the sidebar's search and a firm's file are at city scale: 30,000 firms and 5,000 outlets made from
the demo data (each firm copied ten times under new names and codes), the index built once, each query timed
15 times; then `geo.profiles.firm_profile` on the demo layers with inspections and problems copied 30 times
(about 290,000 inspections), for a few firms, 5 times each.

Run: .venv/bin/python bench/search.py   (prints a table; nothing is written)"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import profiles  # noqa: E402
from geo.demo.build import build  # noqa: E402
from geo.search import SearchIndex  # noqa: E402

QUERIES = ["凯凌", "klhg", "91320582", "MAFW4Q", "PK0001", "瓜泾", "苏州", "张家港 化工", "x", "不存在"]
REPEAT = 15


def city_scale(demo: dict, firms: int = 30_000, outlets: int = 5_000) -> tuple[pd.DataFrame, pd.DataFrame]:
    e, o = demo["enterprises"], demo["outlets"]
    copies = -(-firms // len(e))
    big = pd.concat([e.assign(credit_code=e["credit_code"].str[:-3] + f"{i:03d}",
                              name=e["name"].str.replace("有限公司", f"{i}号有限公司") if i else e["name"])
                     for i in range(copies)], ignore_index=True).head(firms)
    many = pd.concat([o.assign(outlet_id=o["outlet_id"] + f"-{i}") for i in range(-(-outlets // len(o)))],
                     ignore_index=True).head(outlets)
    return big, many


def main() -> None:
    demo = build()
    firms, outlets = city_scale(demo)
    start = time.perf_counter()
    index = SearchIndex(firms, outlets, demo["sections"])
    built = time.perf_counter() - start
    print(f"{len(firms):,} firms, {len(outlets):,} outlets, {len(demo['sections'])} sections: "
          f"index built in {built:.2f} s")
    print("| query | hits (of 20) | median ms | slowest ms |\n| --- | --- | --- | --- |")
    for text in QUERIES:
        times = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            hits = index.query(text)
            times.append((time.perf_counter() - t) * 1000)
        print(f"| {text} | {len(hits)} | {statistics.median(times):.1f} | {max(times):.1f} |")
    profile_times(demo)


def profile_times(demo: dict, copies: int = 30) -> None:
    layers = dict(demo)
    layers["inspections"] = pd.concat([demo["inspections"].assign(inspection_id=demo["inspections"]["inspection_id"]
                                                                  + f"-{i}") for i in range(copies)], ignore_index=True)
    layers["problems"] = pd.concat([demo["problems"].assign(problem_id=demo["problems"]["problem_id"] + f"-{i}")
                                    for i in range(copies)], ignore_index=True)
    owners = demo["outlets"]["owner_code"].dropna()
    firms = [owners.iloc[0], owners.iloc[len(owners) // 2], demo["problems"]["enterprise_code"].value_counts().index[0]]
    print(f"\nfirm_profile on {len(layers['inspections']):,} inspections, {len(layers['problems']):,} problems:")
    print("| firm | inspections | problems | median s | slowest s |\n| --- | --- | --- | --- | --- |")
    for code in firms:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            p = profiles.firm_profile(layers, code)
            times.append(time.perf_counter() - t)
        print(f"| {code} | {len(p.inspections)} | {len(p.problems)} | {statistics.median(times):.2f} "
              f"| {max(times):.2f} |")


if __name__ == "__main__":
    main()
