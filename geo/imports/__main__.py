"""python -m geo.imports FILE [--layer NAME] [--crs wgs84|cgcs2000|gcj02|bd09] [--dry-run] [--report json]

Reads FILE, checks every row and, unless --dry-run, commits the valid rows to the configured store
(EMAP_DATA) in one logged transaction. Exit status: 0 all rows accepted, 1 some rows rejected, 2 the file
or the store could not be used. With --report json, prints one JSON object (see geo.imports.plan.Plan.report)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from geo import settings
from geo.imports import ImportFailure, SYSTEMS, commit, preview, read_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.imports", description="导入检查台账、企业名录、火点等文件")
    parser.add_argument("file", metavar="FILE", help="要导入的文件")
    parser.add_argument("--layer", help="目标图层（默认按列名判断），如 inspections、enterprises、fire_points")
    parser.add_argument("--crs", choices=SYSTEMS, help="文件坐标系（默认按标题行判断，否则 WGS84）")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    parser.add_argument("--report", choices=["json"], help="以一个 JSON 对象输出报告")
    args = parser.parse_args(argv)
    as_json = args.report == "json"
    try:
        from geo.store import StoreError, open_store

        path = Path(args.file)
        try:
            data = path.read_bytes()
        except OSError:
            raise ImportFailure(f"无法读取文件“{path.name}”：文件不存在或无权限") from None
        raw = read_file(path.name, data)
        store = open_store(settings.get("EMAP_DATA"))
        if args.dry_run:
            plan, import_id = preview(store, raw, args.layer, args.crs), None
        else:
            done = commit(store, raw, user=_user(), layer=args.layer, crs=args.crs)
            plan, import_id = done.plan, done.import_id
    except (ImportFailure, StoreError, settings.SettingError) as exc:
        _print({"error": str(exc)} if as_json else f"错误：{exc}", as_json, sys.stderr if not as_json else sys.stdout)
        return 2
    report = {**plan.report(), "dry_run": args.dry_run, "import_id": import_id}
    _print(report if as_json else _text(report), as_json)
    return 1 if plan.rejected else 0


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "命令行"


def _print(value, as_json: bool, stream=None) -> None:
    print(json.dumps(value, ensure_ascii=False, default=str) if as_json else value, file=stream or sys.stdout)


def _text(report: dict) -> str:
    lines = [f"文件 {report['file']}（图层 {report['layer']}，坐标系 {report['crs']}）：读取 {report['rows_read']} 行，"
             f"接受 {report['rows_accepted']} 行，拒收 {report['rows_rejected']} 行"]
    lines += [f"  新增 {report['added']}；更新 {report['updated']}；未变 {report['unchanged']}"]
    lines += [f"  说明：{note}" for note in report["notes"]]
    lines += [f"  第 {r['line']} 行 [{r['column']}]“{r['value'] if r['value'] is not None else ''}”：{r['message']}"
              for r in report["rejected"]]
    lines.append("（试运行，未写入）" if report["dry_run"] else
                 f"已写入，导入编号 {report['import_id']}" if report["import_id"] else "没有可写入的新数据")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
