import factory
import wagtail_factories

from .models import GuideChapterPage, GuideIndexPage, GuidePage


class GuideIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"GuideIndexPage {n}")

    class Meta:
        model = GuideIndexPage


class GuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"GuidePage {n}")
    summary = "What this item is about, in one sentence."

    class Meta:
        model = GuidePage


class GuideChapterPageFactory(wagtail_factories.PageFactory):
    """A chapter, added as the last child of its guide (``parent=``), so in creation order."""

    title = factory.Sequence(lambda n: f"GuideChapterPage {n}")
    summary = "What this chapter is about, in one sentence."

    class Meta:
        model = GuideChapterPage
