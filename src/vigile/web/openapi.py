"""The OpenAPI description tells the truth about errors.

Each operation lists the 401, 403, 404, 409 and 422 answers it can give, each in the
`ErrorOut` shape (`{"code", "message"}`, web/errors.py). Most follow from how the route is
built, and are derived from its dependencies:

- 401 when it needs a login or a token (`current_user`);
- 403 when it needs a role (`require_role`), or when it changes something: with the
  session cookie, a write needs the session's CSRF token;
- 404 when its path names an item (another organisation's item answers 404 too);
- 422 when it takes a body or a parameter (a wrong type, a broken limit, a parameter
  given twice).

What a route refuses from its own code beyond that (a 409 when the item's state does
not allow the action, a 403 of a rule other than the role) is listed in `RAISES`;
tests/test_schemathesis.py checks every answer against the description.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from vigile.web.auth import SAFE_METHODS, current_user
from vigile.web.errors import ErrorOut

REF_TEMPLATE = "#/components/schemas/{model}"
ERROR_REF = {"$ref": REF_TEMPLATE.format(model=ErrorOut.__name__)}
DESCRIPTIONS = {
    401: "No valid session or API token (`not_authenticated`).",
    403: "The role in the current organisation does not allow it (`forbidden`), or, with "
    "the session cookie, the CSRF token is missing (`csrf_failed`).",
    404: "No such item in the caller's organisation (`not_found`).",
    409: "The item's state does not allow it now (`invalid_transition`...).",
    413: "The body is too large (`too_large`).",
    422: "A parameter or the body is invalid; the message names it (`input_error`...).",
}
RAISES: dict[str, tuple[int, ...]] = {
    "GET /api/peer/moderation": (403,),  # moderators only
    "PUT /api/charter": (409,),  # the file changed since `base` was read
    "POST /api/incidents/{incident_id}/status": (409,),  # a move the lifecycle forbids
    "PATCH /api/users/{user_id}": (409,),  # the last active admin
    "DELETE /api/users/{user_id}": (409,),
    "POST /api/peer/requests/{request_id}/answers": (409,),  # own or closed request
    "POST /api/peer/requests/{request_id}/question": (409,),  # not held for revision
    "POST /api/peer/answers/{answer_id}/text": (409,),
    "POST /api/peer/answers/{answer_id}/helpful": (409,),  # not the asker, not published
    "POST /api/peer/moderation/requests/{request_id}": (409,),  # already removed
    "POST /api/peer/moderation/answers/{answer_id}": (409,),
}
"""Answers a route gives from its own code, beyond those derived from how it is built
("METHOD /path": codes); tests/test_openapi.py checks that each names a real operation."""


def describe_errors(app: FastAPI) -> None:
    """Make `app.openapi()` list each operation's error answers (built once, cached)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            schemas = spec.setdefault("components", {}).setdefault("schemas", {})
            schemas[ErrorOut.__name__] = ErrorOut.model_json_schema(ref_template=REF_TEMPLATE)
            for method, path, dependant in operations(app):
                operation = spec["paths"][path][method.lower()]
                _set_errors(operation, error_codes(method, path, dependant))
            for unused in ("HTTPValidationError", "ValidationError"):
                schemas.pop(unused, None)
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def operations(app: FastAPI) -> Iterator[tuple[str, str, Dependant]]:
    """(method, path, dependant) of every operation of the description."""
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute) and route.include_in_schema:
            for method in sorted(route.methods or ()):
                yield method, str(route.path), route.dependant


def error_codes(method: str, path: str, dependant: Dependant) -> set[int]:
    calls = [d.call for d in _flat(dependant)]
    signed_in = current_user in calls
    codes = set(RAISES.get(f"{method} {path}", ()))
    if signed_in:
        codes.add(401)
    if any(hasattr(call, "minimum_role") for call in calls) or (
        signed_in and method not in SAFE_METHODS
    ):
        codes.add(403)
    if dependant.path_params or "{" in path:
        codes.add(404)
    if any(_refusable(d) for d in _flat(dependant)):
        codes.add(422)
    return codes


def _set_errors(operation: dict[str, Any], codes: set[int]) -> None:
    responses = operation.setdefault("responses", {})
    if "HTTPValidationError" in str(responses.get("422")):
        del responses["422"]  # FastAPI's own, in its {"detail"} shape
    for code in sorted(codes):
        responses.setdefault(
            str(code),
            {
                "description": DESCRIPTIONS[code],
                "content": {"application/json": {"schema": ERROR_REF}},
            },
        )


def _flat(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _flat(sub)


def _refusable(dependant: Dependant) -> bool:
    """A body or a parameter: FastAPI refuses a wrong type, a broken limit, a missing
    value, and any query parameter given twice (web/deps.py `single_values`)."""
    params = (dependant.body_params, dependant.path_params, dependant.query_params)
    return any(params) or any(
        param.field_info.is_required() or param.field_info.metadata
        for param in (*dependant.header_params, *dependant.cookie_params)
    )
