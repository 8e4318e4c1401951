"""Reading a user's file into rows of text, whatever the format; every failure is a Chinese `ImportFailure`.

Formats: CSV (UTF-8, UTF-8 with BOM, UTF-16, GBK/GB18030), XLSX (the header row found under title rows),
GeoJSON, GeoPackage, zipped Shapefile (GBK attributes without a .cpg read as GBK), KML and KMZ. Files are
checked against the size limits first; archives are opened only after every member has been checked for
paths leaving the archive and for absurd expansion (zip bombs)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import settings
from geo.imports import columns

SUPPORTED = "CSV（.csv）、Excel（.xlsx）、GeoJSON（.geojson/.json）、GeoPackage（.gpkg）、压缩的 Shapefile（.zip）、KML/KMZ"
MAX_RATIO = 200  # uncompressed / compressed size of an archive member beyond which it is refused
MAX_MEMBERS = 1000
TITLE_ROWS = 10  # header row searched among the first rows
_CRS_WORDS = (
    (re.compile(r"gcj[-_ ]?0?2|火星|高德|腾讯", re.I), "gcj02"),
    (re.compile(r"bd[-_ ]?0?9|百度", re.I), "bd09"),
    (re.compile(r"cgcs\s*2000|国家2000|2000国家大地", re.I), "cgcs2000"),
    (re.compile(r"wgs[-_ ]?84|gps", re.I), "wgs84"),
)


class ImportFailure(ValueError):
    """The file as a whole cannot be read; the message is Chinese, names the file and what is accepted."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_unzipped: int

    @classmethod
    def from_settings(cls) -> "Limits":
        mb = 1024 * 1024
        return cls(int(float(settings.get("EMAP_IMPORT_MAX_MB")) * mb),
                   int(float(settings.get("EMAP_IMPORT_MAX_ROWS"))),
                   int(float(settings.get("EMAP_IMPORT_MAX_UNZIPPED_MB")) * mb))


@dataclass
class RawTable:
    """A file's rows as text. `lines[i]` is where row i is in the file as its user sees it (a spreadsheet or
    text line, or the feature number for GIS formats); `geometry` (WGS84 degrees as stored, not shifted) is set
    for GIS formats."""

    file_name: str
    kind: str  # CSV, Excel, GeoJSON, GeoPackage, Shapefile, KML
    frame: pd.DataFrame  # object dtype: str or None
    lines: list[int]
    sha256: str
    geometry: gpd.GeoSeries | None = None
    crs_hint: str | None = None  # wgs84 / cgcs2000 / gcj02 / bd09 named in a title row
    layer_name: str | None = None  # the GIS layer's own name
    notes: list[str] = field(default_factory=list)

    @property
    def line_word(self) -> str:
        return "行" if self.geometry is None else "要素"


def read(file_name: str, data: bytes, limits: Limits | None = None, table: dict | None = None) -> RawTable:
    """The rows of `data`, a file called `file_name` (the extension says the format)."""
    limits = limits or Limits.from_settings()
    table = columns.alias_table() if table is None else table
    name = PurePosixPath(str(file_name).replace("\\", "/")).name or "未命名文件"
    if len(data) > limits.max_bytes:
        raise ImportFailure(f"文件“{name}”有 {_mb(len(data))}，超过上限 {_mb(limits.max_bytes)}（设置 EMAP_IMPORT_MAX_MB）")
    if not data:
        raise ImportFailure(f"文件“{name}”是空的（0 字节）")
    suffix = PurePosixPath(name).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        hint = "；旧版 Excel（.xls）请在 Excel 中另存为 .xlsx" if suffix == ".xls" else ""
        raise ImportFailure(f"不支持文件“{name}”的类型（{suffix or '无扩展名'}）{hint}。支持：{SUPPORTED}")
    try:
        raw = reader(name, data, limits, table)
    except ImportFailure:
        raise
    except Exception as exc:  # a reader met something no check foresaw: still one Chinese sentence, no traceback
        raise ImportFailure(f"文件“{name}”无法读取：格式不符或文件已损坏（{type(exc).__name__}）") from exc
    if len(raw.frame) > limits.max_rows:
        raise ImportFailure(f"文件“{name}”有 {len(raw.frame)} 行，超过上限 {limits.max_rows} 行（设置 EMAP_IMPORT_MAX_ROWS），请分批导入")
    if raw.frame.empty:
        raise ImportFailure(f"文件“{name}”中没有数据行")
    raw.sha256 = hashlib.sha256(data).hexdigest()
    return raw


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


