"""Make the demo data set (示例数据) and write it to a GeoPackage.

    python data/make_demo.py [--out data/demo.gpkg] [--seed 20200927]
    python data/make_demo.py --scale city --out data/city.gpkg   # years of records at city scale (make city)

Runs from the repository root or anywhere else; the same seed always gives the same data.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.demo.build import DEFAULT_SEED, build  # noqa: E402
from geo.demo.scale import CITY, scale  # noqa: E402
from geo.schema import LAYERS  # noqa: E402
from geo.store import GeoPackageStore  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成示例数据集（示例数据，非真实执法记录）并写入 GeoPackage")
    parser.add_argument("--out", default=str(ROOT / "data" / "demo.gpkg"), help="输出文件（.gpkg），默认 data/demo.gpkg")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"随机种子，默认 {DEFAULT_SEED}")
    parser.add_argument("--scale", choices=("demo", "city"), default="demo",
                        help=f"demo：示例数据集；city：在示例数据上加入 2019–2022 年的历史记录，达到城市规模"
                             f"（{CITY.enterprises:,} 家企业、{CITY.inspections:,} 条检查、{CITY.fire_points:,} 个火点、"
                             f"{CITY.outlets:,} 个排口）")
    parser.add_argument("--factor", type=float, default=1.0,
                        help="城市规模时加入的历史记录比例（0–1，默认 1 即完整城市规模）")
    args = parser.parse_args(argv)
    if not args.out.lower().endswith(".gpkg"):
        parser.error(f"输出文件“{args.out}”应以 .gpkg 结尾")

    started = time.perf_counter()
    frames = build(args.seed)
    if args.scale == "city":
        frames = scale(frames, args.factor, args.seed)
    built = time.perf_counter() - started
    GeoPackageStore(args.out).write_all(frames)
    for name, frame in frames.items():
        print(f"{LAYERS[name].title:<8}{name:<13}{len(frame):>7,} 行")
    print(f"已写入 {args.out}（种子 {args.seed}；生成 {built:.1f} 秒，共 {time.perf_counter() - started:.1f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
