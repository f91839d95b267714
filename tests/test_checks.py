"""The reply tone check and the post risk check: Python API, CLI, HTTP and evaluation."""

from __future__ import annotations

import json
import shutil
import string
from importlib import resources
from pathlib import Path

import pytest

from conftest import Cli, logged_in, write_jsonl
from vigile.analysis.base import CommentScorer
from vigile.analysis.registry import load_scorer
from vigile.domain.charter import Charter
from vigile.domain.checks import FindingSeverity, PastIncident, PostContext
from vigile.i18n import MESSAGES
from vigile.playbooks.post_check import check_post
from vigile.playbooks.render import explain
from vigile.playbooks.reply_check import check_reply
from vigile.policy.charter import load_charter

EXAMPLES = Path(str(resources.files("vigile.policy").joinpath("examples")))
DOCS = Path(__file__).resolve().parents[1] / "docs"
VALUES = set(
    [
        "text",
        "value",
        "expected",
        "word",
        "kind",
        "length",
        "limit",
        "network",
        "topic",
        "count",
        "title",
        "date",
        "similarity",
        "ref",
        "tags",  # similar_case: the past case's tags
        "change",
    ]
)
SENSITIVE_POST = (
    "Nos pensées vont aux familles des victimes du séisme. "
    "Pour les soutenir, -20 % sur toute la boutique aujourd'hui !"
)


@pytest.fixture(scope="session")
def scorer() -> CommentScorer:
    return load_scorer("comments")


@pytest.fixture(scope="session")
def charter_fr() -> Charter:
    return load_charter(EXAMPLES / "charter.fr.yaml")


