"""geo.exports: every format opens in GDAL (pyogrio) with the right feature count, columns and CRS, and a
GIS export imports back unchanged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from geo import exports, imports
from geo.store import GeoPackageStore

LAYERS = ["inspections", "problems", "districts", "enterprises"]


@pytest.fixture(scope="module")
def layers(stored) -> dict:
    return {name: stored[name].head(40) for name in LAYERS}


def opened(e: exports.Exported, folder: Path, layer: str) -> Path:
    path = folder / e.file_name
    path.write_bytes(e.data)
    if e.file_name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(e.data)) as archive:
            names = archive.namelist()
            assert f"{layer}.cpg" in names and archive.read(f"{layer}.cpg") == b"UTF-8"
            archive.extractall(folder)
        return folder / f"{layer}.shp"
    return path


def expected_columns(frame: pd.DataFrame, fmt: str) -> list[str]:
    names = [c for c in frame.columns if c != "geometry"]
    spatial = "geometry" in frame.columns
    if fmt == "shp":
        return list(exports.shapefile_names(names).values())
    if fmt == "kml":
        return ["Name" if c == "name" else c for c in names]
    if fmt in ("xlsx", "csv") and spatial:
        point = (frame.geom_type == "Point").all()
        names = names + ([exports.LON, exports.LAT] if point else [exports.WKT])
    return ([exports.SEQ] if fmt == "xlsx" else []) + names


CASES = [(layer, fmt) for layer in LAYERS for fmt in exports.FORMATS
         if layer != "problems" or not exports.FORMATS[fmt].needs_geometry]


@pytest.mark.parametrize("layer, fmt", CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_every_format_opens_in_gdal_with_count_columns_and_crs(layers, tmp_path, layer, fmt):
    frame = layers[layer]
    assert fmt in exports.formats_for(frame)
    e = exports.export(frame, layer, fmt)
    path = opened(e, tmp_path, layer)
    info = pyogrio.read_info(path)
    assert info["features"] == len(frame)
    back = pyogrio.read_dataframe(path)
    wanted = expected_columns(frame, fmt)
    if fmt == "kml":  # KML adds its own standard fields (Name first, description, timestamp ...)
        assert set(wanted) <= set(back.columns)
    else:
        assert [c for c in back.columns if c != "geometry"] == wanted
    spatial = "geometry" in frame.columns
    if fmt in ("gpkg", "geojson", "shp", "kml") and spatial:
        assert pyogrio.read_info(path)["crs"] == "EPSG:4326"
    if spatial and fmt in ("gpkg", "geojson", "shp", "kml"):
        # a one-part MultiPolygon may come back as a Polygon (Shapefile): compare shapes, not types
        assert (back.geometry.hausdorff_distance(frame.geometry.reset_index(drop=True)) < 1e-6).all()


def test_csv_opens_in_excel_as_utf8(layers):
    data = exports.export(layers["inspections"], "inspections", "csv").data
    assert data.startswith(b"\xef\xbb\xbf") and "检查".encode() not in data[:3]
    assert layers["inspections"]["place"].iloc[0] in data.decode("utf-8-sig")


def test_problems_without_geometry_cannot_go_to_shapefile_or_kml(layers):
    assert set(exports.formats_for(layers["problems"])) == {"gpkg", "geojson", "xlsx", "csv"}
    with pytest.raises(ValueError, match="没有几何"):
        exports.export(layers["problems"], "problems", "shp")


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "xlsx", "csv"])
def test_an_export_imports_back_unchanged(demo_store, tmp_path, fmt):
    store = GeoPackageStore(tmp_path / "s.gpkg")
    frames = {n: demo_store.read(n) for n in ("districts", "teams", "campaigns", "enterprises", "inspections")}
    frames["inspections"] = frames["inspections"].head(30)
    store.write_all(frames)
    e = exports.export(frames["inspections"], "inspections", fmt)
    plan = imports.preview(store, imports.read_file(e.file_name, e.data))
    assert plan.target == "inspections" and not plan.rejected, plan.rejected[:3]
    assert plan.count("added") == 0 and plan.count("updated") == 0 and plan.count("unchanged") == 30
