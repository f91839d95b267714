"""Case studies: anonymisation, the post-mortem of a demo incident, the exchange bundle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from vigile.analysis.pii import find_pii
from vigile.community.anonymise import Pseudonyms, anonymise, residual_pii
from vigile.community.bundle import make_bundle, read_bundle
from vigile.community.library import Shared, sha256_of
from vigile.demo import build_demo
from vigile.domain.errors import InputError
from vigile.domain.model import utc_now
from vigile.store.journal import add_incident_note
from vigile.store.schema import CaseStudyRow, Incident, Page
from vigile.workspace import open_workspace

WIDE = {"COLUMNS": "250"}


def kinds(text: str, **options: Any) -> list[tuple[str, str]]:
    return [(span.kind, span.text) for span in find_pii(text, **options)]


def test_finds_each_kind_and_leaves_traps_alone() -> None:
    text = (
        "Je m'appelle Sophie Gagnon, commande 458712, tél. 06 12 34 56 78, "
        "sophie@gmail.com, voir https://imgur.com/a/x, @cyclo_marie, la Sève de Brindille"
    )
    assert kinds(text, brands=["Brindille", "Sève"]) == [
        ("name", "Sophie Gagnon"),
        ("number", "458712"),
        ("phone", "06 12 34 56 78"),
        ("email", "sophie@gmail.com"),
        ("url", "https://imgur.com/a/x"),
        ("handle", "@cyclo_marie"),
        ("brand", "Sève"),
        ("brand", "Brindille"),
    ]
    traps = "Le 15/11/2026 à 14h30, le XR-450 à 2 890 $ ou 49,90 €, 540 Wh, code NOEL2026."
    assert kinds(traps) == []


@pytest.mark.parametrize(
    "phone", ["+33 6 98 76 54 32", "01.45.67.89.10", "(438) 555-0187", "+44 20 7946 0958"]
)
def test_phone_formats(phone: str) -> None:
    assert kinds(f"Appelez le {phone} svp") == [("phone", phone)]


def test_pseudonyms_are_consistent_within_a_case() -> None:
    table = Pseudonyms("en")
    author = table.person("cyclo_marie")
    first = anonymise("@cyclo_marie wrote to a@b.fr and Julie", table)
    second = anonymise("Mail a@b.fr again, @Cyclo_Marie", table)
    assert author == "Person A"
    assert first.text == "Person A wrote to [email 1] and [name 1]"
    assert second.text == "Mail [email 1] again, Person A"
    assert [(r.kind, r.original) for r in first.replacements] == [
        ("handle", "@cyclo_marie"),
        ("email", "a@b.fr"),
        ("name", "Julie"),
    ]
    assert residual_pii(first.text) == []


def test_names_hidden_in_handles_are_replaced() -> None:
    table = Pseudonyms("fr")
    table.person("Marco_Rouleur")
    assert anonymise("Bonjour Marco, c'est noté", table).text == "Bonjour [nom 1], c'est noté"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The demo workspace, with a note naming a customer on the Facebook buzz incident."""
    folder = tmp_path_factory.mktemp("demo") / "ws"
    workspace = build_demo(folder)
    with workspace.db.session() as session:
        incident_id = session.scalars(
            select(Incident.id).join(Page).where(Page.network == "facebook")
        ).one()
        note = "Called Marie Tremblay (marie.t@exemple.fr, 06 12 34 56 78) back"
        add_incident_note(session, incident_id, note, actor="alice.cm")
        session.commit()
    return folder, incident_id


def test_demo_incident_becomes_a_case_with_nothing_personal_left(
    cli: Any, demo: tuple[Path, int], tmp_path: Path
) -> None:
    home, incident_id = demo
    drafted = cli("case", "draft", incident_id, "--brand", "Ruche", "--home", home, env=WIDE)
    assert drafted.exit_code == 0, drafted.output
    case_id = int(drafted.output.split("#")[1].split()[0])
    with open_workspace(home).db.session() as session:
        items = session.get_one(CaseStudyRow, case_id).replacements["items"]
    originals = {item["original"] for item in items}
    assert {"alice.cm", "Marco_Rouleur", "marie.t@exemple.fr", "Marie Tremblay"} <= originals
    assert {"author", "name", "email", "phone", "brand"} <= {item["kind"] for item in items}

    preview = cli("case", "preview", case_id, "--home", home, env=WIDE)
    assert preview.exit_code == 0, preview.output
    for item in items:
        assert item["original"] in preview.output and item["replacement"] in preview.output
    assert "No personal data left" in preview.output

    shown = cli("case", "show", case_id, "--home", home).output
    assert "What to change" in shown and "Person A" in shown

    bundle = tmp_path / "cases.json"
    private = cli("cases", "export", bundle, "--case", case_id, "--home", home)
    assert private.exit_code == 2 and "share it first" in private.output
    assert cli("case", "share", case_id, "--home", home).exit_code == 0
    exported = cli("cases", "export", bundle, "--case", case_id, "--home", home)
    assert exported.exit_code == 0, exported.output
    text = bundle.read_text("utf-8")
    for item in items:
        if item["kind"] in ("author", "handle", "email", "name", "phone"):
            assert item["original"] not in text, item
    found = cli("cases", "search", "late deliveries", "--home", home, env=WIDE)  # FR thread
    assert f"│ {case_id} " in found.output


