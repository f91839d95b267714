"""Security headers (issue 18 item 11): a strict Content-Security-Policy that the
dashboard's own pages satisfy, no framing, no MIME sniffing, HSTS behind https."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from conftest import logged_in
from vigile.web.app import create_app
from vigile.workspace import open_workspace

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}
CRAWL_LIMIT = 60


@pytest.fixture(scope="module")
def app(demo_home: Path) -> FastAPI:
    return create_app(open_workspace(demo_home))


def policy(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


class InlineCode(HTMLParser):
    """What a strict CSP blocks: inline scripts, style attributes and elements, on*=
    handlers, javascript: URLs; and the page's same-site links, to crawl on."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self.links: set[str] = set()
        self._in_script = self._in_style = False
        self.styles: list[str] = []  # allowed only by their hash in the page's own policy

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script" and not named.get("src"):
            self._in_script = True
        if tag == "style":
            self._in_style = True
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.blocked.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}={value!r}>")
        href = named.get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith("//"):
            self.links.add(href.split("#")[0])

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.blocked.append(f"inline <script>: {data.strip()[:60]!r}")
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"
        self._in_style = self._in_style and tag != "style"


def unhashed_styles(page: InlineCode, header: str) -> list[str]:
    allowed = policy(header)["style-src"]
    return [
        f"<style> not in the policy: {css.strip()[:40]!r}"
        for css in page.styles
        if "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        not in allowed
    ]


def test_every_response_carries_the_headers(app: FastAPI) -> None:
    """Issue 18 item 11: none of these headers was sent on any page."""
    visitor, admin = TestClient(app), logged_in(app, role="admin")
    for response in (
        visitor.get("/login"),
        visitor.get("/api/threads"),  # 401 JSON
        visitor.get("/static/vigile.css"),
        admin.get("/"),
        admin.get("/threads/999999"),  # 404 page
        admin.get("/api/status"),
    ):
        headers = response.headers
        assert policy(headers["content-security-policy"]).items() >= STRICT.items(), response.url
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" not in headers  # base_url is http://


def test_hsts_when_the_base_url_is_https(demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGILE_BASE_URL", "https://vigile.example.org")
    response = TestClient(create_app(open_workspace(demo_home))).get("/login")
    assert response.headers["strict-transport-security"] == "max-age=31536000"


def test_the_dashboard_pages_need_no_inline_code(app: FastAPI) -> None:
    """The strict policy would block them: crawl the admin's pages from the inbox."""
    admin = logged_in(app, role="admin")
    queue, seen, problems, reports = ["/"], {"/login", "/password/forgot"}, {}, 0
    shapes: dict[str, int] = {}  # two pages of each kind (/threads/N...) are enough
    while queue and len(seen) < CRAWL_LIMIT:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path.split("?")[0])
        if (
            path in seen
            or path.startswith(("/logout", "/login", "/static", "/api"))
            or shapes.get(shape, 0) >= 2
        ):
            continue
        seen.add(path)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = admin.get(path, follow_redirects=True)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        page = InlineCode()
        page.feed(response.text)
        blocked = page.blocked + unhashed_styles(page, response.headers["content-security-policy"])
        if blocked:
            problems[path] = blocked
        reports += path.endswith("/report")
        queue.extend(sorted(page.links - seen))
    for path in ("/login", "/password/forgot"):  # a visitor's (GET /login ends a session)
        page = InlineCode()
        page.feed(TestClient(app).get(path).text)
        problems.update({path: page.blocked} if page.blocked else {})
    assert len(shapes) >= 15 and any(p.startswith("/threads/") for p in seen)
    assert any(p.startswith("/pages/") for p in seen)  # the volume chart and its legend
    assert reports  # the incident report carries its own styles (saved and sent on)
    assert not problems, problems


def test_templates_hold_no_inline_code() -> None:
    """Also the pages the crawl does not reach (forms after errors, invitations...)."""
    templates = resources.files("vigile.web").joinpath("templates")
    problems = {}
    for template in templates.iterdir():
        if template.name.endswith(".html"):
            page = InlineCode()
            page.feed(re.sub(r"{[{%#].*?[}%#]}", "", template.read_text("utf-8"), flags=re.S))
            if page.blocked or page.styles:
                problems[template.name] = page.blocked + page.styles
    assert not problems, problems


def test_the_api_docs_page_has_its_own_policy(app: FastAPI) -> None:
    response = TestClient(app).get("/api/docs")
    assert response.status_code == 200 and "SwaggerUIBundle" in response.text
    rules = policy(response.headers["content-security-policy"])
    nonce = re.search(r"'nonce-([^']+)'", rules["script-src"])
    assert nonce is not None and f'<script nonce="{nonce.group(1)}">' in response.text
    assert rules["frame-ancestors"] == "'none'" and rules["object-src"] == "'none'"
    assert response.headers["x-frame-options"] == "DENY"
    again = TestClient(app).get("/api/docs").headers["content-security-policy"]
    assert nonce.group(1) not in again  # a fresh nonce per answer
    assert TestClient(app).get("/redoc").status_code != 200
