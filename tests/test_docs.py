"""Docs stay true: every setting and every CLI command is documented."""

from __future__ import annotations

from pathlib import Path

from vigile.settings import settings_reference

DOCS = Path(__file__).resolve().parents[1] / "docs"
README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text("utf-8")
    for name, _, _ in settings_reference():
        assert f"`{name}`" in text, name


def test_readme_names_the_two_commands() -> None:
    text = README.read_text("utf-8")
    assert "make demo" in text and "make test" in text
