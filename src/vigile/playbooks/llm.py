"""Optional reply rewriting by a language model behind any OpenAI-compatible endpoint.

Off unless the workspace sets `llm_base_url` and `llm_model`. The model gets the
scenario's steps and pitfalls, the charter's tone rules, the post, the comment and the
template draft, and returns one reply. Any failure (refused connection, timeout, error
status, malformed answer) raises `LlmError`; the caller keeps the template draft.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from vigile.domain.charter import ToneRules
from vigile.domain.errors import VigileError
from vigile.domain.playbook import Draft, Scenario

log = logging.getLogger(__name__)
MAX_COMMENT = 2000
LANGUAGE_NAMES = {"en": "English", "fr": "French"}


class LlmError(VigileError):
    code = "llm_error"
    exit_code = 5
    http_status = 502


@dataclass(frozen=True, slots=True)
class LlmConfig:
    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 20.0

    @property
    def endpoint(self) -> str:
        """`…/v1` or a full `…/chat/completions` URL both work."""
        base = self.base_url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"


@dataclass(frozen=True, slots=True)
class Context:
    """What the model may read: the thread's post and the comment answered."""

    post: str | None
    comment: str | None
    tone: ToneRules


def rewrite(config: LlmConfig, draft: Draft, scenario: Scenario, context: Context) -> str:
    """The model's reply, in the draft's language and the charter's tone."""
    payload = {
        "model": config.model,
        "temperature": 0.3,
        "messages": [
            {"role": "system", "content": _system(scenario, draft.lang, context.tone)},
            {"role": "user", "content": _user(draft, context)},
        ],
    }
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    try:
        response = httpx.post(
            config.endpoint, json=payload, headers=headers, timeout=config.timeout
        )
        response.raise_for_status()
        text = response.json()["choices"][0]["message"]["content"]
    except httpx.TimeoutException:
        raise LlmError(f"no answer within {config.timeout:g} s") from None
    except httpx.HTTPStatusError as exc:
        raise LlmError(f"HTTP {exc.response.status_code}") from None
    except httpx.HTTPError as exc:
        raise LlmError(type(exc).__name__) from None
    except (ValueError, KeyError, IndexError, TypeError):
        raise LlmError("not an OpenAI-style chat completion") from None
    if not isinstance(text, str) or not text.strip():
        raise LlmError("empty reply")
    log.info("llm draft for scenario %s from %s", scenario.id, config.model)
    return text.strip()


def _system(scenario: Scenario, lang: str, tone: ToneRules) -> str:
    key = lang if lang in scenario.steps else "en"
    rules = [
        "You write one reply for a brand's community manager to post under a comment.",
        f"Write in {LANGUAGE_NAMES.get(lang, 'English')}, with tact and respect, "
        "briefly (at most 80 words). Return only the reply text.",
        "Never admit legal liability, never promise refunds, dates or compensation, "
        "never use irony, sarcasm, capitals or blame. Never ask for personal data in public.",
        "Keep every [placeholder] in square brackets as it is: the CM fills it in.",
        f"Scenario: {scenario.title[key]}. {scenario.description[key]}",
        "Steps: " + " ".join(scenario.steps[key]),
        "Avoid: " + " ".join(scenario.avoid[key]),
    ]
    if lang == "fr" and tone.address:
        rules.append(f"Address the person with '{tone.address}'.")
    if tone.banned_words:
        rules.append("Never use these words: " + ", ".join(tone.banned_words) + ".")
    if tone.forbidden_promises:
        rules.append("Never promise: " + ", ".join(tone.forbidden_promises) + ".")
    if tone.forbidden_styles:
        rules.append("Forbidden styles: " + ", ".join(tone.forbidden_styles) + ".")
    return "\n".join(rules)


def _user(draft: Draft, context: Context) -> str:
    return "\n\n".join(
        [
            f"Post:\n{(context.post or '')[:MAX_COMMENT]}",
            f"Comment to answer:\n{(context.comment or '')[:MAX_COMMENT]}",
            f"Template draft to adapt:\n{draft.text}",
        ]
    )
