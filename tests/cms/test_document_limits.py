"""Editors' uploads to the resource library have size limits, with a message in plain words."""

from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection


def _pdf(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n" + b"0" * size, "application/pdf")


def test_a_document_over_the_limit_is_refused_and_nothing_is_saved(admin_client, settings):
    settings.CMS_DOCUMENT_MAX_BYTES = 2048
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    response = admin_client.post("/admin/documents/add/", {
        "title": "Our plan", "file": _pdf(10_000), "collection": root.pk,
    })
    assert "Documents can be up to 2.0" in response.content.decode()
    assert not get_document_model().objects.exists()

    # The upload-many page refuses it the same way.
    response = admin_client.post("/admin/documents/multiple/add/", {
        "files[]": _pdf(10_000), "collection": root.pk,
    }, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.json()["success"] is False
    assert "Documents can be up to" in response.json()["error_message"]
    assert not get_document_model().objects.exists()


def test_a_document_within_the_limit_is_kept(admin_client, settings):
    settings.CMS_DOCUMENT_MAX_BYTES = 20_000
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    response = admin_client.post("/admin/documents/add/", {
        "title": "Our plan", "file": _pdf(10_000), "collection": root.pk,
    })
    assert response.status_code == 302
    assert get_document_model().objects.get().title == "Our plan"


def test_pictures_have_a_limit_from_the_settings(settings):
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
