"""The imported items in the admin: read-only, for editors, filterable, linked to their pages."""

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

import pytest

from cms.importer.models import ImportedItem
from cms.users.factories import UserFactory

from .conftest import item

ID_LIVE = "11111111-1111-4111-8111-111111111111"
ID_DRAFT = "22222222-2222-4222-8222-222222222222"
INDEX_URL = reverse("importer_importeditem:index")


@pytest.fixture
def imported(home_page, hub):
    hub.write("news/2024-01-01-live.md", item(page_id=ID_LIVE, title="Live news"))
    hub.write(
        "bestpractices/2024-01-01-draft.md",
        item(
            page_id=ID_DRAFT,
            title="Draft practice",
            extra="status: draft",
            body="![A chart](https://cdn.example/chart.png)",
        ),
    )
    call_command("import_markdown", str(hub.root), "-v0")
    return {i.source_id: i for i in ImportedItem.objects.select_related("page")}


def member_of(group_name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_an_editor_lists_the_items_with_links_to_their_pages(client, imported):
    client.force_login(member_of("Editors"))

    response = client.get(INDEX_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "news/2024-01-01-live.md" in html
    assert "bestpractices/2024-01-01-draft.md" in html
    for record in imported.values():
        assert reverse("wagtailadmin_pages:edit", args=[record.page_id]) in html
    inspect = client.get(reverse("importer_importeditem:inspect", args=[imported[ID_LIVE].pk]))
    assert inspect.status_code == 200
    assert ID_LIVE in inspect.content.decode()


def test_the_list_filters_by_status_and_section(client, imported):
    client.force_login(member_of("Editors"))

    drafts = client.get(INDEX_URL, {"status": "draft"}).content.decode()
    news = client.get(INDEX_URL, {"section": "news"}).content.decode()

    assert "2024-01-01-draft.md" in drafts and "2024-01-01-live.md" not in drafts
    assert "2024-01-01-live.md" in news and "2024-01-01-draft.md" not in news
    # Items whose pictures are still shown from their old server, for a --fetch-assets run.
    not_copied = client.get(INDEX_URL, {"status": "assets"}).content.decode()
    assert "2024-01-01-draft.md" in not_copied and "2024-01-01-live.md" not in not_copied


def test_nobody_adds_edits_or_deletes_items_not_even_a_superuser(client, imported):
    client.force_login(UserFactory(superuser=True))
    record = imported[ID_LIVE]

    assert client.get(INDEX_URL).status_code == 200
    for url in (
        reverse("importer_importeditem:add"),
        reverse("importer_importeditem:edit", args=[record.pk]),
        reverse("importer_importeditem:delete", args=[record.pk]),
    ):
        assert client.get(url).status_code == 302, url
    assert client.post(reverse("importer_importeditem:delete", args=[record.pk])).status_code == 302
    assert ImportedItem.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("group_name", [None, "Contributors"])
def test_users_without_the_view_permission_cannot_list_items(client, imported, group_name):
    client.force_login(member_of(group_name) if group_name else UserFactory())

    response = client.get(INDEX_URL)

    assert response.status_code == 302
    assert "news/2024-01-01-live.md" not in response.content.decode()
