"""The import_markdown command on small inline hubs: one test per trap of real content."""

import json
import re

from django.core.management import CommandError, call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

import pytest

from cms.bestpractices.models import BestPracticePage
from cms.events.models import EventPage
from cms.importer.models import ImportedItem
from cms.news.models import NewsPage
from cms.resources.models import ResourcePage
from cms.tools.models import ToolPage

from .conftest import item, main_of

ID_A = "11111111-1111-4111-8111-111111111111"
ID_B = "22222222-2222-4222-8222-222222222222"
ID_C = "33333333-3333-4333-8333-333333333333"
MISSING = "99999999-9999-4999-8999-999999999999"


def run(hub, tmp_path, *args):
    """Run the command; returns the JSON report (also when the command fails)."""
    report = tmp_path / "report.json"
    error = None
    try:
        call_command("import_markdown", str(hub.root), "--report", str(report), "-v0", *args)
    except CommandError as raised:
        error = raised
    data = json.loads(report.read_text("utf-8"))
    data["error"] = error
    return data


def only(report, source_path):
    matches = [entry for entry in report["items"] if entry["source_path"] == source_path]
    assert len(matches) == 1, report["items"]
    return matches[0]


def page_of(source_id):
    return ImportedItem.objects.get(source_id=source_id).page.specific


def body_html(page) -> str:
    return "".join(
        str(block.value.source) for block in page.body if block.block_type == "paragraph"
    )


def test_invisible_characters_and_crlf_are_cleaned(client, home_page, hub, tmp_path):
    hub.write(
        "news/2024-01-01-clean.md",
        "\ufeff---\npageId: " + ID_A + "\ntitle: Caf\u200be\u00a0news\ufeff\n"
        "referenceTo: News\n---\nW\ufeffith\u00a0a\u200b word.\n\n### R\ufeffecording\n",
        newline="\r\n",
    )
    report = run(hub, tmp_path)
    assert only(report, "news/2024-01-01-clean.md")["outcome"] == "created"
    page = page_of(ID_A)
    assert page.title == "Cafe news"
    assert body_html(page) == "<p>With a word.</p>"
    assert page.body[1].value["text"] == "Recording"
    html = client.get(page.url).content.decode()
    for invisible in ("\ufeff", "\u200b", "\r"):
        assert invisible not in main_of(html)


def test_lenient_front_matter_one_element_lists_and_empty_keys(home_page, hub, tmp_path):
    hub.write(
        "news/2024-01-01-lenient.md",
        f"---\npageId: {ID_A}\ntitle: Part 1: the start\nreferenceTo: ['Podcast']\n"
        'target-audience:\n\t- VISITOR\ndesc:\nthumbnail: ""\ntheme: Tourism\n---\nBody.\n',
    )
    report = run(hub, tmp_path)
    entry = only(report, "news/2024-01-01-lenient.md")
    assert entry["outcome"] == "created", entry
    assert any("read leniently" in warning for warning in entry["warnings"])
    page = page_of(ID_A)
    assert page.title == "Part 1: the start"
    assert page.category == "podcast"
    assert [a.name for a in page.audiences.all()] == ["Visitor"]
    assert [t.name for t in page.themes.all()] == ["Tourism"]
    assert page.summary == ""


def test_broken_front_matter_fails_that_item_only(home_page, hub, tmp_path):
    hub.write("news/2024-01-01-broken.md", '---\npageId: x\ntitle: "never closed\n---\nBody\n')
    hub.write("news/2024-01-02-no-end.md", f"---\npageId: {ID_B}\ntitle: No end\nBody\n")
    hub.write("news/2024-01-03-good.md", item(page_id=ID_A, title="Good"))
    report = run(hub, tmp_path)
    assert isinstance(report["error"], CommandError)  # manage.py exits with status 1
    assert "2 item(s) failed" in str(report["error"])
    broken = only(report, "news/2024-01-01-broken.md")
    assert broken["outcome"] == "failed"
    assert "quote that is never closed" in broken["error"]
    assert "never closed with '---'" in only(report, "news/2024-01-02-no-end.md")["error"]
    assert only(report, "news/2024-01-03-good.md")["outcome"] == "created"
    assert report["totals"] == {"created": 1, "updated": 0, "unchanged": 0, "failed": 2}
    assert ImportedItem.objects.count() == 1


