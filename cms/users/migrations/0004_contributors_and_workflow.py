"""The "Contributors" group and the "Editorial review" workflow, where editors approve.

Contributors may create and edit pages and upload images and documents, but not publish: their
changes go through one approval step ("Editor approval") that the Editors group decides. Editors
get the publish permission Wagtail's own data migration leaves out. The workflow is set on the
root page, so it covers every site and language, and replaces Wagtail's default "Moderators
approval" assignment there (that workflow itself is kept, only no longer assigned).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
CONTRIBUTOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Editor approval"


def _permission(Permission, app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_contributors_and_workflow(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()

    contributors, _created = Group.objects.get_or_create(name="Contributors")
    contributors.permissions.add(_permission(Permission, "wagtailadmin", "access_admin"))
    editors, _created = Group.objects.get_or_create(name="Editors")

    if root_page is not None:
        for codename in CONTRIBUTOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=contributors,
                page=root_page,
                permission=_permission(Permission, "wagtailcore", codename),
            )
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root_page,
            permission=_permission(Permission, "wagtailcore", "publish_page"),
        )

    if root_collection is not None:
        for app_label, codename in CONTRIBUTOR_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=contributors,
                collection=root_collection,
                permission=_permission(Permission, app_label, codename),
            )

    # Historical models have no polymorphic save, so the task's content type is set by hand, as
    # Wagtail's own default-workflow migration does.
    task_content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=task_content_type, active=True
        )
    task.groups.set([editors])

    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    if root_page is not None:
        # WorkflowPage is keyed by the page: this replaces any workflow assigned there before.
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0003_email_constraint_message"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_contributors_and_workflow, migrations.RunPython.noop)]
