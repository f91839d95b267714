"""The exchange bundle between servers: versioned JSON, a SHA-256 per case and overall.

Format (docs/cases.md): `{"format": "vigile.cases", "version": 2, "exported_at",
"cases": [{"title", "lang", "tags", "body", "sha256"}], "sha256", "signature"}`. A case's
hash is taken over its canonical JSON without `sha256`; the bundle's over the canonical
JSON of everything but its own `sha256` and `signature`; the Ed25519 signature
(`community.signing`) over everything but itself. Version 1 is the same without the
signature: still read, unless a trusted signer is required. Both sides check that no
personal data is left.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from vigile.analysis.pii import Span
from vigile.community.anonymise import People, residual_pii
from vigile.community.library import Shared, sha256_of, shared
from vigile.community.people import incident_people
from vigile.community.signing import normalise_fingerprint, sign, verify
from vigile.domain.charter import Charter
from vigile.domain.errors import InputError
from vigile.domain.model import iso_z, utc_now
from vigile.i18n import t
from vigile.incidents.report import build_incident_report
from vigile.store.schema import CaseStudyRow

FORMAT = "vigile.cases"
VERSION = 2  # signed; 1 = unsigned
READS = (1, 2)
TEXT_FIELDS = ("happened", "post", "worked", "change")
ENTRY_FIELDS = {
    "timeline": ("at", "actor", "action", "details"),
    "excerpts": ("at", "author", "text"),
}


def texts(case: Shared) -> Iterator[tuple[str, str]]:
    """Every text of a case with where it is (`body.excerpts[2].text`)."""
    yield "title", case.title
    for name in TEXT_FIELDS:
        yield f"body.{name}", str(case.body.get(name, ""))
    for name, fields in ENTRY_FIELDS.items():
        for index, entry in enumerate(case.body.get(name, [])):
            for key in fields:
                yield f"body.{name}[{index}].{key}", str(entry.get(key, ""))


def document(row: CaseStudyRow) -> str:
    """A stored case's shareable texts as one document, for search and similarity."""
    return " ".join(text for _, text in texts(shared(row)))


def leftovers(
    case: Shared, *, brands: Sequence[str] = (), known: People = People()
) -> list[tuple[str, Span]]:
    """Personal data still found in a case (the `known` people's handles and names
    included), with where."""
    written = [*texts(case), *((f"tags.{k}", v) for k, v in case.tags.items() if k == "sector")]
    return [
        (where, span)
        for where, text in written
        for span in residual_pii(text, brands=brands, known=known)
    ]


def case_leftovers(
    session: Session,
    row: CaseStudyRow,
    *,
    charter: Charter,
    brands: Sequence[str] = (),
    now: datetime | None = None,
) -> list[tuple[str, Span]]:
    """Personal data still found in a stored case, the incident's people included."""
    known = People()
    if row.incident_id is not None:
        report = build_incident_report(session, row.incident_id, charter, now=now or utc_now())
        known = incident_people(session, report, charter)
    return leftovers(shared(row), brands=brands, known=known)


def make_bundle(
    cases: Sequence[Shared], *, now: datetime, key: Ed25519PrivateKey | None = None
) -> dict[str, Any]:
    """A signed version-2 bundle with `key`, else an unsigned version-1 one."""
    items = [{**case.as_json(), "sha256": case.digest} for case in cases]
    bundle: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION if key is not None else 1,
        "exported_at": iso_z(now),
        "cases": items,
    }
    sealed = {**bundle, "sha256": sha256_of(bundle)}
    return sign(sealed, key) if key is not None else sealed


def read_bundle(
    data: Any,
    *,
    brands: Sequence[str] = (),
    lang: str = "en",
    trusted: set[str] | None = None,
) -> list[Shared]:
    """The cases of a bundle, once its format, version, hashes, signature (a known signer
    when `trusted` is given) and anonymity check out."""
    bundle = _typed(data, dict, "bundle", lang)
    found = _field(bundle, "format", str, "", lang)
    if found != FORMAT:
        reason = t("cases.bundle.bad_format", lang, expected=FORMAT, found=found)
        raise InputError(reason, field="format")
    version = _field(bundle, "version", int, "", lang)
    if version not in READS:
        reason = t("cases.bundle.bad_version", lang, found=version, expected=VERSION)
        raise InputError(reason, field="version")
    _field(bundle, "exported_at", str, "", lang)
    items = _field(bundle, "cases", list, "", lang)
    claimed = _field(bundle, "sha256", str, "", lang)
    content = {k: v for k, v in bundle.items() if k not in ("sha256", "signature")}
    if sha256_of(content) != claimed:
        raise InputError(t("cases.bundle.bad_hash", lang), field="sha256")
    signer = verify(bundle, lang=lang) if version >= 2 or trusted is not None else None
    if trusted is not None and signer not in {normalise_fingerprint(k) for k in trusted}:
        raise InputError(t("cases.sign.untrusted", lang, fingerprint=signer), field="signature")
    return [_case(item, f"cases[{i}]", brands=brands, lang=lang) for i, item in enumerate(items)]


def signer_of(data: dict[str, Any]) -> str | None:
    """The fingerprint a bundle claims (check it with `read_bundle` first)."""
    signature = data.get("signature")
    return str(signature.get("fingerprint")) if isinstance(signature, dict) else None


def _case(item: Any, where: str, *, brands: Sequence[str], lang: str) -> Shared:
    item = _typed(item, dict, where, lang)
    tags = _field(item, "tags", dict, where, lang)
    body = _field(item, "body", dict, where, lang)
    for name in TEXT_FIELDS:
        _field(body, name, str, f"{where}.body", lang)
    for name, fields in ENTRY_FIELDS.items():
        for index, entry in enumerate(_field(body, name, list, f"{where}.body", lang)):
            entry_where = f"{where}.body.{name}[{index}]"
            for key in fields:
                _field(_typed(entry, dict, entry_where, lang), key, str, entry_where, lang)
    case = Shared(
        _field(item, "title", str, where, lang),
        _field(item, "lang", str, where, lang),
        {str(k): str(v) for k, v in tags.items()},
        body,
    )
    if case.digest != _field(item, "sha256", str, where, lang):
        raise InputError(t("cases.bundle.bad_hash", lang), field=f"{where}.sha256")
    for place, span in leftovers(case, brands=brands)[:1]:
        reason = t("cases.bundle.pii", lang, kind=span.kind)
        raise InputError(reason, field=f"{where}.{place}")
    return case


def _field(container: dict[str, Any], name: str, kind: type, where: str, lang: str) -> Any:
    path = f"{where}.{name}" if where else name
    if name not in container:
        raise InputError(t("cases.bundle.missing", lang), field=path)
    return _typed(container[name], kind, path, lang)


def _typed(value: Any, kind: type, path: str, lang: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        expected = t(f"cases.type.{kind.__name__}", lang)
        reason = t("cases.bundle.bad_type", lang, expected=expected)
        raise InputError(reason, field=path)
    return value
