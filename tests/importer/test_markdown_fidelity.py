"""Markdown to StreamField without loss: pictures, captions, lists, links and videos as the real
hub writes them (issue "Real hub migration without loss").

Most tests call ``Converter`` directly; the last ones import a small hub with the command and
read the stored blocks and the rendered page.
"""

import json
import re

from django.core.management import call_command

import pytest

from cms.importer.markdown import Converter, LinkResolver, video_url
from cms.importer.models import ImportedItem

from .conftest import item, main_of

BASE = "https://reinherit-hub.eu"
PAGE_ID = "44444444-4444-4444-8444-444444444444"
OTHER_ID = "55555555-5555-4555-8555-555555555555"
CHART = "https://ucarecdn.com/0f0f0f0f-0000-4000-8000-000000000001/"
PHOTO = "https://ucarecdn.com/0f0f0f0f-0000-4000-8000-000000000002/-/crop/238x221/30,40/-/preview/"


def converter(**kwargs) -> Converter:
    kwargs.setdefault("warnings", [])
    return Converter(links=LinkResolver(base_url=BASE, pages={OTHER_ID: 7}), **kwargs)


def blocks_of(markdown: str, **kwargs) -> list[dict]:
    return converter(**kwargs).to_blocks(markdown).blocks


def types_of(blocks: list[dict]) -> list[str]:
    return [block["type"] for block in blocks]


def remote(url: str, alt: str = "", caption: str = "") -> dict:
    return {"type": "remote_image", "value": {"url": url, "alt_text": alt, "caption": caption}}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


# Pictures ----------------------------------------------------------------------------------------


def test_a_markdown_picture_is_a_remote_image_with_its_title_as_caption():
    conversion = converter().to_blocks(f'![A chart]({CHART} "Visitors per year")')
    assert conversion.blocks == [remote(CHART, "A chart", "Visitors per year")]
    assert conversion.images == [CHART]


def test_alt_text_falls_back_to_the_title_which_then_is_no_caption():
    assert blocks_of(f'![]({CHART} "Strike a Pose")') == [remote(CHART, "Strike a Pose")]
    assert blocks_of(f'![Strike a Pose]({CHART} "Strike a Pose")') == [
        remote(CHART, "Strike a Pose")
    ]
    assert blocks_of(f"![]({CHART})") == [remote(CHART)]


def test_raw_img_tags_of_the_hub_are_pictures_and_relative_urls_absolute():
    markdown = (
        f'<img align="left" width="100" height="100" src="{CHART}" img style="margin-right: 30px">'
        "\n\nDr. Charalambous is a Research Assistant professor.\n\n"
        '<img src="/img/team.png" alt="The team" title="In Nicosia">'
    )
    conversion = converter().to_blocks(markdown)
    assert conversion.blocks == [
        remote(CHART),
        paragraph("<p>Dr. Charalambous is a Research Assistant professor.</p>"),
        remote(f"{BASE}/img/team.png", "The team", "In Nicosia"),
    ]
    assert conversion.images == [CHART, f"{BASE}/img/team.png"]


def test_a_fetched_picture_is_an_image_block_and_not_listed_as_remote():
    calls = []

    def fetcher(url, alt):
        calls.append((url, alt))
        return 41 if url == CHART else None

    conversion = converter(image_fetcher=fetcher).to_blocks(
        f'![A chart]({CHART} "Visitors")\n\n![]({PHOTO})'
    )
    assert calls == [(CHART, "A chart"), (PHOTO, "")]
    assert conversion.blocks == [
        {
            "type": "image",
            "value": {
                "image": {"image": 41, "alt_text": "A chart", "decorative": False},
                "caption": "Visitors",
            },
        },
        remote(PHOTO),
    ]
    assert conversion.images == [PHOTO]


def test_a_fetched_picture_without_alt_text_is_decorative_as_in_the_source():
    blocks = blocks_of(f"![]({CHART})", image_fetcher=lambda url, alt: 5)
    assert blocks[0]["value"]["image"] == {"image": 5, "alt_text": "", "decorative": True}


