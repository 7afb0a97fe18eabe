from django.core.validators import MinValueValidator
from django.db import models
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.core.blocks.base import LinkBlock
from cms.core.models import ContentPage, IndexPage, keywords_field

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class SyllabusUnitBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    topics = blocks.ListBlock(blocks.CharBlock(label=_("Topic")), label=_("Topics"))
    links = blocks.ListBlock(
        LinkBlock(label=_("Link")),
        label=_("Pages, courses and resources"),
        default=[],
    )

    class Meta:
        icon = "list-ol"


class TrainingSyllabusPage(RoutablePageMixin, ContentPage):
    """A training programme: who it is for, what learners will be able to do, and its units.

    Besides the page itself it answers ``pdf/`` with a printable copy to download.
    """

    target_group = models.TextField(_("target group"), blank=True)
    prerequisites = RichTextField(_("prerequisites"), blank=True, features=TEXT_FEATURES)
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("Learning outcome")))],
        blank=True,
        verbose_name=_("learning outcomes"),
    )
    workload_hours = models.DecimalField(
        _("workload in hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    units = StreamField([("unit", SyllabusUnitBlock())], blank=True, verbose_name=_("units"))
    assessment = RichTextField(_("assessment"), blank=True, features=TEXT_FEATURES)
    keywords = keywords_field(related_name="syllabus_pages")

    schema_type = "Course"
    parent_page_types = ["syllabi.TrainingSyllabusIndexPage"]
    content_panels = [
        *Page.content_panels,
        *ContentPage.intro_panels,
        FieldPanel("target_group"),
        FieldPanel("prerequisites"),
        FieldPanel("learning_outcomes"),
        FieldPanel("workload_hours"),
        FieldPanel("units"),
        FieldPanel("assessment"),
        FieldPanel("body"),
        *ContentPage.classification_panels,
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("target_group"),
        index.SearchField("units"),
    ]
    api_fields = [
        *ContentPage.api_fields,
        APIField("target_group"),
        APIField("learning_outcomes"),
        APIField("workload_hours"),
        APIField("units"),
    ]

    class Meta:
        verbose_name = _("training syllabus")
        verbose_name_plural = _("training syllabi")

    def structured_data_extra(self, request) -> dict:
        data = {"educationalLevel": "Professional development"}
        if self.workload_hours:
            data["timeRequired"] = f"PT{self.workload_hours.normalize():f}H"
        return data

    @path("pdf/", name="pdf")
    def pdf(self, request):
        # Routes are only resolved on live pages, so drafts answer 404 here.
        from .selectors import syllabus_pdf, syllabus_pdf_filename

        response = HttpResponse(syllabus_pdf(page=self, request=request), "application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, syllabus_pdf_filename(page=self)
        )
        return response


class TrainingSyllabusIndexPage(IndexPage):
    listing_model = TrainingSyllabusPage
    subpage_types = ["syllabi.TrainingSyllabusPage"]

    class Meta:
        verbose_name = _("training syllabus index")
