"""Any layer, as filtered on screen, out as a file GIS tools and Excel open: GeoPackage, GeoJSON, zipped
Shapefile (with a .cpg saying UTF-8), KML, Excel and CSV (UTF-8 with a BOM so Excel reads the Chinese).

Column names stay the data model's (so an exported file imports back unchanged); Shapefile cuts names to 10
characters (`shapefile_names`); KML holds `name` as the placemark's Name; Excel adds a first column 序号.
Excel and CSV carry points as 经度(WGS84) / 纬度(WGS84) columns and other
geometries as WKT text; the GIS formats carry the geometry and EPSG:4326."""

from __future__ import annotations

import io
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo import schema

LON, LAT, WKT, SEQ = "经度(WGS84)", "纬度(WGS84)", "几何(WKT)", "序号"


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    suffix: str
    mime: str
    needs_geometry: bool = False


FORMATS = {f.key: f for f in (
    Format("gpkg", "GeoPackage", ".gpkg", "application/geopackage+sqlite3"),
    Format("geojson", "GeoJSON", ".geojson", "application/geo+json"),
    Format("shp", "Shapefile（zip）", ".zip", "application/zip", needs_geometry=True),
    Format("kml", "KML", ".kml", "application/vnd.google-earth.kml+xml", needs_geometry=True),
    Format("xlsx", "Excel", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    Format("csv", "CSV（UTF-8，Excel 可直接打开）", ".csv", "text/csv"),
)}


@dataclass(frozen=True)
class Exported:
    data: bytes
    file_name: str
    mime: str


def formats_for(frame: pd.DataFrame) -> list[str]:
    """The formats a frame can go to (Shapefile and KML need a geometry)."""
    spatial = isinstance(frame, gpd.GeoDataFrame)
    return [k for k, f in FORMATS.items() if spatial or not f.needs_geometry]


def export(frame: pd.DataFrame, layer: str, fmt: str, stem: str | None = None) -> Exported:
    """`frame` (rows of layer `layer`) as a file in format `fmt` (a key of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"未知的导出格式“{fmt}”；可选：{'、'.join(FORMATS)}")
    spec = FORMATS[fmt]
    if spec.needs_geometry and not isinstance(frame, gpd.GeoDataFrame):
        raise ValueError(f"图层“{layer}”没有几何，不能导出为 {spec.label}")
    stem = stem or layer
    data = _WRITERS[fmt](frame.copy(), layer)
    return Exported(data, f"{stem}{spec.suffix}", spec.mime)


def shapefile_names(names: list[str]) -> dict[str, str]:
    """Column -> its name in a Shapefile: at most 10 characters, unique (…_1, …_2 when cut names collide)."""
    out, taken = {}, set()
    for name in names:
        short = name[:10]
        n = 1
        while short.lower() in taken:
            suffix = f"_{n}"
            short = name[: 10 - len(suffix)] + suffix
            n += 1
        taken.add(short.lower())
        out[name] = short
    return out


# --- writers --------------------------------------------------------------------------------------


def _gdal(frame: pd.DataFrame, layer: str, driver: str, suffix: str, **kwargs) -> bytes:
    with tempfile.TemporaryDirectory(prefix="emap-export-") as tmp:
        path = Path(tmp) / f"{layer}{suffix}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pyogrio.write_dataframe(_plain_types(frame), path, layer=layer, driver=driver, **kwargs)
        return path.read_bytes()


def _gpkg(frame, layer):
    return _gdal(frame, layer, "GPKG", ".gpkg")


def _geojson(frame, layer):
    return _gdal(_dated_as_text(frame), layer, "GeoJSON", ".geojson")


def _kml(frame, layer):
    return _gdal(_dated_as_text(frame), layer, "LIBKML", ".kml")


def _shp(frame, layer):
    names = shapefile_names([c for c in frame.columns if c != "geometry"])
    renamed = _dated_as_text(frame).rename(columns=names)
    with tempfile.TemporaryDirectory(prefix="emap-export-") as tmp:
        path = Path(tmp) / f"{layer}.shp"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pyogrio.write_dataframe(_plain_types(renamed), path, driver="ESRI Shapefile", encoding="UTF-8")
        path.with_suffix(".cpg").write_text("UTF-8", encoding="ascii")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(tmp).iterdir()):
                archive.write(part, part.name)
        return out.getvalue()


def _xlsx(frame, layer):
    out = io.BytesIO()
    # A numbered first column, as Chinese tables have, also lets GDAL tell the header row from the data when
    # every other column is text.
    table = _flat(frame)
    table.insert(0, SEQ, range(1, len(table) + 1))
    for column in table.columns:  # Excel has no time zones and no nullable types
        if str(table[column].dtype) in ("Int64", "boolean"):
            table[column] = table[column].astype(object).where(table[column].notna(), None)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name=layer[:31], index=False)
    return out.getvalue()


def _csv(frame, layer):
    return _flat(frame).to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S").encode("utf-8-sig")


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Geometry as 经度/纬度 columns (points) or WKT text (other shapes), for Excel and CSV."""
    if not isinstance(frame, gpd.GeoDataFrame):
        return pd.DataFrame(frame)
    geoms = frame.geometry
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    if len(geoms) and (geoms.geom_type == "Point").all():
        table[LON], table[LAT] = geoms.x.round(7), geoms.y.round(7)
    else:
        table[WKT] = geoms.to_wkt()
    return table


def _dated_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Date and time columns as ISO text, for formats without a datetime type (Shapefile, KML, GeoJSON)."""
    out = frame.copy()
    for column in out.columns:
        if column != "geometry" and pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d %H:%M:%S").where(out[column].notna(), None)
    return out


def _plain_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable pandas types (Int64, boolean) as plain ones GDAL writers accept."""
    out = frame.copy()
    for column in out.columns:
        dtype = str(out[column].dtype)
        if dtype == "Int64":
            out[column] = out[column].astype("float64") if out[column].isna().any() else out[column].astype("int64")
        elif dtype == "boolean":
            out[column] = out[column].astype(object).where(out[column].notna(), None)
            if out[column].notna().all():
                out[column] = out[column].astype(bool)
    if isinstance(frame, gpd.GeoDataFrame):
        out = gpd.GeoDataFrame(out, geometry=frame.geometry.name, crs=frame.crs or schema.CRS)
    return out


_WRITERS = {"gpkg": _gpkg, "geojson": _geojson, "shp": _shp, "kml": _kml, "xlsx": _xlsx, "csv": _csv}