def test_success_exits_normally(home_page, hub, tmp_path):
    hub.write("news/2024-01-03-good.md", item(page_id=ID_A, title="Good"))
    assert run(hub, tmp_path)["error"] is None


def test_non_ascii_file_names_and_files_without_date_prefix(home_page, hub, tmp_path):
    hub.write("news/μουσείο \u2013 \u201cquotes\u201d.md", item(page_id=ID_A, title="Μουσείο"))
    hub.write("news/no-date.md", f"---\npageId: {ID_B}\ntitle: Undated\n---\nBody\n")
    hub.write("news/2021-05-06-prefix-only.md", f"---\npageId: {ID_C}\ntitle: Prefix\n---\nB\n")
    report = run(hub, tmp_path)
    assert report["totals"]["created"] == 3
    assert page_of(ID_A).slug == "μουσείο"
    assert str(page_of(ID_C).date) == "2021-05-06"
    assert any("no date" in w for w in only(report, "news/no-date.md")["warnings"])


def test_old_item_links_are_rewritten_and_old_paths_redirect(client, home_page, hub, tmp_path):
    # A links to B and C, which come later in the run: the second pass fills the links.
    hub.write(
        "news/2024-01-01-a.md",
        item(
            page_id=ID_A,
            title="Links",
            body=f"See [the app](https://reinherit-hub.eu/tools/apps/{ID_B}) and "
            f'<a href="/news/{ID_C}">news</a> and [gone](https://reinherit-hub.eu/news/{MISSING}).',
        ),
    )
    hub.write("toolapps/2024-01-02-b.md", item(page_id=ID_B, title="The app"))
    hub.write("news/2024-01-03-c.md", item(page_id=ID_C, title="Other news"))
    report = run(hub, tmp_path)
    a, b, c = page_of(ID_A), page_of(ID_B), page_of(ID_C)
    html = body_html(a)
    links = {
        (attrs.get("id"), attrs.get("linktype"), text)
        for tag, text in re.findall(r"<a ([^>]*)>([^<]*)</a>", html)
        for attrs in [dict(re.findall(r'(\w+)="([^"]*)"', tag))]
    }
    assert (str(b.pk), "page", "the app") in links
    assert (str(c.pk), "page", "news") in links
    assert f"https://reinherit-hub.eu/news/{MISSING}" in html
    warnings = only(report, "news/2024-01-01-a.md")["warnings"]
    assert any(MISSING in w for w in warnings)
    rendered = client.get(a.url).content.decode()
    assert f'href="{b.url}"' in rendered and f'href="{c.url}"' in rendered

    assert Redirect.objects.filter(old_path=f"/tools/apps/{ID_B}", redirect_page=b).exists()
    response = client.get(f"/tools/apps/{ID_B}")
    assert response.status_code == 301
    assert response["Location"].endswith(b.url)


def test_relations_are_linked_and_dangling_ones_warned(home_page, hub, tmp_path):
    hub.write(
        "toolapps/2024-01-01-app.md",
        item(
            page_id=ID_A,
            title="App",
            extra=f"""
linkedWebinars:
  - {ID_B}____Engaging Museum Visitors with
    Gamification Apps
  - {MISSING}____A webinar that was deleted
linkedToolkitComponents:
  - {ID_C}____A component
""",
        ),
    )
    hub.write("webinars/2024-01-02-webinar.md", item(page_id=ID_B, title="Webinar"))
    hub.write("toolcomponents/2024-01-03-component.md", item(page_id=ID_C, title="Component"))
    report = run(hub, tmp_path)
    app = page_of(ID_A)
    assert isinstance(app, ToolPage)
    assert [block.value.pk for block in app.linked_webinars] == [page_of(ID_B).pk]
    assert [block.value.pk for block in app.linked_tools] == [page_of(ID_C).pk]
    assert page_of(ID_C).tool_kind == "component"
    warnings = only(report, "toolapps/2024-01-01-app.md")["warnings"]
    assert any(MISSING in w and "deleted" in w for w in warnings)
    assert app.live and app.get_latest_revision().content["linked_webinars"]