def test_a_picture_inside_text_splits_the_paragraph_and_keeps_bold_on_both_sides():
    assert blocks_of(f"**Before ![Chart]({CHART}) after**") == [
        paragraph("<p><b>Before</b></p>"),
        remote(CHART, "Chart"),
        paragraph("<p><b>after</b></p>"),
    ]


def test_a_picture_inside_a_link_keeps_the_picture_and_the_link():
    assert blocks_of(f"[![Partner logo]({CHART})](https://partner.example/)") == [
        remote(CHART, "Partner logo"),
        paragraph('<p><a href="https://partner.example/">Partner logo</a></p>'),
    ]
    # Without alt text, the link shows its address.
    assert blocks_of(f'<a href="https://partner.example/"><img src="{CHART}"></a> and more') == [
        remote(CHART),
        paragraph(
            '<p><a href="https://partner.example/">https://partner.example/</a> and more</p>'
        ),
    ]


def test_pictures_in_lists_headings_quotes_and_tables_are_not_lost():
    markdown = (
        f"## Results ![Icon]({CHART})\n\n"
        f"- first\n- second ![Graph]({PHOTO})\n\n"
        "| a | b |\n|---|---|\n"
        f"| ![Cell]({BASE}/cell.png) | 2 |"
    )
    blocks = blocks_of(markdown)
    assert types_of(blocks) == [
        *("heading", "remote_image"),
        *("paragraph", "remote_image"),
        *("table", "remote_image"),
    ]
    assert blocks[2]["value"] == "<ul><li>first</li><li>second</li></ul>"
    assert [b["value"]["url"] for b in blocks if b["type"] == "remote_image"] == [
        CHART,
        PHOTO,
        f"{BASE}/cell.png",
    ]


def test_a_picture_without_an_address_is_dropped_with_a_warning():
    warnings = []
    assert blocks_of("![]()\n\nText.", warnings=warnings) == [paragraph("<p>Text.</p>")]
    assert warnings == ["dropped a picture without a usable address: ''"]


def test_no_link_is_ever_labelled_image():
    markdown = f'![]({CHART})\n\n<img src="{PHOTO}">\n\n[![]({CHART})](https://x.example/)'
    conversion = converter().to_blocks(markdown)
    assert "Image" not in json.dumps(conversion.blocks)
    assert "Image" not in converter().to_rich_text(markdown)


# Captions ----------------------------------------------------------------------------------------


def test_an_italic_quote_under_a_picture_is_its_caption_not_a_quote():
    markdown = (
        f'![Face-Fit App]({CHART} "Face-Fit App")\n\n> *Face-Fit App Interface*  \n\n'
        f'![Strike a Pose]({PHOTO} "Strike a Pose - Setting the challenge")\n\n'
        "> *Strike a Pose - Setting the* challenge\n\n"
        f"![Lens]({BASE}/lens.png)\n\n> \\\n> *Smart lens - training system*"
    )
    assert blocks_of(markdown) == [
        remote(CHART, "Face-Fit App", "Face-Fit App Interface"),
        remote(PHOTO, "Strike a Pose", "Strike a Pose - Setting the challenge"),
        remote(f"{BASE}/lens.png", "Lens", "Smart lens - training system"),
    ]


def test_the_rest_of_a_caption_quote_is_ordinary_content():
    markdown = (
        f"![App]({CHART})\n\n> *Active exploration*\n>\n> ### Source code\n>\n"
        "> The code is on GitHub.\n>\n> * [Florence](https://play.example/f)\n"
    )
    blocks = blocks_of(markdown)
    assert blocks == [
        remote(CHART, "App", "Active exploration"),
        {"type": "heading", "value": {"text": "Source code", "level": "h2"}},
        paragraph(
            '<p>The code is on GitHub.</p><ul><li><a href="https://play.example/f">Florence'
            "</a></li></ul>"
        ),
    ]


def test_an_italic_line_under_a_picture_is_its_caption():
    assert blocks_of(f"![Map]({CHART})\n\n*The exhibition's route*") == [
        remote(CHART, "Map", "The exhibition's route")
    ]


