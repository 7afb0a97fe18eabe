"""What an import makes of a hub's structure: sections it has never seen, manuals as guides,
truthful types and dates, pictures shown before and after copying, and the fidelity check."""

import json

from django.core.management import CommandError, call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page

import pytest
from PIL import Image as PILImage

from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.events.models import EventPage
from cms.guides.models import GuideChapterPage, GuideIndexPage, GuidePage
from cms.importer.mapping import mapping_load
from cms.importer.models import ImportedItem
from cms.news.models import NewsPage
from cms.resources.models import ResourcePage

from .conftest import item, main_of
from .test_import_markdown import ID_A, ID_B, ID_C, only, page_of, run

ID_D = "44444444-4444-4444-8444-444444444444"


def _chapter(page_id, title, *, date="2024-02-03T10:00:00.000Z", extra="", body="Text."):
    extra = f"{extra.strip()}\n" if extra.strip() else ""
    return f"---\npageId: {page_id}\ntitle: {title}\ndate: {date}\n{extra}---\n{body}\n"


def _titles(pages):
    return [page.title for page in pages]


# Folders the mapping lacks -----------------------------------------------------------------


def test_an_unknown_folder_becomes_articles_and_the_report_gives_mapping_lines(
    client, home_page, hub, tmp_path, capsys
):
    hub.write(
        "projects2025/2025-01-01-a.md",
        item(page_id=ID_A, title="A write-up", extra="theme: Technology\nsponsor: City"),
    )
    hub.write("newsletter/2025-01-02-b.md", item(page_id=ID_B, title="Letter", extra="type: news"))
    report = run(hub, tmp_path)

    assert report["totals"] == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}
    article = page_of(ID_A)
    assert isinstance(article, ArticlePage)
    index = article.get_parent().specific
    assert isinstance(index, ArticleIndexPage)
    assert (index.slug, index.title) == ("projects2025", "Projects2025")
    # The `type` names a known section: the item goes there.
    assert isinstance(page_of(ID_B), NewsPage)
    assert page_of(ID_B).get_parent().slug == "news"

    lines = report["unmapped_folders"]["projects2025"]
    assert "page_type: articles.ArticlePage" in lines
    assert "# sponsor: ?" in lines and "      theme: themes" in lines
    assert [t.name for t in article.themes.all()] == ["Technology"]
    assert "newsletter" in report["unmapped_folders"]
    assert client.get(article.url).status_code == 200


def test_the_command_warns_about_unknown_folders(home_page, hub, tmp_path, capsys):
    hub.write("misc/2025-01-01-a.md", item(page_id=ID_A, title="Misc"))
    call_command("import_markdown", str(hub.root))
    err = capsys.readouterr().err
    assert "WARNING: the mapping has no section for 'misc'" in err
    assert "  misc:\n    page_type: articles.ArticlePage" in err


def test_a_malformed_file_fails_alone_with_its_line_number(home_page, hub, tmp_path):
    hub.write(
        "news/2024-01-01-bad.md",
        f"---\npageId: {ID_A}\ntitle: Fine\nthis line is no key\n---\nBody\n",
    )
    hub.write("news/2024-01-02-good.md", item(page_id=ID_B, title="Good"))
    report = run(hub, tmp_path)
    bad = only(report, "news/2024-01-01-bad.md")
    assert bad["outcome"] == "failed"
    assert bad["error"].startswith("front matter: line 4: ")
    assert only(report, "news/2024-01-02-good.md")["outcome"] == "created"


def test_a_well_formed_file_without_id_or_title_still_imports(home_page, hub, tmp_path):
    hub.write("news/2024-01-01-untitled-note.md", "---\ndate: 2024-01-01\n---\n## Heading\n\nB\n")
    hub.write("news/plain-note.md", "---\nlayout: x\n---\nJust text.\n")
    first = run(hub, tmp_path)
    assert first["totals"]["created"] == 2
    titles = {entry["source_path"]: entry for entry in first["items"]}
    assert Page.objects.get(pk=titles["news/2024-01-01-untitled-note.md"]["page_id"]).title == (
        "Heading"
    )
    assert Page.objects.get(pk=titles["news/plain-note.md"]["page_id"]).title == "Plain note"
    # The id made from the path is stable: a second run finds the same items.
    assert run(hub, tmp_path)["totals"]["unchanged"] == 2


# Manuals become guides ---------------------------------------------------------------------


