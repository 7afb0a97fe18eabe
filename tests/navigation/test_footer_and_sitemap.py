import io
import re

from wagtail.models import Site

from cms.factsheets.factories import FactsheetIndexPageFactory, FactsheetPageFactory
from cms.navigation import demo
from cms.navigation.factories import NavigationSettingsFactory
from cms.navigation.models import NavigationSettings
from cms.news.factories import NewsIndexPageFactory
from cms.standardpages.factories import StandardPageFactory
from cms.standardpages.models import StandardPage


def footer(html: str) -> str:
    return re.search(r"<footer.*?</footer>", html, re.DOTALL).group(0)


def test_the_footer_links_the_pages_editors_chose_in_the_visitors_language(
    client, locales, home_page
):
    imprint = StandardPageFactory(parent=home_page, title="Imprint", slug="imprint")
    privacy = StandardPageFactory(parent=home_page, title="Data protection", slug="privacy")
    NavigationSettingsFactory(site=Site.objects.get(), imprint_page=imprint, privacy_page=privacy)
    home_page.copy_for_translation(locales["de"]).save_revision().publish()
    impressum = imprint.copy_for_translation(locales["de"])
    impressum.title = "Impressum"
    impressum.save_revision().publish()

    english = footer(client.get("/en/").content.decode())
    german = footer(client.get("/de/").content.decode())

    assert f'<a href="{imprint.url}">Imprint</a>' in english
    assert f'<a href="{impressum.url}">Impressum</a>' in german
    # Not translated yet: the English page, marked as English.
    assert f'<a href="{privacy.url}" lang="en">Data protection</a>' in german
    assert 'href="/en/sitemap/"' in english and 'href="/de/sitemap/"' in german
    assert "sitemap.xml" not in english


def test_the_html_sitemap_lists_sections_their_pages_and_feeds(client, locales, home_page):
    index = FactsheetIndexPageFactory(parent=home_page, title="Factsheets", slug="factsheets")
    item = FactsheetPageFactory(parent=index, title="Accessible labels")
    news = NewsIndexPageFactory(parent=home_page, title="News", slug="news")

    response = client.get("/en/sitemap/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Sitemap</h1>" in html
    assert f'<a href="{index.url}">Factsheets</a>' in html
    assert f'<a href="{item.url}">Accessible labels</a>' in html
    assert f'href="{news.url}feed/"' in html and f'href="{news.url}rss/"' in html
    assert client.get(f"{news.url}feed/").status_code == 200
    assert client.get("/da/sitemap/").status_code == 200


def test_the_demo_loader_creates_the_footer_pages_and_a_menu_once(home_page, locales):
    for slug in ("factsheets", "news"):
        FactsheetIndexPageFactory(parent=home_page, title=slug.title(), slug=slug)

    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())

    nav = NavigationSettings.for_site(Site.objects.get())
    assert nav.imprint_page.slug == "imprint"
    assert nav.privacy_page.slug == "data-protection"
    assert nav.contact_page.slug == "contact"
    assert nav.team_page.slug == "team"
    assert StandardPage.objects.filter(slug="imprint").count() == 1
    assert StandardPage.objects.get(slug="impressum").locale.language_code == "de"
    kinds = [group.value["kind"] for group in nav.menu]
    assert kinds == ["learn", "resources", "community", "about"]
