"""What a person sees when the store cannot be opened: the real server in Debian's chromium, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import browser_harness as h

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"


def _truncated(tmp_path, demo_store):
    path = tmp_path / "demo.gpkg"
    path.write_bytes(demo_store.path.read_bytes()[:4096])
    return path, "无法读取数据：数据文件 demo.gpkg 已损坏或不是有效的 GeoPackage"


def _database_down(tmp_path, demo_store):
    url = f"postgresql://emap:secret@127.0.0.1:{h.free_port()}/emap"
    return url, "无法读取数据：无法连接 PostgreSQL 数据库 emap（127.0.0.1:"


@pytest.mark.parametrize("broken", [_truncated, _database_down], ids=["truncated-geopackage", "database-down"])
def test_a_store_that_cannot_be_opened_shows_a_chinese_message_without_paths(tmp_path, demo_store, broken):
    if not Path(h.CHROMIUM).exists():
        pytest.fail(f"{h.CHROMIUM} is missing: `make test` installs Debian's chromium (make browser)")
    location, message = broken(tmp_path, demo_store)
    with h.dashboard(location) as (url, _), h.offline_browser() as page:
        page.goto(url)
        page.locator('[data-testid="stAlert"]').first.wait_for(timeout=60000)
        text = page.inner_text("body")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"store-{broken.__name__.strip('_')}.png"))
        assert page.outside == []
    assert message in text
    assert "make run" in text  # what to do
    for leak in (str(tmp_path), "Traceback", "secret", "site-packages"):
        assert leak not in text
