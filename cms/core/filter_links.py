"""Links to a section index's filters: old numeric term links redirected to slugs, and the
filtered-index links of a page's themes, audiences and keywords."""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect

from .models import Audience, Theme

TERM_FILTERS = {"theme": Theme, "audience": Audience}


def legacy_filter_redirect(*, request) -> HttpResponsePermanentRedirect | None:
    """A permanent redirect from ``?theme=10`` to ``?theme=<slug>``, or None if no filter uses
    an old numeric id.

    Filters once named terms by id; links to them live on in bookmarks, feeds readers and other
    sites. A value that is itself a term's slug is left alone.
    """
    query = request.GET.copy()
    changed = False
    for name, model in TERM_FILTERS.items():
        value = query.get(name, "")
        if not value.isdigit() or model.objects.filter(slug=value).exists():
            continue
        slug = model.objects.filter(pk=int(value)).values_list("slug", flat=True).first()
        if slug:
            query[name] = slug
            changed = True
    if not changed:
        return None
    return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")


def filter_url(*, index_url: str, name: str, value: str) -> str:
    return f"{index_url}?{urlencode({name: value})}"