def test_video_token_becomes_embed_and_recording(client, home_page, hub, tmp_path):
    hub.write(
        "webinars/2024-01-01-w.md",
        item(
            page_id=ID_A,
            title="Webinar",
            body="### Recording and slides:\n\n`youtube: https://youtu.be/GHgBIRXqKK8`",
        ),
    )
    hub.write(
        "news/2024-01-01-n.md",
        item(page_id=ID_B, title="News", body="`youtube: https://youtu.be/GHgBIRXqKK8`"),
    )
    run(hub, tmp_path)
    page = page_of(ID_A)
    assert isinstance(page, EventPage) and page.event_kind == "webinar"
    # The webinar's video is its recording, shown once: not again in the body.
    assert page.recording_url == "https://www.youtube.com/watch?v=GHgBIRXqKK8"
    assert [block.block_type for block in page.body] == []
    assert page.sessions.count() == 0
    main = main_of(client.get(page.url).content.decode())
    assert "youtube:" not in main
    assert main.count('src="https://www.youtube.com/watch?v=GHgBIRXqKK8"') == 1
    # Where no field takes the video, it is an embed block of the body.
    news = page_of(ID_B)
    embeds = [block.value.url for block in news.body if block.block_type == "embed"]
    assert embeds == ["https://www.youtube.com/watch?v=GHgBIRXqKK8"]


def test_tables_become_table_blocks(client, home_page, hub, tmp_path):
    body = (
        "<table><tr><th>Name</th><th>Link</th></tr>"
        '<tr><td>Hub</td><td><a href="https://x.example/">site</a></td></tr></table>\n\n'
        "| a | b |\n|---|---|\n| 1 | **2** |\n"
    )
    hub.write("deliverables/2024-01-01-t.md", item(page_id=ID_A, title="Tables", body=body))
    run(hub, tmp_path)
    page = page_of(ID_A)
    assert isinstance(page, ResourcePage) and page.resource_type == "deliverable"
    tables = [block.value["table"] for block in page.body if block.block_type == "table"]
    assert [t["data"] for t in tables] == [
        [["Name", "Link"], ["Hub", "site (https://x.example/)"]],
        [["a", "b"], ["1", "2"]],
    ]
    assert all(t["first_row_is_table_header"] for t in tables)
    main = main_of(client.get(page.url).content.decode())
    assert '<th scope="col"' in main and "**" not in main


def test_iframes_and_scripts(client, home_page, hub, tmp_path):
    body = (
        '<iframe width="560" src="https://www.youtube.com/embed/tZ9VoZDAsro"></iframe>\n\n'
        '<iframe src="https://player.vimeo.com/video/12345"></iframe>\n\n'
        '<iframe src="https://maps.example/embed"></iframe>\n\n'
        "<script>alert('x')</script>\n\n"
        '<p onclick="steal()">Kept <b>text</b></p>'
    )
    hub.write("firstperfdoc/2024-01-01-i.md", item(page_id=ID_A, title="Frames", body=body))
    report = run(hub, tmp_path)
    page = page_of(ID_A)
    embeds = [block.value.url for block in page.body if block.block_type == "embed"]
    assert embeds == ["https://www.youtube.com/watch?v=tZ9VoZDAsro", "https://vimeo.com/12345"]
    assert body_html(page) == "<p>Kept <b>text</b></p>"
    warnings = only(report, "firstperfdoc/2024-01-01-i.md")["warnings"]
    assert "dropped an embedded frame from maps.example" in warnings
    assert "dropped a <script> element" in warnings
    main = main_of(client.get(page.url).content.decode())
    assert "alert(" not in main and "onclick" not in main


def test_remote_images_stay_pictures_not_links(client, home_page, hub, tmp_path):
    body = '![A chart](https://cdn.example/chart/ "Chart")\n\n<img src="/img/x.png">'
    hub.write("news/2024-01-01-img.md", item(page_id=ID_A, title="Images", body=body))
    run(hub, tmp_path)
    page = page_of(ID_A)
    assert body_html(page) == ""
    assert [(block.block_type, dict(block.value)) for block in page.body] == [
        (
            "remote_image",
            {"url": "https://cdn.example/chart/", "alt_text": "A chart", "caption": "Chart"},
        ),
        (
            "remote_image",
            {"url": "https://reinherit-hub.eu/img/x.png", "alt_text": "", "caption": ""},
        ),
    ]
    stream = main_of(client.get(page.url).content.decode()).split('class="stream"')[1]
    assert '<img src="https://cdn.example/chart/" alt="A chart" loading="lazy"' in stream
    assert "<figcaption>Chart</figcaption>" in stream
    assert '<img src="https://reinherit-hub.eu/img/x.png" alt=""' in stream
    assert ">Image</a>" not in stream