def test_quotes_and_bold_lines_that_are_no_captions_stay_what_they_are():
    markdown = (
        f"![Workshop]({CHART})\n\n> The goal of the days was to **discuss** research.\n\n"
        f"![Demo]({PHOTO})\n\n**Strike-a-pose** is a web application.\n\n"
        "> *A quote with no picture before it.*"
    )
    blocks = blocks_of(markdown)
    assert types_of(blocks) == ["remote_image", "quote", "remote_image", "paragraph", "quote"]
    assert blocks[0]["value"]["caption"] == "" and blocks[2]["value"]["caption"] == ""


def test_text_too_long_for_the_fields_is_kept_whole():
    title = "This project received the 2nd prize in the ECTN Awards. " * 6
    blocks = blocks_of(f'![]({CHART} "{title.strip()}")')
    assert types_of(blocks) == ["remote_image", "paragraph"]
    alt = blocks[0]["value"]["alt_text"]
    assert len(alt) <= 255 and alt.endswith("\u2026")
    assert blocks[0]["value"]["caption"] == ""
    assert blocks[1]["value"] == f"<p><i>{title.strip()}</i></p>"


# Pictures in rich text fields --------------------------------------------------------------------


def test_rich_text_keeps_pictures_as_links_named_by_their_text():
    rich = converter().to_rich_text(
        f'See ![A chart]({CHART}) and ![]({BASE}/plan.png "Floor plan") and ![]({PHOTO}).'
    )
    assert rich == (
        f'<p>See <a href="{CHART}">A chart</a> and <a href="{BASE}/plan.png">Floor plan</a>'
        f' and <a href="{PHOTO}">0f0f0f0f-0000-4000-8000-000000000002</a>.</p>'
    )


def test_plain_text_leaves_pictures_out():
    assert converter().to_plain_text(f"A ![chart]({CHART}) here.\n\n- one\n\n- two") == (
        "A here. one two"
    )


# Loose lists -------------------------------------------------------------------------------------


def test_a_loose_list_has_no_line_break_at_the_start_of_its_items():
    markdown = "* first item\n\n* second item\n\n  its second paragraph\n\n  * nested\n* third\n"
    expected = (
        "<ul><li>first item</li><li>second item<br/>its second paragraph"
        "<ul><li>nested</li></ul></li><li>third</li></ul>"
    )
    assert blocks_of(markdown) == [paragraph(expected)]
    assert converter().to_rich_text(markdown) == expected


def test_list_items_with_stray_line_breaks_are_trimmed():
    blocks = blocks_of("1. <br/>first<br/>\n\n2. second <br/>\n")
    assert blocks == [paragraph("<ol><li>first</li><li>second</li></ol>")]


def test_a_quoted_loose_list_is_not_doubled():
    assert blocks_of("> * one\n>\n> * two\n>\n> end") == [
        {"type": "quote", "value": {"quote": "one\ntwo\nend", "attribution": ""}}
    ]


# Bare URLs ---------------------------------------------------------------------------------------


def test_bare_urls_are_linked_without_the_punctuation_around_them():
    blocks = blocks_of(
        "Made in Touch Designer (https://derivative.ca/). See www.rijekaheritage.org, "
        "https://en.wikipedia.org/wiki/Pula_(Croatia); or https://reinherit-hub.eu/news/"
        f"{OTHER_ID}."
    )
    assert blocks == [
        paragraph(
            '<p>Made in Touch Designer (<a href="https://derivative.ca/">https://derivative.ca/'
            '</a>). See <a href="http://www.rijekaheritage.org">www.rijekaheritage.org</a>, '
            '<a href="https://en.wikipedia.org/wiki/Pula_(Croatia)">'
            "https://en.wikipedia.org/wiki/Pula_(Croatia)</a>; or "
            f'<a linktype="page" id="7">https://reinherit-hub.eu/news/{OTHER_ID}</a>.</p>'
        )
    ]


def test_urls_in_links_code_and_tables_are_not_linked_again():
    blocks = blocks_of(
        "[https://x.example/](https://x.example/) and `https://code.example/`\n\n"
        "| site |\n|---|\n| https://cell.example/ |"
    )
    assert blocks[0] == paragraph(
        '<p><a href="https://x.example/">https://x.example/</a> and https://code.example/</p>'
    )
    assert blocks[1]["value"]["table"]["data"] == [["site"], ["https://cell.example/"]]


