"""Chapter numbers written into titles ("4. Usage", "5-7. Steps"): how guides and the importer
read them. Imports nothing of the app, so that both sides can use it."""

import re

# A number, or a range, then a dot or a parenthesis, then the title: "4. …", "5-7. …", "10) …".
_TITLE_NUMBER = re.compile(r"^\s*(\d{1,4})(?:\s*[-\u2013]\s*\d{1,4})?\s*[.)]\s+\S")


def title_number(title: str) -> int | None:
    """The chapter number a title starts with, if it starts with one."""
    match = _TITLE_NUMBER.match(title)
    return int(match.group(1)) if match else None


def titles_numbered(titles) -> bool:
    """Whether every title carries its own number (then a list need not number them again)."""
    titles = list(titles)
    return bool(titles) and all(title_number(title) is not None for title in titles)