def test_drafts_stay_drafts(client, home_page, hub, tmp_path):
    hub.write("news/2024-01-01-d.md", item(page_id=ID_A, title="Draft", extra="status: draft"))
    hub.write(
        "bestpractices/2024-01-01-d.md",
        item(page_id=ID_B, title="Draft BP", extra="pubstatus: draft"),
    )
    report = run(hub, tmp_path)
    for source_id in (ID_A, ID_B):
        page = page_of(source_id)
        assert not page.live
        assert page.get_latest_revision() is not None
        assert page.has_unpublished_changes
    assert only(report, "news/2024-01-01-d.md")["live"] is False
    assert client.get(page_of(ID_A).url).status_code == 404


def test_second_run_is_unchanged_and_a_changed_file_makes_a_new_revision(
    client, home_page, hub, tmp_path
):
    path = hub.write("news/2024-01-01-n.md", item(page_id=ID_A, title="First", body="One."))
    assert run(hub, tmp_path)["totals"]["created"] == 1
    page = page_of(ID_A)
    pages_before = Page.objects.count()

    again = run(hub, tmp_path)
    assert again["totals"] == {"created": 0, "updated": 0, "unchanged": 1, "failed": 0}
    assert page.revisions.count() == 1

    path.write_text(item(page_id=ID_A, title="Second", body="Two."), encoding="utf-8")
    changed = run(hub, tmp_path)
    assert changed["totals"]["updated"] == 1
    page.refresh_from_db()
    assert page.revisions.count() == 2
    assert page.live and page.title == "Second"
    assert Page.objects.count() == pages_before
    assert "Two." in client.get(page.url).content.decode()


def test_report_lists_every_item(home_page, hub, tmp_path):
    hub.write("news/2024-01-01-r.md", item(page_id=ID_A, title="Reported", extra="foo: bar"))
    report = run(hub, tmp_path)
    entry = only(report, "news/2024-01-01-r.md")
    page = page_of(ID_A)
    assert entry["pageId"] == ID_A
    assert entry["outcome"] == "created"
    assert entry["page_id"] == page.pk
    assert entry["url"] == page.url
    assert entry["live"] is True
    assert "unmapped key 'foo' kept in the details list" in entry["warnings"]
    assert report["folders"] == {"news": {"created": 1, "updated": 0, "unchanged": 0, "failed": 0}}
    assert report["dry_run"] is False
    assert "<b>foo:</b> bar" in body_html(page)


def test_dry_run_writes_nothing(home_page, hub, tmp_path):
    hub.write("news/2024-01-01-x.md", item(page_id=ID_A, title="Dry"))
    hub.write("toolapps/2024-01-01-y.md", item(page_id=ID_B, title="Dry tool"))
    pages = Page.objects.count()
    report = run(hub, tmp_path, "--dry-run")
    assert report["dry_run"] is True
    assert report["totals"]["created"] == 2
    assert Page.objects.count() == pages
    assert ImportedItem.objects.count() == 0
    assert Redirect.objects.count() == 0


def test_personal_data_stays_private(client, home_page, hub, tmp_path):
    hub.write(
        "bestpractices/2024-01-01-bp.md",
        item(
            page_id=ID_A,
            title="Practice",
            extra="""
personsbestpractice: " Jane Doe"
emailbestpractice: " jane@example.org other@example.org"
infosbestpractice: For further information contact jane@example.org
orgbestpractice: Museum of Things
formtypbestpractice: Audience and Local Community Engagement
keywordsbestpractice: Industrial Heritage, Mobile Application,
  Rijeka
urlsbestpractice: "https://example.org/a"
urlsbestpracticeTwo: n/a
pdf: /bppdf/x.pdf
target-audience:
  - PROFESSIONAL
theme: Technology
""",
            body="Write to <jane@example.org>.",
        ),
    )
    hub.write(
        "toolapps/2024-01-01-t.md", item(page_id=ID_B, title="Tool", body="Mail jane@example.org")
    )
    run(hub, tmp_path)
    page = page_of(ID_A)
    assert isinstance(page, BestPracticePage)
    assert page.contact_name == "Jane Doe (also: other@example.org)"
    assert page.contact_email == "jane@example.org"
    assert page.organisation == "Museum of Things"
    assert page.practice_type.name == "Audience and Local Community Engagement"
    assert sorted(k.name for k in page.keywords.all()) == [
        "Industrial Heritage",
        "Mobile Application",
        "Rijeka",
    ]
    assert [b.value["url"] for b in page.web_links] == ["https://example.org/a"]
    assert page.licence.name == "CC BY 2.0" and "ReInHerit" in page.attribution
    for source_id in (ID_A, ID_B):
        html = client.get(page_of(source_id).url).content.decode()
        assert "jane@example.org" not in html and "other@example.org" not in html
    assert "https://reinherit-hub.eu/bppdf/x.pdf" in body_html(page)


