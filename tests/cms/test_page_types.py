"""Each page type lives only where it belongs, and resources cannot skip their required parts."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.blocks import ResourceBodyBlock
from cms.models import HomePage, ResourceIndexPage, ResourcePage
from tests.conftest import PASSWORD


@pytest.fixture
def image(db) -> Image:
    buffer = BytesIO()
    PillowImage.new("RGB", (40, 30), "#174a7c").save(buffer, "PNG")
    return Image.objects.create(title="Workshop wall", file=ImageFile(buffer, name="wall.png"))


@pytest.fixture
def admin_client(client, member_factory):
    admin = member_factory(username="boss", is_superuser=True, is_staff=True)
    client.login(username=admin.username, password=PASSWORD)
    return client


def _resource_form(**overrides) -> dict:
    data = {
        "title": "Planning together toolkit",
        "slug": "planning-together",
        "summary": "Plan a co-produced project with the people it is for.",
        "resource_type": "toolkit",
        "audience": "everyone",
        "body": streamfield([("paragraph", rich_text("<p>Start with a conversation.</p>"))]),
        "authors": "Sam Patel",
        "organisation": "Commons Network",
        "date": "2026-03-01",
        "licence": "cc-by-4.0",
        "comments": inline_formset([]),
        "action-publish": "1",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_page_types_are_allowed_only_in_their_place(home, library):
    root = Page.objects.get(depth=1)
    assert HomePage.allowed_subpage_models() == [ResourceIndexPage]
    assert ResourceIndexPage.allowed_parent_page_models() == [HomePage]
    assert ResourceIndexPage.allowed_subpage_models() == [ResourcePage]
    assert ResourcePage.allowed_parent_page_models() == [ResourceIndexPage]
    assert ResourcePage.allowed_subpage_models() == []

    assert ResourceIndexPage.can_create_at(home)
    assert ResourcePage.can_create_at(library)
    for page_type, parent in [
        (ResourcePage, home), (ResourcePage, root), (ResourceIndexPage, root),
        (ResourceIndexPage, library), (HomePage, library), (HomePage, home),
    ]:
        assert not page_type.can_create_at(parent), (page_type, parent)
    # A site has one home page: the one the migrations made.
    assert not HomePage.can_create_at(root)


def test_admin_creates_a_resource_in_the_library_only(admin_client, home, library):
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "resourcepage", library.pk]),
        _resource_form(),
    )
    assert response.status_code == 302
    page = ResourcePage.objects.get(slug="planning-together")
    assert page.live and page.get_parent().pk == library.pk

    refused = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["cms", "resourcepage", home.pk])
    )
    assert refused.status_code in {302, 403}
    assert ResourcePage.objects.count() == 1


def test_admin_refuses_a_resource_without_a_summary(admin_client, library):
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "resourcepage", library.pk]),
        _resource_form(summary=""),
    )
    assert response.status_code == 200
    assert "summary" in response.context["form"].errors
    assert not ResourcePage.objects.exists()


def test_admin_refuses_an_image_without_alt_text(admin_client, library, image):
    body = streamfield([("image", {"image": image.pk, "alt_text": "", "caption": ""})])
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "resourcepage", library.pk]),
        _resource_form(body=body),
    )
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert not ResourcePage.objects.exists()

    body = streamfield([
        ("image", {"image": image.pk, "alt_text": "Sticky notes on a workshop wall",
                   "caption": ""}),
    ])
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "resourcepage", library.pk]),
        _resource_form(body=body),
    )
    assert response.status_code == 302
    page = ResourcePage.objects.get()
    assert 'alt="Sticky notes on a workshop wall"' in admin_client.get(page.url).content.decode()


def test_resource_page_model_requires_summary_and_alt_text(library, image):
    page = ResourcePage(title="No summary", slug="no-summary", summary="")
    with pytest.raises(ValidationError) as err:
        library.add_child(instance=page)
    assert "summary" in err.value.message_dict

    block = ResourceBodyBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python([
            {"type": "image", "value": {"image": image.pk, "alt_text": " ", "caption": ""}},
        ]))


def test_document_block_shows_format_and_size(client, resource_factory, document_factory):
    document = document_factory(title="Meeting plan", name="meeting-plan.csv",
                                content=b"x" * 2048)
    page = resource_factory(body=[("document", {"document": document, "title": "",
                                                "description": "Fill it in together."})])
    html = client.get(page.url).content.decode()
    assert "Download: Meeting plan" in html
    assert "(CSV spreadsheet, 2.0\xa0KB)" in html
    assert document.url in html
