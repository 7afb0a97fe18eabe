"""Reads shared by every page: language switcher, menus, cards, section indexes, JSON-LD."""

from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, prefetch_related_objects
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Page

from .models import Audience, TaggedPage, Theme


def page_translations(*, page: Page) -> dict[str, Page]:
    """Live translations of a page (itself included), keyed by language code."""
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    return {p.locale.language_code: p for p in translations}


def language_links(*, request, page: Page | None = None) -> list[dict]:
    """One link per site language: the translation of the current page where it exists.

    A page without a translation in a language links to that language's home page; any other
    view (accounts, search) keeps its path with the language prefix swapped.
    """
    current = translation.get_language()
    translations = page_translations(page=page) if page is not None else {}
    links = []
    for code, name in settings.LANGUAGES:
        if page is not None:
            target = translations.get(code)
            url = target.url if target is not None else f"/{code}/"
            has_translation = target is not None
        else:
            url = translate_url(request.get_full_path(), code)
            has_translation = True
        with translation.override(code):
            local_name = translation.gettext(name)
        links.append(
            {
                "code": code,
                "name": local_name,
                "url": url,
                "is_current": code == current,
                "has_translation": has_translation,
            }
        )
    return links


def menu_pages(*, request) -> list[Page]:
    """Top-level pages marked "show in menus", in the current language."""
    site_root = _site_root(request)
    if site_root is None:
        return []
    home = site_root.localized
    return list(home.get_children().live().public().in_menu().select_related("locale"))


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


def _site_root(request) -> Page | None:
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return site.root_page if site is not None else None


SORT_ORDERS = {"newest": ["-date", "-pk"], "oldest": ["date", "pk"], "title": ["title"]}


def index_items(*, index, filters: dict):
    """The live items of a section index, filtered and sorted, ready to render as cards."""
    model = index.listing_model
    items = model.objects.child_of(index).live().public()
    # Translations of a page keep the terms chosen on the original (wagtail-localize copies the
    # relation as it is), so a term matches by its translation key, in whichever language.
    if "theme" in filters:
        chosen = Theme.objects.filter(pk=filters["theme"]).values("translation_key")
        items = items.filter(themes__translation_key__in=chosen)
    if "audience" in filters:
        chosen = Audience.objects.filter(pk=filters["audience"]).values("translation_key")
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


def page_taxonomy(*, page) -> dict[str, list[str]]:
    """A content page's themes, audiences and keywords as names in the page's language."""
    language_code = page.locale.language_code
    return {
        "themes": term_names_in_language(terms=page.themes.all(), language_code=language_code),
        "audiences": term_names_in_language(
            terms=page.audiences.all(), language_code=language_code
        ),
        "keywords": [tag.name for tag in page.keywords.all()],
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
        data["keywords"] = ", ".join(taxonomy["keywords"])
    if taxonomy["themes"]:
        data["about"] = taxonomy["themes"]
    if page.listing_image_id:
        rendition = page.listing_image.get_rendition("fill-1200x630")
        data["image"] = request.build_absolute_uri(rendition.url)
    extra = getattr(page, "structured_data_extra", None)
    if extra is not None:
        data.update(extra(request))
    return data
