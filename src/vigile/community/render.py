"""A case study as Markdown, in its own language: the guided post-mortem template."""

from __future__ import annotations

from vigile.community.library import Shared
from vigile.i18n import t


def to_markdown(case: Shared, *, case_id: int) -> str:
    """Title, tags, what happened, the timeline, the post and excerpts, and the prompts."""
    lang, body = case.lang, case.body
    tags = ", ".join(f"{k}: {v}" for k, v in sorted(case.tags.items()))
    lines = [
        f"# {t('cases.title', lang, id=case_id, title=case.title)}",
        "",
        f"*{t('cases.tags', lang)}: {tags}*",
        "",
        f"## {t('cases.section.happened', lang)}",
        "",
        str(body.get("happened", "")),
        "",
        f"## {t('cases.section.timeline', lang)}",
        "",
    ]
    for entry in body.get("timeline", []):
        details = f" ({entry['details']})" if entry.get("details") else ""
        lines.append(f"- `{entry['at']}` **{entry['actor']}** — {entry['action']}{details}")
    if body.get("post"):
        lines += ["", f"## {t('cases.section.post', lang)}", "", f"> {body['post']}"]
    if body.get("excerpts"):
        lines += ["", f"## {t('cases.section.excerpts', lang)}", ""]
        for entry in body["excerpts"]:
            text = str(entry["text"]).replace("\n", " ")
            lines.append(f"- `{entry['at']}` **{entry['author']}**: {text}")
    for section in ("worked", "change"):
        answer = str(body.get(section, "")) or f"_{t(f'cases.prompt.{section}', lang)}_"
        lines += ["", f"## {t(f'cases.section.{section}', lang)}", "", answer]
    return "\n".join(lines) + "\n"
