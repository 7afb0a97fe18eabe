"""Text clean-up applied to everything read from a source file: keys, titles, bodies."""

import re

# Zero-width and byte-order marks that editors paste into words without seeing them.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
# Non-breaking and other exotic spaces become plain spaces.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u3000"), " ")
_WHITESPACE_RUN = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Remove invisible characters, turn odd spaces into spaces and normalise line endings."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_INVISIBLE).translate(_SPACES)


def clean_line(text: str) -> str:
    """A single-line value (a title, a name): cleaned, whitespace collapsed and trimmed."""
    return _WHITESPACE_RUN.sub(" ", clean_text(text)).strip()


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "\u2026"
