"""Admin side doors: every admin URL that names a page first checks the editor's rights on it.

Wagtail checks some permissions only when a form is posted, so a GET of a confirmation page
(move, copy, delete, revisions, history...) showed an editor with rights on one section the
titles of pages anywhere in the tree. The test walks the admin URLconf, so a view added later
with a page id in its URL is requested here too.
"""

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wagtail.models import GroupPagePermission, Workflow

import pytest
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from cms.standardpages.factories import StandardPageFactory
from cms.users.factories import UserFactory

# Words of the foreign pages' titles (and slugs) that no admin chrome contains.
FOREIGN_MARKERS = ("quokka", "zanzibar")

# URL arguments that hold a page id (translation ids lead to a page as well).
PAGE_ARGUMENTS = {
    "page_id",
    "parent_page_id",
    "page_to_move_id",
    "destination_id",
    "page_pk",
    "event_id",
    "module_id",
    "course_id",
}
TRANSLATION_ARGUMENTS = {"translation_id", "translation_source_id"}
# Views whose `pk` is a page.
PAGE_PK_VIEWS = {"wagtailadmin_api:pages:detail", "wagtailadmin_api:pages:action"}

# Page-id views every editor may open on any page, with the reason.
OPEN_BY_DESIGN = {
    "wagtailadmin_choose_page_child": (
        "the page chooser: editors link to pages of any section (related items, rich text)"
    ),
}
# Views that look the page up among the editor's own and answer 404 for any other.
OWN_LOOKUP = {
    "wagtailadmin_api:pages:detail": "Wagtail's admin API serves explorable pages only",
    "wagtailadmin_api:pages:action": "Wagtail's admin API acts on explorable pages only",
    "courses_module_from_event": "published webinars, or drafts the editor may edit",
    "courses_propose_chapters": "modules the editor may edit",
    "courses_report_course": "courses the editor may edit",
    "courses_report_export": "courses the editor may edit",
}


def _admin_patterns(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _admin_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name and prefix.startswith("admin/"):
            yield f"{namespace}{pattern.name}", set(pattern.pattern.converters)


def page_views():
    """Every admin view name with a page (or translation) id in its URL, and its arguments."""
    views = {}
    for name, arguments in _admin_patterns():
        if arguments & (PAGE_ARGUMENTS | TRANSLATION_ARGUMENTS) or name in PAGE_PK_VIEWS:
            # Some names have two patterns (with and without an optional part): keep both.
            views.setdefault(name, []).append(arguments)
    return views


def test_every_admin_argument_that_names_a_page_is_known():
    """A new view whose page argument has another name must be added to PAGE_ARGUMENTS."""
    unknown = {
        (name, argument)
        for name, arguments in _admin_patterns()
        for argument in arguments
        if "page" in argument and argument not in PAGE_ARGUMENTS
    }
    assert unknown == set()
    # The walk below sees the views this issue was about.
    assert {
        "wagtailadmin_pages:move_confirm",
        "wagtailadmin_pages:copy",
        "wagtailadmin_pages:delete",
        "wagtailadmin_pages:unpublish",
        "wagtailadmin_pages:revisions_view",
        "wagtailadmin_pages:history",
        "wagtailadmin_pages:workflow_history",
        "wagtailadmin_pages:preview_on_edit",
        "wagtailadmin_pages:convert_alias",
        "wagtailadmin_pages:usage",
        "wagtail_localize:submit_page_translation",
        "wagtail_localize:update_translations",
        "wagtail_localize:preview_translation",
        "wagtail_localize:convert_to_alias",
    } <= set(page_views())


@pytest.fixture
def tree(home_page, locales):
    """Two sections under the home page: the editor's own and a foreign one with a secret draft,
    a workflow in progress and a translation."""
    admin = UserFactory(superuser=True)
    own_section = StandardPageFactory(parent=home_page, title="Our gallery", slug="gallery")
    own_page = StandardPageFactory(parent=own_section, title="Gallery notes", slug="notes")
    own_target = StandardPageFactory(parent=own_section, title="Gallery annex", slug="annex")
    foreign_section = StandardPageFactory(
        parent=home_page, title="Zanzibar archive", slug="zanzibar"
    )
    foreign_page = StandardPageFactory(
        parent=foreign_section, title="Quokka restoration plan", slug="quokka-plan"
    )
    foreign_page.title = "Quokka draft budget"
    revision = foreign_page.save_revision(user=admin)
    foreign_page.refresh_from_db()
    foreign_alias = foreign_page.create_alias(update_slug="quokka-alias")

    workflow_state = Workflow.objects.get(name="Editorial review").start(foreign_page, admin)
    task_state = workflow_state.current_task_state

    source, _created = TranslationSource.get_or_create_from_instance(foreign_page)
    foreign_page.copy_for_translation(locales["da"], copy_parents=True)
    translation = Translation.objects.create(source=source, target_locale=locales["da"])

    return {
        "admin": admin,
        "own_section": own_section,
        "own_page": own_page,
        "own_target": own_target,
        "foreign_section": foreign_section,
        "foreign_page": foreign_page,
        "foreign_alias": foreign_alias,
        "revision": revision,
        "workflow_state": workflow_state,
        "task_state": task_state,
        "translation": translation,
        "source": source,
    }


def _section_group(name, section, *, translator=False):
    group = Group.objects.create(name=name)
    codenames = ["access_admin"] + (["submit_translation"] if translator else [])
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=section, permission=Permission.objects.get(codename=codename)
        )
    return group


