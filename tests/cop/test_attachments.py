"""Pictures and documents in posts: checked, made safe, attached, and as public as their post."""

import zipfile
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from cop.enums import AttachmentKind, PostStatus
from cop.models import Attachment, Post
from cop.publishing import publish_post, reject_post
from tests.conftest import PASSWORD

GPS_IFD = 0x8825


def photo_bytes(fmt: str = "JPEG", size=(2400, 1200), with_location: bool = True) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    out = BytesIO()
    if with_location and fmt == "JPEG":
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # camera make
        exif.get_ifd(GPS_IFD)[2] = (53.0, 28.0, 51.0)  # latitude: Manchester
        image.save(out, format=fmt, exif=exif.tobytes())
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def client_for_visitor():
    return Client()


@pytest.fixture
def signed_in(client, member):
    client.login(username=member.username, password=PASSWORD)
    return client


def _reply(client, thread, **files):
    return client.post(reverse("cop:reply", args=[thread.pk]),
                       {"body": "Here are the photos and the report.", **files})


def test_member_attaches_a_picture_with_alt_text_and_a_pdf(signed_in, thread_factory, client):
    thread = thread_factory()
    response = _reply(signed_in, thread,
                      attachment_1=upload("Workshop.JPG", photo_bytes()),
                      alt_text_1="People round a table sticking notes on a wall",
                      attachment_2=upload("report.pdf", pdf_bytes()))
    assert response.status_code == 302
    post = Post.objects.get(thread=thread, is_opening=False)
    picture = post.attachments.get(kind=AttachmentKind.IMAGE)
    report = post.attachments.get(kind=AttachmentKind.DOCUMENT)
    assert max(picture.width, picture.height) == 1600 and picture.thumb_width == 320
    assert default_storage.exists(picture.file.name)
    page = signed_in.get(thread.get_absolute_url()).content.decode()
    assert 'alt="People round a table sticking notes on a wall"' in page
    assert f'href="{picture.get_absolute_url()}"' in page
    assert f'src="{picture.get_thumbnail_url()}"' in page
    assert "report.pdf" in page

    full = client.get(picture.get_absolute_url())
    assert full["Content-Type"] == "image/jpeg"
    assert full["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in full["Content-Security-Policy"]
    stored = Image.open(BytesIO(b"".join(full.streaming_content)))
    exif = stored.getexif()
    assert not exif.get_ifd(GPS_IFD) and 0x010F not in exif  # no location, no camera

    document = client.get(report.get_absolute_url())
    assert document["Content-Disposition"].startswith('attachment; filename="report.pdf"')
    assert document["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("files", "status", "message"), [
    ({"attachment_1": ("garden.png", "photo")}, 400,
     "Please describe the picture “garden.png” in a few words"),
    ({"attachment_1": ("notes.exe", b"MZ\x90\x00binary")}, 400,
     "The forum cannot take “notes.exe”: files can be JPG, JPEG, PNG"),
    ({"attachment_1": ("fake.png", b"<html><script>alert(1)</script></html>"),
      "alt_text_1": "A chart"}, 400, "“fake.png” is not a PNG file, although its name says so"),
    ({"attachment_1": ("photo.png", "photo"), "alt_text_1": "A photo"}, 400,
     "“photo.png” is not a PNG file"),
    ({"attachment_1": ("minutes.pdf", b"Just some text pretending")}, 400,
     "“minutes.pdf” is not a PDF file"),
    ({"attachment_1": ("plan.docx", b"PK\x03\x04 not really a zip")}, 400,
     "“plan.docx” is not a Word file"),
])
def test_bad_uploads_are_refused_with_a_clear_message_and_nothing_saved(
    signed_in, thread_factory, files, status, message
):
    thread = thread_factory()
    data = {}
    for key, value in files.items():
        if isinstance(value, tuple):
            name, content = value
            data[key] = upload(name, photo_bytes() if content == "photo" else content)
        else:
            data[key] = value
    response = _reply(signed_in, thread, **data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert "Here are the photos and the report." in response.content.decode()  # kept
    assert not Post.objects.filter(thread=thread, is_opening=False).exists()
    assert not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(signed_in, thread_factory, settings):
    settings.FORUM_UPLOAD_MAX_BYTES = 1024
    thread = thread_factory()
    response = _reply(signed_in, thread, attachment_1=upload("big.pdf", pdf_bytes() * 40))
    assert response.status_code == 413
    assert "files can be up to" in response.content.decode()
    assert not Post.objects.filter(thread=thread, is_opening=False).exists()


def test_allowed_types_come_from_settings(signed_in, thread_factory, settings):
    settings.FORUM_UPLOAD_FILE_TYPES = ["txt"]
    thread = thread_factory()
    response = _reply(signed_in, thread, attachment_1=upload("report.pdf", pdf_bytes()))
    assert response.status_code == 400
    assert "files can be JPG, JPEG, PNG, GIF, WEBP, TXT" in response.content.decode()


def test_a_held_posts_files_stay_private_until_published_and_rejected_never_public(
    member, moderator, thread_factory, client
):
    from cop.attachments import attach, check_upload

    thread = thread_factory()
    post = Post.objects.create(thread=thread, author=member, body="Held with a file",
                               status=PostStatus.HELD)
    [report] = attach(post=post, uploads=[check_upload(upload=upload("plan.pdf", pdf_bytes()))])
    url = report.get_absolute_url()
    assert client.get(url).status_code == 404  # the public
    client.login(username=member.username, password=PASSWORD)
    assert client.get(url).status_code == 200  # its author
    client.login(username=moderator.username, password=PASSWORD)
    assert client.get(url).status_code == 200  # a moderator reviewing it
    client.logout()
    publish_post(post=post)
    assert client.get(url).status_code == 200
    reject_post(post=post)
    assert client.get(url).status_code == 404


def test_a_picture_needs_alt_text_in_the_database_too(member, thread_factory):
    from django.db import IntegrityError, transaction

    post = thread_factory(author=member).posts.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.create(post=post, kind=AttachmentKind.IMAGE, file="x.png",
                                  original_name="x.png", content_type="image/png", size=10)


def test_office_documents_are_checked_inside(signed_in, thread_factory):
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    thread = thread_factory()
    response = _reply(signed_in, thread, attachment_1=upload("plan.docx", out.getvalue()))
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "plan.docx"


def test_demo_thread_gets_a_described_picture_and_a_real_pdf_once(member, thread_factory):
    from cop.demo_media import ALT_TEXT, DEMO_THREAD, attach_demo_files

    thread = thread_factory(title=DEMO_THREAD, author=member)
    assert attach_demo_files() == 2
    assert attach_demo_files() == 0  # safe to run again
    picture = Attachment.objects.get(post__thread=thread, kind=AttachmentKind.IMAGE)
    assert picture.alt_text == ALT_TEXT and picture.width == 1200
    assert Attachment.objects.get(kind=AttachmentKind.DOCUMENT).original_name == "week-plan.pdf"


# --- removing a file from a post ---


@pytest.fixture
def report_in_reply(member, thread_factory):
    from cop.attachments import attach, check_upload

    post = Post.objects.create(thread=thread_factory(), author=member, body="The report.",
                               status=PostStatus.PUBLISHED)
    [report] = attach(post=post, uploads=[check_upload(upload=upload("report.pdf",
                                                                     pdf_bytes()))])
    return report


def test_member_removes_a_file_from_their_own_post(signed_in, member, report_in_reply,
                                                   client_for_visitor):
    post = report_in_reply.post
    edit_url = reverse("cop:edit_post", args=[post.pk])
    page = signed_in.get(edit_url).content.decode()
    assert "Files in this post" in page and "Yes, remove “report.pdf”" in page
    remove = reverse("cop:remove_attachment", args=[report_in_reply.pk])
    assert signed_in.get(remove).status_code == 405  # a link cannot remove anything
    response = signed_in.post(remove, {"next": edit_url}, follow=True)
    assert response.redirect_chain[-1][0] == edit_url
    assert "“report.pdf” is removed from your post, and nobody else can open it now. It is " \
        "not deleted" in response.content.decode()
    assert "Yes, remove “report.pdf”" not in response.content.decode()
    report_in_reply.refresh_from_db()
    assert report_in_reply.removed_by == member and report_in_reply.removed_at is not None
    assert default_storage.exists(report_in_reply.file.name)  # hidden, not erased
    url = report_in_reply.get_absolute_url()
    assert client_for_visitor.get(url).status_code == 404
    assert "report.pdf" not in client_for_visitor.get(
        post.thread.get_absolute_url()).content.decode()
    assert signed_in.get(url).status_code == 404  # its author removed it for good
    again = signed_in.post(remove)
    assert again.status_code == 404


def test_others_cannot_remove_a_members_file(client, other_member, report_in_reply):
    remove = reverse("cop:remove_attachment", args=[report_in_reply.pk])
    assert client.post(remove).status_code == 302  # a visitor is asked to log in
    client.login(username=other_member.username, password=PASSWORD)
    response = client.post(remove)
    assert response.status_code == 403
    assert "You can only remove files from your own posts." in response.content.decode()
    report_in_reply.refresh_from_db()
    assert report_in_reply.removed_at is None
    assert client.get(report_in_reply.get_absolute_url()).status_code == 200


def test_a_file_of_a_post_the_member_cannot_see_is_404(client, other_member, member,
                                                      report_in_reply):
    Post.objects.filter(pk=report_in_reply.post_id).update(status=PostStatus.HELD)
    client.login(username=other_member.username, password=PASSWORD)
    remove = reverse("cop:remove_attachment", args=[report_in_reply.pk])
    assert client.post(remove).status_code == 404
    assert client.post(reverse("cop:remove_attachment", args=[424242])).status_code == 404
    report_in_reply.refresh_from_db()
    assert report_in_reply.removed_at is None


def test_moderator_removes_a_file_from_any_post_and_still_sees_it(
    client, moderator, report_in_reply, client_for_visitor
):
    client.login(username=moderator.username, password=PASSWORD)
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    item = reverse("review:item", args=[report_in_reply.post_id])
    assert "Remove “report.pdf” from the post" in client.get(item).content.decode()
    response = client.post(reverse("cop:remove_attachment", args=[report_in_reply.pk]),
                           {"next": item})
    assert response.status_code == 302 and response["Location"] == item
    url = report_in_reply.get_absolute_url()
    assert client_for_visitor.get(url).status_code == 404
    assert client.get(url).status_code == 200  # kept for the record
    page = client.get(item).content.decode()
    assert "Removed files" in page and f"removed by {moderator.username}" in page
