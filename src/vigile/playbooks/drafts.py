"""Reply drafts: a scenario's template in the comment's language and the charter's tone.

Slots are filled from the thread (the author's handle, the page, the person targeted);
what Vigile cannot know (an order number, a date, a source) stays visible as
`[order_ref]` and is listed in `missing`, so a draft is never sent half-filled by
accident. A draft is a proposal: the CM reads, edits and sends it.
"""

from __future__ import annotations

import re
from typing import Any

from vigile.domain.charter import ToneRules
from vigile.domain.errors import NotFound
from vigile.domain.playbook import LANGS, Condition, Draft, Scenario, ThreadView, ViewComment
from vigile.i18n import t
from vigile.playbooks.cues import CUES, cues_of
from vigile.playbooks.facts import COMMENT_SIGNALS, is_hostile

# "commande n° 48213", "order #A-1234", "cmd 77812": a reference the customer gave in
# public (the draft still moves the conversation to private messages).
ORDER_REF = re.compile(
    r"(?:commande|order|cmd)\s*(?:n[°o]\.?|no\.?|number|num[ée]ro)?\s*[:#]?\s*"
    r"([A-Z]{0,3}-?\d{4,})",
    re.IGNORECASE,
)


class _Slots(dict[str, str]):
    """Known slot values; an unknown slot renders as `[name]` and is remembered."""

    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)
        self.missing: list[str] = []

    def __missing__(self, key: str) -> str:
        if key not in self.missing:
            self.missing.append(key)
        return f"[{key}]"


def target_comment(
    view: ThreadView, scenario: Scenario, comment_id: str | None = None
) -> ViewComment | None:
    """The member comment to answer: the one named, else the one the scenario is about."""
    members = [c for c in view.comments if not c.brand]
    if comment_id is not None:
        found = next((c for c in members if c.id == comment_id), None)
        if found is None:
            raise NotFound(t("playbook.draft.no_comment", "en", thread=view.id, comment=comment_id))
        return found
    if scenario.id == "pile_on" and view.pile_ons:
        root = view.pile_ons[0].get("instigator")
        found = next((c for c in members if c.id == root), None)
        if found is not None:
            return found
    return _latest_relevant(view, scenario, members)


def _latest_relevant(
    view: ThreadView, scenario: Scenario, members: list[ViewComment]
) -> ViewComment | None:
    """The latest comment the scenario's (required) comment conditions point at, unanswered
    by the brand first.

    A template that speaks to the person targeted ({target}) prefers a reply to a member
    who is not among the authors of those comments: one attacker insulting another is not
    the person to comfort.
    """
    wanted: list[ViewComment] = []
    for conditions in ([c for c in scenario.when if c.required], scenario.when):
        wanted = [c for c in members if any(_points_at(cond, c) for cond in conditions)]
        if wanted:
            break
    answered = {c.parent for c in view.comments if c.brand}
    if any("{target}" in text for tpl in scenario.templates for text in tpl.text.values()):
        authors = {c.id: c for c in members}
        wanted = [c for c in wanted if c.parent in authors] or wanted
        attackers = {c.author for c in wanted}
        wanted = [c for c in wanted if _parent_author(authors, c) not in attackers] or wanted
    pool = [c for c in wanted if c.id not in answered] or wanted
    pool = pool or [c for c in members if is_hostile(c) or cues_of(c.text)] or members
    return pool[-1] if pool else None


def _parent_author(members: dict[str, ViewComment], comment: ViewComment) -> str | None:
    parent = members.get(comment.parent or "")
    return parent.author if parent else None


def _points_at(condition: Condition, comment: ViewComment) -> bool:
    if condition.weight <= 0:
        return False
    if condition.signal in CUES:
        return condition.signal in cues_of(comment.text)
    if condition.signal in COMMENT_SIGNALS and condition.signal != "drift":
        threshold = condition.at_least if condition.at_least is not None else 0.5
        return comment.scores.get(condition.signal, 0.0) >= threshold
    return False


def draft_reply(
    view: ThreadView,
    scenario: Scenario,
    *,
    tone: ToneRules,
    default_lang: str = "en",
    comment_id: str | None = None,
    template_id: str | None = None,
    slots: dict[str, str] | None = None,
) -> Draft:
    """The template draft for one comment of the thread (no model, deterministic)."""
    comment = target_comment(view, scenario, comment_id)
    lang = _language(comment, default_lang)
    template = scenario.template(template_id)
    if template is None:
        raise NotFound(
            t("playbook.draft.no_template", "en", scenario=scenario.id, template=template_id)
        )
    values = _Slots({**_known_slots(view, comment), **(slots or {})})
    text = template.for_language(lang, tone.address).format_map(values)
    return Draft(
        scenario=scenario.id,
        template=template.id,
        lang=lang,
        text=text,
        comment=comment.id if comment else None,
        backend="template",
        missing=tuple(values.missing),
    )


def _language(comment: ViewComment | None, default: str) -> str:
    if comment is not None and comment.lang in LANGS:
        return str(comment.lang)
    return default if default in LANGS else "en"


def _known_slots(view: ThreadView, comment: ViewComment | None) -> dict[str, str]:
    known = {"page": view.page}
    if comment is None:
        return known
    if comment.author:
        known["author"] = comment.author
    parent = next((c for c in view.comments if c.id == comment.parent), None)
    if parent is not None and parent.author and not parent.brand:
        known["target"] = parent.author
    if order := ORDER_REF.search(comment.text):
        known["order_ref"] = order.group(1)
    return known


def as_record(draft: Draft) -> dict[str, Any]:
    """A draft as the CLI's `--json` and the API give it."""
    return {
        "scenario": draft.scenario,
        "template": draft.template,
        "lang": draft.lang,
        "comment": draft.comment,
        "text": draft.text,
        "backend": draft.backend,
        "missing": list(draft.missing),
        "notice": draft.notice,
    }