@pytest.fixture(params=["editor", "translating editor"])
def section_editor(request, tree):
    """An editor with add, edit and publish rights on one section only (and, in one variant, the
    right to translate)."""
    user = UserFactory()
    translator = request.param == "translating editor"
    user.groups.add(_section_group(request.param, tree["own_section"], translator=translator))
    return user


def _arguments(arguments, tree, pages):
    """URL arguments for one pattern: page arguments from ``pages``, the rest from the tree."""
    values = {
        "revision_id": tree["revision"].pk,
        "workflow_state_id": tree["workflow_state"].pk,
        "task_state_id": tree["task_state"].pk,
        "task_id": tree["task_state"].task_id,
        "action_name": "approve",
        "content_type_app_name": "standardpages",
        "content_type_model_name": "standardpage",
        "translation_id": tree["translation"].pk,
        "translation_source_id": tree["source"].pk,
        "string_segment_id": (
            StringSegment.objects.filter(source=tree["source"]).values_list("pk", flat=True).first()
            or 1
        ),
        "overridable_segment_id": 1,
        "mode": "default",
        "table": "modules",
        "workflow_pk": 1,
    }
    values.update(pages)
    return {argument: values[argument] for argument in arguments}


def _cases(tree):
    """(view name, kwargs) for every page view: all its pages foreign, and, where it takes two
    pages, each one foreign with the other the editor's own. The foreign alias reaches the views
    that only act on aliases (convert_alias)."""
    own, target = tree["own_page"], tree["own_target"]
    for foreign in (tree["foreign_page"], tree["foreign_alias"]):
        yield from _cases_for(tree, foreign, own, target)


def _cases_for(tree, foreign, own, target):
    for name, patterns in sorted(page_views().items()):
        if name in OPEN_BY_DESIGN:
            continue
        for arguments in patterns:
            page_arguments = sorted(arguments & PAGE_ARGUMENTS)
            if name in PAGE_PK_VIEWS:
                page_arguments.append("pk")
            yield name, _arguments(arguments, tree, dict.fromkeys(page_arguments, foreign.pk))
            if len(page_arguments) > 1:
                for foreign_argument in page_arguments:
                    pages = dict.fromkeys(page_arguments, own.pk)
                    pages[foreign_argument] = foreign.pk
                    if "destination_id" in pages and pages["destination_id"] == own.pk:
                        pages["destination_id"] = target.pk
                    yield name, _arguments(arguments, tree, pages)


