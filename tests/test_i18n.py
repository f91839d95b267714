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
