"""`vigile cases export|import|key`: signed bundles between servers (docs/cases.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from vigile.cli_alerts import HomeOption
from vigile.cli_cases import BrandOption, _brands, _lang, cases_app
from vigile.cli_common import err, handles_errors, out
from vigile.domain.errors import InputError
from vigile.domain.model import utc_now
from vigile.i18n import t
from vigile.workspace import Workspace, open_workspace


@cases_app.command("export")
@handles_errors
def cases_export(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="Bundle to write (.json).")],
    case: Annotated[
        list[int] | None, typer.Option("--case", help="Case id(s); the whole commons by default.")
    ] = None,
    brand: BrandOption = None,
    home: HomeOption = None,
) -> None:
    """Write shared case studies as a signed JSON bundle; refuse a private case or one with
    personal data left."""
    from vigile.community.bundle import leftovers, make_bundle
    from vigile.community.library import list_cases, shared
    from vigile.community.signing import fingerprint, workspace_key

    workspace = open_workspace(home)
    lang = _lang(workspace)
    with workspace.db.session() as session:
        rows = [r for r in list_cases(session, case) if case or r.commons]
        for row in rows:
            if not row.commons:
                raise InputError(t("library.private_case", lang, id=row.id), field="--case")
        items = [(row.id, shared(row)) for row in rows]
    for case_id, item in items:
        for where, span in leftovers(item, brands=_brands(workspace, brand))[:1]:
            raise InputError(t("cases.pii_left", lang, id=case_id, kind=span.kind, where=where))
    key = workspace_key(workspace.settings.home)
    bundle = make_bundle([item for _, item in items], now=utc_now(), key=key)
    file.write_text(json.dumps(bundle, ensure_ascii=False, indent=2) + "\n", "utf-8")
    digest = bundle["sha256"][:12]
    err.print(t("cases.exported", lang, count=len(items), path=file, digest=digest), markup=False)
    err.print(t("cases.sign.signed", lang, fingerprint=fingerprint(key.public_key())))


@cases_app.command("import")
@handles_errors
def cases_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    brand: BrandOption = None,
    trust: Annotated[
        list[str] | None,
        typer.Option("--trust", help="Fingerprint of a signer to accept (repeatable)."),
    ] = None,
    trusted_keys: Annotated[
        Path | None,
        typer.Option(
            "--trusted-keys",
            exists=True,
            dir_okay=False,
            help="File of trusted fingerprints (default: the workspace's trusted_keys.txt).",
        ),
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Who imports it.")] = "cli",
    home: HomeOption = None,
) -> None:
    """Verify a bundle (version, hashes, signature, signer, no personal data) and add its
    cases to the commons."""
    from vigile.community.bundle import read_bundle, signer_of
    from vigile.community.library import store_imported

    workspace = open_workspace(home)
    lang = _lang(workspace)
    try:
        data = json.loads(file.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(t("cases.bundle.unreadable", lang, reason=exc)) from None
    trusted = _trusted(workspace, trust, trusted_keys, lang)
    brands = _brands(workspace, brand)
    cases = read_bundle(data, brands=brands, lang=lang, trusted=trusted)
    now = utc_now()
    with workspace.db.session() as session:
        added = sum(store_imported(session, c, actor=by, now=now) for c in cases)
        session.commit()
    out.print(
        t("cases.imported", lang, added=added, skipped=len(cases) - added, path=file),
        markup=False,
    )
    signer = signer_of(data)
    key = "cases.sign.unsigned" if signer is None else "cases.sign.verified"
    out.print(t(key, lang, fingerprint=signer), markup=False)


@cases_app.command("key")
@handles_errors
def cases_key(home: HomeOption = None) -> None:
    """The fingerprint of this workspace's signing key, to give to the servers you send
    bundles to (they pass it to `--trust`)."""
    from vigile.community.signing import fingerprint, workspace_key

    workspace = open_workspace(home)
    typer.echo(fingerprint(workspace_key(workspace.settings.home).public_key()))


def _trusted(
    workspace: Workspace, trust: list[str] | None, path: Path | None, lang: str
) -> set[str] | None:
    """The fingerprints to require, or None when no signer is required."""
    from vigile.community.signing import TRUSTED_FILE, normalise_fingerprint, trusted_keys

    keys = {normalise_fingerprint(k) for k in trust or ()}
    default = workspace.settings.home / TRUSTED_FILE
    source = path or (default if default.is_file() else None)
    if source is not None:
        keys |= trusted_keys(source, lang=lang)
    return keys if trust or source is not None else None
