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


def test_every_connector_has_a_doc_page_and_fixtures() -> None:
    from importlib import resources

    from vigile.connectors.registry import connector_names

    for name in connector_names():
        assert (DOCS / "connectors" / f"{name}.md").is_file(), name
        fixtures = resources.files(f"vigile.connectors.{name}").joinpath("fixtures")
        assert any(f.name.endswith(".json") for f in fixtures.iterdir()), name
