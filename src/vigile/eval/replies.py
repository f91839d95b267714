"""`vigile eval replies`: precision and recall of the reply and post checks on labelled data.

Format (JSON Lines, `src/vigile/eval/data/{replies,posts}.jsonl`, see docs/checks.md):
`{"id", "kind": "reply"|"post", "split": "dev"|"test", "lang": "fr"|"en", "text",
"acceptable": bool, "codes": [expected finding codes], "network"?, "charter"?: {tone
overrides: address, banned_words, forbidden_promises}, "at"?, "open_incident"?}`. Items
are judged under the example charter of their language. Past incident threads for the
similarity reason come from `incidents.jsonl` (`{"ref", "text"}`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from vigile.analysis.base import CommentScorer
from vigile.domain.charter import Charter
from vigile.domain.checks import CheckResult, PastIncident, PostContext
from vigile.domain.errors import InputError
from vigile.eval.datasets import _objects
from vigile.playbooks.post_check import assess_post
from vigile.playbooks.reply_check import assess_reply, score_texts
from vigile.policy.charter import load_charter

DEFAULT_AT = "2026-10-14T15:00:00Z"  # a day no example charter marks as sensitive
KINDS = ("reply", "post")
LANGS = ("all", "fr", "en")


def data_path(name: str) -> Path:
    return Path(str(resources.files("vigile.eval").joinpath("data", name)))


def default_files() -> list[Path]:
    return [data_path("replies.jsonl"), data_path("posts.jsonl")]


def read_items(paths: Sequence[Path], *, split: str | None) -> list[dict[str, Any]]:
    """Labelled items of `split` (all when None); a malformed line is an error naming it."""
    items = []
    for path in paths:
        for number, row in _objects(path):
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise InputError(f"{path.name}: needs a string 'text'", line=number, field="text")
            if row.get("kind") not in KINDS:
                raise InputError(f"{path.name}: kind must be reply or post", line=number)
            if not isinstance(row.get("acceptable"), bool):
                raise InputError(f"{path.name}: needs 'acceptable'", line=number)
            if split is None or row.get("split") == split:
                items.append(row)
    return items


@cache
def example_charter(lang: str) -> Charter:
    name = "charter.fr.yaml" if lang == "fr" else "charter.en.yaml"
    return load_charter(Path(str(resources.files("vigile.policy").joinpath("examples", name))))


def item_charter(item: dict[str, Any]) -> Charter:
    """The example charter of the item's language, with the item's tone overrides."""
    charter = example_charter(item.get("lang", "en"))
    overrides = item.get("charter") or {}
    tone: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in overrides.items()}
    return dataclasses.replace(charter, tone=dataclasses.replace(charter.tone, **tone))


@cache
def past_incidents() -> tuple[PastIncident, ...]:
    rows = _objects(data_path("incidents.jsonl"))
    return tuple(PastIncident(str(r["ref"]), str(r["text"])) for _, r in rows)


def run_checks(items: Sequence[dict[str, Any]], scorer: CommentScorer) -> list[CheckResult]:
    """Every item checked; the scorer runs once over all texts."""
    langs = [str(i.get("lang", "en")) for i in items]
    scores = score_texts(scorer, [i["text"] for i in items], langs)
    results = []
    for item, lang, score in zip(items, langs, scores, strict=True):
        charter = item_charter(item)
        if item["kind"] == "reply":
            result = assess_reply(
                item["text"], charter=charter, scores=score, lang=lang, network=item.get("network")
            )
        else:
            result = assess_post(
                item["text"], charter=charter, scores=score, lang=lang, context=_context(item)
            )
        results.append(result)
    return results


def _context(item: dict[str, Any]) -> PostContext:
    at = datetime.fromisoformat(str(item.get("at") or DEFAULT_AT).replace("Z", "+00:00"))
    incident = item.get("open_incident")
    return PostContext(
        at=at,
        network=item.get("network"),
        open_incidents=(str(incident),) if incident else (),
        past_incidents=past_incidents(),
    )


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    n: int = 0

    def add(self, expected: bool, found: bool) -> None:
        self.n += 1
        self.tp += expected and found
        self.fp += found and not expected
        self.fn += expected and not found

    def line(self) -> str:
        p = f"{self.tp / (self.tp + self.fp):.2f}" if self.tp + self.fp else "n/a"
        r = f"{self.tp / (self.tp + self.fn):.2f}" if self.tp + self.fn else "n/a"
        return f"P {p} R {r} (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def report(items: Sequence[dict[str, Any]], results: Sequence[CheckResult]) -> list[str]:
    """Per kind and language: not-acceptable precision/recall, then per finding code."""
    lines = []
    for kind in KINDS:
        pairs = [(i, r) for i, r in zip(items, results, strict=True) if i["kind"] == kind]
        if not pairs:
            continue
        codes = sorted({c for i, r in pairs for c in [*i.get("codes", []), *r.codes]})
        for lang in LANGS:
            chosen = [(i, r) for i, r in pairs if lang == "all" or i.get("lang") == lang]
            verdict = Counts()
            for item, result in chosen:
                verdict.add(not item["acceptable"], not result.ok)
            lines.append(
                f"{_plural(kind)} {lang}: {len(chosen)} items; not acceptable: {verdict.line()}"
            )
            for code in codes:
                counts = Counts()
                for item, result in chosen:
                    counts.add(code in item.get("codes", []), code in result.codes)
                if counts.tp + counts.fp + counts.fn:
                    lines.append(f"  {code:<17} {counts.line()}")
    return lines


def errors(items: Sequence[dict[str, Any]], results: Sequence[CheckResult]) -> list[str]:
    """One line per item whose verdict or codes differ from the label (for tuning on dev)."""
    out = []
    for item, result in zip(items, results, strict=True):
        expected, found = set(item.get("codes", [])), result.codes
        if expected != found or item["acceptable"] != result.ok:
            out.append(
                f"{item.get('id')}: expected {sorted(expected)} ok={item['acceptable']}, "
                f"found {sorted(found)} ok={result.ok} risk={result.risk}: {item['text'][:70]}"
            )
    return out


def _plural(kind: str) -> str:
    return "replies" if kind == "reply" else "posts"
