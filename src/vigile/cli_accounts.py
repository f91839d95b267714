"""`vigile org ...`, `vigile user ...`, `vigile token create`: accounts from the command line.

Passwords and tokens are printed once, on standard output, and never logged.
"""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from vigile.cli_common import handles_errors, out
from vigile.domain.model import iso_z
from vigile.i18n import pick_language, t
from vigile.store import accounts
from vigile.workspace import Workspace, open_workspace

org_app = typer.Typer(
    help="Organisations (brands): add, list, give them pages.", no_args_is_help=True
)
user_app = typer.Typer(help="Dashboard users: add, list, roles, passwords.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens (Authorization: Bearer ...).", no_args_is_help=True)

HomeOption = Annotated[Path | None, typer.Option("--home", help="Workspace folder.")]
StdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]
RoleOption = Annotated[str, typer.Option("--role", help="admin, manager, cm or viewer.")]


def _lang() -> str:
    return pick_language()


def _say(key: str, **values: object) -> None:
    out.print(t(key, _lang(), **values), markup=False)


@org_app.command("add")
@handles_errors
def org_add(
    name: Annotated[str, typer.Argument(help="Name of the organisation.")], home: HomeOption = None
) -> None:
    """Add an organisation (an agency runs one per brand)."""
    with open_workspace(home).db.session() as session:
        org = accounts.add_organisation(session, name)
        _say("accounts.org_added", name=org.name, slug=org.slug)


@org_app.command("list")
@handles_errors
def org_list(home: HomeOption = None) -> None:
    """Organisations with their slugs."""
    from sqlalchemy import select

    from vigile.store.schema import Organisation

    with open_workspace(home).db.session() as session:
        rows = session.execute(
            select(Organisation.slug, Organisation.name).order_by(Organisation.id)
        )
        for slug, name in rows:
            typer.echo(f"{slug}\t{name}")


@org_app.command("assign")
@handles_errors
def org_assign(
    organisation: Annotated[str, typer.Argument(help="Organisation name or slug.")],
    page: Annotated[str, typer.Argument(help="Page as network:handle.")],
    home: HomeOption = None,
) -> None:
    """Give a page (and its threads, alerts and incidents) to an organisation."""
    with open_workspace(home).db.session() as session:
        accounts.assign_page(session, page=page, organisation=organisation)
    _say("accounts.page_moved", page=page, org=organisation)


@user_app.command("add")
@handles_errors
def user_add(
    email: str,
    name: Annotated[str, typer.Option("--name", help="Display name.")],
    org: Annotated[str, typer.Option("--org", help="Organisation name or slug.")],
    role: RoleOption = "cm",
    password_stdin: StdinOption = False,
    home: HomeOption = None,
) -> None:
    """Add a user; without --password-stdin a random password is printed once."""
    password = _stdin_password() if password_stdin else secrets.token_urlsafe(12)
    with open_workspace(home).db.session() as session:
        user = accounts.add_user(
            session, email=email, name=name, password=password, role=role, organisation=org
        )
        _say("accounts.user_added", email=user.email, role=role, org=org)
    if not password_stdin:
        _say("accounts.password_once", password=password)


