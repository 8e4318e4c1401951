"""How fast the sidebar's search is at city scale: 30,000 firms and 5,000 outlets made from the demo data
(each firm copied ten times under new names and codes), the index built once, each query timed 15 times.

Run: .venv/bin/python bench/search.py   (prints a table; nothing is written)"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


if __name__ == "__main__":
    main()
