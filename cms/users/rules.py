"""What a display name may be: the name others see on certificates, the partner board and in the
header. Imports nothing of the app, so that forms (to check) and services (to store) share it."""

import unicodedata

from cms.core.text import display_text

DISPLAY_NAME_MAX_LENGTH = 100


def display_name_normalise(value: str) -> str:
    """The name as stored: the site-wide rule for names others see (``cms.core.text``), so a
    person's name, an organisation's and a listing's title lose the same invisible characters."""
    return display_text(value)


def display_name_has_a_letter(value: str) -> bool:
    """A name has at least one letter, in any script: "…" or "123" is not a name."""
    return any(unicodedata.category(character).startswith("L") for character in value)