def _leak(response, name, url):
    """Why the response is not a clean denial, or None."""
    shown = response.content.decode(errors="replace").lower() + response.get("Location", "")
    for marker in FOREIGN_MARKERS:
        if marker in shown.lower():
            return f"{url} ({name}, {response.status_code}) shows {marker!r}"
    if response.status_code == 302:
        if response["Location"] != reverse("wagtailadmin_home"):
            return f"{url} ({name}) redirects to {response['Location']}"
        return None
    # 405: the API's actions are POST only, and answer 404 there for pages the editor can't see.
    allowed = {403, 404, 405} if name in OWN_LOOKUP else {403}
    if response.status_code not in allowed:
        return f"{url} ({name}) answers {response.status_code}"
    return None


def test_an_editor_opens_no_admin_view_of_a_page_outside_their_section(tree, section_editor):
    client = Client()
    client.force_login(section_editor)
    cases = list(_cases(tree))
    urls = [(name, reverse(name, kwargs=kwargs)) for name, kwargs in cases]
    leaks = [_leak(client.get(url), name, url) for name, url in urls]
    assert [leak for leak in leaks if leak] == []
    assert len(cases) > 40


def test_the_denial_says_why(tree, section_editor):
    client = Client()
    client.force_login(section_editor)
    url = reverse(
        "wagtailadmin_pages:move_confirm", args=[tree["own_page"].pk, tree["foreign_page"].pk]
    )
    response = client.get(url, follow=True)
    assert "Sorry, you do not have permission to access this area." in response.content.decode()


def test_an_editor_still_works_in_their_own_section(tree, section_editor):
    client = Client()
    client.force_login(section_editor)
    own, target = tree["own_page"], tree["own_target"]
    own.save_revision(user=section_editor)
    for url in (
        reverse("wagtailadmin_pages:edit", args=[own.pk]),
        reverse("wagtailadmin_pages:move", args=[own.pk]),
        reverse("wagtailadmin_pages:move_confirm", args=[own.pk, target.pk]),
        reverse("wagtailadmin_pages:history", args=[own.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[own.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[own.pk, own.latest_revision_id]),
        reverse("wagtailadmin_pages:copy", args=[own.pk]),
        reverse("wagtailadmin_pages:usage", args=[own.pk]),
        reverse("wagtailadmin_explore", args=[tree["own_section"].pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[tree["own_section"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "gallery" in response.content.decode().lower(), url


def test_the_explorer_takes_an_editor_down_to_their_section(tree, section_editor, home_page):
    client = Client()
    client.force_login(section_editor)
    response = client.get(reverse("wagtailadmin_explore", args=[home_page.pk]))
    assert response["Location"] == reverse("wagtailadmin_explore", args=[tree["own_section"].pk])
    response = client.get(response["Location"])
    assert "Gallery notes" in response.content.decode()
    assert "zanzibar" not in response.content.decode().lower()


def test_a_translating_editor_translates_their_own_pages(tree):
    user = UserFactory()
    user.groups.add(_section_group("translators", tree["own_section"], translator=True))
    client = Client()
    client.force_login(user)
    response = client.get(
        reverse("wagtail_localize:submit_page_translation", args=[tree["own_page"].pk])
    )
    assert response.status_code == 200
    assert "Gallery notes" in response.content.decode()


def test_a_reviewer_without_page_rights_still_reviews(tree):
    """Workflow approvers act on the pages submitted to them, whatever their page rights."""
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name="Editors"))
    GroupPagePermission.objects.filter(group__name="Editors").delete()
    foreign, task_state = tree["foreign_page"], tree["task_state"]
    client = Client()
    client.force_login(reviewer)
    for url in (
        reverse("wagtailadmin_pages:edit", args=[foreign.pk]),
        reverse("wagtailadmin_pages:workflow_preview", args=[foreign.pk, task_state.task_id]),
        reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[foreign.pk, "approve", task_state.pk],
        ),
    ):
        assert client.get(url).status_code == 200, url


def test_a_superuser_opens_every_page_view(tree):
    client = Client()
    client.force_login(tree["admin"])
    foreign = tree["foreign_page"]
    for url in (
        reverse("wagtailadmin_pages:move_confirm", args=[foreign.pk, tree["own_target"].pk]),
        reverse("wagtailadmin_pages:history", args=[foreign.pk]),
        reverse("wagtail_localize:submit_page_translation", args=[foreign.pk]),
    ):
        assert client.get(url).status_code == 200, url