@user_app.command("invite")
@handles_errors
def user_invite(
    email: str,
    org: Annotated[str, typer.Option("--org", help="Organisation name or slug.")],
    role: RoleOption = "cm",
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the e-mail (en or fr).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """E-mail an invitation link (single use, 7 days); without smtp_url, print the link."""
    from vigile.account_mail import invite

    workspace = open_workspace(home)
    settings = workspace.settings
    with workspace.db.session() as session:
        organisation = accounts.find_organisation(session, org)
        done = invite(
            session,
            settings,
            organisation_id=organisation.id,
            email=email,
            role=role,
            lang=lang or str(settings.language),
            actor="cli",
        )
    invitation = done.invitation
    expires = iso_z(invitation.expires_at)
    where = {"email": invitation.email, "org": invitation.organisation, "role": role}
    _say("users.invite_cli", **where, expires=expires)
    if done.sent:
        _say("users.invite_cli_sent")
        return
    if done.error:
        _say("users.invite_cli_failed", error=done.error)
    _say("users.invite_cli_link", link=done.link)


@user_app.command("passwd")
@handles_errors
def user_passwd(email: str, password_stdin: StdinOption = False, home: HomeOption = None) -> None:
    """Set a new password (asked twice, or read from stdin); old sessions stop working."""
    if password_stdin:
        password = _stdin_password()
    else:
        password = typer.prompt(
            t("accounts.password_prompt", _lang()), hide_input=True, confirmation_prompt=True
        )
    with open_workspace(home).db.session() as session:
        accounts.set_password(session, email, password)
    _say("accounts.password_changed")


@user_app.command("role")
@handles_errors
def user_role(
    email: str,
    org: Annotated[str, typer.Option("--org", help="Organisation name or slug.")],
    role: RoleOption,
    home: HomeOption = None,
) -> None:
    """Give a user a role in an organisation (adds the membership or changes the role)."""
    with open_workspace(home).db.session() as session:
        accounts.set_membership(session, email=email, organisation=org, role=role)
    _say("accounts.member_set", email=email, role=role, org=org)


@user_app.command("disable")
@handles_errors
def user_disable(email: str, home: HomeOption = None) -> None:
    """Stop a user from logging in; their sessions and API tokens stop working at once."""
    with open_workspace(home).db.session() as session:
        accounts.set_active(session, email, active=False)
    _say("accounts.user_disabled", email=email)


@user_app.command("enable")
@handles_errors
def user_enable(email: str, home: HomeOption = None) -> None:
    """Let a disabled user log in again."""
    with open_workspace(home).db.session() as session:
        accounts.set_active(session, email, active=True)
    _say("accounts.user_active", email=email)


@user_app.command("list")
@handles_errors
def user_list(
    home: HomeOption = None, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Users with their roles in each organisation."""
    with open_workspace(home).db.session() as session:
        users = accounts.list_users(session)
    if as_json:
        rows = [
            {
                "email": u.email,
                "name": u.display_name,
                "active": u.active,
                "roles": {m.organisation: m.role for m in u.memberships},
            }
            for u in users
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not users:
        _say("accounts.no_users")
        return
    table = Table("email", "name", "roles", "active")
    for u in users:
        roles = ", ".join(f"{m.organisation}: {m.role}" for m in u.memberships)
        table.add_row(
            u.email, u.display_name, roles, "" if u.active else t("accounts.inactive", _lang())
        )
    out.print(table)


@token_app.command("create")
@handles_errors
def token_create(
    user: Annotated[str, typer.Option("--user", help="E-mail of the token's owner.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")],
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation (default: the user's first).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Create an API token acting as USER in one organisation; it is printed once."""
    with open_workspace(home).db.session() as session:
        token = accounts.create_token(session, email=user, name=name, organisation=org)
    _say("accounts.token_once", name=name, token=token)


@token_app.command("list")
@handles_errors
def token_list(home: HomeOption = None) -> None:
    """API tokens: id, name, owner, organisation, created, last used (never the token)."""
    with open_workspace(home).db.session() as session:
        tokens = accounts.list_tokens(session)
    table = Table("id", "name", "owner", "organisation", "created", "last used")
    for tok in tokens:
        used = iso_z(tok.last_used_at) if tok.last_used_at else "—"
        table.add_row(
            str(tok.id), tok.name, tok.owner, tok.organisation, iso_z(tok.created_at), used
        )
    out.print(table)


@token_app.command("revoke")
@handles_errors
def token_revoke(token_id: int, home: HomeOption = None) -> None:
    """Delete an API token: requests carrying it get 401 from now on."""
    with open_workspace(home).db.session() as session:
        accounts.revoke_token(session, token_id)
    _say("accounts.token_revoked", id=token_id)


def has_users(workspace: Workspace) -> bool:
    """False on a new workspace: nobody can log in to the dashboard yet."""
    with workspace.db.session() as session:
        return bool(accounts.list_users(session))


def _stdin_password() -> str:
    return sys.stdin.readline().rstrip("\r\n")