def test_import_verifies_hashes_and_refuses_tampering(
    cli: Any, demo: tuple[Path, int], sqlite_home: Path, tmp_path: Path
) -> None:
    home, incident_id = demo
    drafted = cli("case", "draft", incident_id, "--brand", "Ruche", "--home", home)
    assert drafted.exit_code == 0, drafted.output
    case_id = int(drafted.output.split("#")[1].split()[0])
    assert cli("case", "share", case_id, "--brand", "Ruche", "--home", home).exit_code == 0
    bundle = tmp_path / "cases.json"
    assert cli("cases", "export", bundle, "--home", home).exit_code == 0

    imported = cli("cases", "import", bundle, "--home", sqlite_home)
    assert imported.exit_code == 0, imported.output
    again = cli("cases", "import", bundle, "--home", sqlite_home)
    assert "0 case stud(y/ies) imported" in again.output
    assert "Imported case" in cli("case", "preview", 1, "--home", sqlite_home).output

    data = json.loads(bundle.read_text("utf-8"))
    data["cases"][0]["body"]["worked"] = "Nothing, really"
    bundle.write_text(json.dumps(data), "utf-8")
    refused = cli("cases", "import", bundle, "--home", sqlite_home)
    assert refused.exit_code == 2 and "field 'sha256'" in refused.output


def _resealed(bundle: dict[str, Any]) -> dict[str, Any]:
    unsealed = {k: v for k, v in bundle.items() if k != "sha256"}
    return {**unsealed, "sha256": sha256_of(unsealed)}


def _case(**body: Any) -> Shared:
    base = {"happened": "", "timeline": [], "post": "", "excerpts": [], "worked": "", "change": ""}
    return Shared("A buzz", "en", {"scenario": "buzz"}, {**base, **body})


def test_bad_bundles_get_errors_naming_the_field() -> None:
    good = make_bundle([_case(worked="Answered within the hour")], now=utc_now())
    assert read_bundle(good)[0].body["worked"] == "Answered within the hour"

    altered = json.loads(json.dumps(good))
    altered["cases"][0]["body"]["worked"] = "Answered at once"
    with pytest.raises(InputError, match=r"field 'cases\[0\]\.sha256'.*altered"):
        read_bundle(_resealed(altered))
    with pytest.raises(InputError, match=r"field 'version'.*not supported"):
        read_bundle(_resealed({**good, "version": 99}))
    missing = json.loads(json.dumps(good))
    del missing["cases"][0]["body"]["excerpts"]
    with pytest.raises(InputError, match=r"field 'cases\[0\]\.body\.excerpts': missing"):
        read_bundle(_resealed(missing))
    leaky = make_bundle([_case(worked="Write to jo@example.org")], now=utc_now())
    with pytest.raises(InputError, match=r"field 'cases\[0\]\.body\.worked'.*\(email\)"):
        read_bundle(leaky)


def test_export_refuses_a_case_with_personal_data_left(
    cli: Any, demo: tuple[Path, int], tmp_path: Path
) -> None:
    home, incident_id = demo
    assert cli("case", "draft", incident_id, "--home", home).exit_code == 0
    with open_workspace(home).db.session() as session:
        row = session.scalars(select(CaseStudyRow).order_by(CaseStudyRow.id.desc())).first()
        assert row is not None
        row.body = {**row.body, "change": "Ask jo@example.org"}
        row.commons = True  # shared before the edit: export checks again
        session.commit()
        case_id = row.id
    refused = cli("cases", "export", tmp_path / "x.json", "--case", case_id, "--home", home)
    assert refused.exit_code == 2 and "email in body.change" in refused.output
    assert not (tmp_path / "x.json").exists()


def test_eval_pii_prints_recall_and_precision(cli: Any) -> None:
    result = cli("eval", "pii", "--split", "dev")
    assert result.exit_code == 0, result.output
    assert "split dev" in result.output and "masked" in result.output
    overall = next(line for line in result.output.splitlines() if line.startswith("all "))
    assert overall.count("/") >= 6  # recall (found/gold) / precision, per language and all


def test_search_finds_a_case_written_in_the_other_language() -> None:
    from vigile.community.search import rank

    documents = ["Le vélo est rouge.", "Les livraisons de la Ruche sont en retard."]
    assert [index for index, _ in rank("late deliveries", documents)] == [1]
    assert [index for index, _ in rank("remboursements", ["Still waiting on my refund"])] == [0]


