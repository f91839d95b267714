"""inbox: per-thread counters the inbox filters on (toxic, negative, unanswered, language,
the post's page),
a covering index of what the inbox reads, and an index of a thread's alerts by status

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 09:00:00

Existing threads are filled from the stored comments and scores: toxic is toxicity >= 0.5
(the model's own per-language threshold is not stored, so a few comments near it may count
differently than a fresh analysis would), negative is the stored sentiment label (else
negativity >= 0.5), and a question or a negative comment that is not toxic counts as
unanswered until the page's own account comments.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

AT = 0.5
# the inbox reads only these (and the key): a covering index spares it the wide rows
INBOX_COLUMNS = [
    "derailment",
    "toxicity_max",
    "negativity_mean",
    "toxic",
    "negative",
    "unanswered",
    "comments",
    "lang",
    "page_id",
]


def upgrade() -> None:
    with op.batch_alter_table("thread_states") as table:
        table.add_column(sa.Column("toxic", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("negative", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("unanswered", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("lang", sa.String(length=10), nullable=True))
        table.add_column(sa.Column("page_id", sa.Integer(), nullable=True))
        table.create_foreign_key("fk_thread_states_page_id", "pages", ["page_id"], ["id"])
    op.create_index("ix_thread_states_risk", "thread_states", INBOX_COLUMNS)
    op.create_index("ix_alerts_post_status", "alerts", ["post_id", "status"])
    op.execute(
        "UPDATE thread_states SET page_id ="
        " (SELECT posts.page_id FROM posts WHERE posts.id = thread_states.post_id)"
    )
    _backfill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_alerts_post_status", table_name="alerts")
    op.drop_index("ix_thread_states_risk", table_name="thread_states")
    with op.batch_alter_table("thread_states") as table:
        table.drop_constraint("fk_thread_states_page_id", type_="foreignkey")
        for column in ("page_id", "lang", "unanswered", "negative", "toxic"):
            table.drop_column(column)


def _backfill(bind: Any) -> None:
    """One pass over the analysed threads' comments, oldest first (a frozen copy of the
    pipeline's rule, so that this migration never changes with the code)."""
    rows = bind.execute(
        sa.text(
            "SELECT c.post_id, c.text, c.lang, c.sentiment, a.handle, p.handle,"
            " (SELECT value FROM scores s WHERE s.comment_id = c.id AND s.signal = 'toxicity'),"
            " (SELECT value FROM scores s WHERE s.comment_id = c.id AND s.signal = 'negativity')"
            " FROM comments c JOIN thread_states t ON t.post_id = c.post_id"
            " JOIN pages p ON p.id = c.page_id LEFT JOIN authors a ON a.id = c.author_id"
            " ORDER BY c.post_id, c.created_at, c.id"
        )
    )
    current: int | None = None
    counts: dict[str, Any] = {}
    for post_id, text, lang, sentiment, author, page, toxicity, negativity in rows:
        if post_id != current:
            _save(bind, current, counts)
            current, counts = post_id, {"toxic": 0, "negative": 0, "unanswered": 0, "langs": {}}
        toxic = (toxicity or 0.0) >= AT
        negative = toxic or (sentiment == "negative" if sentiment else (negativity or 0.0) >= AT)
        counts["toxic"] += toxic
        counts["negative"] += negative
        if lang:
            counts["langs"][lang] = counts["langs"].get(lang, 0) + 1
        if _squash(author or "") in {_squash(page), _squash(page.split("@")[0].split(".")[0])}:
            counts["unanswered"] = 0
        elif not toxic and (negative or "?" in text):
            counts["unanswered"] += 1
    _save(bind, current, counts)


def _save(bind: Any, post_id: int | None, counts: dict[str, Any]) -> None:
    if post_id is None:
        return
    langs: dict[str, int] = counts["langs"]
    bind.execute(
        sa.text(
            "UPDATE thread_states SET toxic = :toxic, negative = :negative,"
            " unanswered = :unanswered, lang = :lang WHERE post_id = :post_id"
        ),
        {
            "toxic": counts["toxic"],
            "negative": counts["negative"],
            "unanswered": counts["unanswered"],
            "lang": max(sorted(langs), key=lambda code: langs[code]) if langs else None,
            "post_id": post_id,
        },
    )


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