def test_a_series_grouped_by_a_key_becomes_guides_with_chapters_in_order(
    client, home_page, hub, tmp_path
):
    chapters = [
        (ID_A, "10. Ten", "Tablet", "2023-07-18T10:00:00Z"),
        (ID_B, "2. Two", "Tablet", "2023-07-19T10:00:00Z"),
        (ID_C, "5-7. Five to seven", "Tablet", "2023-07-17T10:00:00Z"),
        (ID_D, "1. One", "Architecture", "2023-07-20T10:00:00Z"),
    ]
    for page_id, title, group, date in chapters:
        hub.write(
            f"exhibdoc/{page_id}.md",
            _chapter(page_id, title, date=date, extra=f"exhibdocsection: {group}"),
        )
    report = run(hub, tmp_path)
    assert report["totals"]["created"] == 4

    tablet = page_of(ID_A).get_parent().specific
    assert isinstance(tablet, GuidePage) and tablet.title == "Tablet"
    index = tablet.get_parent().specific
    assert isinstance(index, GuideIndexPage) and index.slug == "exhibition-documentation"
    assert _titles(tablet.get_children()) == ["2. Two", "5-7. Five to seven", "10. Ten"]
    assert _titles(page_of(ID_D).get_parent().get_children()) == ["1. One"]
    assert all(isinstance(page_of(i), GuideChapterPage) for i, *_ in chapters)
    # The group key is the guide, not a leftover "Details" entry.
    assert not any("exhibdocsection" in w for e in report["items"] for w in e["warnings"])

    guide_html = main_of(client.get(tablet.url).content.decode())
    assert guide_html.index("2. Two") < guide_html.index("5-7. Five") < guide_html.index("10. Ten")
    middle = main_of(client.get(page_of(ID_C).url).content.decode())
    assert f'href="{page_of(ID_B).url}" rel="prev"' in middle or (
        'rel="prev"' in middle and page_of(ID_B).url in middle
    )
    assert 'rel="next"' in middle and page_of(ID_A).url in middle

    again = run(hub, tmp_path)
    assert again["totals"]["unchanged"] == 4
    assert _titles(tablet.get_children()) == ["2. Two", "5-7. Five to seven", "10. Ten"]


def test_a_new_chapter_in_a_later_run_takes_its_place_in_order(home_page, hub, tmp_path):
    hub.write("firstperfdoc/a.md", _chapter(ID_A, "Overview", date="2024-09-05T10:21:00Z"))
    hub.write("firstperfdoc/c.md", _chapter(ID_C, "Credits", date="2024-09-05T10:34:00Z"))
    run(hub, tmp_path)
    guide = page_of(ID_A).get_parent().specific
    assert isinstance(guide, GuidePage) and guide.slug == "first-performance-documentation"
    assert _titles(guide.get_children()) == ["Overview", "Credits"]

    hub.write("firstperfdoc/b.md", _chapter(ID_B, "Music score", date="2024-09-05T10:29:00Z"))
    run(hub, tmp_path)
    assert _titles(guide.get_children()) == ["Overview", "Music score", "Credits"]


def test_numbered_titles_in_an_unknown_folder_make_a_guide(home_page, hub, tmp_path):
    hub.write("manual/x.md", _chapter(ID_A, "2. Setting up"))
    hub.write("manual/y.md", _chapter(ID_B, "1. Introduction"))
    hub.write("notes/z.md", _chapter(ID_C, "1. Only one numbered"))
    hub.write("notes/w.md", _chapter(ID_D, "Not numbered"))
    report = run(hub, tmp_path)
    assert report["totals"]["failed"] == 0
    guide = page_of(ID_A).get_parent().specific
    assert isinstance(guide, GuidePage) and guide.title == "Manual"
    assert _titles(guide.get_children()) == ["1. Introduction", "2. Setting up"]
    assert "series: true" in report["unmapped_folders"]["manual"]
    # Not every title numbered: articles, in the order they were written.
    assert isinstance(page_of(ID_C), ArticlePage)


def test_a_page_of_another_type_is_replaced_and_its_address_redirects(
    client, home_page, hub, tmp_path
):
    mapping = tmp_path / "old.yaml"
    mapping.write_text(
        "sections:\n  exhibdoc:\n    page_type: resources.ResourcePage\n"
        "    index: {page_type: resources.ResourceIndexPage, title: Docs, slug: docs}\n",
        encoding="utf-8",
    )
    hub.write("exhibdoc/a.md", _chapter(ID_A, "1. One", extra="exhibdocsection: Tablet"))
    run(hub, tmp_path, "--mapping", str(mapping))
    old = page_of(ID_A)
    assert isinstance(old, ResourcePage)
    old_url = old.url

    report = run(hub, tmp_path)
    assert only(report, "exhibdoc/a.md")["outcome"] == "updated"
    new = page_of(ID_A)
    assert isinstance(new, GuideChapterPage) and new.pk != old.pk
    old.refresh_from_db()
    assert not old.live
    redirect = Redirect.objects.get(old_path=Redirect.normalise_path(old_url))
    assert redirect.redirect_page_id == new.pk
    assert client.get(old_url).status_code == 301


