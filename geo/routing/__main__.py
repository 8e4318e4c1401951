"""python -m geo.routing FILE.txt [--seconds N] [--seed S]: solve a Solomon VRPTW instance.

Prints the number of routes and the total Euclidean distance (unrounded) last, as `routes=R distance=D`."""

from __future__ import annotations

import argparse
import sys

from geo.routing import solomon
from geo.routing.solver import is_feasible, solve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.routing", description="求解 Solomon 格式的带时间窗车辆路径问题")
    parser.add_argument("file", help="Solomon 格式文本文件，如 C101.txt")
    parser.add_argument("--seconds", type=float, default=8.0, help="求解时间上限（秒），默认 8（连同读入与输出约 8.5 秒）")
    parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")
    args = parser.parse_args(argv)
    try:
        instance = solomon.read(args.file)
    except (OSError, solomon.SolomonError) as exc:
        print(f"无法读取：{exc}", file=sys.stderr)
        return 2
    prob = solomon.problem(instance)
    solution = solve(prob, seconds=args.seconds, seed=args.seed)
    feasible = solution.feasible and not solution.unvisited and all(
        is_feasible(prob, k, r, slack=1e-3) for k, r in enumerate(solution.routes))
    print(f"{instance.name}: {len(prob.visits)} 个客户，{instance.vehicles} 辆车；"
          f"求解 {solution.seconds:.1f} 秒，{solution.iterations} 次迭代；{'可行' if feasible else '不可行'}")
    print(f"routes={solution.num_routes} distance={solomon.total_distance(prob, solution):.2f}")
    return 0 if feasible else 1


if __name__ == "__main__":
    sys.exit(main())
