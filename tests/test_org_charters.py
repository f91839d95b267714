"""Each organisation has its own charter, the workspace a default they inherit (HTTP, CLI).

An admin of one organisation reads and saves that organisation's charter only; secrets
in contact URLs never leave the server (masked, kept when the masked text is saved);
only the admins of the `default` organisation (the workspace owners) edit the default;
the analysis and the escalation follow each page's organisation's charter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import Cli, logged_in, loopback_webhook, write_jsonl
from vigile.policy.masking import fingerprint
from vigile.store.schema import Alert, Page
from vigile.web.app import create_app
from vigile.workspace import open_workspace

DEFAULT_SECRET = "DEFAULT-SECRET-TOKEN"
BETA_SECRET = "BETA-SECRET-TOKEN"
MAIL_PASSWORD = "hunter2pass"


def _charter(name: str, contact: str, url: str, *, at_least: float = 0.0) -> str:
    return f"""version: 1
organisation: {name}
contacts:
  - id: {contact}
    name: {contact.title()}
    roles: [cm]
    channels:
      chat: {url}
      mail: mailtos://ops:{MAIL_PASSWORD}@smtp.example.com
      plain: mailto://{contact}@example.com
rules:
  - name: every_comment
    level: comment
    signal: negativity
    at_least: {at_least}
    severity: high
escalation:
  high:
    - notify: [{contact}]
      channels: [chat]
