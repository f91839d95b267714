"""`POST /ingest`: comments pushed by other systems, signed with HMAC-SHA256 per source.

The sender signs `<timestamp>.<raw body>` with the source's shared secret and sends
`X-Vigile-Timestamp: <Unix seconds>`, `X-Vigile-Signature: sha256=<hex>` and
`X-Vigile-Source: <name>` (the scheme of Stripe's and Slack's webhooks). A request whose
timestamp is further than `ingest_tolerance` from the server's clock is refused, and the
timestamp is the version of the pushed rows: a replay inside the window cannot bring back
older content. The secret comes from `VIGILE_INGEST_SECRET_<NAME>` or the workspace's
`secrets/ingest-<name>.key`.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from vigile.connectors.credentials import ingest_secret, valid_source
from vigile.domain.errors import InputError, SignatureError, TooLarge
from vigile.i18n import t
from vigile.pipeline.push import ingest_body
from vigile.settings import Settings
from vigile.web.errors import ErrorOut
from vigile.workspace import Workspace

router = APIRouter(tags=["ingest"])
TIMESTAMP_DIGITS = 12  # Unix seconds until the year 33658


class RowError(BaseModel):
    line: int | None
    field: str | None
    message: str


class IngestAnswer(BaseModel):
    added: int
    updated: int
    skipped: int
    stale: int = Field(description="Older than the stored version: not applied.")
    rejected: int
    errors: list[RowError] = Field(description="The first 1,000 rejected rows.")
    unknown_fields: dict[str, int] = Field(description="Ignored field: first line seen.")


BODY = {"schema": {"type": "string", "description": "The standard comment format."}}
ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"model": IngestAnswer, "description": "Every row stored, already there or stale."},
    401: {"model": ErrorOut, "description": "Unsigned, badly signed or outside the window."},
    413: {"model": ErrorOut, "description": "Larger than `ingest_max_bytes`."},
    422: {"model": IngestAnswer, "description": "Some rows rejected; the good ones are stored."},
}


@router.post(
    "/ingest",
    response_model=None,
    responses=ANSWERS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": BODY, "application/x-ndjson": BODY},
        }
    },
)
async def ingest(
    request: Request,
    x_vigile_signature: Annotated[str | None, Header()] = None,
    x_vigile_timestamp: Annotated[str | None, Header(description="Unix time, seconds")] = None,
    x_vigile_source: Annotated[str, Header()] = "default",
) -> JSONResponse:
    """Store pushed comments (standard format); 401 unsigned or replayed, 413 too big,
    422 bad rows."""
    workspace: Workspace = request.app.state.workspace
    settings = workspace.settings
    lang = str(settings.language)
    body = await _read_body(request, limit=settings.ingest_max_bytes, lang=lang)
    source = x_vigile_source.strip().lower()
    signed_at = _signed_time(
        settings, source=source, body=body, stamp=x_vigile_timestamp, signature=x_vigile_signature
    )
    summary = await run_in_threadpool(
        ingest_body, workspace.db, body, source=source, signed_at=signed_at
    )
    content: dict[str, Any] = {
        "added": summary.added,
        "updated": summary.updated,
        "skipped": summary.skipped,
        "stale": summary.counts.stale,
        "rejected": summary.rejected,
        "errors": [_error(e) for e in summary.errors],
        "unknown_fields": summary.unknown_fields,
    }
    return JSONResponse(content, status_code=422 if summary.rejected else 200)


def _signed_time(
    settings: Settings, *, source: str, body: bytes, stamp: str | None, signature: str | None
) -> datetime:
    """The request's signed timestamp, once the signature and the time window are checked."""
    lang = str(settings.language)
    stamp = (stamp or "").strip()
    if not (stamp.isdigit() and len(stamp) <= TIMESTAMP_DIGITS):
        raise SignatureError(t("ingest.no_timestamp", lang))
    secret = ingest_secret(settings.home, source) if valid_source(source) else None
    if secret is None or not signature_matches(secret, signed_payload(stamp, body), signature):
        raise SignatureError(t("ingest.bad_signature", lang))
    age, tolerance = abs(time.time() - int(stamp)), settings.ingest_tolerance
    if age > tolerance:
        raise SignatureError(t("ingest.stale_timestamp", lang, age=int(age), tolerance=tolerance))
    return datetime.fromtimestamp(int(stamp), UTC)


def signed_payload(timestamp: str, body: bytes) -> bytes:
    """What the sender signs: the timestamp, a dot, then the raw body."""
    return timestamp.encode("ascii") + b"." + body


def signature_matches(secret: str, payload: bytes, header: str | None) -> bool:
    """Constant-time check of `sha256=<hex>` over the signed payload."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode("utf-8"), payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())


async def _read_body(request: Request, *, limit: int, lang: str) -> bytes:
    """The raw body, refused as soon as it passes `limit` bytes (never fully buffered)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(t("ingest.too_large", lang, limit=limit))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(t("ingest.too_large", lang, limit=limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _error(error: InputError) -> dict[str, Any]:
    return {"line": error.line, "field": error.field, "message": error.message}