def test_addresses_and_links_without_a_known_suffix() -> None:
    text = "Livrez au 12 rue des Lilas, J1H 5N4, ou 221 Baker Street. Voir shop.example/impact"
    assert kinds(text) == [
        ("address", "12 rue des Lilas"),
        ("address", "J1H 5N4"),
        ("address", "221 Baker Street"),
        ("url", "shop.example/impact"),
    ]
    assert kinds("Room 204, floor 2, building C, 24/7, le 04/12") == []


def test_similar_cases_rank_by_content_across_languages() -> None:
    from vigile.community.search import similar

    documents = ["Batterie défectueuse, remboursement refusé", "Livraison en retard de 8 semaines"]
    assert similar("Late delivery again, weeks of delay", documents)[0][0] == 1
    assert similar("", documents) == []


def test_case_similar_lists_other_incidents_cases(cli: Any, demo: tuple[Path, int]) -> None:
    home, incident_id = demo
    assert cli("case", "draft", incident_id, "--home", home).exit_code == 0
    with open_workspace(home).db.session() as session:
        other = session.scalars(select(Incident.id).where(Incident.id != incident_id)).first()
    listed = cli("case", "similar", other, "--home", home, env=WIDE)
    assert listed.exit_code == 0 and "facebook" in listed.output
    own = cli("case", "similar", incident_id, "--home", home, env=WIDE)
    assert own.exit_code == 0 and "facebook" not in own.output


def test_a_greeted_person_is_a_name_whatever_the_list() -> None:
    assert kinds("Hi Greg! Bonjour Gaspard, merci Madame.") == [
        ("name", "Greg"),
        ("name", "Gaspard"),
    ]


def test_cases_api_serves_only_the_shared_form(cli: Any, demo: tuple[Path, int]) -> None:
    from fastapi.testclient import TestClient

    from conftest import logged_in
    from vigile.web.app import create_app

    home, incident_id = demo
    assert cli("case", "draft", incident_id, "--home", home).exit_code == 0
    assert TestClient(create_app(open_workspace(home))).get("/api/cases").status_code == 401
    client = logged_in(create_app(open_workspace(home)), role="viewer")
    listed = client.get("/api/cases").json()
    case = client.get(f"/api/cases/{listed[-1]['id']}").json()
    assert case["body"]["excerpts"] and "replacements" not in case
    assert "marie.t@exemple.fr" not in json.dumps(case)
    assert client.get("/api/cases", params={"q": "late deliveries"}).json()
    assert client.get("/api/cases/9999").status_code == 404
    with open_workspace(home).db.session() as session:
        other = session.scalars(select(Incident.id).where(Incident.id != incident_id)).first()
    assert client.get(f"/api/incidents/{other}/similar-cases").json()


def test_a_peer_of_another_organisation_answers_without_seeing_originals(
    cli: Any, demo: tuple[Path, int]
) -> None:
    from vigile.store.schema import HelpRequestRow

    home, incident_id = demo
    question = "Marc Dupont (marc@x.fr) relayé par @cyclo_marie menace de porter plainte"
    asked = cli("peer", "ask", incident_id, "-q", question, "--brand", "Ruche", "--home", home)
    assert asked.exit_code == 0, asked.output
    request_id = int(asked.output.split("#")[1].split()[0])
    with open_workspace(home).db.session() as session:
        stored = session.get_one(HelpRequestRow, request_id)
        seen = json.dumps([stored.question, stored.context], ensure_ascii=False)
    for original in ("Marc Dupont", "marc@x.fr", "cyclo_marie", "Marco_Rouleur", "Ruche"):
        assert original not in seen
    peers = cli("peer", "list", "--org", "velo-nord", "--home", home)
    assert f"#{request_id} " in peers.output and "Marc Dupont" not in peers.output
    assert f"#{request_id} " not in cli("peer", "list", "--org", "brindille", "--home", home).output

    own = cli("peer", "answer", request_id, "Call them", "--org", "brindille", "--home", home)
    assert own.exit_code == 2 and "your own organisation" in own.output
    sent = cli(
        "peer",
        "answer",
        request_id,
        "Answer in private first",
        "--org",
        "velo-nord",
        "--by",
        "jo",
        "--home",
        home,
    )
    assert sent.exit_code == 0, sent.output
    answer_id = sent.output.split("#")[1].split()[0]
    assert cli("peer", "accept", answer_id, "--org", "velo-nord", "--home", home).exit_code == 2
    assert cli("peer", "accept", answer_id, "--org", "brindille", "--home", home).exit_code == 0
    assert "helpful" in cli("peer", "show", request_id, "--home", home).output
    reputation = cli("peer", "reputation", "--home", home, env=WIDE).output
    assert "velo-nord" in reputation and "jo" in reputation