def test_rich_text_fields_link_bare_urls():
    assert converter().to_rich_text(
        "For further information: https://www.hellenicblueshield.com/en/home/"
    ) == (
        '<p>For further information: <a href="https://www.hellenicblueshield.com/en/home/">'
        "https://www.hellenicblueshield.com/en/home/</a></p>"
    )


# Empty links -------------------------------------------------------------------------------------


def test_an_empty_link_shows_its_address_as_a_word_of_its_own():
    blocks = blocks_of(
        "Professor Bertini, from the University of Florence"
        "[](https://www.instagram.com/unifirenze/) and director of the MICC."
    )
    assert blocks == [
        paragraph(
            "<p>Professor Bertini, from the University of Florence "
            '<a href="https://www.instagram.com/unifirenze/">https://www.instagram.com/unifirenze/'
            "</a> and director of the MICC.</p>"
        )
    ]


def test_an_empty_link_to_an_address_shown_elsewhere_is_dropped():
    blocks = blocks_of(
        "**Arte Sostenible[](https://www.artesostenible.org/)**\n\n"
        "<https://www.artesostenible.org/>\n\n"
        'Demo: <http://solaris.example:8000>[](http://solaris.example:8000) and <a href="'
        'https://cycladic.gr/en/"></a>https://cycladic.gr/en/'
    )
    assert blocks == [
        paragraph(
            "<p><b>Arte Sostenible</b></p>"
            '<p><a href="https://www.artesostenible.org/">https://www.artesostenible.org/</a></p>'
            '<p>Demo: <a href="http://solaris.example:8000">http://solaris.example:8000</a> and '
            '<a href="https://cycladic.gr/en/">https://cycladic.gr/en/</a></p>'
        )
    ]


# Videos ------------------------------------------------------------------------------------------


FACEBOOK_PLAYER = (
    "https://www.facebook.com/plugins/video.php?height=373&amp;href=https%3A%2F%2Fwww.facebook.com"
    "%2Fedihheritagesmartlab%2Fvideos%2F1231476744196631%2F&amp;show_text=true&amp;width=560"
)
FACEBOOK_VIDEO = "https://www.facebook.com/edihheritagesmartlab/videos/1231476744196631/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (FACEBOOK_PLAYER.replace("&amp;", "&"), FACEBOOK_VIDEO),
        (FACEBOOK_VIDEO, FACEBOOK_VIDEO),
        ("https://m.facebook.com/watch/?v=123", "https://www.facebook.com/watch/?v=123"),
        ("https://www.facebook.com/reinherit", None),
        (
            "https://www.youtube.com/embed/4gninGRoY9A?si=x",
            "https://www.youtube.com/watch?v=4gninGRoY9A",
        ),
    ],
)
def test_video_url_knows_facebook_players(url, expected):
    assert video_url(url) == expected


def test_each_video_is_one_embed_however_often_it_appears():
    markdown = (
        "`youtube: https://youtu.be/GHgBIRXqKK8`\n\n"
        '<iframe src="https://www.youtube.com/embed/GHgBIRXqKK8?si=aE"></iframe>\n\n'
        "`youtube: https://www.youtube.com/watch?v=GHgBIRXqKK8`\n\n"
        f'<iframe src="{FACEBOOK_PLAYER}" width="560"></iframe>\n\n'
        '<iframe src="https://player.vimeo.com/video/12345"></iframe>'
    )
    conversion = converter().to_blocks(markdown)
    expected = ["https://www.youtube.com/watch?v=GHgBIRXqKK8", FACEBOOK_VIDEO]
    expected.append("https://vimeo.com/12345")
    assert conversion.blocks == [{"type": "embed", "value": url} for url in expected]
    assert conversion.videos == expected
    rich = converter().to_rich_text(markdown)
    assert rich.count("GHgBIRXqKK8") == 2  # one link: its address and its text


# Raw HTML headings and emphasis ------------------------------------------------------------------


