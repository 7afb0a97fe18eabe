from django.contrib import messages
from django.db import models
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from django_ratelimit.decorators import ratelimit
from wagtail_localize.fields import SynchronizedField

from cms.core.client_ip import client_ip_key
from cms.core.models import ContentPage, IndexPage, keywords_field

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PracticeType(TranslatableMixin, models.Model):
    """The kind of a best practice (a fixed vocabulary that editors can extend)."""

    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("practice type")
        verbose_name_plural = _("practice types")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WebLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("URL"))
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)

    class Meta:
        icon = "link"


class BestPracticePage(RoutablePageMixin, ContentPage):
    """A case study of something that worked, written so that others can transfer it.

    The contact person's name and e-mail address are private: editors see them in the admin,
    the public page never shows them, and visitors reach the contact through a relayed form.
    """

    submitting_partner = models.CharField(_("submitting partner"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation in charge"), max_length=255, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    timescale = models.CharField(_("timescale"), max_length=255, blank=True)
    practice_type = models.ForeignKey(
        PracticeType,
        verbose_name=_("type of practice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resources_needed = RichTextField(_("resources needed"), blank=True, features=TEXT_FEATURES)
    evidence_of_success = RichTextField(
        _("evidence of success"), blank=True, features=TEXT_FEATURES
    )
    challenges = RichTextField(_("challenges"), blank=True, features=TEXT_FEATURES)
    potential_for_transfer = RichTextField(
        _("potential for transfer"), blank=True, features=TEXT_FEATURES
    )
    further_info = RichTextField(_("further information"), blank=True, features=TEXT_FEATURES)
    web_links = StreamField(
        [("link", WebLinkBlock())], blank=True, verbose_name=_("related web links")
    )
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(
        _("contact person"),
        max_length=255,
        blank=True,
        help_text=_("Private: never shown on the site."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Private: visitors write to it through the page's contact form."),
    )
    keywords = keywords_field(related_name="best_practice_pages")

    schema_type = "Article"
    parent_page_types = ["bestpractices.BestPracticeIndexPage"]
    # Personal data is not text to translate: it is copied to translations unchanged.
    override_translatable_fields = [
        SynchronizedField("contact_name"),
        SynchronizedField("contact_email"),
    ]
    content_panels = [
        *Page.content_panels,
        *ContentPage.intro_panels,
        MultiFieldPanel(
            [
                FieldPanel("practice_type"),
                FieldPanel("submitting_partner"),
                FieldPanel("organisation"),
                FieldPanel("location"),
                FieldPanel("timescale"),
            ],
            heading=_("The practice"),
        ),
        FieldPanel("body"),
        FieldPanel("resources_needed"),
        FieldPanel("evidence_of_success"),
        FieldPanel("challenges"),
        FieldPanel("potential_for_transfer"),
        FieldPanel("further_info"),
        FieldPanel("web_links"),
        FieldPanel("pdf"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")],
            heading=_("Contact (private)"),
        ),
        *ContentPage.classification_panels,
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("organisation"),
        index.SearchField("location"),
        index.SearchField("evidence_of_success"),
        index.SearchField("potential_for_transfer"),
        index.FilterField("practice_type"),
    ]
    # The contact fields are deliberately absent: the API is public.
    api_fields = [
        *ContentPage.api_fields,
        APIField("submitting_partner"),
        APIField("organisation"),
        APIField("location"),
        APIField("timescale"),
    ]

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")

    def get_context(self, request, *args, **kwargs):
        from .forms import BestPracticeContactForm

        context = super().get_context(request, *args, **kwargs)
        if self.contact_email:
            context["contact_form"] = BestPracticeContactForm()
        return context

    @path("contact/", name="contact")
    @method_decorator(
        # Per visitor address and across all pages: the form must not become a mail cannon.
        ratelimit(group="bestpractices.contact", key=client_ip_key, rate="5/h", method="POST")
    )
    def contact(self, request):
        from .forms import BestPracticeContactForm
        from .services import best_practice_contact_send

        if request.method != "POST" or not self.contact_email:
            return redirect(self.url)
        form = BestPracticeContactForm(request.POST)
        if not form.is_valid():
            response = self.render(request, context_overrides={"contact_form": form})
            response.status_code = 400
            return response
        # A filled honeypot gets the same answer as a person, so a bot learns nothing.
        if not form.is_spam:
            best_practice_contact_send(
                page=self,
                sender_name=form.cleaned_data["name"],
                sender_email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
            )
        messages.success(
            request, gettext("Thank you. Your message has been passed on to the contact person.")
        )
        return redirect(self.url)


class BestPracticeIndexPage(IndexPage):
    listing_model = BestPracticePage
    category_field = "practice_type"
    category_label = _("Type of practice")
    subpage_types = ["bestpractices.BestPracticePage"]

    class Meta:
        verbose_name = _("best practice index")
