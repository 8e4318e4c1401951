import pytest

from geo import settings


@pytest.mark.parametrize(
    "key, value, ok",
    [("EMAP_BASEMAP", "amap", True), ("EMAP_BASEMAP", "google", False), ("EMAP_TILE_CRS", "bd09", False),
     ("EMAP_DATA", "x.gpkg", True), ("EMAP_DATA", "x.shp", False),
     ("EMAP_DATA", "postgresql://emap:pw@db.local:5432/emap", True), ("EMAP_DATA", "postgres://db/emap", True),
     ("EMAP_DATA", "mysql://db/emap", False)],
)
def test_settings_are_checked(key, value, ok):
    if ok:
        assert settings.get(key, {key: value}) == value
    else:
        with pytest.raises(settings.SettingError, match=f"{key} 的值“{value}”无效"):
            settings.get(key, {key: value})


def test_defaults_apply_when_unset():
    assert settings.get("EMAP_BASEMAP", {}) == "none"
    assert settings.get("EMAP_DATA", {}).endswith("data/demo.gpkg")
