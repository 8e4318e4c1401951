"""Build the whole demo data set: `build(seed)` returns every canonical layer as a frame.

One numpy Generator, seeded once, feeds every step in a fixed order, so the same seed gives the same
data. Every generated row says in `source` that it is illustrative (示例数据).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import schema
from geo.demo import bulletin, campaigns, fires, firms, geography, inspections, teams, water
from geo.demo.records import Ledger

DEFAULT_SEED = 20200927


def build(seed: int = DEFAULT_SEED, data_dir: str | None = None) -> dict[str, pd.DataFrame]:
    """All layers of the demo data set, keyed by layer name (see `geo.schema.LAYERS`), validated."""
    rng = np.random.default_rng(seed)
    geo = geography.load(data_dir or str(geography.DATA_DIR))

    rivers = water.rivers(geo)
    sections = water.sections(rng, rivers, geo)
    sites = water.outlet_sites(rng, rivers, geo)
    made = firms.enterprises(rng, geo, sites, rivers)
    outlets = water.finish_outlets(rng, sites, made.outlet_owners)
    enterprises = made.enterprises
    crew_frame = teams.teams(rng, geo)
    crew = inspections.Crew(crew_frame)
    fire_frame = fires.fire_points(rng, geo, enterprises)

    ledger = Ledger()
    pool = inspections.Sites.make(enterprises, outlets)
    fixed = bulletin.xiangcheng_unannounced(rng, enterprises, crew)
    inspections.holiday_window(rng, ledger, pool, crew, fixed)
    inspections.everyday(rng, ledger, pool, crew)
    bulletin.zjg_eia_checks(rng, ledger, enterprises, crew)
    bulletin.night_of_oct17(rng, ledger, enterprises, crew)
    bulletin.zjg_hazardous_waste_night(rng, ledger, enterprises, crew)
    bulletin.zjg_straw_patrols(rng, ledger, geo, crew)
    bulletin.kunshan_safety_drive(rng, ledger, enterprises, crew)
    bulletin.huqiu_vocs(rng, ledger, enterprises, crew)
    outlet_visits = bulletin.wuzhong_guajing(rng, ledger, enterprises, outlets, rivers, crew)
    fires.verifications(rng, ledger, fire_frame, crew)
    insp, probs = ledger.frames()
    samples = water.samples(rng, sections, outlet_visits)

    layers = {
        "districts": geo.districts.copy(),
        "lakes": geo.lakes.copy(),
        "rivers": rivers,
        "sections": sections,
        "samples": samples,
        "outlets": outlets,
        "enterprises": _points(enterprises),
        "teams": _points(crew_frame),
        "campaigns": campaigns.table(),
        "inspections": _points(insp),
        "problems": probs,
        "fire_points": _points(fire_frame),
        "draws": pd.DataFrame(columns=schema.LAYERS["draws"].column_names),  # 双随机 log: none drawn yet
    }
    return {name: schema.validate(name, frame) for name, frame in layers.items()}


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    geometry = gpd.points_from_xy(frame["x"], frame["y"])
    return gpd.GeoDataFrame(frame.drop(columns=["x", "y"]), geometry=geometry, crs="EPSG:4326")
