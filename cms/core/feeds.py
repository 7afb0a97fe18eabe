"""Atom and RSS feeds of a section index (and of any filter applied to it)."""

import datetime

from django.http import HttpResponse
from django.utils import feedgenerator, timezone
from django.utils.html import escape

from wagtail.models import Site

DEFAULT_SITE_NAME = "Heritage Hub"


def localized_theme_names(*, items, language_code: str) -> dict:
    from .models import Theme

    keys = {theme.translation_key for item in items for theme in item.themes.all()}
    return dict(
        Theme.objects.filter(
            translation_key__in=keys, locale__language_code=language_code
        ).values_list("translation_key", "name")
    )


FEED_GENERATORS = {"atom": feedgenerator.Atom1Feed, "rss": feedgenerator.Rss201rev2Feed}


def feed_title(*, index, request) -> str:
    """The index's title and the site's name, as a feed reader lists feeds from many sites."""
    site = Site.find_for_request(request)
    site_name = (site.site_name if site is not None else "") or DEFAULT_SITE_NAME
    return f"{index.title} · {site_name}"


def feed_response(*, index, items, request, kind: str) -> HttpResponse:
    generator = FEED_GENERATORS[kind]
    feed = generator(
        title=feed_title(index=index, request=request),
        link=index.get_full_url(request),
        description=escape(index.search_description or index.title),
        language=index.locale.language_code,
        feed_url=request.build_absolute_uri(),
    )
    items = list(items)
    theme_names = localized_theme_names(items=items, language_code=index.locale.language_code)
    for item in items:
        published = timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))
        feed.add_item(
            title=item.title,
            link=item.get_full_url(request),
            # Summaries are plain text, and readers render a description as HTML.
            description=escape(item.display_summary),
            unique_id=item.get_full_url(request),
            pubdate=published,
            updateddate=item.last_published_at or published,
            categories=[
                theme_names.get(theme.translation_key, theme.name) for theme in item.themes.all()
            ],
        )
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response