def test_unknown_mapping_and_missing_path_are_clear_errors_and_unknown_folders_import(
    home_page, hub, tmp_path
):
    with pytest.raises(CommandError, match="no mapping file 'nope'"):
        call_command("import_markdown", str(hub.root), "--mapping", "nope", "-v0")
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import_markdown", str(tmp_path / "absent"), "-v0")
    hub.write("unknownfolder/2024-01-01-x.md", item(page_id=ID_A, title="X"))
    report = run(hub, tmp_path)
    assert report["items"][0]["outcome"] == "created"
    assert "unknownfolder" in report["unmapped_folders"]


def test_custom_mapping_file(home_page, hub, tmp_path):
    mapping = tmp_path / "mine.yaml"
    mapping.write_text(
        """
name: mine
licence: {name: CC BY 4.0}
attribution: Someone
sections:
  posts:
    page_type: news.NewsPage
    index: {page_type: news.NewsIndexPage, title: Posts, slug: posts}
    constants: {category: game}
    fields:
      blurb: summary
""",
        encoding="utf-8",
    )
    hub.write("posts/2024-01-01-p.md", item(page_id=ID_A, title="Post", extra="blurb: *Hi*"))
    run(hub, tmp_path, "--mapping", str(mapping))
    page = page_of(ID_A)
    assert isinstance(page, NewsPage)
    assert page.get_parent().title == "Posts"
    assert (page.category, page.summary, page.licence.name) == ("game", "Hi", "CC BY 4.0")


# --fetch-assets, against a local server ---------------------------------------------------------


def _assets_item(base):
    return item(
        page_id=ID_A,
        title="Practice with assets",
        extra=f"thumbnail: {base}/thumb.png\npdf: {base}/doc.pdf",
        body=f"![Chart]({base}/thumb.png)\n\n[broken]({base}/fake.pdf)",
    )


def test_nothing_is_fetched_without_the_flag(home_page, hub, tmp_path, asset_server):
    hub.write("bestpractices/2024-01-01-a.md", _assets_item(asset_server.base))
    run(hub, tmp_path)
    assert asset_server.requests_seen == []
    page = page_of(ID_A)
    assert page.listing_image is None and page.pdf is None
    assert f"{asset_server.base}/doc.pdf" in body_html(page)


def test_fetch_assets_downloads_reachable_files(client, home_page, hub, tmp_path, asset_server):
    hub.write("bestpractices/2024-01-01-a.md", _assets_item(asset_server.base))
    hub.write(
        "deliverables/2024-01-01-d.md",
        item(page_id=ID_B, title="D", extra=f"mainImage: {asset_server.base}/fake.pdf"),
    )
    report = run(hub, tmp_path, "--fetch-assets")
    assert report["totals"]["failed"] == 0, [i["error"] for i in report["items"]]
    page = page_of(ID_A)
    assert page.listing_image is not None and page.listing_image.width == 4
    assert page.pdf is not None and page.pdf.file.read().startswith(b"%PDF")
    images = [block for block in page.body if block.block_type == "image"]
    assert images[0].value["image"].pk == page.listing_image.pk  # downloaded once, reused
    deliverable = page_of(ID_B)
    assert deliverable.file is None
    assert deliverable.external_file_url == f"{asset_server.base}/fake.pdf"
    warnings = only(report, "deliverables/2024-01-01-d.md")["warnings"]
    assert f"asset not fetched (an HTML page, not a document): {asset_server.base}/fake.pdf" in (
        warnings
    )
    assert client.get(page.url).status_code == 200
