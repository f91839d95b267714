"""Messages of the thread trajectory plot."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "web.trajectory": {
        "en": "Toxicity and negativity of each comment, and the derailment risk after it",
        "fr": "Toxicité et négativité de chaque commentaire, et le risque de dérapage après lui",
    },
    "web.toxicity": {"en": "Toxicity", "fr": "Toxicité"},
}
