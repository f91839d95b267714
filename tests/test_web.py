"""Dashboard and REST API through the ASGI client; `vigile serve` on a real loopback port."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import Cli, free_port, logged_in, served
from vigile.web.app import create_app


@pytest.fixture
def client(demo_home: Path) -> TestClient:
    from vigile.workspace import open_workspace

    return logged_in(create_app(open_workspace(demo_home)))


def test_dashboard_lists_demo_threads_by_risk(client: TestClient) -> None:
    threads = client.get("/api/threads").json()
    assert len(threads) == 8
    risks = [t["derailment"] for t in threads]
    assert risks == sorted(risks, reverse=True)
    page = client.get("/?lang=en")
    assert page.status_code == 200
    html = page.text
    assert "Threads by risk" in html
    # the pile-on and derailing threads come before the calm contest thread
    top = {t["post_text"][:40] for t in threads[:3]}
    assert any("Ruche" in text or "cargo" in text.lower() for text in top)
    assert html.index(f'data-thread="{threads[0]["post_id"]}"') < html.index(
        f'data-thread="{threads[-1]["post_id"]}"'
    )


def test_thread_view_shows_comments_and_scores(client: TestClient) -> None:
    first = client.get("/api/threads").json()[0]
    detail = client.get(f"/api/threads/{first['post_id']}").json()
    assert detail["comments"] and all("toxicity" in c["scores"] for c in detail["comments"])
    page = client.get(f"/threads/{first['post_id']}?lang=fr")
    assert page.status_code == 200
    assert "Risque de dérapage" in page.text
    assert detail["comments"][0]["text"].split()[0] in page.text
    # the trajectory: one point per comment for each signal, titled in the page's language
    title = "Toxicité et négativité de chaque commentaire, et le risque de dérapage après lui"
    assert f'aria-label="{title}"' in page.text
    for signal in ("toxicity", "negativity", "derailment"):
        line = re.search(rf'data-signal="{signal}"[^>]*points="([^"]+)"', page.text)
        assert line and len(line.group(1).split()) == len(detail["comments"])


def test_language_choice_sticks_in_a_cookie(client: TestClient) -> None:
    assert "Fils par niveau de risque" in client.get("/?lang=fr").text
    assert "Fils par niveau de risque" in client.get("/").text


def test_unknown_thread_is_404_in_html_and_json(client: TestClient) -> None:
    assert client.get("/threads/999999").status_code == 404
    response = client.get("/api/threads/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_status_and_alerts_api(client: TestClient) -> None:
    counts = client.get("/api/status").json()
    assert counts["comments"] == 207 and counts["backlog"] == 0
    alerts = client.get("/api/alerts").json()
    assert any(a["kind"] == "negative_buzz" for a in alerts)
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Vigile"


def test_vigile_serve_answers_on_loopback(cli: Cli, demo_home: Path) -> None:
    with served("serve", "--home", str(demo_home), port=free_port()) as base:
        # a visitor without a session lands on the login form
        response = httpx.get(f"{base}/", timeout=2, follow_redirects=True)
        assert response.status_code == 200
        assert "Vigile" in response.text
        assert response.url.path == "/login"
        assert httpx.get(f"{base}/static/vigile.css").status_code == 200


def test_demo_command_builds_a_workspace_without_serving(cli: Cli, tmp_path: Path) -> None:
    result = cli("demo", tmp_path / "demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert "207 comments" in result.output
    again = cli("demo", tmp_path / "demo", "--no-serve")
    assert again.exit_code == 0 and "207 comments" in again.output


def test_serve_on_a_taken_port_names_it_and_says_how_to_choose_another(
    cli: Cli, sqlite_home: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--home", sqlite_home, "--port", port)
        french = cli("serve", "--home", sqlite_home, "--port", port, env={"VIGILE_LANGUAGE": "fr"})
    assert result.exit_code == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in result.output
    assert "--port" in result.output and "make demo PORT=" in result.output
    assert "Dashboard on" not in result.output  # no address that does not answer
    assert "Errno" not in result.output
    assert french.exit_code == 2 and f"Le port {port} sur 127.0.0.1 est déjà utilisé" in (
        french.output
    )


def test_make_demo_passes_its_port_to_the_server() -> None:
    root = Path(__file__).resolve().parents[1]
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k != "PORT"}

    def planned(*args: str) -> list[str]:
        dry_run = ["make", "-n", "-C", str(root), "demo", *args]
        lines = subprocess.run(dry_run, capture_output=True, text=True, check=True, env=env)
        return [line.strip() for line in lines.stdout.splitlines() if "vigile demo" in line]

    assert planned("PORT=8010") == [".venv/bin/vigile demo --port 8010"]
    assert planned() == [".venv/bin/vigile demo"]


def test_vigile_demo_serves_on_the_port_asked(demo_home: Path) -> None:
    with served("demo", str(demo_home), port=free_port()) as base:
        assert httpx.get(f"{base}/login", timeout=2).status_code == 200
