"""Reads shared by every page: language switcher, menus, cards, section indexes, JSON-LD."""

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q, prefetch_related_objects
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Page, TaskState

from .models import Audience, TaggedPage, Theme


def page_translations(*, page: Page) -> dict[str, Page]:
    """Live translations of a page (itself included), keyed by language code."""
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    return {p.locale.language_code: p for p in translations}


def language_links(*, request, page: Page | None = None) -> list[dict]:
    """One link per site language: the translation of the current page where it exists.

    A page without a live translation in a language links to the default language's version
    under that language's prefix, which cms.core.translation_fallback serves with a notice
    (never that language's home page); any other view (accounts, search) keeps its path with
    the language prefix swapped.
    """
    current = translation.get_language()
    translations = page_translations(page=page) if page is not None else {}
    links = []
    for code, _name in settings.LANGUAGES:
        if page is not None:
            target = translations.get(code)
            if target is not None:
                url = target.url
            else:
                source = translations.get(settings.LANGUAGE_CODE) or page
                url = _with_language_prefix(source.url, code) if source.url else f"/{code}/"
            has_translation = target is not None
        else:
            url = translate_url(request.get_full_path(), code)
            has_translation = True
        links.append(
            {
                "code": code,
                "name": language_local_name(code),
                "url": url,
                "is_current": code == current,
                "has_translation": has_translation,
            }
        )
    return links


def language_local_name(code: str) -> str:
    """A site language's name in that language ("Dansk", "Deutsch")."""
    name = dict(settings.LANGUAGES)[code]
    with translation.override(code):
        return translation.gettext(name)


def _with_language_prefix(url: str, code: str) -> str:
    # Page URLs start with their own language (/en/...); translate_url() cannot swap it, as it
    # only resolves paths under the active language.
    parts = urlsplit(url)
    segments = parts.path.split("/")
    languages = {language for language, _name in settings.LANGUAGES}
    if len(segments) > 1 and segments[1] in languages:
        segments[1] = code
    else:
        segments.insert(1, code)
    return urlunsplit(parts._replace(path="/".join(segments)))


@dataclass(frozen=True)
class PageInAnyLanguage:
    """Where a path leads when its slugs may come from any language (translation fallback)."""

    page: Page  # the version to show: the default language's where live
    translation: Page | None  # the live version in the language asked for, to redirect to
    remaining: list[str]  # what is left of the path below the page (a routable page's route)


# Deeper paths than any tree here are not walked (each level costs two queries).
FALLBACK_MAX_DEPTH = 12


def page_route_in_any_language(
    *, site_root: Page, components: list[str], language_code: str
) -> PageInAnyLanguage | None:
    """Follow a path slug by slug, each slug that of a child of any translation of the page
    found so far, preferring live pages, then the language asked for, then the default one.

    Two queries per level. None when not even the first slug matches, when nothing along the
    way is live, or when the path is entirely in the language asked for (Wagtail already
    answered it, so it is a real 404).
    """
    if not components or len(components) > FALLBACK_MAX_DEPTH:
        return None
    default_code = settings.LANGUAGE_CODE

    def rank(candidate: Page) -> tuple[bool, bool, bool]:
        code = candidate.locale.language_code
        return (not candidate.live, code != language_code, code != default_code)

    versions = list(
        Page.objects.filter(translation_key=site_root.translation_key).select_related("locale")
    )
    consumed = 0
    only_requested_language = True
    for slug in components:
        under_any_version = Q()
        for version in versions:
            under_any_version |= Q(path__startswith=version.path, depth=version.depth + 1)
        children = list(Page.objects.filter(under_any_version, slug=slug).select_related("locale"))
        if not children:
            break
        chosen = min(children, key=rank)
        only_requested_language &= chosen.locale.language_code == language_code
        versions = list(
            Page.objects.filter(translation_key=chosen.translation_key).select_related("locale")
        )
        consumed += 1
    if consumed == 0:
        return None
    live = {version.locale.language_code: version for version in versions if version.live}
    requested = live.get(language_code)
    if requested is not None and only_requested_language:
        return None
    shown = live.get(default_code) or next(iter(live.values()), None)
    if shown is None:
        return None
    return PageInAnyLanguage(page=shown, translation=requested, remaining=components[consumed:])


def cards_for_pages(*, page_ids: list[int]) -> dict[int, Page]:
    """The live pages behind some ids, with listing images, in a fixed number of queries.

    Each chosen page is replaced by its translation in the current language where one is live,
    so a featured block chosen once in English shows Danish cards on the Danish home page.
    """
    chosen = Page.objects.filter(id__in=page_ids).values_list("id", "translation_key")
    key_to_chosen_id = {key: page_id for page_id, key in chosen}
    candidates = (
        Page.objects.live()
        .public()
        .filter(translation_key__in=key_to_chosen_id)
        .filter(Q(locale__language_code=translation.get_language()) | Q(id__in=page_ids))
        .specific()
    )
    best: dict[int, Page] = {}
    for page in candidates:
        chosen_id = key_to_chosen_id[page.translation_key]
        if chosen_id not in best or page.id != chosen_id:
            best[chosen_id] = page
    pages = list(best.values())
    by_type: dict[type, list[Page]] = defaultdict(list)
    for page in pages:
        if hasattr(page, "listing_image_id"):
            by_type[type(page)].append(page)
    for same_type_pages in by_type.values():
        prefetch_related_objects(same_type_pages, "listing_image__renditions")
    return best


SORT_ORDERS = {"newest": ["-date", "-pk"], "oldest": ["date", "pk"], "title": ["title"]}


