"""Files for the import tests, written in code: a district's inspection list (XLSX with a title row naming
GCJ-02, DMS and decimal coordinates, good and bad rows), and the same rows as CSV, GIS formats and FIRMS."""

from __future__ import annotations

import io

from geo import codes, crs

# WGS84 points inside 吴中区 / 吴江区 / 苏州工业园区, and GCJ-02 as a phone map app would give them.
WGS = [(120.6300, 31.2650), (120.6452, 31.1620), (120.7380, 31.3200), (120.5600, 31.2700)]
GCJ = [crs.wgs84_to_gcj02(x, y) for x, y in WGS]
CODE_NEW = codes.make_credit_code("91320506MA1Q2W3E4")  # a firm not in the demo store
CODE_NEW2 = codes.make_credit_code("91320509MA1R5T6Y7")
BAD_CODE = CODE_NEW[:-1] + ("0" if CODE_NEW[-1] != "0" else "1")
HEADERS = ["序号", "企业名称", "统一社会信用代码", "所属区县", "经度", "纬度", "检查时间", "检查人员", "检查类型",
           "发现问题", "整改期限", "整改情况", "罚款金额（万元）"]
TITLE = "吴中区生态环境执法检查台账（坐标系：GCJ-02）"


def dms(value: float, axis: str) -> str:
    d = int(value)
    m = int((value - d) * 60)
    s = (value - d - m / 60) * 3600
    return f"{d}°{m}′{s:.3f}″{'E' if axis == 'lon' else 'N'}"


def inspection_rows() -> list[list]:
    """Six good rows (two with problems, one fined 1.5 万元), then seven bad ones, each bad for one reason."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = GCJ
    good = [
        [1, "苏州新材料科技有限公司", CODE_NEW, "吴中区", dms(x0, "lon"), dms(y0, "lat"), "2020-10-12 09:30",
         "张伟、李娜", "双随机", "危废仓库标识不规范", "2020-10-30", "整改中", 1.5],
        [2, "吴江精密电子有限公司", CODE_NEW2, "吴江区", f"{x1:.6f}", f"{y1:.6f}", "2020/10/13 14:00", "王强",
         "专项检查", "无", None, None, None],
        [3, "园区某表面处理厂", None, "苏州工业园区", f"{x2:.6f}", f"{y2:.6f}", "2020年10月14日", "赵敏、钱进",
         "信访投诉", "废气收集设施未运行", "15天", "已整改", 0],
        [4, "苏州新材料科技有限公司", CODE_NEW, "吴中区", dms(x0, "lon"), dms(y0, "lat"), "2020-10-20 10:00",
         "张伟", "日常巡查", None, None, None, None],
        [5, "夜查对象甲", None, None, f"{x3:.6f}", f"{y3:.6f}", "2020-10-15 21:30", "孙丽", "夜间突击检查",
         None, None, None, None],
        [6, "某未知检查类型企业", None, "吴中区", f"{x0 + 0.001:.6f}", f"{y0:.6f}", "2020-10-16 09:00", "周杰",
         "联合执法“回头看”", None, None, None, None],
    ]
    bad = [
        [7, None, None, "吴中区", f"{x0:.6f}", f"{y0:.6f}", "2020-10-17 09:00", "张伟", "双随机", None, None, None, None],
        [8, "日期错误企业", None, "吴中区", f"{x0:.6f}", f"{y0:.6f}", "2020-02-30", "张伟", "双随机", None, None, None, None],
        [9, "校验位错误企业", BAD_CODE, "吴中区", f"{x0:.6f}", f"{y0:.6f}", "2020-10-18", "张伟", "双随机", None, None,
         None, None],
        [10, "北京某企业", None, "吴中区", "116.397", "39.909", "2020-10-18", "张伟", "双随机", None, None, None, None],
        [11, "坐标颠倒企业", None, "吴中区", "31.2650", "120.6500", "2020-10-18", "张伟", "双随机", None, None, None, None],
        [12, "苏州新材料科技有限公司", CODE_NEW, "吴中区", dms(x0, "lon"), dms(y0, "lat"), "2020-10-12 09:30",
         "张伟", "双随机", None, None, None, None],
        [13, "度分秒错误企业", None, "吴中区", "120°75′00″E", dms(y0, "lat"), "2020-10-18", "张伟", "双随机", None, None,
         None, None],
    ]
    return good + bad


# Expected rejections of inspection_rows(): spreadsheet line (title row 1, header row 2) -> column, words.
EXPECTED_BAD = {
    9: ("企业名称", "为空"), 10: ("检查时间", "不存在"), 11: ("统一社会信用代码", "校验位"),
    12: ("经度", "不在苏州市范围内"), 13: ("纬度", "经纬度填反了"), 14: ("序号", "与第 3 行重复"),
    15: ("经度", "分应小于 60"),
}


def inspection_xlsx(rows: list[list] | None = None, title: str | None = TITLE, campaign: str | None = None) -> bytes:
    """The list as a district sends it: a merged title row, the header row, one row per visit; `campaign`
    adds a 专项行动 column with that value on every row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "检查台账"
    extra = ["专项行动"] if campaign else []
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS) + len(extra))
    sheet.append(HEADERS + extra)
    for row in inspection_rows() if rows is None else rows:
        sheet.append(list(row) + ([campaign] if campaign else []))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def inspection_csv(encoding: str = "utf-8-sig", rows: list[list] | None = None) -> bytes:
    import csv

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    for row in inspection_rows() if rows is None else rows:
        writer.writerow(["" if v is None else v for v in row])
    return text.getvalue().encode(encoding)


def small_layers(demo: dict) -> dict:
    """A slice of the demo layers (every district, team and campaign; a few hundred firms and visits), so that
    each test's commits rewrite a small file."""
    firms = demo["enterprises"].head(300)
    visits = demo["inspections"]
    visits = visits[visits["enterprise_code"].isin(set(firms["credit_code"]))].head(300)
    problems = demo["problems"][demo["problems"]["inspection_id"].isin(set(visits["inspection_id"]))]
    keep = ("districts", "teams", "campaigns", "import_log")
    return {**{n: demo[n] for n in keep}, "enterprises": firms, "inspections": visits, "problems": problems,
            "fire_points": demo["fire_points"].head(20)}
