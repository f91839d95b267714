"""`POST /ingest`: comments pushed by other systems, signed with HMAC-SHA256 per source.

The sender signs the raw body with the source's shared secret and sends
`X-Vigile-Signature: sha256=<hex>` and `X-Vigile-Source: <name>`. The secret comes from
`VIGILE_INGEST_SECRET_<NAME>` or the workspace's `secrets/ingest-<name>.key`.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from vigile.connectors.credentials import ingest_secret, valid_source
from vigile.domain.errors import InputError, SignatureError, TooLarge
from vigile.i18n import t
from vigile.pipeline.push import ingest_body
from vigile.workspace import Workspace

router = APIRouter(tags=["ingest"])


@router.post("/ingest", response_model=None)
async def ingest(
    request: Request,
    x_vigile_signature: Annotated[str | None, Header()] = None,
    x_vigile_source: Annotated[str, Header()] = "default",
) -> JSONResponse:
    """Store pushed comments (standard format); 401 unsigned, 413 too big, 422 bad rows."""
    workspace: Workspace = request.app.state.workspace
    lang = str(workspace.settings.language)
    body = await _read_body(request, limit=workspace.settings.ingest_max_bytes, lang=lang)
    source = x_vigile_source.strip().lower()
    secret = ingest_secret(workspace.settings.home, source) if valid_source(source) else None
    if secret is None or not signature_matches(secret, body, x_vigile_signature):
        raise SignatureError(t("ingest.bad_signature", lang))
    summary = await run_in_threadpool(ingest_body, workspace.db, body, source=source)
    content: dict[str, Any] = {
        "added": summary.added,
        "updated": summary.updated,
        "skipped": summary.skipped,
        "rejected": summary.rejected,
        "errors": [_error(e) for e in summary.errors],
        "unknown_fields": summary.unknown_fields,
    }
    return JSONResponse(content, status_code=422 if summary.rejected else 200)


def signature_matches(secret: str, body: bytes, header: str | None) -> bool:
    """Constant-time check of `sha256=<hex>` over the raw body."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
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
