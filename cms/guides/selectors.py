"""Reads for guides: a guide's chapters in tree order, and where a chapter stands among them.

Each read is a fixed number of queries however many chapters a guide has: one for the chapters,
plus one for a chapter's guide. URLs come from the site root paths cached on the request.
"""

from dataclasses import dataclass

from wagtail.models import Page

from .models import GuideChapterPage


@dataclass(frozen=True)
class GuideLink:
    """A guide or one of its chapters, as the contents and the previous/next links show it."""

    id: int
    title: str
    url: str
    # Tree position, which orders the chapters (Wagtail's materialised path).
    path: str


@dataclass(frozen=True)
class ChapterNavigation:
    guide: GuideLink
    chapters: list[GuideLink]
    # The neighbours of the chapter in tree order; before the first chapter comes the guide.
    previous: GuideLink | None
    next: GuideLink | None


def _link(page: Page, request) -> GuideLink:
    return GuideLink(id=page.id, title=page.title, url=page.get_url(request), path=page.path)


def guide_chapters(*, guide: Page, request=None) -> list[GuideLink]:
    """The guide's live chapters in tree order, leaving out those with a view restriction.

    Only a chapter's own restriction counts, not the guide's: in a private guide, whoever may
    read the guide may read its chapters, and a visitor who may not never sees the contents.
    Chapters are children of the guide, so they are in the guide's language.
    """
    chapters = (
        GuideChapterPage.objects.child_of(guide)
        .live()
        .filter(locale_id=guide.locale_id, view_restrictions__isnull=True)
        .order_by("path")
        .only("id", "title", "path", "url_path")
    )
    return [_link(chapter, request) for chapter in chapters]


def chapter_navigation(*, chapter: Page, request=None) -> ChapterNavigation:
    """The guide of a chapter, its chapters, and the chapter's neighbours among them.

    Neighbours are found by tree position rather than in the list, so that a chapter missing
    from it (a draft in preview, a restricted chapter) still links to those around it.
    """
    guide = chapter.get_parent()
    guide_link = _link(guide, request)
    chapters = guide_chapters(guide=guide, request=request)
    earlier = [link for link in chapters if link.path < chapter.path]
    later = [link for link in chapters if link.path > chapter.path]
    return ChapterNavigation(
        guide=guide_link,
        chapters=chapters,
        previous=earlier[-1] if earlier else guide_link,
        next=later[0] if later else None,
    )
