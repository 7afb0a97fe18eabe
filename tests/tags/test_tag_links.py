"""Issue 16, tags and feeds: term chips link to the filtered section index, filters name terms
by slug (old numeric links redirect), translations share their term's slug, and feeds take the
same filters with the site's name in their title."""

import datetime
import importlib
import re
import xml.etree.ElementTree as ET

from django.apps import apps
from django.core.exceptions import ValidationError

from wagtail.models import Site

import pytest

from cms.core.models import Audience, Theme
from cms.core.services import object_translate
from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def terms(locales):
    english = locales["en"]
    return {
        "education": Theme.objects.create(name="Education", locale=english),
        "technology": Theme.objects.create(name="Technology & Innovation", locale=english),
        "visitors": Audience.objects.create(name="Visitors", locale=english),
    }


@pytest.fixture
def section(home_page, terms):
    index = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    labels = FactsheetPageFactory(
        parent=index,
        title="Accessible labels",
        date=datetime.date(2025, 3, 1),
        themes=[terms["education"]],
        audiences=[terms["visitors"]],
    )
    labels.keywords.add("Large print")
    labels.save()
    FactsheetPageFactory(
        parent=index,
        title="Object photography",
        date=datetime.date(2026, 5, 1),
        themes=[terms["technology"]],
    )
    return {"index": index, "labels": labels}


def listed_titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


# --- Slugs -------------------------------------------------------------------------------------


def test_terms_get_a_slug_from_their_name(terms):
    assert terms["education"].slug == "education"
    assert terms["technology"].slug == "technology-innovation"
    assert terms["visitors"].slug == "visitors"


def test_slugs_are_unique_per_language_and_never_only_digits(locales):
    english = locales["en"]
    first = Theme.objects.create(name="Education", locale=english)
    second = Theme.objects.create(name="Education!", locale=english)
    numeric = Theme.objects.create(name="2030", locale=english)

    assert (first.slug, second.slug) == ("education", "education-2")
    assert numeric.slug == "2030-2"


def test_a_translation_shares_its_terms_slug(terms):
    danish = object_translate(
        instance=terms["education"], language_code="da", strings={"Education": "Uddannelse"}
    )

    assert danish.name == "Uddannelse"
    assert danish.slug == "education"


def test_data_migration_gives_a_term_and_its_translations_one_slug(terms):
    danish = object_translate(
        instance=terms["education"], language_code="da", strings={"Education": "Uddannelse"}
    )
    Theme.objects.filter(pk__in=[terms["education"].pk, danish.pk]).update(slug="")
    migration = importlib.import_module("cms.core.migrations.0004_populate_taxonomy_slugs")

    migration.populate_slugs(apps, None)

    assert set(
        Theme.objects.filter(translation_key=danish.translation_key).values_list("slug", flat=True)
    ) == {"education"}


# --- Chips -------------------------------------------------------------------------------------


def test_chips_link_to_the_filtered_section_index(client, section):
    html = client.get(section["labels"].url).content.decode()
    index_url = section["index"].url

    assert f'<a class="taxonomy__link" href="{index_url}?theme=education">Education</a>' in html
    assert f'<a class="taxonomy__link" href="{index_url}?audience=visitors">Visitors</a>' in html
    assert (
        f'<a class="taxonomy__link" href="{index_url}?keyword=Large+print">Large print</a>' in html
    )


def test_a_chip_link_lists_what_it_names(client, section):
    html = client.get(section["labels"].url).content.decode()
    (href,) = re.findall(r'class="taxonomy__link" href="([^"]+\?theme=[^"]+)"', html)

    assert listed_titles(client.get(href)) == ["Accessible labels"]


# --- Filters -----------------------------------------------------------------------------------


def test_filter_by_slug(client, section):
    url = section["index"].url

    assert listed_titles(client.get(url, {"theme": "technology-innovation"})) == [
        "Object photography"
    ]
    assert listed_titles(client.get(url, {"audience": "visitors"})) == ["Accessible labels"]


def test_filter_form_offers_slugs(client, section):
    html = client.get(section["index"].url).content.decode()

    assert '<option value="education">Education</option>' in html


def test_numeric_theme_link_redirects_permanently_to_the_slug(client, section, terms):
    url = section["index"].url

    response = client.get(url, {"theme": terms["education"].pk, "sort": "title"})

    assert response.status_code == 301
    assert response["Location"] == f"{url}?theme=education&sort=title"


def test_numeric_links_redirect_for_feeds_and_audiences_too(client, section, terms):
    url = section["index"].url

    response = client.get(f"{url}feed/", {"audience": terms["visitors"].pk})

    assert response.status_code == 301
    assert response["Location"] == f"{url}feed/?audience=visitors"


def test_unknown_number_is_not_redirected(client, section):
    response = client.get(section["index"].url, {"theme": "999999"})

    assert response.status_code == 200


# --- Feeds -------------------------------------------------------------------------------------


def test_feeds_accept_the_slug_filters(client, section):
    url = section["index"].url

    atom = ET.fromstring(client.get(f"{url}feed/", {"theme": "education"}).content)  # noqa: S314
    rss = ET.fromstring(client.get(f"{url}rss/", {"audience": "visitors"}).content)  # noqa: S314

    assert [entry.findtext(f"{ATOM}title") for entry in atom.iter(f"{ATOM}entry")] == [
        "Accessible labels"
    ]
    assert [item.findtext("title") for item in rss.iter("item")] == ["Accessible labels"]


def test_feed_titles_name_the_site(client, section):
    url = section["index"].url

    rss = ET.fromstring(client.get(f"{url}rss/").content)  # noqa: S314
    assert rss.find("channel").findtext("title") == "Factsheets · Heritage Hub"

    Site.objects.update(site_name="Museum Learning Hub")
    atom = ET.fromstring(client.get(f"{url}feed/").content)  # noqa: S314
    assert atom.findtext(f"{ATOM}title") == "Factsheets · Museum Learning Hub"


def test_a_taken_slug_is_refused_in_the_form_not_on_save(terms):
    duplicate = Theme(name="Learning", slug="education", locale=terms["education"].locale)

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert "slug" in error.value.message_dict
