"""Advice on one stored thread: which scenario fits, and a reply draft; for CLI and web.

The thin layer between the store and the pure playbooks: read the thread, rank the
workspace's scenarios, draft from a template, and let the optional LLM rewrite it,
keeping the template draft (with a notice) when the model fails.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy.orm import Session

from vigile.domain.charter import Charter
from vigile.domain.errors import NotFound
from vigile.domain.playbook import Draft, Recommendation, ThreadView
from vigile.i18n import t
from vigile.playbooks.drafts import draft_reply
from vigile.playbooks.library import Library, load_library
from vigile.playbooks.llm import Context, LlmConfig, LlmError, rewrite
from vigile.playbooks.recommend import recommend
from vigile.settings import Settings, secret_setting
from vigile.store.thread_view import thread_view

LLM_KEY_FILE = ".llm_api_key"


def workspace_library(settings: Settings) -> Library:
    """The shipped scenarios with the workspace's own on top."""
    return load_library(settings.scenarios_path)


def llm_config(settings: Settings) -> LlmConfig | None:
    """The LLM backend when the workspace configures one; the key never comes from the toml."""
    if not settings.llm_base_url or not settings.llm_model:
        return None
    key = secret_setting(settings.llm_api_key, Path(settings.home), LLM_KEY_FILE)
    return LlmConfig(settings.llm_base_url, settings.llm_model, key, settings.llm_timeout)


def load_thread(session: Session, thread_id: int) -> ThreadView:
    view = thread_view(session, thread_id)
    if view is None:
        raise NotFound(f"no analysed thread {thread_id}")
    return view


def recommend_thread(
    session: Session, thread_id: int, library: Library
) -> tuple[ThreadView, list[Recommendation]]:
    view = load_thread(session, thread_id)
    return view, recommend(view, library)


def draft_for_thread(
    session: Session,
    thread_id: int,
    *,
    library: Library,
    charter: Charter,
    lang: str,
    scenario_id: str | None = None,
    comment_id: str | None = None,
    template_id: str | None = None,
    slots: dict[str, str] | None = None,
    llm: LlmConfig | None = None,
) -> Draft:
    """A draft for the named scenario, or for the best-ranked one; `lang` is the UI's."""
    view, ranked = recommend_thread(session, thread_id, library)
    if scenario_id is not None:
        scenario = library.get(scenario_id)
    elif ranked:
        scenario = ranked[0].scenario
    else:
        raise NotFound(t("playbook.draft.no_scenario", lang, thread=thread_id))
    draft = draft_reply(
        view,
        scenario,
        tone=charter.tone,
        default_lang=charter.language,
        comment_id=comment_id,
        template_id=template_id,
        slots=slots,
    )
    if llm is None:
        return draft
    comment = next((c.text for c in view.comments if c.id == draft.comment), None)
    try:
        text = rewrite(llm, draft, scenario, Context(view.post_text, comment, charter.tone))
    except LlmError as exc:
        return dataclasses.replace(
            draft, notice=t("playbook.draft.llm_failed", lang, error=exc.message)
        )
    return dataclasses.replace(draft, text=text, backend=f"llm:{llm.model}")
