"""The README documents what the code declares: every setting, and the data model as declared in geo.schema."""

from pathlib import Path

import pytest

from geo import schema, settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_lines = README.split("\n## ", 1)[0]
    assert "make run" in first_lines and "make test" in first_lines


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_data_model_section_is_current():
    assert schema.readme_section(README) == schema.markdown().strip(), (
        "README.md's data model is out of date: run `.venv/bin/python -m geo.schema README.md`"
    )


@pytest.mark.parametrize("key", sorted(settings.OPTIONS))
def test_every_setting_is_documented(key):
    assert f"`{key}`" in README
