"""HTTP for connectors: timeouts, Retry-After, exponential backoff, clear errors.

Tokens go in the Authorization header and are never logged; URLs are logged at DEBUG.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from vigile import __version__
from vigile.domain.errors import ConnectorError, CredentialsError, PayloadError, RateLimited
from vigile.domain.model import as_utc
from vigile.i18n import pick_language, t

log = logging.getLogger(__name__)
# httpx logs every request's full URL at INFO; URLs carry page names and may carry query
# credentials, so they stay out of the logs whatever level the application sets.
logging.getLogger("httpx").setLevel(logging.WARNING)
ATTEMPTS = 4
BACKOFF_BASE = 2.0
BACKOFF_CAP = 60.0


class Http:
    """One network's API: waits out 429s (up to `max_wait`), backs off on 5xx and timeouts."""

    def __init__(
        self,
        *,
        network: str,
        base_url: str,
        token: str | None,
        sleep: Callable[[float], None],
        clock: Callable[[], datetime],
        max_wait: float = 900.0,
        timeout: float = 20.0,
        expired_token_errors: frozenset[str] = frozenset(),
        relative_reset: bool = False,
        classify: Callable[[httpx.Response], ConnectorError | None] | None = None,
        secret_headers: Mapping[str, str] | None = None,
    ) -> None:
        headers = {"User-Agent": f"Vigile/{__version__}", "Accept": "application/json"}
        headers.update(secret_headers or {})  # e.g. an API key: headers are never logged
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.Client(base_url=base_url, headers=headers, timeout=timeout)
        self.network = network
        self.authenticated = bool(token)
        self._sleep = sleep
        self._clock = clock
        self._max_wait = max_wait
        self._expired = expired_token_errors  # `error` codes of a 400 meaning "token expired"
        self._relative_reset = relative_reset  # the reset header counts seconds from now
        self._classify = classify  # a network's own reading of an error answer, first

    def authorize(self, token: str) -> None:
        """Send `token` as a bearer token from now on (e.g. after opening a session)."""
        self._client.headers["Authorization"] = f"Bearer {token}"
        self.authenticated = True

    def get(self, url: str, *, params: Mapping[str, Any] | None = None) -> httpx.Response:
        return self._send(self._client.build_request("GET", url, params=params))

    def post(
        self,
        url: str,
        *,
        data: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool = True,
    ) -> httpx.Response:
        """POST a form (`data`) or a JSON document (`json`).

        A request that is not `idempotent` is not retried after a timeout or a server
        error (it may have been applied); a 429 is still waited out (it was not).
        """
        request = self._client.build_request("POST", url, data=data, json=json, headers=headers)
        return self._send(request, retry_failures=idempotent)

    def close(self) -> None:
        self._client.close()

    def _send(self, request: httpx.Request, *, retry_failures: bool = True) -> httpx.Response:
        for attempt in range(ATTEMPTS):
            last = attempt == ATTEMPTS - 1
            try:
                response = self._client.send(request)
            except httpx.TransportError as exc:
                if last or not retry_failures:
                    raise self._error("connectors.unreachable", reason=type(exc).__name__) from exc
                self._sleep(backoff(attempt))
                continue
            log.debug("%s %s → %s", request.method, request.url.path, response.status_code)
            if response.status_code == 429 and not last:
                self._wait_rate_limit(response, attempt)
                continue
            if response.status_code >= 500 and not last and retry_failures:
                self._sleep(backoff(attempt))
                continue
            checked = self._checked(response)
            self._respect_quota(checked)
            return checked
        raise AssertionError("unreachable")  # pragma: no cover

    def _respect_quota(self, response: httpx.Response) -> None:
        """When the answer says no request is left, wait for the reset instead of a 429."""
        headers = response.headers
        remaining = headers.get("x-ratelimit-remaining") or headers.get("ratelimit-remaining")
        if remaining is None or not _used_up(remaining):
            return
        wait = retry_after(headers, now=self._clock(), relative_reset=self._relative_reset)
        if wait and wait <= self._max_wait:
            log.info("%s quota used up, waiting %.0f s for its reset", response.url.host, wait)
            self._sleep(wait)

    def _wait_rate_limit(self, response: httpx.Response, attempt: int) -> None:
        wait = retry_after(response.headers, now=self._clock(), relative_reset=self._relative_reset)
        wait = backoff(attempt) if wait is None else wait
        if wait > self._max_wait:
            raise RateLimited(
                t("connectors.rate_limited", pick_language(), network=self.network, seconds=wait),
                retry_after=wait,
            )
        log.info("%s asked to wait %.0f s (HTTP 429)", response.url.host, wait)
        self._sleep(wait)

    def _checked(self, response: httpx.Response) -> httpx.Response:
        status = response.status_code
        if status >= 400 and self._classify is not None:
            error = self._classify(response)
            if error is not None:
                raise error
        if status in (401, 403) or (status == 400 and self._error_code(response) in self._expired):
            key = "connectors.token_rejected" if self.authenticated else "connectors.token_needed"
            raise CredentialsError(t(key, pick_language(), network=self.network, status=status))
        if status == 429:
            wait = (
                retry_after(
                    response.headers, now=self._clock(), relative_reset=self._relative_reset
                )
                or BACKOFF_CAP
            )
            raise RateLimited(
                t("connectors.rate_limited", pick_language(), network=self.network, seconds=wait),
                retry_after=wait,
            )
        if status >= 400:
            raise self._error("connectors.http_error", reason=f"HTTP {status}")
        return response

    @staticmethod
    def _error_code(response: httpx.Response) -> str | None:
        try:
            body = response.json()
        except ValueError:
            return None
        return str(body.get("error")) if isinstance(body, dict) else None

    def _error(self, key: str, **values: object) -> ConnectorError:
        return ConnectorError(t(key, pick_language(), network=self.network, **values))