# Truthful types and dates ------------------------------------------------------------------


def test_a_webinar_without_event_dates_is_a_recording_on_its_post_date(
    client, home_page, hub, tmp_path
):
    body = (
        "### About\n\nHeld on 20 December 2022 from 3:00-4:00 pm CET.\n\n"
        "### Recording and slides:\n\n`youtube: https://youtu.be/GHgBIRXqKK8`"
    )
    hub.write("webinars/w.md", item(page_id=ID_A, title="Webinar", body=body))
    run(hub, tmp_path)
    page = page_of(ID_A)
    assert isinstance(page, EventPage)
    assert page.sessions.count() == 0
    assert str(page.date) == "2024-02-03"
    assert page.recording_url == "https://www.youtube.com/watch?v=GHgBIRXqKK8"
    # One video block per video: the recording is not repeated in the body, nor its heading.
    assert [b.block_type for b in page.body] == ["heading", "paragraph"]
    html = main_of(client.get(page.url).content.decode())
    assert html.count("GHgBIRXqKK8") == 1 or "youtube" in html
    assert client.get(page.url + "ical/").status_code == 404


def test_event_dates_from_the_source_make_a_session(home_page, hub, tmp_path):
    mapping = tmp_path / "events.yaml"
    mapping.write_text(
        "sections:\n  meetups:\n    page_type: events.EventPage\n"
        "    index: {page_type: events.EventIndexPage, title: Events, slug: events}\n"
        "    event_dates: {start: starts, end: ends}\n",
        encoding="utf-8",
    )
    hub.write(
        "meetups/m.md",
        item(
            page_id=ID_A,
            title="Meetup",
            extra="starts: 2025-03-04T14:00:00Z\nends: 2025-03-04T15:30:00Z",
        ),
    )
    hub.write("meetups/n.md", item(page_id=ID_B, title="No dates"))
    run(hub, tmp_path, "--mapping", str(mapping))
    session = page_of(ID_A).sessions.get()
    assert (str(session.start_date), str(session.start_time)) == ("2025-03-04", "14:00:00")
    assert (str(session.end_date), str(session.end_time), session.time_zone) == (
        "2025-03-04",
        "15:30:00",
        "UTC",
    )
    assert page_of(ID_B).sessions.count() == 0


def test_write_ups_are_articles(home_page, hub, tmp_path):
    hub.write("hackathonnicosia/h.md", item(page_id=ID_A, title="Project: AR"))
    hub.write("summerschool/s.md", item(page_id=ID_B, title="Summer school"))
    run(hub, tmp_path)
    for source_id in (ID_A, ID_B):
        page = page_of(source_id)
        assert isinstance(page, ArticlePage)
        assert page.get_parent().slug == "projects"


# Pictures: shown from their server, then copied in place -----------------------------------


@pytest.mark.usefixtures("home_page")
def test_pictures_show_from_their_server_and_a_fetching_run_copies_them_in_place(
    client,
    hub,
    tmp_path,
    asset_server,
):
    base = asset_server.base
    hub.write(
        "eshop/p.md",
        item(
            page_id=ID_A,
            title="Product",
            extra=f"thumbnail: {base}/thumb.png\nimage_one: {base}/thumb.png\n"
            f"image_two: {base}/missing.png",
            body=f'![A chart]({base}/thumb.png "Sales")',
        ),
    )
    first = run(hub, tmp_path)
    assert asset_server.requests_seen == []
    page = page_of(ID_A)
    assert page.listing_image is None and page.listing_image_url == f"{base}/thumb.png"
    assert [b.block_type for b in page.body][:1] == ["remote_image"]
    gallery = next(b for b in page.body if b.block_type == "gallery")
    assert [child.block_type for child in gallery.value] == ["remote_image", "remote_image"]
    assert set(first["assets_not_fetched"]) == {f"{base}/thumb.png", f"{base}/missing.png"}
    html = main_of(client.get(page.url).content.decode())
    assert f'<img src="{base}/thumb.png" alt="A chart" loading="lazy"' in html
    assert "<figcaption>Sales</figcaption>" in html

    images_before = get_image_model().objects.count()
    upgraded = run(hub, tmp_path, "--fetch-assets")
    assert only(upgraded, "eshop/p.md")["outcome"] == "updated"
    page = page_of(ID_A)
    assert page.pk == ImportedItem.objects.get(source_id=ID_A).page_id
    assert page.listing_image is not None and page.listing_image_url == ""
    assert [b.block_type for b in page.body][:1] == ["image"]
    gallery = next(b for b in page.body if b.block_type == "gallery")
    assert [child.block_type for child in gallery.value] == ["image", "remote_image"]
    assert get_image_model().objects.count() == images_before + 1
    assert upgraded["assets_not_fetched"] == [f"{base}/missing.png"]

    # Only the missing picture is asked for again; nothing is duplicated.
    again = run(hub, tmp_path, "--fetch-assets")
    assert get_image_model().objects.count() == images_before + 1
    assert only(again, "eshop/p.md")["outcome"] in ("unchanged", "updated")
    assert page_of(ID_A).revisions.count() == 2