"""


@pytest.fixture
def hooks() -> Iterator[tuple[int, list[str]]]:
    paths: list[str] = []
    with loopback_webhook(lambda path, _: paths.append(path)) as port:
        yield port, paths


@pytest.fixture
def web(cli: Cli, sqlite_home: Path, tmp_path: Path, hooks: tuple[int, list[str]]) -> FastAPI:
    """The default organisation (page facebook:home), Alpha and Beta with a page each;
    the default charter tells `ops` through a URL holding a secret."""
    port, _ = hooks
    url = f"json://127.0.0.1:{port}/default/{DEFAULT_SECRET}"
    (sqlite_home / "charter.yaml").write_text(_charter("Workspace", "ops", url), "utf-8")
    rows = [
        {"id": f"c-{page}", "text": "Not happy with my order", "page": f"facebook:{page}"}
        for page in ("home", "alpha", "beta")
    ]
    imported = cli("import", write_jsonl(tmp_path / "c.jsonl", rows), "--home", sqlite_home)
    assert imported.exit_code == 0, imported.output
    for org in ("alpha", "beta"):
        assert cli("org", "add", org.title(), "--home", sqlite_home).exit_code == 0
        assigned = cli("org", "assign", org, f"facebook:{org}", "--home", sqlite_home)
        assert assigned.exit_code == 0, assigned.output
    return create_app(open_workspace(sqlite_home))


def _beta_url(web: FastAPI) -> str:
    return f"json://127.0.0.1:{_port(web)}/beta/{BETA_SECRET}"


def _port(web: FastAPI) -> int:
    found = re.search(r"127\.0\.0\.1:(\d+)", _default_file(web).read_text("utf-8"))
    assert found
    return int(found.group(1))


def _default_file(web: FastAPI) -> Path:
    path: Path = web.state.workspace.settings.charter_path
    return path


def _own_file(web: FastAPI, slug: str) -> Path:
    return _default_file(web).parent / "charters" / f"{slug}.yaml"


def _admin(web: FastAPI, organisation: str) -> TestClient:
    return logged_in(web, role="admin", organisation=organisation)


def _save_beta(web: FastAPI) -> TestClient:
    beta = _admin(web, "beta")
    saved = beta.put("/api/charter", json={"charter": _charter("Beta", "bea", _beta_url(web))})
    assert saved.status_code == 200, saved.text
    assert saved.json()["file"] == "charters/beta.yaml"
    return beta


def test_an_admin_reads_only_their_organisations_charter_and_no_secret(web: FastAPI) -> None:
    beta = _save_beta(web)
    alpha = _admin(web, "alpha")
    opened = alpha.get("/api/charter")
    assert opened.status_code == 200
    data = opened.json()
    assert (data["organisation"], data["file"], data["inherited"]) == (
        "alpha",
        "charters/alpha.yaml",
        True,
    )
    text = data["charter"]
    assert "organisation: Workspace" in text  # the default it inherits
    for secret in (DEFAULT_SECRET, BETA_SECRET, MAIL_PASSWORD, "bea", "Beta"):
        assert secret not in text, secret
    assert re.search(r"chat: json://•••[0-9a-f]{12}•••", text)
    assert "mailto://ops@example.com" in text  # a plain address holds no secret
    in_force = json.dumps(alpha.get("/api/charter/in-force").json())
    assert "bea" not in in_force and BETA_SECRET not in in_force
    page = alpha.get("/settings/charter").text
    assert DEFAULT_SECRET not in page and MAIL_PASSWORD not in page and "Beta" not in page
    own = beta.get("/api/charter").json()
    assert own["inherited"] is False and "organisation: Beta" in own["charter"]
    assert BETA_SECRET not in own["charter"] and MAIL_PASSWORD not in own["charter"]
    assert BETA_SECRET not in beta.get("/settings/charter").text


def test_saving_a_masked_charter_keeps_its_secrets_and_touches_no_other(web: FastAPI) -> None:
    _save_beta(web)
    default_before = _default_file(web).read_bytes()
    beta_before = _own_file(web, "beta").read_bytes()
    alpha = _admin(web, "alpha")
    opened = alpha.get("/api/charter").json()
    edited = opened["charter"].replace("at_least: 0.0", "at_least: 0.9")
    saved = alpha.put("/api/charter", json={"charter": edited, "base": opened["digest"]})
    assert saved.status_code == 200, saved.text
    written = _own_file(web, "alpha").read_text("utf-8")
    assert "at_least: 0.9" in written
    assert f"/default/{DEFAULT_SECRET}" in written and MAIL_PASSWORD in written  # kept
    assert "•••" not in written
    assert _default_file(web).read_bytes() == default_before  # not the default
    assert _own_file(web, "beta").read_bytes() == beta_before  # not another organisation's
    # the form saves the same way
    form = alpha.post(
        "/settings/charter",
        data={"charter": edited.replace("0.9", "0.8"), "action": "save"},
        follow_redirects=False,
    )
    assert form.status_code == 303
    assert f"/default/{DEFAULT_SECRET}" in _own_file(web, "alpha").read_text("utf-8")


def test_a_mask_cannot_borrow_another_organisations_secret(web: FastAPI) -> None:
    _save_beta(web)
    alpha = _admin(web, "alpha")
    text = alpha.get("/api/charter").json()["charter"]
    guessed = fingerprint(_beta_url(web), web.state.workspace.secret())
    forged = re.sub(r"chat: json://•••[0-9a-f]{12}•••", f"chat: json://•••{guessed}•••", text)
    refused = alpha.put("/api/charter", json={"charter": forged})
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["line"] == forged.splitlines().index(f"      chat: json://•••{guessed}•••") + 1
    assert "hides a secret" in error["message"]
    assert not _own_file(web, "alpha").exists()
    page = alpha.post("/settings/charter?lang=en", data={"charter": forged, "action": "save"})
    assert page.status_code == 422 and "The file was not changed" in page.text


def test_only_the_workspace_owners_edit_the_default(web: FastAPI) -> None:
    owner = _admin(web, "default")
    opened = owner.get("/api/charter").json()
    assert (opened["file"], opened["inherited"]) == ("charter.yaml", False)
    assert DEFAULT_SECRET not in opened["charter"]
    alpha = _admin(web, "alpha")
    changed = alpha.put("/api/charter", json={"charter": _charter("Alpha", "al", "json://x/y")})
    assert changed.status_code == 200
    assert "organisation: Workspace" in _default_file(web).read_text("utf-8")
    edited = opened["charter"].replace("organisation: Workspace", "organisation: Owners")
    assert owner.put("/api/charter", json={"charter": edited}).status_code == 200
    written = _default_file(web).read_text("utf-8")
    assert "organisation: Owners" in written and DEFAULT_SECRET in written
    # Beta has no charter of its own: it follows the new default at once
    beta = _admin(web, "beta")
    assert beta.get("/api/charter/in-force").json()["organisation"] == "Owners"
    assert alpha.get("/api/charter/in-force").json()["organisation"] == "Alpha"


def test_analysis_and_escalation_follow_each_organisations_charter(
    web: FastAPI, cli: Cli, hooks: tuple[int, list[str]]
) -> None:
    _save_beta(web)
    quiet = _charter("Alpha", "al", "json://127.0.0.1:9/alpha", at_least=1.5)
    assert _admin(web, "alpha").put("/api/charter", json={"charter": quiet}).status_code == 200
    home = web.state.workspace.settings.home
    assert cli("analyze", "--home", home).exit_code == 0
    with web.state.workspace.db.session() as s:
        alerted = s.scalars(select(Page.handle).join(Alert, Alert.page_id == Page.id)).all()
    assert sorted(alerted) == ["beta", "home"]  # Alpha's own charter raises nothing
    result = cli("notify", "--home", home)
    assert result.exit_code == 0, result.output
    _, paths = hooks
    assert sorted(paths) == [f"/beta/{BETA_SECRET}", f"/default/{DEFAULT_SECRET}"]
