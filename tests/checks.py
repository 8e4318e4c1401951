"""Checks shared by the tests of the demo set and of the city-scale set."""

from __future__ import annotations

import numpy as np
import pandas as pd


def assert_fire_times_agree(fires: pd.DataFrame) -> None:
    """FIRMS columns agree with each other: Beijing = UTC + 8 h, acq_date + acq_time (HHMM, maybe without its
    leading zero) = detected_utc, latitude/longitude = the geometry."""
    assert (fires["detected_bj"] - fires["detected_utc"] == pd.Timedelta(hours=8)).all()
    hhmm = fires["acq_time"].str.zfill(4)
    stamped = pd.to_datetime(fires["acq_date"] + " " + hhmm.str[:2] + ":" + hhmm.str[2:], format="%Y-%m-%d %H:%M")
    assert (stamped == fires["detected_utc"]).all()
    assert (fires["latitude"] == fires.geometry.y).all() and (fires["longitude"] == fires.geometry.x).all()


def assert_inspections_at_their_site(inspections: pd.DataFrame, sites: pd.DataFrame, key: str, at_least: int) -> None:
    """Inspections whose `site_id` is a key of `sites` sit exactly on that site (at least `at_least` of them)."""
    sites = sites.set_index(key)
    here = inspections[inspections["site_id"].isin(sites.index)]
    assert len(here) >= at_least
    where = sites.geometry.reindex(here["site_id"])
    assert np.allclose(here.geometry.x.to_numpy(), where.x.to_numpy())
    assert np.allclose(here.geometry.y.to_numpy(), where.y.to_numpy())
