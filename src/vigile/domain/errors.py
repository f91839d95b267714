"""One error hierarchy: every error has a stable code and a human message."""

from __future__ import annotations


class VigileError(Exception):
    """Base of every error Vigile reports to a person (CLI exit code, HTTP status)."""

    code = "vigile_error"
    exit_code = 1
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WorkspaceNotFound(VigileError):
    code = "workspace_not_found"
    exit_code = 3
    http_status = 500


class WorkspaceExists(VigileError):
    code = "workspace_exists"
    exit_code = 3
    http_status = 409


class ConfigError(VigileError):
    """A settings or charter file is invalid; the message names the file, line or field."""

    code = "config_error"
    exit_code = 2
    http_status = 422


class InputError(VigileError):
    """A row of user input is invalid; carries the line number and the field when known."""

    code = "input_error"
    exit_code = 2
    http_status = 422

    def __init__(self, message: str, *, line: int | None = None, field: str | None = None) -> None:
        where = []
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
        self.line = line
        self.field = field
        self.reason = message


class NotFound(VigileError):
    code = "not_found"
    exit_code = 4
    http_status = 404


class InvalidTransition(VigileError):
    """A lifecycle move that is not allowed (e.g. resolved → acknowledged)."""

    code = "invalid_transition"
    exit_code = 2
    http_status = 409


class ConnectorError(VigileError):
    """A network could not be read or written (after retries); the message names it."""

    code = "connector_error"
    exit_code = 5
    http_status = 502


class CredentialsError(ConnectorError):
    """A token is missing, expired or revoked: a person must act, retrying will not help."""

    code = "credentials_error"


class RateLimited(ConnectorError):
    """A network asked to wait longer than Vigile is willing to block for."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PayloadError(ConnectorError):
    """A network answered with data Vigile cannot read; the message names the field."""

    code = "payload_error"


class PortUnavailable(VigileError):
    """`vigile serve` cannot listen where asked (the port is taken, or not allowed)."""

    code = "port_unavailable"
    exit_code = 2


class SignatureError(VigileError):
    """A pushed request is not signed with the source's shared secret."""

    code = "bad_signature"
    exit_code = 2
    http_status = 401


class TooLarge(VigileError):
    code = "too_large"
    exit_code = 2
    http_status = 413


class NotAuthenticated(VigileError):
    """No valid session or API token: log in (dashboard) or send a Bearer token (API)."""

    code = "not_authenticated"
    exit_code = 2
    http_status = 401


class Forbidden(VigileError):
    """Logged in, but the role in the current organisation does not allow the action."""

    code = "forbidden"
    exit_code = 2
    http_status = 403


class CsrfFailed(Forbidden):
    """A state-changing form came without this session's CSRF token."""

    code = "csrf_failed"


class TooManyAttempts(VigileError):
    code = "too_many_attempts"
    exit_code = 2
    http_status = 429


class MailError(VigileError):
    """The mail server is not configured, unreachable or refused the message."""

    code = "mail_error"
    http_status = 502