def test_cards_show_a_listing_picture_left_on_its_server(client, home_page, hub, tmp_path):
    hub.write(
        "news/n.md",
        item(page_id=ID_A, title="Pictured", extra="thumbnail: https://cdn.example/x/"),
    )
    run(hub, tmp_path)
    index_html = client.get(page_of(ID_A).get_parent().url).content.decode()
    assert 'src="https://cdn.example/x/"' in index_html


# The fidelity check ------------------------------------------------------------------------


def test_check_passes_on_a_clean_import_and_names_leftovers(home_page, hub, tmp_path, capsys):
    hub.write(
        "news/a.md",
        item(
            page_id=ID_A,
            title="Clean",
            body="- one\n\n- two\n\nSee https://example.org and [](https://example.org/x).",
        ),
    )
    run(hub, tmp_path)
    call_command("import_markdown", "--check")
    assert "Checked 1 imported page(s): 0 leftover(s)." in capsys.readouterr().out

    page = page_of(ID_A)
    page.body = [
        {
            "type": "paragraph",
            "value": "<p>Left **bold** and Florence"
            '<a href="https://x.example/">https://x.example/</a></p><ul><li><br/>item</li></ul>',
        }
    ]
    page.save_revision().publish()
    with pytest.raises(CommandError, match="leftover"):
        call_command("import_markdown", "--check")
    err = capsys.readouterr().err
    for problem in ("raw markdown", "a URL glued to a word", "a list item starting"):
        assert problem in err
    assert "news/a.md" in err


def test_the_report_is_json_with_the_new_sections(home_page, hub, tmp_path):
    hub.write("odd/a.md", item(page_id=ID_A, title="Odd"))
    run(hub, tmp_path)
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert set(data) >= {"unmapped_folders", "assets_not_fetched", "items"}


def test_an_asset_map_imports_pictures_offline_from_a_local_copy(home_page, hub, tmp_path):
    uploads = tmp_path / "uploads" / "5ced28da-5d7d-4b4b-aada-4b1276e13bbe"
    uploads.mkdir(parents=True)
    PILImage.new("RGB", (6, 4), "blue").save(uploads / "prototype.png")
    url = "https://ucarecdn.com/5ced28da-5d7d-4b4b-aada-4b1276e13bbe/"
    hub.write("news/n.md", item(page_id=ID_A, title="Offline", body=f"![Prototype]({url})"))
    report = run(hub, tmp_path, "--asset-map", f"https://ucarecdn.com/={tmp_path / 'uploads'}")
    assert report["assets_not_fetched"] == []
    image_block = next(b for b in page_of(ID_A).body if b.block_type == "image")
    assert image_block.value["image"].width == 6
    assert image_block.value["image"].collection.name == "Imported: hub"

    with pytest.raises(CommandError, match=r"asset map: .*PREFIX=DIR_OR_URL"):
        call_command("import_markdown", str(hub.root), "--asset-map", "no-equals-sign", "-v0")


def test_the_content_security_policy_allows_the_mapping_asset_hosts(
    client, home_page, hub, tmp_path
):
    hub.write("news/n.md", item(page_id=ID_A, title="P", body="![x](https://ucarecdn.com/a/)"))
    run(hub, tmp_path)
    policy = client.get(page_of(ID_A).url)["Content-Security-Policy"]
    img_src = next(d.split()[1:] for d in policy.split(";") if d.strip().startswith("img-src"))
    hosts = mapping_load(name_or_path="hub").asset_hosts
    assert hosts
    for host in hosts:
        assert "https:" in img_src or any(host in source for source in img_src), host
