"""What a display name may be: the name others see on certificates, the partner board and in the
header. Imports nothing of the app, so that forms (to check) and services (to store) share it."""

import unicodedata

DISPLAY_NAME_MAX_LENGTH = 100

# Invisible format characters that can reorder or hide text (bidi overrides and isolates, zero
# width spaces, the byte order mark) go; the two joiners stay, as names in Persian, Hindi and other
# scripts are spelt with them.
_KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}
# Control, private use and surrogate code points have no place in a name.
_DROPPED_CATEGORIES = {"Cc", "Co", "Cs"}


def display_name_normalise(value: str) -> str:
    """The name as stored: composed (NFC), without invisible control characters, with each run
    of white space (line breaks, tabs, no-break spaces) made one space, and trimmed."""
    value = unicodedata.normalize("NFC", value)
    characters = []
    for character in value:
        if character.isspace():
            characters.append(" ")
        elif not _dropped(character):
            characters.append(character)
    return " ".join("".join(characters).split())


def _dropped(character: str) -> bool:
    category = unicodedata.category(character)
    if category == "Cf":
        return character not in _KEPT_FORMAT_CHARACTERS
    return category in _DROPPED_CATEGORIES


def display_name_has_a_letter(value: str) -> bool:
    """A name has at least one letter, in any script: "…" or "123" is not a name."""
    return any(unicodedata.category(character).startswith("L") for character in value)
