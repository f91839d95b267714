"""Security headers on every response, and the API's docs page under its own policy.

The dashboard is server-rendered with its scripts and styles in `/static`: no inline
script, no `style` attribute, no third-party origin. So the Content-Security-Policy can
allow `'self'` only, and a script injected into a comment could not run even if the
escaping missed it. Pages cannot be framed (clickjacking); the browser must not guess
content types; HTTPS is pinned (HSTS) when `base_url` is https. A route that needs
another policy sets its own header, which is kept.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP_RULES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
CSP = "; ".join(f"{name} {value}" for name, value in CSP_RULES.items())
STYLE_ELEMENT = re.compile(r"<style>(.*?)</style>", re.S)
HSTS = "max-age=31536000"
SWAGGER_CDN = "https://cdn.jsdelivr.net"


class SecurityHeaders:
    """ASGI middleware: adds the headers each response lacks (a route's own are kept)."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.headers = {
            "Content-Security-Policy": CSP,
            "X-Frame-Options": "DENY",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
        }
        if https:
            self.headers["Strict-Transport-Security"] = HSTS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def self_contained_policy(html: str) -> str:
    """The strict policy plus the hash of each `<style>` element of `html`: for a page
    meant to be saved and sent on (the incident report), which must carry its styles."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in STYLE_ELEMENT.findall(html)
    ]
    rules = CSP_RULES | {"style-src": " ".join(["'self'", *hashes])}
    return "; ".join(f"{name} {value}" for name, value in rules.items())


def add_api_docs(app: FastAPI, *, path: str, openapi_url: str) -> None:
    """Swagger UI at `path`: its bundle comes from a CDN and it starts with an inline
    script, so this page alone allows that CDN and that one script (by a fresh nonce)."""

    async def api_docs(request: Request) -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        page = get_swagger_ui_html(openapi_url=openapi_url, title=f"{app.title} API")
        html = bytes(page.body).decode("utf-8").replace("<script>", f'<script nonce="{nonce}">')
        policy = "; ".join(
            (
                "default-src 'self'",
                f"script-src 'self' 'nonce-{nonce}' {SWAGGER_CDN}",
                f"style-src 'self' 'unsafe-inline' {SWAGGER_CDN}",
                "img-src 'self' data: https://fastapi.tiangolo.com",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            )
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": policy})

    app.add_route(path, api_docs, include_in_schema=False)  # public, as FastAPI's own
