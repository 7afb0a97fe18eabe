"""What a visitor types, made safe to search: shared by the site search and the API.

Whatever reaches a backend's own query parser as syntax (a NUL, an unmatched quote, brackets,
``AND``) can make it fail with a server error, so every search of visitors' words goes through
``clean_query`` first. It lives here, not in ``search``, because the API (``cms.api``) needs it
and ``cms`` does not import the apps built on it.
"""

import re

from wagtail.search.query import MATCH_NONE
from wagtail.search.utils import parse_query_string

# Longest query searched; longer ones are cut (and the visitor told). Matches the length of
# the logged query strings.
MAX_QUERY_LENGTH = 255
MAX_TERMS = 32

_SYNTAX = re.compile(r"[^\w\s\"'-]+")
_OPERATORS = re.compile(r"\b(AND|OR|NOT|NEAR)\b")


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched, and whether it had to be shortened.

    Search syntax is not offered: brackets, asterisks, colons, control characters and the like
    become spaces, upper-case operators become plain words and an unmatched quote is dropped, so
    that no input reaches a backend's own query parser as syntax.
    """
    text = " ".join((raw or "").split())
    shortened = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    text = _SYNTAX.sub(" ", text)
    text = _OPERATORS.sub(lambda match: match.group(0).lower(), text)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    text = text.replace("'", " ")
    words = text.split()
    if len(words) > MAX_TERMS:
        words, shortened = words[:MAX_TERMS], True
    text = " ".join(word for word in words if word.strip('-"') or word == '"')
    return text.strip(), shortened


def parsed_query(query: str, *, operator: str = "and"):
    """A cleaned query as a ``wagtail.search.query`` tree: quoted words are a phrase."""
    _filters, parsed = parse_query_string(query, operator=operator, zero_terms=MATCH_NONE)
    return parsed