@pytest.fixture(scope="session")
def charter_en() -> Charter:
    return load_charter(EXAMPLES / "charter.en.yaml")


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace (two open incidents) under the Brindille example charter."""
    from vigile.demo import build_demo

    folder = tmp_path_factory.mktemp("checks") / "ws"
    build_demo(folder).db.dispose()
    shutil.copy(EXAMPLES / "charter.fr.yaml", folder / "charter.yaml")
    return folder


def test_ironic_draft_is_caught_with_the_reason(scorer: CommentScorer, charter_fr: Charter) -> None:
    text = "Bien sûr… merci pour votre patience légendaire 🙄"
    result = check_reply(text, charter=charter_fr, scorer=scorer)
    assert not result.ok and result.lang == "fr"
    sarcasm = [f for f in result.findings if f.code == "sarcasm"]
    assert sarcasm and all(f.severity is FindingSeverity.BLOCK for f in sarcasm)
    assert {text[slice(*f.span)] for f in sarcasm if f.span} >= {"🙄", "Bien sûr…"}
    message, fix = explain(sarcasm[0], "fr")
    assert "sarcasme" in message and "Bien sûr" in message and fix


def test_aggressive_draft_is_caught_with_the_reasons(
    scorer: CommentScorer, charter_en: Charter
) -> None:
    text = "Calm down!!! You should have READ THE MANUAL before complaining."
    result = check_reply(text, charter=charter_en, scorer=scorer)
    assert not result.ok
    assert {"command", "banned_word", "punctuation", "blame", "shouting"} <= result.codes
    blame = next(f for f in result.findings if f.code == "blame")
    assert blame.span and text[slice(*blame.span)].startswith("You should have")
    assert "blames the customer" in explain(blame, "en")[0]


def test_polite_reply_to_a_complaint_passes(scorer: CommentScorer, charter_fr: Charter) -> None:
    text = (
        "Vous avez raison, ce retard n'est pas acceptable et nous en sommes désolés. "
        "Pouvez-vous nous écrire en message privé avec votre numéro de commande ?"
    )
    result = check_reply(text, charter=charter_fr, scorer=scorer, network="facebook")
    assert result.ok and result.findings == ()
    assert 0.0 <= result.scores["toxicity"] <= 1.0


def test_address_follows_the_charter_and_ignores_quotes(
    scorer: CommentScorer, charter_fr: Charter
) -> None:
    wrong = check_reply("Envoie-nous ton numéro de commande.", charter=charter_fr, scorer=scorer)
    assert {f.suggestion for f in wrong.findings if f.code == "address"} >= {"votre"}
    quoted = check_reply(
        "Vous nous demandiez « tu peux m'aider ? » : oui, écrivez-nous en message privé.",
        charter=charter_fr,
        scorer=scorer,
    )
    assert "address" not in quoted.codes


def test_evasions_promises_and_admissions(scorer: CommentScorer, charter_fr: Charter) -> None:
    evasive = check_reply("Cette remarque est r i d i c u l e.", charter=charter_fr, scorer=scorer)
    banned = next(f for f in evasive.findings if f.code == "banned_word")
    assert banned.span is None  # found once the spacing was undone
    result = check_reply(
        "C'est entièrement notre faute, nous allons vous rembourser sous 48h.",
        charter=charter_fr,
        scorer=scorer,
    )
    kinds = {f.values.get("kind") for f in result.findings}
    assert {"admission", "promise"} <= result.codes and {"refund", "deadline"} <= kinds


def test_length_per_network(scorer: CommentScorer, charter_en: Charter) -> None:
    text = "Sorry about the wait, here is the tracking page: https://example.com/" + "x" * 300
    on_x = check_reply(text, charter=charter_en, scorer=scorer, network="x")
    assert on_x.ok  # a link counts 23 characters on X
    long = check_reply("Sorry! " * 50, charter=charter_en, scorer=scorer, network="bluesky")
    length = next(f for f in long.findings if f.code == "length")
    assert length.values["limit"] == 300 and not long.ok


def test_post_risk_reasons_and_approvals(scorer: CommentScorer, charter_fr: Charter) -> None:
    calm = check_post(
        "La Sève revient en stock en taille M !",
        charter=charter_fr,
        scorer=scorer,
        context=PostContext(),
    )
    assert calm.ok and calm.risk < 0.5 and calm.approvals == ()
    context = PostContext(
        open_incidents=("negative_buzz",),
        past_incidents=(PastIncident("fire", "La batterie a pris feu pendant la recharge"),),
    )
    risky = check_post(SENSITIVE_POST, charter=charter_fr, scorer=scorer, context=context)
    assert risky.risk >= 0.7 and not risky.ok
    assert {"sensitive_topic", "open_incident"} <= risky.codes
    assert [(a.target, a.names) for a in risky.approvals] == [("comms_lead", ("Léo Dubois",))]
    trap = check_post(
        "Des prix qui tuent et une explosion de couleurs !",
        charter=charter_fr,
        scorer=scorer,
        context=PostContext(),
    )
    assert "sensitive_topic" not in trap.codes


def test_cli_post_check_during_an_open_incident(cli: Cli, demo_home: Path) -> None:
    result = cli(
        "post", "check", SENSITIVE_POST, "--page", "facebook:brindille.fr",
        "--home", demo_home, "--json",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["risk"] >= 0.7
    assert {"sensitive_topic", "open_incident"} <= {f["code"] for f in data["findings"]}
    assert data["approvals"] == [{"target": "comms_lead", "names": ["Léo Dubois"]}]
    text = cli("post", "check", SENSITIVE_POST, "--page", "facebook:brindille.fr",
               "--home", demo_home)  # fmt: skip
    assert "Approval required" in text.stdout and "Léo Dubois" in text.stdout
    quiet = cli("post", "check", "Nouvelle sacoche en cuir végétal, disponible en trois couleurs.",
                "--page", "instagram:brindille", "--home", demo_home)  # fmt: skip
    assert quiet.exit_code == 0, quiet.output


def test_cli_post_check_finds_a_similar_past_thread(cli: Cli, demo_home: Path) -> None:
    text = (
        "Livraisons de la Ruche, notre vélo cargo : nouveau retard chez le fournisseur de moteurs."
    )
    result = cli("post", "check", text, "--page", "facebook:brindille.fr", "--home", demo_home,
                 "--json")  # fmt: skip
    similar = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "similar_incident"]
    assert similar and similar[0]["values"]["ref"] == "fb-post-102"


def test_cli_reply_check_exit_codes_and_file(cli: Cli, tmp_path: Path, demo_home: Path) -> None:
    bad = cli("reply", "check", "Quelle surprise… 🙄", "--home", demo_home)
    assert bad.exit_code == 1 and "sarcasm" in bad.stdout
    draft = tmp_path / "draft.txt"
    draft.write_text("Merci pour votre message, nous regardons cela tout de suite.", "utf-8")
    good = cli("reply", "check", "--file", draft, "--network", "mastodon", "--home", demo_home)
    assert good.exit_code == 0, good.output
    fr = cli("reply", "check", "Calmez-vous.", "--home", demo_home, env={"VIGILE_LANGUAGE": "fr"})
    assert "bloquant" in fr.stdout and "correction" in fr.stdout
    assert cli("reply", "check", "--home", demo_home).exit_code == 2
    unknown = cli("reply", "check", "Merci !", "--network", "myspace", "--home", demo_home)
    assert unknown.exit_code == 2 and "unknown network" in unknown.output


def test_http_checks(demo_home: Path) -> None:
    from vigile.web.app import create_app
    from vigile.workspace import open_workspace

    client = logged_in(create_app(open_workspace(demo_home)))
    reply = client.post(
        "/api/checks/reply", json={"text": "Bien sûr… vous auriez dû lire la notice.", "lang": "fr"}
    ).json()
    assert reply["ok"] is False
    assert {"sarcasm", "blame"} <= {f["code"] for f in reply["findings"]}
    assert all(f["message"] and f["fix"] for f in reply["findings"])
    post = client.post(
        "/api/checks/post", json={"text": SENSITIVE_POST, "page": "facebook:brindille.fr"}
    ).json()
    assert post["risk"] >= 0.7 and post["approvals"][0]["target"] == "comms_lead"
    assert client.post("/api/checks/reply", json={"text": ""}).status_code == 422
    assert "/api/checks/post" in client.get("/api/openapi.json").json()["paths"]


def test_eval_replies_prints_precision_and_recall(cli: Cli, tmp_path: Path) -> None:
    result = cli("eval", "replies", "--split", "dev")
    assert result.exit_code == 0, result.output
    assert "replies fr:" in result.stdout and "posts en:" in result.stdout
    assert "  sarcasm" in result.stdout and " P " in result.stdout
    broken = write_jsonl(tmp_path / "bad.jsonl", [{"text": "hi", "kind": "tweet"}])
    failed = cli("eval", "replies", "--data", broken)
    assert failed.exit_code == 2 and "line 1" in failed.output


def test_shipped_eval_set_is_balanced_and_split() -> None:
    from vigile.eval.replies import default_files, read_items

    items = read_items(default_files(), split=None)
    replies = [i for i in items if i["kind"] == "reply"]
    posts = [i for i in items if i["kind"] == "post"]
    assert len(replies) >= 120 and len(posts) >= 60
    for group in (replies, posts):
        assert {(i["split"], i["lang"]) for i in group} == {
            (s, lang) for s in ("dev", "test") for lang in ("fr", "en")
        }
        assert any(i["acceptable"] for i in group) and not all(i["acceptable"] for i in group)


def test_every_finding_code_is_explained_and_documented() -> None:
    doc = (DOCS / "checks.md").read_text("utf-8")
    codes = {k.split(".")[1] for k in MESSAGES if k.startswith("check.") and k.count(".") == 2}
    codes = {c for c in codes if f"check.{c}.fix" in MESSAGES}
    assert codes >= {"sarcasm", "blame", "address", "promise", "sensitive_topic", "open_incident"}
    for code in codes:
        assert f"`{code}`" in doc, code
        fields = {
            f for _, f, _, _ in string.Formatter().parse(MESSAGES[f"check.{code}"]["en"]) if f
        }
        assert fields <= VALUES, code


@pytest.mark.parametrize(
    "text",
    ["😂", "a" * 20_000, "Merci ! Thanks a lot, see you à bientôt 🙂", "…", "«»", "!!!???"],
)
def test_odd_texts_are_checked_without_error(
    text: str, scorer: CommentScorer, charter_fr: Charter
) -> None:
    reply = check_reply(text, charter=charter_fr, scorer=scorer, network="mastodon")
    post = check_post(text, charter=charter_fr, scorer=scorer, context=PostContext())
    for result in (reply, post):
        assert 0.0 <= result.risk <= 1.0 and result.lang in ("fr", "en")
        for finding in result.findings:
            assert finding.span is None or 0 <= finding.span[0] < finding.span[1] <= len(text)
            assert all(explain(finding, lang) for lang in ("en", "fr"))