def backoff(attempt: int) -> float:
    """Seconds before retry number `attempt + 1`: 2, 4, 8, ... capped at a minute."""
    return float(min(BACKOFF_CAP, BACKOFF_BASE ** (attempt + 1)))


def _used_up(remaining: str) -> bool:
    """No request left: Mastodon says `0`, Reddit `0.0` (a float)."""
    try:
        return float(remaining.strip()) < 1
    except ValueError:
        return False


def retry_after(
    headers: Mapping[str, str], *, now: datetime, relative_reset: bool = False
) -> float | None:
    """Seconds to wait: Retry-After (seconds or HTTP date), else a rate-limit reset time
    (Mastodon's X-RateLimit-Reset in ISO 8601, Bluesky's RateLimit-Reset in epoch seconds,
    Reddit's X-Ratelimit-Reset in seconds from now when `relative_reset`).
    """
    value = headers.get("retry-after")
    if value:
        if value.strip().isdigit():
            return float(value.strip())
        try:
            return max(0.0, (as_utc(parsedate_to_datetime(value)) - now).total_seconds())
        except (TypeError, ValueError):
            pass
    reset = headers.get("x-ratelimit-reset") or headers.get("ratelimit-reset")
    if reset:
        if relative_reset:
            try:
                return max(0.0, float(reset.strip()))
            except ValueError:
                return None
        if reset.strip().isdigit():
            return max(0.0, float(reset.strip()) - now.timestamp())
        try:
            moment = as_utc(datetime.fromisoformat(reset.replace("Z", "+00:00")))
        except ValueError:
            return None
        return max(0.0, (moment - now).total_seconds())
    return None


def json_body(response: httpx.Response, *, network: str) -> Any:
    """The decoded JSON of an answer; PayloadError naming the endpoint when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        raise PayloadError(
            f"{network}: {response.request.url.path}: the answer is not JSON"
        ) from None
