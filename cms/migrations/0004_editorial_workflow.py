"""The resource library page, the Editors and Moderators groups with their Wagtail permissions,
and the "Review before publishing" workflow that makes a moderator approve every resource."""

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's path alphabet, 4 characters a step
WORKFLOW_NAME = "Review before publishing"
TASK_NAME = "A moderator checks it"

# (app_label, model, codename, name) of every permission used below.
PERMISSIONS = {
    "access_admin": ("wagtailadmin", "admin", "Can access Wagtail admin"),
    "add_page": ("wagtailcore", "page", "Can add page"),
    "change_page": ("wagtailcore", "page", "Can change page"),
    "publish_page": ("wagtailcore", "page", "Can publish page"),
    "lock_page": ("wagtailcore", "page", "Can lock page"),
    "unlock_page": ("wagtailcore", "page", "Can unlock page"),
    "add_document": ("wagtaildocs", "document", "Can add document"),
    "change_document": ("wagtaildocs", "document", "Can change document"),
    "choose_document": ("wagtaildocs", "document", "Can choose document"),
    "delete_document": ("wagtaildocs", "document", "Can delete document"),
    "add_image": ("wagtailimages", "image", "Can add image"),
    "change_image": ("wagtailimages", "image", "Can change image"),
    "choose_image": ("wagtailimages", "image", "Can choose image"),
    "delete_image": ("wagtailimages", "image", "Can delete image"),
}
# Editors write and submit; Moderators also publish, and approve what editors submit.
GROUPS = {
    "Editors": {
        "pages": ["add_page", "change_page"],
        "collections": ["add_document", "change_document", "choose_document",
                        "add_image", "change_image", "choose_image"],
    },
    "Moderators": {
        "pages": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "collections": ["add_document", "change_document", "choose_document", "delete_document",
                        "add_image", "change_image", "choose_image", "delete_image"],
    },
}


def _permission(apps, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    app_label, model, name = PERMISSIONS[codename]
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path").values_list("path", flat=True).first()
    )
    number = int(last[-4:], 36) + 1 if last else 1
    step = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return parent.path + step


def _resource_library(apps):
    """The library page under the home page, created if the site has none yet."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("cms.HomePage")
    ResourceIndexPage = apps.get_model("cms.ResourceIndexPage")

    existing = ResourceIndexPage.objects.order_by("path").first()
    if existing is not None:
        return existing
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return None
    slug = "resources"
    if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=slug).exists():
        slug = "resource-library"
    content_type, _ = ContentType.objects.get_or_create(
        app_label="cms", model="resourceindexpage"
    )
    now = timezone.now()
    library = ResourceIndexPage.objects.create(
        title="Resources",
        draft_title="Resources",
        slug=slug,
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        live=True,
        first_published_at=now,
        last_published_at=now,
        intro=(
            "<p>Toolkits, reports, guides, templates, films and stories from people doing "
            "co-production. Use them, adapt them, and tell us how it went in the discussion "
            "under each one.</p>"
        ),
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    return library


def install(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    library = _resource_library(apps)
    root_collection = Collection.objects.filter(depth=1).first()
    groups = {}
    for name, grants in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(_permission(apps, "access_admin"))
        if library is not None:
            for codename in grants["pages"]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=library.pk, permission=_permission(apps, codename)
                )
        if root_collection is not None:
            for codename in grants["collections"]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection,
                    permission=_permission(apps, codename),
                )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type)
    task.groups.add(groups["Moderators"])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if library is not None:
        WorkflowPage.objects.update_or_create(page_id=library.pk, defaults={"workflow": workflow})


def uninstall(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_resource_library"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
