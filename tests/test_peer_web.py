"""Peer help through HTTP: a CM of the demo brand asks, a CM of another organisation
answers without ever seeing the originals, the asker marks what helped, e-mails reach a
loopback SMTP server, the commons holds toxic text and personal data, and nothing of a
request crosses organisations but its anonymised text."""

from __future__ import annotations

import email
import json
from collections.abc import Iterator
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from conftest import Mailbox, free_port, logged_in
from vigile.demo import DEMO_ORGANISATION, build_demo
from vigile.store.accounts import add_organisation
from vigile.store.comments import ensure_organisation
from vigile.store.schema import Decision, Incident, Page, User
from vigile.web.app import create_app
from vigile.workspace import open_workspace

QUESTION = (
    "Marie Tremblay (marie.t@exemple.fr) nous relaie sur d'autres pages, "
    "faut-il lui répondre en public ou en privé ?"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The demo workspace (Brindille), a second brand, and its Facebook buzz incident."""
    home = tmp_path_factory.mktemp("peer") / "ws"
    workspace = build_demo(home)
    with workspace.db.session() as s:
        add_organisation(s, "Velo Nord")
        add_organisation(s, "Third Brand")
        ensure_organisation(s)  # `default`: the organisation that runs the server
        incident = s.scalars(select(Incident.id).join(Page).where(Page.network == "facebook"))
        incident_id = incident.one()
    workspace.db.dispose()
    return home, incident_id


def app_for(home: Path, **settings: Any) -> FastAPI:
    return create_app(open_workspace(home, base_url="http://vigile.example", **settings))


@pytest.fixture
def mailing(demo: tuple[Path, int], smtp: tuple[int, Mailbox]) -> Iterator[FastAPI]:
    app = app_for(demo[0], smtp_url=f"smtp://127.0.0.1:{smtp[0]}", mail_from="v@x.example")
    yield app
    app.state.workspace.db.dispose()


def peer(app: FastAPI, email_: str, *, organisation: str, role: str = "cm", **profile: Any) -> Any:
    """A user who opted in (or not) as an experienced peer."""
    client = logged_in(app, role=role, organisation=organisation, email=email_)
    wanted = {"opted_in": True, "lang": "en", "peer_name": "", **profile}
    response = client.put("/api/peer/profile", json=wanted)
    assert response.status_code == 200, response.text
    return client


def ask(client: TestClient, incident_id: int, question: str = QUESTION, lang: str = "fr") -> int:
    data = {"question": question, "request_lang": lang, "action": "ask"}
    sent = client.post(f"/incidents/{incident_id}/help", data=data, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    return int(sent.headers["location"].rsplit("/", 1)[1])


def message(box: Mailbox, to: str) -> email.message.EmailMessage:
    found = [e for e in box.messages if to in e.rcpt_tos]
    assert len(found) == 1, [e.rcpt_tos for e in box.messages]
    parsed = email.message_from_bytes(found[0].content, policy=default_policy)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


def test_a_cm_of_another_organisation_answers_without_seeing_the_originals(
    demo: tuple[Path, int], mailing: FastAPI, smtp: tuple[int, Mailbox]
) -> None:
    _, incident_id = demo
    box = smtp[1]
    asker = logged_in(
        mailing, role="cm", organisation=DEMO_ORGANISATION, email="ana@brindille.example"
    )
    jo = peer(
        mailing, "jo@velo-nord.example", organisation="velo-nord", lang="fr", peer_name="Vieux Loup"
    )
    quiet = peer(mailing, "max@velo-nord.example", organisation="velo-nord", opted_in=False)
    peer(mailing, "lea@brindille.example", organisation=DEMO_ORGANISATION)  # same org: not told

    form = asker.get(f"/incidents/{incident_id}/help/new")
    assert form.status_code == 200 and "Marco_Rouleur" in form.text  # the asker's own data
    preview = asker.post(
        f"/api/incidents/{incident_id}/help/preview", json={"question": QUESTION, "lang": "fr"}
    ).json()
    originals = {r["original"] for r in preview["replacements"]}
    assert {"Marie Tremblay", "marie.t@exemple.fr", "Marco_Rouleur"} <= originals
    assert preview["held_reasons"] == []
    with mailing.state.workspace.db.session() as s:
        s.execute(
            update(User)
            .where(User.email == "ana@brindille.example")
            .values(display_name="Ana Lemieux")
        )
    secrets = {*originals, "brindille", "ana@brindille.example", "Ana Lemieux"}

    request_id = ask(asker, incident_id)
    told = message(box, "jo@velo-nord.example")
    assert "demande n° " in told["subject"]  # jo reads French
    assert f"http://vigile.example/peer/{request_id}" in told.get_content()
    assert [e.rcpt_tos for e in box.messages] == [["jo@velo-nord.example"]]

    seen = [
        jo.get("/peer"),
        jo.get("/api/peer/requests"),
        jo.get("/api/peer/unread"),
        jo.get(f"/peer/{request_id}"),
        jo.get(f"/api/peer/requests/{request_id}"),
    ]
    assert all(r.status_code == 200 for r in seen)
    assert seen[2].json() == {"unread": 1}
    assert jo.get("/api/peer/unread").json() == {"unread": 0}  # read by opening it
    assert any(r["id"] == request_id for r in seen[1].json())
    shown = seen[4].json()
    assert shown["context"]["excerpts"] and "asked_by" not in shown and "delivery" not in shown
    assert (
        shown["can_answer"]
        and not quiet.get(f"/api/peer/requests/{request_id}").json()["can_answer"]
    )

    answered = jo.post(
        f"/peer/{request_id}/answers",
        data={"text": "Répondez-lui d'abord en privé, puis remerciez publiquement."},
        follow_redirects=False,
    )
    assert answered.status_code == 303
    told_asker = message(box, "ana@brindille.example")
    assert f"#{request_id}" in told_asker["subject"]
    seen.append(jo.get(f"/peer/{request_id}"))
    for response in seen:
        body = response.text.casefold()
        leaked = [s for s in secrets if s.casefold() in body]
        assert not leaked, f"{response.url} shows {leaked}"

    own = asker.get(f"/api/peer/requests/{request_id}").json()
    answer = own["answers"][0]
    assert answer["peer"] == "Vieux Loup" and answer["reputation"] == 0
    assert own["delivery"]["sent"] == 1 and own["asked_by"] == "Ana Lemieux"
    page = asker.get(f"/peer/{request_id}").text
    assert "Vieux Loup" in page and "jo@velo-nord.example" not in page and "Velo Nord" not in page

    assert jo.post(f"/api/peer/answers/{answer['id']}/helpful").status_code == 403
    marked = asker.post(f"/peer/answers/{answer['id']}/helpful", follow_redirects=False)
    assert marked.status_code == 303
    assert jo.get("/api/peer/profile").json()["reputation"] == 1
    after = asker.get(f"/api/peer/requests/{request_id}").json()["answers"][0]
    assert after["accepted"] and after["reputation"] == 1

    own_answer = asker.post(f"/api/peer/requests/{request_id}/answers", json={"text": "x"})
    assert own_answer.status_code == 403
    assert asker.post(f"/peer/{request_id}/close", follow_redirects=False).status_code == 303
    assert all(r["id"] != request_id for r in jo.get("/api/peer/requests").json())
    with mailing.state.workspace.db.session() as s:
        actions = set(s.scalars(select(Decision.action).where(Decision.subject_id == request_id)))
    assert {"help.asked", "help.answered", "help.accepted", "help.closed"} <= actions


def test_a_toxic_answer_is_held_with_its_reason_until_fixed_or_moderated(
    demo: tuple[Path, int], mailing: FastAPI, smtp: tuple[int, Mailbox]
) -> None:
    _, incident_id = demo
    asker = logged_in(mailing, role="cm", organisation=DEMO_ORGANISATION, email="bo@b.example")
    rude = peer(mailing, "rude@velo-nord.example", organisation="velo-nord")
    moderator = logged_in(mailing, role="admin", organisation="default")
    request_id = ask(
        asker, incident_id, "How do I calm this thread without deleting comments?", "en"
    )
    smtp[1].messages.clear()

    toxic = "Shut up, you stupid idiots, nobody cares about your lame customers"
    held = rude.post(f"/api/peer/requests/{request_id}/answers", json={"text": toxic}).json()
    assert held["moderation"] == "held"
    assert any("toxic" in reason for reason in held["held_reasons"])
    assert smtp[1].messages == []  # the asker is not told about a held answer
    assert asker.get(f"/api/peer/requests/{request_id}").json()["answers"] == []
    mine = rude.get(f"/peer/{request_id}").text
    assert "reads as toxic" in mine and 'action="/peer/answers/' in mine

    assert rude.get("/api/peer/moderation").status_code == 403
    queued = moderator.get("/api/peer/moderation").json()
    assert [(q["subject"], q["id"]) for q in queued] == [("answer", held["id"])]
    assert "Moderation of the commons" in moderator.get("/peer/moderation?lang=en").text

    fixed = rude.post(
        f"/api/peer/answers/{held['id']}/text",
        json={"text": "Thank the calm ones, answer the facts once, then stop replying."},
    )
    assert fixed.status_code == 200
    shown = asker.get(f"/api/peer/requests/{request_id}").json()["answers"]
    assert [a["moderation"] for a in shown] == ["published"]
    assert message(smtp[1], "bo@b.example")  # told once the answer is published

    reported = asker.post(f"/api/peer/answers/{held['id']}/report", json={"reason": "off-topic"})
    assert reported.status_code == 202
    queued = moderator.get("/api/peer/moderation").json()
    assert queued[0]["reports"] == ["off-topic"]
    decided = moderator.post(
        f"/api/peer/moderation/answers/{held['id']}", json={"decision": "remove"}
    )
    assert decided.status_code == 200
    assert asker.get(f"/api/peer/requests/{request_id}").json()["answers"] == []
    assert moderator.get("/api/peer/moderation").json() == []
    with mailing.state.workspace.db.session() as s:
        logged = list(
            s.scalars(select(Decision.action).where(Decision.subject_type == "help_answer"))
        )
    assert "help.reported" in logged and "help.removed" in logged


def test_requests_stay_with_their_organisation_and_personal_data_is_held(
    demo: tuple[Path, int],
) -> None:
    home, incident_id = demo
    app = app_for(home)  # no mail server configured: notices only
    asker = logged_in(app, role="cm", organisation=DEMO_ORGANISATION)
    outsider = peer(app, "out@third.example", organisation="third-brand")
    viewer = peer(app, "viewer@velo-nord.example", organisation="velo-nord", role="viewer")

    assert outsider.get(f"/incidents/{incident_id}/help/new").status_code == 404
    refused = outsider.post(
        f"/api/incidents/{incident_id}/help", json={"question": "Help?", "lang": "en"}
    )
    assert refused.status_code == 404

    # a handle of the thread, even without its @, is anonymised like its author
    named_id = ask(asker, incident_id, "Marco_Rouleur relaie le message partout, que faire ?")
    named = asker.get(f"/api/peer/requests/{named_id}").json()
    assert named["moderation"] == "published"
    assert "Marco_Rouleur" not in json.dumps(named) and "Personne " in named["question"]

    # a rude question is held by the gate until it is fixed
    held_id = ask(asker, incident_id, "Ces connards de clients relaient le message partout !")
    held = asker.get(f"/api/peer/requests/{held_id}").json()
    assert held["moderation"] == "held"
    assert held["held_reasons"]
    assert outsider.get(f"/api/peer/requests/{held_id}").status_code == 404
    assert outsider.get(f"/peer/{held_id}").status_code == 404
    assert all(r["id"] != held_id for r in outsider.get("/api/peer/requests").json())
    assert outsider.get("/api/peer/unread").json() == {"unread": 1}  # the published one

    fixed = asker.post(
        f"/api/peer/requests/{held_id}/question",
        json={"text": "Un client relaie le message partout, que faire ?"},
    ).json()
    assert fixed["moderation"] == "published"
    assert outsider.get("/api/peer/unread").json() == {"unread": 2}
    assert any(r["id"] == held_id for r in outsider.get("/api/peer/requests").json())

    assert [r["id"] for r in asker.get("/api/peer/requests/mine").json()].count(held_id) == 1
    assert all(r["id"] != held_id for r in outsider.get("/api/peer/requests/mine").json())
    assert all(r["id"] != held_id for r in asker.get("/api/peer/requests").json())
    refused_viewer = viewer.post(f"/api/peer/requests/{held_id}/answers", json={"text": "Hi"})
    assert refused_viewer.status_code == 403
    assert outsider.post(f"/api/peer/requests/{held_id}/close").status_code == 403
    assert outsider.get(f"/api/peer/requests/{held_id}").json()["status"] == "open"
    filtered = outsider.get("/api/peer/requests", params={"network": "youtube"}).json()
    assert all(r["network"] == "youtube" for r in filtered)
    facebook = outsider.get("/api/peer/requests", params={"network": "facebook"}).json()
    assert held_id in {r["id"] for r in facebook} and held_id not in {r["id"] for r in filtered}
    assert all(r["network"] == "facebook" for r in facebook)
    assert outsider.get("/api/peer/requests", params={"lang": "fr"}).json()
    app.state.workspace.db.dispose()


def test_a_failed_mail_server_never_loses_the_request(demo: tuple[Path, int]) -> None:
    home, incident_id = demo
    app = app_for(home, smtp_url=f"smtp://127.0.0.1:{free_port()}")
    asker = logged_in(app, role="manager", organisation=DEMO_ORGANISATION)
    reader = peer(app, "reader@velo-nord.example", organisation="velo-nord")
    request_id = ask(asker, incident_id, "Should we close comments tonight?", "en")
    shown = asker.get(f"/api/peer/requests/{request_id}").json()
    assert shown["delivery"]["failed"] >= 1 and shown["delivery"]["errors"]
    assert "could not send mail" in shown["delivery"]["errors"][0]
    assert "failed" in asker.get(f"/peer/{request_id}?lang=en").text
    assert reader.get("/api/peer/unread").json()["unread"] >= 1
    assert reader.get(f"/api/peer/requests/{request_id}").json()["question"]
    app.state.workspace.db.dispose()


def test_a_peer_name_must_not_reveal_who_you_are(demo: tuple[Path, int]) -> None:
    app = app_for(demo[0])
    client = logged_in(app, role="cm", organisation="velo-nord", email="camille.roy@velo.example")
    for name in ("camille.roy", "Velo Nord fan", "x"):
        refused = client.put("/api/peer/profile", json={"opted_in": True, "peer_name": name})
        assert refused.status_code == 422, name
    page = client.post("/peer/profile", data={"peer_name": "camille.roy", "opted_in": "on"})
    assert page.status_code == 422 and "must not reveal who you are" in page.text
    assert client.get("/api/peer/profile").json()["opted_in"] is False
    app.state.workspace.db.dispose()


def test_pages_render_in_both_languages(demo: tuple[Path, int]) -> None:
    app = app_for(demo[0])
    client = logged_in(app, role="cm", organisation=DEMO_ORGANISATION)
    for lang, word in (("en", "Peer help"), ("fr", "Entraide")):
        for path in ("/peer", "/peer/mine", "/peer/profile"):
            response = client.get(path, params={"lang": lang})
            assert response.status_code == 200 and word in response.text, (path, lang)
    assert json.loads(client.get("/api/peer/unread").text) == {"unread": 0}
    app.state.workspace.db.dispose()
