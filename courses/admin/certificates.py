"""Certificates in the Wagtail admin: editors find, inspect, revoke and reinstate certificates,
and edit the certificate templates (a translatable snippet).

A certificate's facts (learner, course, date, hours) are a record of what happened and are
never edited: the viewset has no add, edit, delete or copy views. The "change certificate"
permission means "may revoke and reinstate".
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Certificate, CertificateTemplate
from ..selectors.certificates import (
    CertificateStatus,
    certificate_status,
    certificate_verification_url,
)
from ..services.certificates import (
    CertificateStateError,
    certificate_reinstate,
    certificate_revoke,
)

STATUS_LABELS = {
    CertificateStatus.VALID: gettext_lazy("Valid"),
    CertificateStatus.REVOKED: gettext_lazy("Revoked"),
    CertificateStatus.EXPIRED: gettext_lazy("Expired"),
    CertificateStatus.HOLDER_REMOVED: gettext_lazy("Holder's account deleted"),
}


def status_label(certificate: Certificate) -> str:
    return str(STATUS_LABELS[certificate_status(certificate=certificate)])


class CertificateIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("course")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            if instance.revoked_at is None:
                buttons.append(
                    ListingButton(
                        _("Revoke"),
                        url=reverse("certificates:revoke", args=[instance.pk]),
                        icon_name="cross",
                        priority=30,
                    )
                )
            else:
                buttons.append(
                    ListingButton(
                        _("Reinstate"),
                        url=reverse("certificates:reinstate", args=[instance.pk]),
                        icon_name="undo",
                        priority=30,
                    )
                )
        return buttons


class CertificateInspectView(InspectView):
    def get_fields(self):
        return [
            "code",
            "learner_name",
            "course_title",
            "course",
            "cpd_hours",
            "issuer_name",
            "language",
            "issued_at",
            "expires_at",
            "revoked_at",
            "revocation_reason",
        ]

    def get_field_display_value(self, field_name, field):
        if field_name == "learner_name" and not self.object.learner_name:
            return _("Name removed at the learner's request")
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields"].insert(
            0, {"label": _("Status"), "value": status_label(self.object), "component": None}
        )
        context["fields"].append(
            {
                "label": _("Public verification page"),
                "value": certificate_verification_url(certificate=self.object),
                "component": None,
            }
        )
        return context

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.user_has_permission("change"):
            if self.object.revoked_at is None:
                buttons.append(
                    HeaderButton(
                        _("Revoke"),
                        url=reverse("certificates:revoke", args=[self.object.pk]),
                        icon_name="cross",
                    )
                )
            else:
                buttons.append(
                    HeaderButton(
                        _("Reinstate"),
                        url=reverse("certificates:reinstate", args=[self.object.pk]),
                        icon_name="undo",
                    )
                )
        return buttons


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Shown on the public verification page."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class CertificateActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Base for revoke and reinstate: a confirmation form, then the service."""

    model = Certificate
    permission_required = "change"
    template_name = "courses/admin/certificate_action.html"
    header_icon = "doc-full"
    form_class = forms.Form

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Certificate, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_inspect_url(self):
        return reverse("certificates:inspect", args=[self.object.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates:index"), "label": _("Certificates")},
            {"url": self.get_inspect_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            status=status_label(self.object),
            cancel_url=self.get_inspect_url(),
            submit_label=self.submit_label,
            explanation=self.explanation,
        )
        return context

    def form_valid(self, form):
        try:
            self.perform(form)
        except CertificateStateError as error:
            messages.error(self.request, str(error))
        return redirect(self.get_inspect_url())


class CertificateRevokeView(CertificateActionView):
    page_title = gettext_lazy("Revoke certificate")
    submit_label = gettext_lazy("Revoke certificate")
    explanation = gettext_lazy(
        "The public verification page will show the certificate as revoked, with your reason, "
        "and the learner will no longer be able to download its PDF. You can reinstate it later."
    )
    form_class = RevokeForm

    def perform(self, form):
        certificate_revoke(
            certificate=self.object, reason=form.cleaned_data["reason"], user=self.request.user
        )
        messages.success(self.request, _("The certificate has been revoked."))


class CertificateReinstateView(CertificateActionView):
    page_title = gettext_lazy("Reinstate certificate")
    submit_label = gettext_lazy("Reinstate certificate")
    explanation = gettext_lazy(
        "The certificate will be valid again (unless it has expired) and the reason for its "
        "revocation will be removed from the verification page."
    )

    def perform(self, form):
        certificate_reinstate(certificate=self.object, user=self.request.user)
        messages.success(self.request, _("The certificate has been reinstated."))


class CertificateURLFinder(ModelAdminURLFinder):
    """Links to a certificate (e.g. from the audit log) open its inspect view: nothing edits it."""

    edit_url_name = "certificates:inspect"

    def get_edit_url(self, instance):
        policy = policy_registry.get(instance)
        if (
            self.user
            and policy
            and not policy.user_has_any_permission(self.user, {"view", "change"})
        ):
            return None
        return self.construct_edit_url(instance)


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = gettext_lazy("Certificates")
    menu_order = 310
    add_to_admin_menu = True
    name = "certificates"
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["code", "course_title", "learner_name"]
    list_filter = ["issued_at", "revoked_at"]
    list_display = [
        "course_title",
        Column("learner_name", label=gettext_lazy("Learner")),
        DateColumn("issued_at", label=gettext_lazy("Issued")),
        Column("status", label=gettext_lazy("Status"), accessor=status_label),
        Column("short_code", label=gettext_lazy("Code"), accessor=lambda c: f"{c.code[:10]}…"),
    ]
    ordering = ["-issued_at"]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit or delete views: drop their URL names so no view links to them.
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    url_finder_class = CertificateURLFinder

    def get_urlpatterns(self):
        # Built here rather than filtered from super(), which would construct the edit views.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("usage/<int:pk>/", self.usage_view, name="usage"),
            path("revoke/<int:pk>/", CertificateRevokeView.as_view(), name="revoke"),
            path("reinstate/<int:pk>/", CertificateReinstateView.as_view(), name="reinstate"),
        ]


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Certificate templates")
    list_display = ["name", "issuer_name", "validity_months"]
    search_fields = ["name", "issuer_name"]


certificate_viewset = CertificateViewSet()
register_snippet(CertificateTemplateViewSet)


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return certificate_viewset


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action("courses.certificate_revoke", _("Revoke"), _("Certificate revoked"))
    actions.register_action(
        "courses.certificate_reinstate", _("Reinstate"), _("Certificate reinstated")
    )
