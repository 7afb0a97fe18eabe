"""The moderation queue in the Wagtail admin, under the "Partner board" menu.

Moderators (users with ``partnerbourse.moderate_board``, given to the Moderators group by a
migration) review pending listings (approve, or reject with a reason the poster sees), handle
reported listings (dismiss the reports, or take the listing down with a reason) and verify
organisations. The views only gather and dispatch: the decisions are services.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.core.text import display_text

from .forms import DismissReportsForm, RejectForm, VerifyForm
from .models import Listing, ListingStatus, Organisation
from .selectors.listings import localize_themes, moderation_queue, reported_listings
from .selectors.organisations import user_can_moderate
from .services import moderation, organisations


class ReviewRejectForm(RejectForm):
    """The reason is what the poster reads to fix their listing: say so when it is missing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Tell the poster why the listing was rejected."
        )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(self.fields["reason"].error_messages["required"])
        return reason


class ModeratorMixin:
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_moderate(user=request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class PendingListingsView(ModeratorMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "partnerbourse/admin/listing_queue.html"
    page_title = gettext_lazy("Listings to review")

    def get_context_data(self, **kwargs):
        page = Paginator(moderation_queue(), 50).get_page(self.request.GET.get("p"))
        return super().get_context_data(page_obj=page, reported=False, **kwargs)


class ReportedListingsView(ModeratorMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "partnerbourse/admin/listing_queue.html"
    page_title = gettext_lazy("Reported listings")

    def get_context_data(self, **kwargs):
        page = Paginator(reported_listings(), 50).get_page(self.request.GET.get("p"))
        return super().get_context_data(page_obj=page, reported=True, **kwargs)


class ListingReviewView(ModeratorMixin, WagtailAdminTemplateMixin, TemplateView):
    """One listing with everything needed to decide, and the decisions as POST forms."""

    template_name = "partnerbourse/admin/listing_review.html"
    page_title = gettext_lazy("Review listing")

    def dispatch(self, request, *args, **kwargs):
        self.listing = (
            Listing.objects.select_related("organisation", "created_by")
            .prefetch_related("facets", "themes", "status_changes__actor", "reports__reporter")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if self.listing is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        # Shown in the header and the <title>, where no <bdi> can isolate it.
        return display_text(self.listing.title)

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision")
        reject_form = ReviewRejectForm(request.POST if decision == "reject" else None)
        dismiss_form = DismissReportsForm(request.POST if decision == "dismiss" else None)
        try:
            if decision == "approve":
                moderation.listing_approve(listing=self.listing, moderator=request.user)
                messages.success(request, _("The listing is published."))
                return redirect("partnerbourse_admin_pending")
            if decision == "reject" and reject_form.is_valid():
                moderation.listing_reject(
                    listing=self.listing,
                    moderator=request.user,
                    reason=reject_form.cleaned_data["reason"],
                )
                messages.success(request, _("The listing was sent back to its poster."))
                return redirect("partnerbourse_admin_pending")
            if decision == "dismiss" and dismiss_form.is_valid():
                moderation.listing_reports_dismiss(
                    listing=self.listing,
                    moderator=request.user,
                    resolution=dismiss_form.cleaned_data["resolution"],
                )
                messages.success(request, _("The reports were closed; the listing is unchanged."))
                return redirect("partnerbourse_admin_reported")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("partnerbourse_admin_review", pk=self.listing.pk)
        context = self.get_context_data(reject_form=reject_form, dismiss_form=dismiss_form)
        return self.render_to_response(context, status=400)

    def get_context_data(self, **kwargs):
        localize_themes([self.listing])
        kwargs.setdefault("reject_form", ReviewRejectForm())
        kwargs.setdefault("dismiss_form", DismissReportsForm())
        return super().get_context_data(
            listing=self.listing,
            organisation=self.listing.organisation,
            can_approve=self.listing.status == ListingStatus.PENDING,
            can_reject=self.listing.status
            in (ListingStatus.PENDING, ListingStatus.PUBLISHED, ListingStatus.PAUSED),
            open_reports=[r for r in self.listing.reports.all() if r.resolved_at is None],
            **kwargs,
        )


class OrganisationsView(ModeratorMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "partnerbourse/admin/organisations.html"
    page_title = gettext_lazy("Organisations")

    def get_context_data(self, **kwargs):
        show = self.request.GET.get("show", "unverified")
        queryset = Organisation.objects.order_by("-created_at")
        if show == "unverified":
            queryset = queryset.filter(verified_at__isnull=True)
        elif show == "verified":
            queryset = queryset.filter(verified_at__isnull=False)
        page = Paginator(queryset, 50).get_page(self.request.GET.get("p"))
        return super().get_context_data(page_obj=page, show=show, **kwargs)


def _domain(value: str) -> str:
    host = urlsplit(value).hostname or ""
    return host.removeprefix("www.").lower()


class OrganisationVerifyView(ModeratorMixin, WagtailAdminTemplateMixin, TemplateView):
    """An organisation's profile, its members' e-mail domains beside its web domain (the usual
    evidence), and the verify / withdraw verification forms."""

    template_name = "partnerbourse/admin/organisation_verify.html"
    page_title = gettext_lazy("Verify organisation")

    def dispatch(self, request, *args, **kwargs):
        self.organisation = Organisation.objects.filter(pk=kwargs["pk"]).first()
        if self.organisation is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return display_text(self.organisation.name)

    def post(self, request, *args, **kwargs):
        if request.POST.get("decision") == "unverify":
            organisations.organisation_unverify(
                organisation=self.organisation, moderator=request.user
            )
            messages.success(request, _("The verification was withdrawn."))
            return redirect("partnerbourse_admin_organisations")
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                organisations.organisation_verify(
                    organisation=self.organisation,
                    moderator=request.user,
                    evidence=form.cleaned_data["evidence"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The organisation is verified."))
                return redirect("partnerbourse_admin_organisations")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", VerifyForm())
        website_domain = _domain(self.organisation.website)
        members = [
            {
                "membership": membership,
                "domain": membership.user.email.rsplit("@", 1)[-1].lower(),
            }
            for membership in self.organisation.memberships.select_related("user")
        ]
        for member in members:
            member["matches"] = bool(website_domain) and (
                member["domain"] == website_domain
                or member["domain"].endswith("." + website_domain)
            )
        return super().get_context_data(
            organisation=self.organisation,
            website_domain=website_domain,
            members=members,
            **kwargs,
        )


def admin_urls():
    from django.urls import path

    return [
        path(
            "partner-board/pending/",
            PendingListingsView.as_view(),
            name="partnerbourse_admin_pending",
        ),
        path(
            "partner-board/reported/",
            ReportedListingsView.as_view(),
            name="partnerbourse_admin_reported",
        ),
        path(
            "partner-board/listings/<int:pk>/",
            ListingReviewView.as_view(),
            name="partnerbourse_admin_review",
        ),
        path(
            "partner-board/organisations/",
            OrganisationsView.as_view(),
            name="partnerbourse_admin_organisations",
        ),
        path(
            "partner-board/organisations/<int:pk>/",
            OrganisationVerifyView.as_view(),
            name="partnerbourse_admin_organisation",
        ),
    ]
