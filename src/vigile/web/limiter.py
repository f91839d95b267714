"""Failed logins (and password-reset requests) counted per client, in memory.

Two buckets, each with a lockout that doubles every time it is hit again:

- per (account, client): a client that fails `per_account` times within `window` seconds
  for one e-mail is refused *for that e-mail* (HTTP 429) for `window` seconds, then twice
  as long after the next series, up to `max_lockout`. Another client is not affected, so
  a stranger cannot lock the owner out of their account; the owner's success clears
  their own record.
- per client: a client that fails `per_client` times within `window` seconds, whatever
  the e-mails, is refused for every e-mail (password spraying).

The client is the connection's address, or the one a trusted proxy forwards (setting
`trusted_proxies`); a spoofed `X-Forwarded-For` from anyone else is ignored. An IPv6
client counts by its /64 network: one machine commonly holds all of it.
"""

from __future__ import annotations

import ipaddress
import time
from collections import deque
from dataclasses import dataclass, field

from starlette.requests import Request


@dataclass
class _Record:
    failures: deque[float] = field(default_factory=deque)
    lockouts: int = 0  # how many times this key was locked out: the next one lasts longer
    until: float = 0.0  # refused until then (monotonic clock)
    last: float = 0.0  # time of the last failure


class LoginLimiter:
    """Refuses a client that keeps failing, for one account or for all of them."""

    def __init__(
        self,
        *,
        per_account: int = 5,
        per_client: int = 20,
        window: float = 60.0,
        max_lockout: float = 3600.0,
    ) -> None:
        self.limits = {"account": per_account, "client": per_client}
        self.window = window
        self.max_lockout = max_lockout
        self._records: dict[tuple[str, ...], _Record] = {}
        self._swept = time.monotonic()

    def blocked(self, *, ip: str, email: str) -> bool:
        """Whether this client is refused for this e-mail now."""
        now = time.monotonic()
        return any(
            (record := self._records.get(key)) is not None and record.until > now
            for key in _keys(ip, email).values()
        )

    def failed(self, *, ip: str, email: str) -> None:
        """Count a failure; lock the client out of the account, or out of all, at a limit."""
        now = time.monotonic()
        for bucket, key in _keys(ip, email).items():
            record = self._records.setdefault(key, _Record())
            while record.failures and now - record.failures[0] > self.window:
                record.failures.popleft()
            record.failures.append(now)
            record.last = now
            if len(record.failures) >= self.limits[bucket]:
                lockout = min(self.window * 2**record.lockouts, self.max_lockout)
                record.until, record.lockouts = now + lockout, record.lockouts + 1
                record.failures.clear()
        self._sweep(now)

    def succeeded(self, *, ip: str, email: str) -> None:
        """The client proved it knows the password: forget its failures for the account."""
        self._records.pop(_keys(ip, email)["account"], None)

    def __len__(self) -> int:
        return len(self._records)

    def _sweep(self, now: float) -> None:
        """Forget keys quiet for longer than the longest lockout (memory stays bounded)."""
        if now - self._swept < self.window:
            return
        self._swept = now
        quiet = self.max_lockout + self.window
        for key in [k for k, r in self._records.items() if now - max(r.last, r.until) > quiet]:
            del self._records[key]


def _keys(ip: str, email: str) -> dict[str, tuple[str, ...]]:
    return {"account": ("account", ip, email.strip().lower()), "client": ("client", ip)}


def client_of(request: Request) -> str:
    """The client's address as the limiter counts it (an IPv6 address by its /64)."""
    host = request.client.host if request.client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
