"""The real hub's 308 files import fully, idempotently, and render without markdown leftovers;
so does an export the mapping has never seen (its folders renamed).

Skipped where ``../shared/hub-content`` is absent (a fresh clone has no ``../shared/``).
"""

import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Page

import pytest

from cms.importer.mapping import mapping_load
from cms.importer.models import ImportedItem
from cms.importer.services import hub_import

from .conftest import main_of

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "hub-content"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the hub corpus is not available at {CORPUS}"
)

FRONT_MATTER_LINE = re.compile(r"^\s*(pageId|title|date|layout|type|thumbnail):\s", re.MULTILINE)
MARKDOWN_LEFTOVERS = ["`youtube:", "###", "**", "]("]


def test_the_whole_corpus_imports_renders_and_reimports_as_unchanged(client, home_page):
    files = sorted(CORPUS.glob("*/**/*.md"))
    assert len(files) == 308
    mapping = mapping_load(name_or_path="hub")

    started = time.monotonic()
    first = hub_import(root=CORPUS, mapping=mapping)
    seconds = time.monotonic() - started
    print(f"\nfirst import of {len(first.items)} items: {seconds:.1f} s")

    failures = {item.source_path: item.error for item in first.items if item.outcome == "failed"}
    assert failures == {}
    assert sum(item.outcome == "created" for item in first.items) == 308
    assert ImportedItem.objects.count() == 308

    second = hub_import(root=CORPUS, mapping=mapping)
    assert {item.outcome for item in second.items} == {"unchanged"}
    assert ImportedItem.objects.count() == 308

    emails = set()
    for path in CORPUS.glob("bestpractices/*.md"):
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("emailbestpractice:"):
                emails |= set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", line))
    assert emails

    pages = Page.objects.filter(pk__in=[item.page_id for item in first.items])
    assert pages.count() == 308
    for page in pages:
        if not page.live:
            assert page.get_latest_revision() is not None
            continue
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        main = main_of(html)
        for leftover in MARKDOWN_LEFTOVERS:
            assert leftover not in main, f"{leftover!r} on {page.url}"
        assert not FRONT_MATTER_LINE.search(re.sub(r"<[^>]+>", "\n", main)), page.url
        for email in emails:
            assert email.lower() not in html.lower(), f"{email} on {page.url}"


# Pictures of a source file: markdown images, <img> tags and the gallery fields.
_PICTURE = re.compile(r"!\[[^\]]*\]\(\s*<?([^\s)>]+)|<img\b[^>]*?\ssrc=[\"']([^\"']+)")
_GALLERY_KEY = re.compile(r"^image_(?:one|two|three):\s*\"?(https?://\S+?)\"?\s*$", re.MULTILINE)


def _source_pictures(text: str) -> set[str]:
    body = text.split("\n---", 2)[-1] if text.startswith("---") else text
    found = {a or b for a, b in _PICTURE.findall(body)}
    found |= set(_GALLERY_KEY.findall(text))
    return {url.replace("\\_", "_") for url in found if url.startswith("http")}


def test_every_picture_shows_and_the_fidelity_check_passes(client, home_page, capsys):
    report = hub_import(root=CORPUS, mapping=mapping_load(name_or_path="hub"))
    assert report.failed == 0
    call_command("import_markdown", "--check")
    assert "308 imported page(s): 0 leftover(s)" in capsys.readouterr().out

    by_path = {item.source_path: item for item in report.items}
    missing = {}
    checked = 0
    for path in sorted(CORPUS.glob("*/**/*.md")):
        pictures = _source_pictures(path.read_text("utf-8"))
        result = by_path[path.relative_to(CORPUS).as_posix()]
        if not pictures or not result.live:
            continue
        main = main_of(client.get(result.url).content.decode())
        shown = set(re.findall(r'<img\b[^>]*\ssrc="([^"]+)"', main))
        absent = {url for url in pictures if url.replace("&", "&amp;") not in shown}
        if absent:
            missing[result.source_path] = sorted(absent)
        checked += len(pictures)
    assert checked > 250
    assert missing == {}


def _unseen_export(root: Path) -> Path:
    """The corpus as another organisation might export it: folders renamed, new ids."""
    renames = {"bestpractices": "casestudies", "exhibdoc": "exhibition-manual", "news": "posts"}
    for folder, new_folder in {**renames, "firstperfdoc": "performance", "about": "about"}.items():
        for path in sorted((CORPUS / folder).glob("*.md"))[:8]:
            text = path.read_text("utf-8")
            text = re.sub(
                r"^pageId: (\S+)",
                lambda m: f"pageId: {uuid.uuid5(uuid.NAMESPACE_URL, m.group(1))}",
                text,
                count=1,
                flags=re.MULTILINE,
            )
            if new_folder == "exhibition-manual":
                # Without a `type` naming a section, numbered titles make the folder a guide.
                text = re.sub(r"^type: .*\n", "", text, count=1, flags=re.MULTILINE)
            target = root / new_folder / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return root


def test_an_unseen_export_after_the_corpus_imports_without_failures(home_page, tmp_path):
    mapping = mapping_load(name_or_path="hub")
    assert hub_import(root=CORPUS, mapping=mapping).failed == 0
    export = _unseen_export(tmp_path / "export")
    mapping = mapping_load(name_or_path="hub")
    first = hub_import(root=export, mapping=mapping)
    assert {item.error for item in first.items if item.outcome == "failed"} == set()
    assert set(first.unmapped_folders) == {
        "casestudies",
        "exhibition-manual",
        "posts",
        "performance",
    }
    # `type: bestpractice` and `type: news` name known sections: the items go there.
    by_folder = {item.folder: item for item in first.items}
    assert Page.objects.get(pk=by_folder["casestudies"].page_id).specific_class.__name__ == (
        "BestPracticePage"
    )
    assert Page.objects.get(pk=by_folder["posts"].page_id).specific_class.__name__ == "NewsPage"
    # Numbered chapters make a guide of a folder that nothing else places.
    manual = Page.objects.get(pk=by_folder["exhibition-manual"].page_id).get_parent()
    assert (manual.specific_class.__name__, manual.title) == ("GuidePage", "Exhibition manual")
    assert "series: true" in first.unmapped_folders["exhibition-manual"]
    second = hub_import(root=export, mapping=mapping_load(name_or_path="hub"))
    assert {item.outcome for item in second.items} == {"unchanged"}
