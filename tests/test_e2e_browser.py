"""End to end in headless Chromium: a CM handles the derailing demo thread, EN and FR.

A real `vigile serve` on a loopback port serves the demo workspace; Playwright drives
Debian's chromium (`executable_path`, no downloaded browser). Each step leaves a
screenshot in test-artifacts/e2e/ for CI to keep. Without chromium (or playwright) the
tests skip with the reason, except where VIGILE_REQUIRE_BROWSER=1 (CI) makes them fail.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import Cli, free_port, served

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("VIGILE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "e2e"
TIMEOUT_MS = 20_000
REPLY_LABEL = re.compile(r"^(Reply|Réponse) \(")

# what the CM types, per page language: a reply the check blocks, and one it lets through
REPLIES = {
    "en": {
        "bad": "Obviously… you should have read the manual before ordering.",
        "good": "Thank you for your patience: we are writing to each of you in private "
        "today with a delivery date.",
        "blocked": "to rework before sending",
        "passed": "ready to send",
        "ack": "Acknowledge",
        "copied": "Paste this text on the network",
        "logged_ack": "acknowledged alert #{id}",
        "logged_reply": "reply copied to the network",
    },
    "fr": {
        "bad": "Bien sûr… vous auriez dû lire la notice avant de commander.",
        "good": "Merci pour votre patience : nous écrivons aujourd'hui à chacun et chacune en "
        "message privé avec une date de livraison.",
        "blocked": "à retravailler avant l'envoi",
        "passed": "prête à partir",
        "ack": "Accuser réception",
        "copied": "Collez ce texte sur le réseau",
        "logged_ack": "réception de l'alerte n° {id} accusée",
        "logged_reply": "réponse copiée sur le réseau",
    },
}


def _browser_or_skip() -> None:
    """Skip with the reason, or fail when the run requires the browser (CI)."""
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "playwright is not installed (pip install -e '.[dev]')"
    if problem is None and not CHROMIUM.exists():
        problem = f"{CHROMIUM} not found (apt-get install chromium)"
    if problem is None:
        return
    if os.environ.get("VIGILE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"VIGILE_REQUIRE_BROWSER=1 but {problem}")
    pytest.skip(f"browser tests need chromium: {problem}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """`vigile demo --no-serve`, then `vigile serve` on a free loopback port."""
    _browser_or_skip()
    home = tmp_path_factory.mktemp("e2e") / "demo"
    built = Cli()("demo", home, "--no-serve")
    assert built.exit_code == 0, built.output
    email, password = (home / "demo-login.txt").read_text("utf-8").split()
    port = free_port()
    log_path = tmp_path_factory.mktemp("logs") / "serve.log"
    with (
        log_path.open("wb") as log,
        served("serve", "--home", str(home), port=port, log=log) as base,
    ):
        yield {"base": base, "email": email, "password": password}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab; any Content-Security-Policy violation on the way fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    violations: list[str] = []
    opened.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield opened
    context.close()
    assert not violations, violations


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login_with_keyboard(page: Page, base: str, email: str, password: str) -> None:
    """Tab to the e-mail field, type, Tab to the password, type, Enter: no mouse."""
    page.goto(f"{base}/login")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "email":
            break
    else:
        pytest.fail("the e-mail field cannot be reached with Tab")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_cm_handles_the_derailing_thread(page: Page, server: dict[str, str], lang: str) -> None:
    """login → inbox → thread → acknowledge → check and send a reply → report."""
    try:
        journey(page, server, lang)
    except BaseException:
        shoot(page, f"{lang}-FAILED")
        raise


def journey(page: Page, server: dict[str, str], lang: str) -> None:
    base, words = server["base"], REPLIES[lang]
    shot = f"{lang}-"
    page.goto(f"{base}/login")
    shoot(page, shot + "01-login")
    login_with_keyboard(page, base, server["email"], server["password"])

    # the language switch in the header, then the inbox: the riskiest thread is first
    if lang == "fr":
        page.get_by_role("link", name="Français").click()
        page.wait_for_url(re.compile(r"lang=fr"))
    assert page.locator("html").get_attribute("lang") == lang
    shoot(page, shot + "02-inbox")
    ranked = page.request.get(f"{base}/api/threads").json()
    assert ranked[0]["derailment"] == max(t["derailment"] for t in ranked)
    first = page.locator("main a[href^='/threads/']").first
    assert first.get_attribute("href") == f"/threads/{ranked[0]['post_id']}"
    first.click()

    # the thread: why it is at the top
    page.wait_for_url(re.compile(r"/threads/\d+"))
    reasons = page.locator("dd.reasons").inner_text().strip()
    assert reasons and reasons != "—"
    shoot(page, shot + "03-thread")

    # acknowledge its first open alert
    alerts = page.locator("#alerts li[data-status='open']")
    alert_id = alerts.first.get_attribute("data-alert")
    alerts.first.get_by_role("button", name=words["ack"]).click()
    page.wait_for_url(re.compile(r"#alerts$"))
    assert page.locator(f"#alerts li[data-alert='{alert_id}']").get_attribute("data-status") == (
        "acknowledged"
    )
    shoot(page, shot + "04-acknowledged")

    # the reply box holds the draft; a bad reply is marked, a good one passes, then send
    box = page.get_by_label(REPLY_LABEL)
    assert box.input_value().strip()
    box.fill(words["bad"])
    page.get_by_role("button", name=re.compile("^(Check|Vérifier)$")).click()
    verdict = page.locator(".check")
    assert verdict.get_attribute("data-ok") == "false"
    assert words["blocked"] in verdict.inner_text()
    assert page.locator(".checked-text mark").count() >= 1
    shoot(page, shot + "05-check-blocked")
    page.get_by_label(REPLY_LABEL).fill(words["good"])
    page.get_by_role("button", name=re.compile("^(Check|Vérifier)$")).click()
    assert page.locator(".check").get_attribute("data-ok") == "true"
    assert words["passed"] in page.locator(".check").inner_text()
    shoot(page, shot + "06-check-passed")
    page.get_by_role("button", name=re.compile("^(Send|Envoyer)$")).click()
    page.wait_for_url(re.compile(r"sent=\d+"))
    sent = page.locator(".notice.sent")
    assert words["copied"] in sent.inner_text()
    assert page.locator("#copy-text").input_value() == words["good"]
    shoot(page, shot + "07-sent")

    # the incident report: the acknowledgment and the reply are in the decision log
    page.locator("#alerts a[href$='/report']").first.click()
    page.wait_for_url(re.compile(r"/incidents/\d+/report"))
    report = page.locator("body").inner_text()
    assert words["logged_ack"].format(id=alert_id) in report
    assert words["logged_reply"] in report and words["good"] in report
    assert server["email"] in report
    shoot(page, shot + "08-report")
