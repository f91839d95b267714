"""Normalisation undoes the usual evasions and leaves ordinary text alone."""

from __future__ import annotations

import pytest

from vigile.analysis.normalise import normalise, words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("c o n n a r d", "connard"),
        ("1d10t", "idiot"),
        ("m3rd3 !!!", "merde !!"),
        ("NUUUUL", "nuul"),
        ("i\u200bdiot", "idiot"),
        ("\u0456diot", "idiot"),  # Cyrillic і inside a Latin word
        ("crétin", "cretin"),
        ("@user123 merci", "@user123 merci"),
        ("Il y a un vélo", "il y a un velo"),
        ("Mon 4x4, le covid19 et un mp3", "mon 4x4, le covid19 et un mp3"),
        ("the 1st, the 3rd, le 2eme, à 10h", "the 1st, the 3rd, le 2eme, a 10h"),
        ("s@l0pe", "salope"),
    ],
)
def test_evasions_are_undone(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_other_scripts_alone_are_kept() -> None:
    assert normalise("привет") == "привет"


def test_words_drop_digits_and_punctuation() -> None:
    assert words("Tu es un 1d10t, vraiment 😡") == ["tu", "es", "un", "idiot", "vraiment"]
