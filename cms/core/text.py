"""Names and titles that people type for others to see: what they may carry, and when two are
the same.

Every app stores user-supplied display text (organisation names, display names, listing titles)
through ``display_text`` and puts text in mail headers through ``one_line``, so that one rule
decides which invisible characters go. ``name_skeleton`` is the key under which two names that
look alike ("Museum", the same with a Cyrillic s or a zero-width space after it) are one:
Unicode TR39's confusable skeleton, from disarm, which carries the Unicode confusables data;
``name_folded_skeleton`` the one under which names that differ in case or accents only are.
"""

import re
import unicodedata

from disarm import skeleton_key

# Characters that never show but change what the text is: bidi controls (U+202E makes
# "gpj.exe" read "exe.jpg"), zero-width spaces and joiners, the soft hyphen, Hangul fillers
# (a "blank" name), tag characters: Unicode's Default_Ignorable_Code_Point property
# (DerivedCoreProperties.txt), which covers every bidi control.
_DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_JOINERS = frozenset("\u200c\u200d")
_VARIATION_SELECTORS = re.compile("[\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# Accents and other marks of the Latin, Greek and Cyrillic alphabets (not the vowel signs of
# scripts that spell with marks).
_COMBINING_DIACRITICS = re.compile("[\u0300-\u036f]")
# Control, format, private use and surrogate code points have no place in a name.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs"})

# The skeleton column's length: NFKC can make a name longer ("ﷺ" is 18 letters), and a key cut
# short only ever merges two absurdly long names.
SKELETON_MAX_LENGTH = 400


def _visible_non_ascii(character: str) -> bool:
    return (
        not character.isascii()
        and unicodedata.category(character)[0] in "LMNPS"
        and not _DEFAULT_IGNORABLE.fullmatch(character)
    )


def _kept(value: str, index: int) -> bool:
    """Whether the invisible character at ``index`` does a job where it stands.

    The joiners spell words in Persian, Hindi and other scripts, and emoji sequences, so they
    stay between two visible non-Latin characters; a variation selector picks the form of the
    character before it (an emoji, an ideograph in a Japanese name), so one stays after one.
    Anywhere else, beside Latin letters, at either end or in a run, they only make a name
    differ from one it looks the same as.
    """
    character = value[index]
    before = value[index - 1] if index > 0 else ""
    if character in _JOINERS:
        after = value[index + 1] if index + 1 < len(value) else ""
        return bool(before and after) and _visible_non_ascii(before) and _visible_non_ascii(after)
    if _VARIATION_SELECTORS.fullmatch(character):
        return bool(before) and _visible_non_ascii(before)
    return False


def display_text(value: str) -> str:
    """The text as stored and shown: composed (NFC), without bidi controls, control and
    invisible characters (but for the joiners and variation selectors a script needs), with
    each run of white space (line breaks, tabs, no-break spaces) made one space, and trimmed."""
    value = unicodedata.normalize("NFC", str(value))
    characters = []
    for index, character in enumerate(value):
        if character.isspace():
            characters.append(" ")
        elif _DEFAULT_IGNORABLE.fullmatch(character):
            if _kept(value, index):
                characters.append(character)
        elif unicodedata.category(character) not in _DROPPED_CATEGORIES:
            characters.append(character)
    return " ".join("".join(characters).split())


def one_line(value: str) -> str:
    """Text for a mail header (a subject, a sender's name): nothing typed opens a new header
    line, and no bidi control turns the subject around in the reader's inbox."""
    return display_text(value)


def without_invisibles(value: str) -> str:
    """Every default-ignorable, control and format character removed, joiners included; white
    space (a line break, a tab) stays, as it separates words."""
    return "".join(
        character
        for character in _DEFAULT_IGNORABLE.sub("", value)
        if character.isspace() or unicodedata.category(character) not in _DROPPED_CATEGORIES
    )


def _comparable(value: str) -> str:
    value = without_invisibles(unicodedata.normalize("NFKC", str(value)))
    return " ".join(value.split())


def name_skeleton(value: str) -> str:
    """The key under which names that look the same are the same name.

    NFKC (fullwidth letters are plain ones), without invisible characters, with white space
    collapsed, then TR39's confusable skeleton, case-folded: Cyrillic a, e, o, p, c, s, i
    (U+0430, U+0435, U+043E, U+0440, U+0441, U+0455, U+0456), Greek omicron and capital mu
    become the Latin letters they pass for, and the digits 0 and 1 the letters O and l
    (``digit_policy="tr39"``: "Museum 1914" and "Museum l9l4" are one name). disarm folds case
    after a first confusable pass, not before: folded first, the Greek capital mu (an M to the
    eye) would be a small mu, which passes for no Latin letter.

    TR39 counts a capital I as an l, so "DESIGN" would not be "Design": i and l are one letter
    here, the price of a key that ignores case: it also merges "Mill" with "Miii", which no
    organisation is called. Not for display: a Greek name's key mixes scripts.
    """
    key = skeleton_key(_comparable(value), digit_policy="tr39").replace("i", "l")
    return key[:SKELETON_MAX_LENGTH]


def name_folded_skeleton(value: str) -> str:
    """The key under which names that differ in case or accents only are the same name.

    ``name_skeleton`` maps capitals to the Latin letters they look like, so a Greek or Cyrillic
    name in capitals ("ΜΟΥΣΕΙΟ") has another key than the same name in small letters: this one
    folds case first and drops the accents (which Greek capitals leave out), then skeletons.
    """
    value = unicodedata.normalize("NFD", _comparable(value).casefold())
    value = unicodedata.normalize("NFC", _COMBINING_DIACRITICS.sub("", value))
    return skeleton_key(value, digit_policy="tr39")[:SKELETON_MAX_LENGTH]
