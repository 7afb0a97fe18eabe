"""The real hub's 308 files import fully, idempotently, and render without markdown leftovers.

Skipped where ``../shared/hub-content`` is absent (a fresh clone has no ``../shared/``).
"""

import re
import time
from pathlib import Path

from django.conf import settings

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