# --- text tables ------------------------------------------------------------------------------


def _read_csv(name: str, data: bytes, limits: Limits, table: dict) -> RawTable:
    text = _decode(name, data)
    if "\x00" in text:
        raise ImportFailure(f"文件“{name}”不是文本表格（含二进制内容），请确认它是 CSV 文件")
    sample = "\n".join(text.splitlines()[:20])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|，")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows, lines = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        start = 1
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append(cells)
                lines.append(start)
            start = reader.line_num + 1
            if len(rows) > limits.max_rows + TITLE_ROWS:
                break
    except csv.Error as exc:
        raise ImportFailure(f"文件“{name}”第 {reader.line_num} 行无法按 CSV 读取（{_csv_reason(exc)}）") from None
    return _table_from_rows(name, "CSV", rows, lines, table)


def _csv_reason(exc: Exception) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return "单元格过长"
    if "NUL" in text:
        return "含有空字符"
    return "引号不成对或格式错误"


def _decode(name: str, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(name, data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(name, data, "utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailure(f"无法识别文件“{name}”的文字编码；支持 UTF-8（可带 BOM）、GBK/GB18030，请用 Excel 另存为“CSV UTF-8”")


def _strict(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        word = encoding.upper()
        raise ImportFailure(f"文件“{name}”声明为 {word} 编码，但第 {exc.start} 字节处不是有效的 {word} 文字") from None


def _table_from_rows(name: str, kind: str, rows: list[list], lines: list[int], table: dict) -> RawTable:
    """Header row = the first of the first rows naming at least two known columns (else the first row with
    two or more filled cells); rows above it are titles and may name the coordinate system."""
    head = None
    for i, cells in enumerate(rows[:TITLE_ROWS]):
        if columns.known_count(cells, table) >= 2:
            head = i
            break
    if head is None:
        head = next((i for i, cells in enumerate(rows[:TITLE_ROWS]) if sum(bool(_text(c)) for c in cells) >= 2), None)
    if head is None:
        raise ImportFailure(f"文件“{name}”的前 {TITLE_ROWS} 行里找不到表头（列名行）；第一行应为列名，如 企业名称、经度、纬度、检查时间")
    titles = " ".join(_text(c) or "" for cells in rows[:head] for c in cells)
    headers = _headers(rows[head])
    body = rows[head + 1:]
    width = len(headers)
    values = [[_text(c) for c in (cells[:width] + [None] * (width - len(cells)))] for cells in body]
    extra = [(lines[head + 1 + i], cells) for i, cells in enumerate(body) if any(_text(c) for c in cells[width:])]
    frame = pd.DataFrame(values or None, columns=headers, dtype=object)
    raw = RawTable(name, kind, frame, lines[head + 1:], "", crs_hint=crs_named_in(titles))
    if extra:
        raw.notes.append(f"第 {extra[0][0]} 行等有超出表头的单元格，已忽略")
    return raw


def _headers(cells: list) -> list[str]:
    """Header texts, blank ones named 列N and repeated ones numbered, so every column has a unique name."""
    out, seen = [], {}
    for i, cell in enumerate(cells, start=1):
        text = _text(cell) or f"列{i}"
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text}_{seen[text]}")
    while out and out[-1].startswith("列") and out[-1][1:].isdigit():
        out.pop()
    return out


def _text(value) -> str | None:
    """A cell as text: None when empty; whole floats without ".0"; dates and times as ISO text."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float):
        if np.isnan(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second or value.microsecond else "%Y-%m-%d %H:%M")
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def crs_named_in(text: str) -> str | None:
    """The coordinate system a title names, e.g. "（坐标系：GCJ-02）" -> gcj02; None when none is named."""
    for pattern, system in _CRS_WORDS:
        if pattern.search(text or ""):
            return system
    return None


def _read_xlsx(name: str, data: bytes, limits: Limits, table: dict) -> RawTable:
    _check_zip(name, data, limits)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFailure(f"文件“{name}”无法作为 Excel（.xlsx）打开：文件损坏或不是 xlsx；请用 Excel 打开后另存为 .xlsx") from None
    try:
        for sheet in book.worksheets:
            rows, lines = [], []
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                if any(_text(c) for c in cells):
                    rows.append(list(cells))
                    lines.append(number)
                if len(rows) > limits.max_rows + TITLE_ROWS:
                    break
            if rows:
                raw = _table_from_rows(name, "Excel", rows, lines, table)
                raw.layer_name = sheet.title
                return raw
    except ImportFailure:
        raise
    except Exception:
        raise ImportFailure(f"文件“{name}”的工作表无法读取：文件损坏；请用 Excel 打开后另存为 .xlsx") from None
    finally:
        book.close()
    raise ImportFailure(f"文件“{name}”的工作表都是空的")


# --- GIS formats --------------------------------------------------------------------------------


def _read_gis(kind: str):
    def reader(name: str, data: bytes, limits: Limits, table: dict) -> RawTable:
        with tempfile.TemporaryDirectory(prefix="emap-import-") as tmp:
            folder = Path(tmp)
            if kind in ("Shapefile", "KMZ"):
                target = _unpack(name, data, limits, folder, ".shp" if kind == "Shapefile" else ".kml")
            else:
                target = folder / f"upload{PurePosixPath(name).suffix.lower()}"
                target.write_bytes(data)
            return _gis_table(name, "KML" if kind == "KMZ" else kind, target)

    return reader


def _gis_table(name: str, kind: str, path: Path) -> RawTable:
    import pyogrio

    try:
        layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception:
        raise ImportFailure(f"文件“{name}”无法作为 {kind} 读取：文件损坏或格式不符") from None
    layers = [layer for layer in layers if layer not in ("import_log",)] or layers
    if not layers:
        raise ImportFailure(f"文件“{name}”中没有图层")
    options = {}
    if kind == "Shapefile":
        options["encoding"] = _dbf_encoding(path)
    chosen, frame = None, None
    for layer in layers:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                frame = pyogrio.read_dataframe(path, layer=layer, **options)
        except Exception:
            raise ImportFailure(f"文件“{name}”（{kind}）的图层“{layer}”无法读取：文件损坏或格式不符") from None
        chosen = layer
        if len(frame):
            break
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():
        geometry = None
    else:
        geometry = _to_degrees(name, frame)
    attrs = pd.DataFrame(frame.drop(columns=[c for c in ("geometry",) if c in frame.columns]))
    attrs = attrs.astype(object).map(_text) if len(attrs.columns) else attrs.astype(object)
    attrs.columns = [str(c) for c in attrs.columns]
    raw = RawTable(name, kind, attrs.reset_index(drop=True), list(range(1, len(attrs) + 1)), "",
                   geometry=geometry, layer_name=chosen)
    if len(layers) > 1:
        raw.notes.append(f"文件含 {len(layers)} 个图层，读取了“{chosen}”")
    return raw


def _to_degrees(name: str, frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    geometry = frame.geometry.reset_index(drop=True)
    if geometry.crs is None:
        bounds = geometry.total_bounds
        if np.all(np.isfinite(bounds)) and (abs(bounds[[0, 2]]) > 180).any() | (abs(bounds[[1, 3]]) > 90).any():
            raise ImportFailure(f"文件“{name}”没有坐标系说明（如 Shapefile 缺 .prj），坐标又不是经纬度；请附上 .prj 或转换为经纬度")
        return geometry.set_crs("EPSG:4326")
    if geometry.crs.to_epsg() in (4326, 4490):
        return geometry.set_crs("EPSG:4326", allow_override=True)
    try:
        return geometry.to_crs("EPSG:4326")
    except Exception:
        raise ImportFailure(f"文件“{name}”的坐标系（{geometry.crs.name}）无法转换为 WGS84") from None


def _dbf_encoding(shp: Path) -> str:
    """The .cpg's encoding; without one, UTF-8 if the attribute bytes decode as UTF-8, else GBK (DOMAIN §6)."""
    cpg = shp.with_suffix(".cpg")
    if cpg.exists():
        text = cpg.read_text(errors="replace").strip().lower()
        return {"utf8": "utf-8", "utf-8": "utf-8", "65001": "utf-8", "936": "gbk", "gbk": "gbk",
                "gb2312": "gbk", "gb18030": "gb18030"}.get(text, "utf-8" if "utf" in text else text or "utf-8")
    dbf = shp.with_suffix(".dbf")
    if not dbf.exists():
        return "utf-8"
    body = dbf.read_bytes()
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


# --- archives -----------------------------------------------------------------------------------


def _check_zip(name: str, data: bytes, limits: Limits) -> list[zipfile.ZipInfo]:
    """Every member of the archive checked before anything is extracted: paths, count, total size, ratio."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportFailure(f"文件“{name}”不是有效的压缩文件（zip）：文件损坏或不完整") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFailure(f"压缩文件“{name}”含 {len(members)} 个文件，超过上限 {MAX_MEMBERS}")
    total = 0
    for info in members:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or re.match(r"^[a-zA-Z]:", info.filename):
            raise ImportFailure(f"压缩文件“{name}”中的“{info.filename}”指向压缩包以外的位置，已拒收（不解压任何文件）")
        total += info.file_size
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
            raise ImportFailure(f"压缩文件“{name}”中的“{info.filename}”解压后膨胀超过 {MAX_RATIO} 倍，疑似压缩炸弹，已拒收")
    if total > limits.max_unzipped:
        raise ImportFailure(f"压缩文件“{name}”解压后共 {_mb(total)}，超过上限 {_mb(limits.max_unzipped)}"
                            "（设置 EMAP_IMPORT_MAX_UNZIPPED_MB）")
    return members


def _unpack(name: str, data: bytes, limits: Limits, folder: Path, wanted: str) -> Path:
    """Extract the checked archive into `folder` (flattened, own names only) and return the `wanted` file."""
    members = _check_zip(name, data, limits)
    archive = zipfile.ZipFile(io.BytesIO(data))
    candidates = [m for m in members if not m.is_dir() and m.filename.lower().endswith(wanted)
                  and not PurePosixPath(m.filename).name.startswith("._")]
    if not candidates:
        what = "Shapefile（.shp）" if wanted == ".shp" else "KML（.kml）"
        raise ImportFailure(f"压缩文件“{name}”中没有 {what}")
    stem = PurePosixPath(candidates[0].filename).with_suffix("")
    written = 0
    target = None
    for info in members:
        path = PurePosixPath(info.filename)
        if info.is_dir() or (wanted == ".shp" and path.with_suffix("") != stem):
            continue
        suffix = path.suffix.lower()
        out = folder / f"upload{suffix}" if wanted == ".shp" else folder / f"m{written}{suffix}"
        if wanted == ".kml" and info is candidates[0]:
            out = folder / "upload.kml"
        try:
            with archive.open(info) as src:
                chunk = src.read(limits.max_unzipped + 1 - written)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise ImportFailure(f"压缩文件“{name}”中的“{info.filename}”无法解压：文件损坏或已加密") from None
        written += len(chunk)
        if written > limits.max_unzipped:
            raise ImportFailure(f"压缩文件“{name}”解压后超过上限 {_mb(limits.max_unzipped)}，已拒收")
        out.write_bytes(chunk)
        if info is candidates[0]:
            target = out
    if wanted == ".shp" and not (folder / "upload.dbf").exists():
        raise ImportFailure(f"压缩文件“{name}”中的 Shapefile 缺少属性表（.dbf）；请把同名的 .shp、.shx、.dbf、.prj 一起压缩")
    return target


_READERS = {
    ".csv": _read_csv, ".txt": _read_csv, ".tsv": _read_csv,
    ".xlsx": _read_xlsx, ".xlsm": _read_xlsx,
    ".geojson": _read_gis("GeoJSON"), ".json": _read_gis("GeoJSON"),
    ".gpkg": _read_gis("GeoPackage"),
    ".zip": _read_gis("Shapefile"),
    ".kml": _read_gis("KML"), ".kmz": _read_gis("KMZ"),
}
