"""Signed exchange bundles: export signs with the workspace key, import verifies the
signature and, when asked, the signer."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from vigile.community.bundle import make_bundle, read_bundle
from vigile.community.library import Shared, sha256_of
from vigile.community.signing import KEY_FILE, fingerprint, sign
from vigile.domain.errors import InputError
from vigile.domain.model import utc_now
from vigile.store.schema import CaseStudyRow
from vigile.workspace import open_workspace

BODY = {"happened": "", "timeline": [], "post": "", "excerpts": [], "worked": "", "change": ""}


def _case(worked: str = "Answered within the hour") -> Shared:
    return Shared("A buzz", "en", {"scenario": "buzz"}, {**BODY, "worked": worked})


def _bundle(tmp_path: Path, key: Ed25519PrivateKey | None = None) -> Path:
    path = tmp_path / "bundle.json"
    data = make_bundle([_case()], now=utc_now(), key=key)
    path.write_text(json.dumps(data), "utf-8")
    return path


def _reseal(data: dict[str, Any]) -> dict[str, Any]:
    content = {k: v for k, v in data.items() if k not in ("sha256", "signature")}
    return {**data, "sha256": sha256_of(content)}


def test_export_signs_with_the_workspace_key(cli: Any, sqlite_home: Path, tmp_path: Path) -> None:
    key = cli("cases", "key", "--home", sqlite_home)
    assert key.exit_code == 0
    printed = key.output.strip()
    assert len(printed) == 64
    assert stat.S_IMODE((sqlite_home / KEY_FILE).stat().st_mode) == 0o600
    assert cli("cases", "key", "--home", sqlite_home).output.strip() == printed  # kept

    path = tmp_path / "out.json"
    exported = cli("cases", "export", path, "--home", sqlite_home)
    assert exported.exit_code == 0, exported.output
    data = json.loads(path.read_text("utf-8"))
    assert data["version"] == 2 and data["signature"]["fingerprint"] == printed
    assert data["signature"]["algorithm"] == "ed25519"
    assert read_bundle(data, trusted={printed}) == []


def test_import_refuses_a_bundle_altered_after_signing(
    cli: Any, sqlite_home: Path, tmp_path: Path
) -> None:
    path = _bundle(tmp_path, Ed25519PrivateKey.generate())
    data = json.loads(path.read_text("utf-8"))
    item = data["cases"][0]
    item["body"]["worked"] = "Nothing, really"
    item["sha256"] = Shared(item["title"], item["lang"], item["tags"], item["body"]).digest
    path.write_text(json.dumps(_reseal(data)), "utf-8")  # every hash is right again
    refused = cli("cases", "import", path, "--home", sqlite_home)
    assert refused.exit_code == 2
    assert "field 'signature.value'" in refused.output and "altered" in refused.output
    assert "0 case" not in refused.output  # nothing imported, not even "0 imported"
    with open_workspace(sqlite_home).db.session() as session:
        assert session.scalar(select(func.count()).select_from(CaseStudyRow)) == 0

    stripped = json.loads(_bundle(tmp_path).read_text())
    stripped["version"] = 2  # a signed version without its signature
    with pytest.raises(InputError, match=r"field 'signature': missing"):
        read_bundle(_reseal(stripped))


def test_trust_requires_a_known_signer(cli: Any, sqlite_home: Path, tmp_path: Path) -> None:
    ours, theirs = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    known = fingerprint(ours.public_key())
    signed = _bundle(tmp_path, ours)
    stranger = tmp_path / "stranger.json"
    data = json.loads(signed.read_text("utf-8"))
    stranger.write_text(json.dumps(sign(data, theirs)), "utf-8")  # re-signed by someone else

    assert cli("cases", "import", stranger, "--home", sqlite_home).exit_code == 0  # no trust set
    refused = cli("cases", "import", stranger, "--trust", known, "--home", sqlite_home)
    assert refused.exit_code == 2 and "not among your trusted keys" in refused.output
    spaced = ":".join(known[i : i + 4] for i in range(0, 64, 4)).upper()
    accepted = cli("cases", "import", signed, "--trust", spaced, "--home", sqlite_home)
    assert accepted.exit_code == 0 and f"key {known}" in accepted.output

    (sqlite_home / "trusted_keys.txt").write_text(f"# partners\n{known} velo-nord\n", "utf-8")
    assert cli("cases", "import", stranger, "--home", sqlite_home).exit_code == 2
    unsigned = _bundle(tmp_path)  # version 1
    refused = cli("cases", "import", unsigned, "--home", sqlite_home)
    assert refused.exit_code == 2 and "field 'signature': missing" in refused.output
    (sqlite_home / "trusted_keys.txt").write_text("not-a-key\n", "utf-8")
    bad = cli("cases", "import", signed, "--home", sqlite_home)
    assert bad.exit_code == 2 and "line 1" in bad.output


def test_unsigned_version_1_is_still_read_and_said_so(
    cli: Any, sqlite_home: Path, tmp_path: Path
) -> None:
    result = cli("cases", "import", _bundle(tmp_path), "--home", sqlite_home)
    assert result.exit_code == 0 and "1 case" in result.output and "Unsigned" in result.output
    listed = cli("cases", "list", "--home", sqlite_home, env={"COLUMNS": "200"})
    assert "commons" in listed.output


def test_a_forged_fingerprint_or_key_is_refused() -> None:
    key = Ed25519PrivateKey.generate()
    data = make_bundle([_case()], now=utc_now(), key=key)
    forged = {**data, "signature": {**data["signature"], "fingerprint": "0" * 64}}
    with pytest.raises(InputError, match=r"field 'signature.fingerprint'"):
        read_bundle(forged)
    broken = {**data, "signature": {**data["signature"], "public_key": "%%%"}}
    with pytest.raises(InputError, match=r"field 'signature': malformed"):
        read_bundle(broken)
