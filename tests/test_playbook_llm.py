"""The optional LLM backend against a real OpenAI-style server on loopback, and fallbacks."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli, free_port, logged_in
from vigile.demo import build_demo
from vigile.web.app import create_app

REPLY = "Bonjour, merci pour votre message : nous regardons cela avec vous en privé."


class ChatServer(ThreadingHTTPServer):
    mode = "ok"
    seen: list[dict[str, Any]]


class ChatHandler(BaseHTTPRequestHandler):
    """`POST /v1/chat/completions` as OpenAI-compatible servers answer it."""

    server: ChatServer

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.seen.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        if self.server.mode == "slow":
            time.sleep(1.5)
        if self.server.mode == "error":
            self._send(500, {"error": {"message": "model overloaded"}})
            return
        if self.server.mode == "garbage":
            self._send(200, {"unexpected": True})
            return
        self._send(
            200,
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 1764000000,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": REPLY},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
            },
        )

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[ChatServer]:
    chat = ChatServer(("127.0.0.1", 0), ChatHandler)
    chat.seen = []
    thread = threading.Thread(target=chat.serve_forever, daemon=True)
    thread.start()
    yield chat
    chat.shutdown()
    chat.server_close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The demo workspace and the French recall thread (polite complaints)."""
    from vigile.store.queries import threads_by_risk

    folder = tmp_path_factory.mktemp("llm-demo") / "ws"
    workspace = build_demo(folder)
    with workspace.db.session() as session:
        thread = next(
            t.post_id
            for t in threads_by_risk(session)
            if (t.post_text or "").startswith("⚠️ Avis de rappel")
        )
    workspace.db.dispose()
    return folder, thread


def llm_env(server: ChatServer, **extra: str) -> dict[str, str]:
    return {
        "VIGILE_LLM_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1",
        "VIGILE_LLM_MODEL": "tiny-chat",
        **extra,
    }


def test_llm_rewrites_the_draft_with_the_scenario_and_tone(
    cli: Cli, server: ChatServer, demo: tuple[Path, int]
) -> None:
    server.mode, server.seen[:] = "ok", []
    home, thread = demo
    result = cli(
        "reply",
        "draft",
        str(thread),
        "--home",
        home,
        "--json",
        env=llm_env(server, VIGILE_LLM_API_KEY="sk-local-test"),
    )
    assert result.exit_code == 0, result.output
    draft = json.loads(result.stdout)
    assert draft["backend"] == "llm:tiny-chat" and draft["text"] == REPLY
    assert draft["notice"] is None
    [request] = server.seen
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-local-test"
    body = request["body"]
    assert body["model"] == "tiny-chat"
    system, user = body["messages"]
    assert system["role"] == "system" and "Write in French" in system["content"]
    assert "Never admit legal liability" in system["content"]
    assert user["role"] == "user" and "[order_ref]" in user["content"]


def test_the_key_file_is_read_when_the_environment_has_none(
    cli: Cli, server: ChatServer, demo: tuple[Path, int]
) -> None:
    server.mode, server.seen[:] = "ok", []
    home, thread = demo
    (home / ".llm_api_key").write_text("sk-from-file\n", "utf-8")
    try:
        result = cli("reply", "draft", str(thread), "--home", home, env=llm_env(server))
    finally:
        (home / ".llm_api_key").unlink()
    assert result.exit_code == 0 and REPLY in result.output
    assert server.seen[0]["auth"] == "Bearer sk-from-file"


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("error", "HTTP 500"),
        ("slow", "no answer within 0.3 s"),
        ("garbage", "not an OpenAI-style chat completion"),
    ],
)
def test_a_failing_model_falls_back_to_the_template_with_a_notice(
    server: ChatServer,
    demo: tuple[Path, int],
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    why: str,
) -> None:
    from vigile.workspace import open_workspace

    server.mode = mode
    for key, value in llm_env(server, VIGILE_LLM_TIMEOUT="0.3").items():
        monkeypatch.setenv(key, value)
    home, thread = demo
    client = logged_in(create_app(open_workspace(home)))
    draft = client.post(f"/api/threads/{thread}/drafts?lang=en").json()
    assert draft["backend"] == "template"
    assert draft["text"].startswith("Bonjour ") and "[order_ref]" in draft["text"]
    assert draft["notice"] == (
        f"The language model did not answer ({why}); this is the template draft."
    )


def test_an_unreachable_model_falls_back_too(cli: Cli, demo: tuple[Path, int]) -> None:
    port = free_port()
    home, thread = demo
    env = {"VIGILE_LLM_BASE_URL": f"http://127.0.0.1:{port}/v1", "VIGILE_LLM_MODEL": "x"}
    result = cli("reply", "draft", str(thread), "--home", home, env=env)
    assert result.exit_code == 0
    assert "The language model did not answer (ConnectError)" in result.output
    assert "Bonjour " in result.output


def test_the_llm_key_never_comes_from_the_workspace_file(cli: Cli, sqlite_home: Path) -> None:
    config = sqlite_home / "vigile.toml"
    config.write_text(config.read_text() + 'llm_api_key = "sk-oops"\n', "utf-8")
    result = cli("status", "--home", sqlite_home)
    assert result.exit_code == 2
    assert "VIGILE_LLM_API_KEY" in result.output
