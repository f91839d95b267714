"""Run the web app: take the listening socket first, so that a taken port is told plainly.

The socket is bound here and handed to uvicorn (which would otherwise log a bare
`[Errno 98]` and exit); the dashboard's address is printed only once it is ours.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable

from fastapi import FastAPI

from vigile.domain.errors import PortUnavailable
from vigile.i18n import t


def serve(
    app: FastAPI, *, host: str, port: int, lang: str, on_listening: Callable[[], None]
) -> None:
    """Listen on host:port, call `on_listening`, then serve until stopped."""
    import uvicorn

    sock = listening_socket(host, port, lang=lang)
    on_listening()
    # proxy headers are the app's business (setting trusted_proxies): uvicorn's own layer
    # would believe X-Forwarded-For from 127.0.0.1, which any local process can send
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
        server_header=False,
    )
    uvicorn.Server(config).run(sockets=[sock])


def listening_socket(host: str, port: int, *, lang: str) -> socket.socket:
    """A socket bound to host:port as uvicorn binds it; PortUnavailable says why not."""
    try:
        return _bind(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            message = t(
                "serve.port_in_use", lang, host=host, port=port, free=_free_near(host, port)
            )
        else:
            message = t("serve.cannot_listen", lang, host=host, port=port, reason=exc.strerror)
        raise PortUnavailable(message) from None


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _free_near(host: str, port: int) -> int:
    """The first port after `port` that can be bound now (a suggestion, not a promise)."""
    for candidate in range(port + 1, min(port + 50, 65536)) or range(8001, 8050):
        try:
            _bind(host, candidate).close()
        except OSError:
            continue
        return candidate
    return port + 1