def test_raw_html_headings_are_headings_wherever_they_are_nested():
    markdown = (
        "<h2>Consortium members</h2>\n\n<div><h3>In a div</h3></div>\n\n"
        "<center><h1>Centred</h1></center>\n\n<p><h4>In a paragraph</h4> and text</p>\n\n"
        "<b><h3>In bold</h3></b>"
    )
    blocks = blocks_of(markdown)
    headings = [(b["value"]["text"], b["value"]["level"]) for b in blocks if b["type"] == "heading"]
    assert headings == [
        ("Consortium members", "h3"),
        ("In a div", "h4"),
        ("Centred", "h2"),
        ("In a paragraph", "h4"),
        ("In bold", "h4"),
    ]
    assert paragraph("<p>and text</p>") in blocks


def test_html_bold_and_italics_are_marks_and_a_bold_line_stays_a_bold_paragraph():
    markdown = (
        "<b>The Visual Part</b>  \n\n"
        "Part of a <b>Europe-wide network</b>, <strong>strong</strong>, <i>it</i> and "
        "<em>em</em>. <u>Team members</u>: A, B."
    )
    assert blocks_of(markdown) == [
        paragraph(
            "<p><b>The Visual Part</b></p><p>Part of a <b>Europe-wide network</b>, "
            "<b>strong</b>, <i>it</i> and <i>em</i>. Team members: A, B.</p>"
        )
    ]


def test_words_of_raw_html_blocks_do_not_run_together():
    blocks = blocks_of(
        '<div><a href="https://a.example/">A</a> <a href="https://b.example/">B</a></div>'
    )
    assert blocks == [
        paragraph('<p><a href="https://a.example/">A</a> <a href="https://b.example/">B</a></p>')
    ]


# Through the command, stored and rendered --------------------------------------------------------


def _import(hub, tmp_path, body: str):
    hub.write("news/2024-01-01-fidelity.md", item(page_id=PAGE_ID, title="Fidelity", body=body))
    report = tmp_path / "report.json"
    call_command("import_markdown", str(hub.root), "--report", str(report), "-v0")
    return ImportedItem.objects.get(source_id=PAGE_ID).page.specific


def test_imported_pictures_render_as_figures_with_captions(client, home_page, hub, tmp_path):
    body = (
        f'![A chart]({CHART} "A chart")\n\n> *Visitors per year*\n\n'
        '<img align="left" width="100" src="/img/team.png" img style="margin-right: 30px">\n\n'
        f"[![Partner logo]({PHOTO})](https://partner.example/)\n\n"
        "* first\n\n* second\n\n"
        "Florence[](https://www.instagram.com/unifirenze/) and https://derivative.ca/."
    )
    page = _import(hub, tmp_path, body)
    stored = [(block.block_type, block.value) for block in page.body]
    assert [kind for kind, _ in stored] == [
        "remote_image",
        "remote_image",
        "remote_image",
        "paragraph",
    ]
    assert stored[0][1]["caption"] == "Visitors per year"
    assert stored[1][1]["url"] == f"{BASE}/img/team.png"

    main = main_of(client.get(page.url).content.decode())
    figures = re.findall(r"<figure\b.*?</figure>", main, re.DOTALL)
    assert len(figures) == 3
    assert f'<img src="{CHART}" alt="A chart" loading="lazy"' in figures[0]
    assert "<figcaption>Visitors per year</figcaption>" in figures[0]
    assert "<blockquote" not in main
    assert f'src="{BASE}/img/team.png"' in figures[1]
    assert '<a href="https://partner.example/">Partner logo</a>' in main
    assert "<li>first</li>" in main and "<li><br" not in main
    assert re.search(r">\s*Image\s*</a>", main) is None
    assert 'Florence <a href="https://www.instagram.com/unifirenze/">' in main
    assert '<a href="https://derivative.ca/">https://derivative.ca/</a>.' in main


def test_an_imported_video_appears_once(client, home_page, hub, tmp_path):
    body = (
        "Watch it.\n\n`youtube: https://youtu.be/GHgBIRXqKK8`\n\n"
        '<iframe src="https://www.youtube.com/embed/GHgBIRXqKK8"></iframe>'
    )
    page = _import(hub, tmp_path, body)
    assert [block.block_type for block in page.body] == ["paragraph", "embed"]
    main = main_of(client.get(page.url).content.decode())
    assert main.count('src="https://www.youtube.com/watch?v=GHgBIRXqKK8"') == 1
