"""Messages of the thread trajectory plot."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "web.trajectory": {
        "en": "Toxicity and negativity of each comment, in order",
        "fr": "Toxicité et négativité de chaque commentaire, dans l'ordre",
    },
    "web.toxicity": {"en": "Toxicity", "fr": "Toxicité"},
}