def index_items(*, index, filters: dict):
    """The live items of a section index, filtered and sorted, ready to render as cards."""
    model = index.listing_model
    items = model.objects.child_of(index).live().public()
    # Translations of a page keep the terms chosen on the original (wagtail-localize copies the
    # relation as it is), so a term matches by its translation key, in whichever language.
    if "theme" in filters:
        chosen = Theme.objects.filter(slug=filters["theme"]).values("translation_key")
        items = items.filter(themes__translation_key__in=chosen)
    if "audience" in filters:
        chosen = Audience.objects.filter(slug=filters["audience"]).values("translation_key")
        items = items.filter(audiences__translation_key__in=chosen)
    if "category" in filters and index.category_field:
        field = model._meta.get_field(index.category_field)
        lookup = field.attname if field.is_relation else field.name
        items = items.filter(**{lookup: filters["category"]})
    if "keyword" in filters:
        # Through the tag table directly: the keyword relation points at wagtailcore.Page, which
        # Django cannot join from a page subclass's own table.
        tagged = TaggedPage.objects.filter(tag__name__iexact=filters["keyword"].strip())
        items = items.filter(pk__in=tagged.values("content_object_id"))
    if "year" in filters:
        items = items.filter(date__year=filters["year"])
    return (
        items.order_by(*SORT_ORDERS[filters.get("sort", "newest")])
        .distinct()
        .select_related("locale", "listing_image")
        .prefetch_related("themes", "listing_image__renditions")
    )


def index_page_of_items(*, index, filters: dict, page_number):
    """One page of an index's items; a page number out of range gives the nearest page."""
    paginator = Paginator(index_items(index=index, filters=filters), index.items_per_page)
    return paginator.get_page(page_number)


def index_years(*, index) -> list[int]:
    dates = index.listing_model.objects.child_of(index).live().dates("date", "year", order="DESC")
    return [date.year for date in dates]


def term_names_in_language(*, terms, language_code: str) -> list[str]:
    """Names of taxonomy terms in a language, falling back to the term's own name.

    A translated page still points at the terms chosen on the original page; this shows their
    translations, with one query for any number of terms.
    """
    terms = list(terms)
    if not terms:
        return []
    model = type(terms[0])
    translated = dict(
        model.objects.filter(
            translation_key__in=[term.translation_key for term in terms],
            locale__language_code=language_code,
        ).values_list("translation_key", "name")
    )
    return [translated.get(term.translation_key, term.name) for term in terms]


def section_index(*, page):
    """The section index a page is listed on: its nearest ancestor that is an index page (the
    parent, or a guide's index for a guide chapter), or None."""
    from .models import IndexPage

    for ancestor in page.get_ancestors().order_by("-depth"):
        # specific_class comes from the cached content type: no query per ancestor.
        if issubclass(ancestor.specific_class or type(ancestor), IndexPage):
            return ancestor
    return None


def page_taxonomy(*, page) -> dict[str, list[dict]]:
    """A content page's themes, audiences and keywords: each a name in the page's language and,
    when the page is listed on a section index, the link to that index filtered by it."""
    from .filter_links import filter_url

    language_code = page.locale.language_code
    index = section_index(page=page)
    index_url = index.url if index is not None else None

    def chips(name: str, pairs) -> list[dict]:
        return [
            {
                "name": label,
                "url": filter_url(index_url=index_url, name=name, value=value)
                if index_url and value
                else None,
            }
            for label, value in pairs
        ]

    themes = list(page.themes.all())
    audiences = list(page.audiences.all())
    return {
        "themes": chips(
            "theme",
            zip(
                term_names_in_language(terms=themes, language_code=language_code),
                [term.slug for term in themes],
                strict=True,
            ),
        ),
        "audiences": chips(
            "audience",
            zip(
                term_names_in_language(terms=audiences, language_code=language_code),
                [term.slug for term in audiences],
                strict=True,
            ),
        ),
        "keywords": chips("keyword", [(tag.name, tag.name) for tag in page.keywords.all()]),
    }


def structured_data_for_page(*, page, request, taxonomy: dict | None = None) -> dict:
    """schema.org JSON-LD for a content page; page types add theirs in structured_data_extra()."""
    data = {
        "@context": "https://schema.org",
        "@type": page.schema_type,
        "name": page.title,
        "headline": page.title,
        "url": page.get_full_url(request),
        "inLanguage": page.locale.language_code,
        "datePublished": page.date.isoformat(),
        "publisher": {"@type": "Organization", "name": "Heritage Hub"},
    }
    if page.display_summary:
        data["description"] = page.display_summary
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.licence_id and page.licence.url:
        data["license"] = page.licence.url
    if page.attribution:
        data["creditText"] = page.attribution
    taxonomy = taxonomy if taxonomy is not None else page_taxonomy(page=page)
    if taxonomy["keywords"]:
        data["keywords"] = ", ".join(chip["name"] for chip in taxonomy["keywords"])
    if taxonomy["themes"]:
        data["about"] = [chip["name"] for chip in taxonomy["themes"]]
    if page.listing_image_id:
        rendition = page.listing_image.get_rendition("fill-1200x630")
        data["image"] = request.build_absolute_uri(rendition.url)
    extra = getattr(page, "structured_data_extra", None)
    if extra is not None:
        data.update(extra(request))
    return data


def pages_awaiting_review(*, user):
    """Pages at a workflow step ``user`` may approve, longest waiting first."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return TaskState.objects.none()
    return (
        TaskState.objects.reviewable_by(user)
        .filter(workflow_state__base_content_type=ContentType.objects.get_for_model(Page))
        .select_related("revision__user", "task", "workflow_state")
        .order_by("started_at", "pk")
    )


def drafts_of(*, user):
    """Pages ``user`` edited last that are not live, or whose latest changes are unpublished."""
    return (
        Page.objects.filter(latest_revision__user=user)
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        .order_by("-latest_revision_created_at", "-pk")
    )
