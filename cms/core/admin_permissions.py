"""Page rights on every admin URL that names a page, and the translation report for translators.

Wagtail and wagtail-localize check some permissions only when a form is posted: a GET of the
move confirmation (or of wagtail-localize's "Translate this page" and "Sync translated pages")
showed an editor with rights on one section the titles of pages anywhere in the tree. Rather
than patch view by view, ``guard_admin_urls`` wraps every admin view: before the view runs,
each page id in the URL (and the page behind a translation id) must be one the editor has some
right on, directly or through an ancestor, or reviews in a workflow. Views that are stricter
keep their own checks; denials look like Wagtail's own (a message and the admin home page).
"""

import functools

from django.urls import reverse

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.models import Page
from wagtail.permissions import page_permission_policy
from wagtail.utils.urlpatterns import decorate_urlpatterns

from wagtail_localize.models import Translation, TranslationSource

# Who may read the translation reports: wagtail-localize's own right to submit translations,
# held by the Translators, Editors and Moderators groups (cms/users/migrations).
TRANSLATOR_PERMISSION = "wagtail_localize.submit_translation"
TRANSLATOR_VIEWS = {
    "wagtail_localize:translations_report",
    "wagtail_localize:translations_report_results",
}

# The page the view acts on: the editor needs some right on it (or on an ancestor).
ACT_ON = "act_on"
# A page the editor navigates through: its ancestors are explorable too, as in the explorer.
EXPLORE = "explore"

PAGE_ARGUMENTS = {
    "page_id": ACT_ON,
    "page_to_move_id": ACT_ON,
    "destination_id": ACT_ON,
    "page_pk": ACT_ON,
    "parent_page_id": EXPLORE,
}
# Views whose page argument has a generic name, or whose page needs another rule. (The courses
# admin views, with event_id, module_id or course_id, look the page up among the editor's own.)
VIEW_PAGE_ARGUMENTS = {
    # Wagtail's admin API already limits itself to explorable pages (404 otherwise).
    "wagtailadmin_api:pages:detail": {},
    "wagtailadmin_api:pages:action": {},
    # The page chooser lists the whole tree on purpose: editors link to pages of any section.
    "wagtailadmin_choose_page_child": {},
}

_GUARDED = "_page_rights_guarded"


def guard_admin_urls(urlpatterns):
    """Wrap every view of the admin URLconf (cms/urls.py) in the page-rights check."""
    return decorate_urlpatterns(urlpatterns, _guard_view)


def _guard_view(view):
    if getattr(view, _GUARDED, False):
        return view

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if _denied(request, kwargs):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    setattr(guarded, _GUARDED, True)
    return guarded


def _denied(request, kwargs) -> bool:
    user = request.user
    # Signed-out visitors and users without admin access are Wagtail's to turn away.
    if (
        not user.is_authenticated
        or user.is_superuser
        or not user.has_perm("wagtailadmin.access_admin")
    ):
        return False
    view_name = request.resolver_match.view_name if request.resolver_match else ""
    if view_name in TRANSLATOR_VIEWS and not user.has_perm(TRANSLATOR_PERMISSION):
        return True
    return any(not _may(user, page, rule) for page, rule in _pages_named(view_name, kwargs))


def _pages_named(view_name, kwargs):
    arguments = VIEW_PAGE_ARGUMENTS.get(view_name, PAGE_ARGUMENTS)
    for argument, rule in arguments.items():
        if argument in kwargs:
            page = Page.objects.filter(pk=kwargs[argument]).first()
            if page is not None:  # a missing page is the view's 404
                yield page, rule
    # wagtail-localize's views take the translation, which leads to a page (or a snippet).
    if "translation_id" in kwargs:
        translation = (
            Translation.objects.filter(pk=kwargs["translation_id"]).select_related("source").first()
        )
        if translation is not None:
            page = _translated_page(translation.source, translation.target_locale_id)
            if page is not None:
                yield page, ACT_ON
    if "translation_source_id" in kwargs:
        source = TranslationSource.objects.filter(pk=kwargs["translation_source_id"]).first()
        if source is not None:
            page = _translated_page(source, source.locale_id)
            if page is not None:
                yield page, ACT_ON


def _translated_page(source, locale_id):
    return Page.objects.filter(translation_key=source.object_id, locale_id=locale_id).first()


def _may(user, page, rule) -> bool:
    granted = [
        permission.page.path
        for permission in page_permission_policy.get_cached_permissions_for_user(user)
    ]
    if any(page.path.startswith(path) for path in granted):
        return True
    if rule == EXPLORE and any(path.startswith(page.path) for path in granted):
        return True
    # Reviewers act on the pages submitted to them without rights on the page itself.
    task = page.current_workflow_task
    return task is not None and (
        task.user_can_access_editor(page, user) or bool(task.get_actions(page, user))
    )


@hooks.register("construct_reports_menu")
def hide_translation_report(request, menu_items):
    """wagtail-localize shows its report to everyone; only translators may open it here."""
    if request.user.has_perm(TRANSLATOR_PERMISSION):
        return
    report_urls = {reverse(name) for name in TRANSLATOR_VIEWS}
    menu_items[:] = [item for item in menu_items if item.url not in report_urls]
