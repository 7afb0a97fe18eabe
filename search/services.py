"""Writes of the site search: the query log editors read under Reports → Search terms.

Only the query string and a daily count are stored (Wagtail's ``Query`` and ``QueryDailyHits``):
no user, address, session or time of day. Queries that look like an e-mail address or a phone
number are not logged at all, since people sometimes search for a person by those.
"""

import re

from django.db import IntegrityError, transaction

from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

_PERSONAL = re.compile(r"@|\d[\d\s().+/-]{5,}\d")


def search_query_log(*, query: str) -> bool:
    """Count one search for ``query``; returns whether it was logged."""
    normalised = normalise_query_string(query or "")
    if not normalised or _PERSONAL.search(normalised):
        return False
    try:
        with transaction.atomic():
            Query.get(normalised).add_hit()
    except IntegrityError:
        # Two first searches for the same words at once: the other one created the row.
        with transaction.atomic():
            Query.get(normalised).add_hit()
    return True
