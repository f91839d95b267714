"""Every user-facing message exists in English and French with the same placeholders."""

from __future__ import annotations

import string

from vigile.i18n import LANGUAGES, MESSAGES


def test_every_message_has_every_language_with_same_placeholders() -> None:
    for key, entry in MESSAGES.items():
        assert set(entry) == set(LANGUAGES), key
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in LANGUAGES
        ]
        assert all(f == fields[0] for f in fields), key


def test_reasons_render_in_both_languages() -> None:
    from vigile.i18n import describe

    reason = {"code": "toxic_share", "share": 0.6, "replies": 5}
    assert describe(reason, "en") == "60% of the last 5 replies are toxic"
    assert describe(reason, "fr") == "60% des 5 dernières réponses sont toxiques"
    assert describe({"code": "from_a_plugin", "x": 1}, "fr") == "from_a_plugin, x=1"
