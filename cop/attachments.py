"""Pictures and documents in posts: check an upload against its name, make pictures safe
(resized, stripped of hidden details such as where a photo was taken), attach them to a post,
and decide who may open them.

Files go through Django's storage API (`Attachment.file` is a FileField), so an S3-compatible
storage can replace the local folder. Files are never linked by their storage address: the
forum serves them through a view that applies the post's visibility, so an upload is public
only while its post is published, and a held or rejected post's files stay private. A file
added while editing a published post waits with that edit: public once the edit is published,
never if it is rejected (it stays stored, for moderators).
"""

from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cop import aggregates, selectors
from cop.enums import AttachmentKind
from cop.errors import ForumError
from cop.models import Attachment, Post, PostEdit, User
from moderation.permissions import is_moderator

# Each accepted picture ending and the format Pillow must find inside the file.
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
IMAGE_CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif",
                       "WEBP": "image/webp"}
DOCUMENT_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "rtf": "application/rtf",
}
# The part inside an office file (a zip) that shows which kind it really is.
_ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml",
                "pptx": "ppt/presentation.xml", "odt": "content.xml", "ods": "content.xml"}
TYPE_NAMES = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "pptx": "PowerPoint",
              "odt": "OpenDocument text", "ods": "OpenDocument spreadsheet", "txt": "text",
              "csv": "CSV", "rtf": "RTF", "jpg": "JPEG", "jpeg": "JPEG", "png": "PNG",
              "gif": "GIF", "webp": "WebP"}


class UploadError(ForumError):
    """A file the forum will not take; the message says why in plain words."""


class UploadTooLarge(UploadError):
    status_code = 413


class MissingAltText(UploadError):
    """A picture without words for people who cannot see it."""


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed every check, ready to store: pictures already re-encoded."""

    kind: str
    name: str
    content_type: str
    data: bytes
    alt_text: str = ""
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None
    thumb_width: int | None = None
    thumb_height: int | None = None


def _clean_name(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" ._")
    return base[-160:] or "file"


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def accepted_types() -> str:
    """The accepted endings, for the hint beside the field."""
    return ", ".join(
        ext.upper() for ext in [*settings.FORUM_UPLOAD_IMAGE_TYPES,
                                *settings.FORUM_UPLOAD_FILE_TYPES]
    )


def max_megabytes() -> str:
    return f"{settings.FORUM_UPLOAD_MAX_BYTES / (1024 * 1024):.0f}"


def check_upload(*, upload: UploadedFile, alt_text: str = "") -> CheckedUpload:
    """Refuse what is too large, of a type not allowed, or not what its name says; re-encode
    pictures. Raises UploadError with a message for the member."""
    name = _clean_name(upload.name)
    ext = _extension(name)
    limit = settings.FORUM_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise UploadTooLarge(_(
            "“%(name)s” is %(size)s MB; files can be up to %(limit)s MB. Could you make it "
            "smaller, or share a link to it instead?"
        ) % {"name": name, "size": f"{upload.size / (1024 * 1024):.1f}", "limit": max_megabytes()})
    if not upload.size:
        raise UploadError(_("“%(name)s” is empty.") % {"name": name})
    data = upload.read()
    if ext in settings.FORUM_UPLOAD_IMAGE_TYPES and ext in IMAGE_FORMATS:
        alt_text = (alt_text or "").strip()
        if not alt_text:
            raise MissingAltText(_(
                "Please describe the picture “%(name)s” in a few words, for people who "
                "cannot see it."
            ) % {"name": name})
        return _check_image(name=name, ext=ext, data=data, alt_text=alt_text[:300])
    if ext in settings.FORUM_UPLOAD_FILE_TYPES and ext in DOCUMENT_CONTENT_TYPES:
        return _check_document(name=name, ext=ext, data=data)
    raise UploadError(_(
        "The forum cannot take “%(name)s”: files can be %(types)s."
    ) % {"name": name, "types": accepted_types()})


def _not_what_it_says(name: str, ext: str) -> UploadError:
    return UploadError(_(
        "“%(name)s” is not a %(type)s file, although its name says so. Please check the file "
        "and try again."
    ) % {"name": name, "type": TYPE_NAMES.get(ext, ext.upper())})


def _check_image(*, name: str, ext: str, data: bytes, alt_text: str) -> CheckedUpload:
    expected = IMAGE_FORMATS[ext]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
            if image.format != expected:
                raise _not_what_it_says(name, ext)
            if image.width * image.height > settings.FORUM_UPLOAD_MAX_PIXELS:
                raise UploadError(_("“%(name)s” has too many pixels to show. Please make it "
                                    "smaller and try again.") % {"name": name})
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise _not_what_it_says(name, ext) from err
    # Turn the picture the way the camera meant, then drop every hidden detail: a new image
    # of the same pixels carries no EXIF (location, camera, time) and no text chunks.
    image = ImageOps.exif_transpose(image)
    full = _reencode(image, expected, settings.FORUM_UPLOAD_IMAGE_MAX_SIDE)
    thumb = _reencode(image, expected, settings.FORUM_UPLOAD_THUMBNAIL_SIDE)
    return CheckedUpload(
        kind=AttachmentKind.IMAGE, name=name, content_type=IMAGE_CONTENT_TYPES[expected],
        data=full[0], width=full[1], height=full[2], thumbnail=thumb[0],
        thumb_width=thumb[1], thumb_height=thumb[2], alt_text=alt_text,
    )


def _reencode(image: Image.Image, fmt: str, side: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((side, side))
    if fmt == "JPEG" and copy.mode not in {"RGB", "L"}:
        copy = copy.convert("RGB")
    keep = {k: v for k, v in image.info.items() if k == "transparency"}
    copy.info = keep
    out = BytesIO()
    options = {"quality": 85, "optimize": True} if fmt in {"JPEG", "WEBP"} else {}
    copy.save(out, format=fmt, **options, **keep)
    return out.getvalue(), copy.width, copy.height


def _check_document(*, name: str, ext: str, data: bytes) -> CheckedUpload:
    if ext == "pdf":
        ok = data.startswith(b"%PDF-")
    elif ext == "rtf":
        ok = data.startswith(b"{\\rtf")
    elif ext in _ZIP_MARKERS:
        ok = _zip_has(data, _ZIP_MARKERS[ext])
    else:  # txt, csv: readable text, nothing binary
        try:
            ok = b"\x00" not in data and bool(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            ok = False
    if not ok:
        raise _not_what_it_says(name, ext)
    return CheckedUpload(kind=AttachmentKind.DOCUMENT, name=name,
                         content_type=DOCUMENT_CONTENT_TYPES[ext], data=data)


def _zip_has(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


@transaction.atomic
def attach(*, post: Post, uploads: list[CheckedUpload], edit: PostEdit | None = None
           ) -> list[Attachment]:
    """Store checked files with the post, in the transaction that saves the post (or, with
    `edit`, the proposed edit they wait with)."""
    made = []
    for upload in uploads:
        attachment = Attachment(
            post=post, edit=edit, kind=upload.kind, original_name=upload.name,
            content_type=upload.content_type, size=len(upload.data), alt_text=upload.alt_text,
            width=upload.width, height=upload.height, thumb_width=upload.thumb_width,
            thumb_height=upload.thumb_height,
        )
        attachment.file.save(upload.name, ContentFile(upload.data), save=False)
        if upload.thumbnail is not None:
            attachment.thumbnail.save(upload.name, ContentFile(upload.thumbnail), save=False)
        attachment.save()
        made.append(attachment)
    return made


class NotYours(ForumError):
    status_code = 403


def can_remove(*, user, post: Post) -> bool:
    """A post's author may remove its files, and so may moderators (from any post)."""
    return user.is_authenticated and (user.pk == post.author_id or is_moderator(user))


@transaction.atomic
def remove_attachment(*, attachment: Attachment, by: User) -> bool:
    """Hide a file from everyone but moderators, at once. It is not erased: the file and its
    row stay, with who removed it and when, for the record. False if it was removed already."""
    if not can_remove(user=by, post=attachment.post):
        raise NotYours(_("You can only remove files from your own posts."))
    removed = Attachment.objects.filter(pk=attachment.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=by)
    aggregates.changed()
    return bool(removed)


def post_files(*, post: Post) -> list[Attachment]:
    """A post's files that its author can still manage: shown, waiting with an edit, or of an
    edit not published; removed ones are left out."""
    return list(post.attachments.filter(removed_at__isnull=True).select_related("edit")
                .order_by("created_at", "pk"))


def visible_attachment(*, pk: int, user: User) -> Attachment | None:
    """The attachment if this person may see it: a file the post shows, for everyone who can
    see the post (published: everyone who can read the thread; otherwise its author and
    moderators); a file still waiting with an edit, or of an edit not published, only for the
    post's author and moderators; a removed file only for moderators."""
    attachment = Attachment.objects.filter(pk=pk).select_related("edit").first()
    if attachment is None:
        return None
    post = selectors.visible_post(pk=attachment.post_id, user=user)
    if post is None:
        return None
    attachment.post = post
    if attachment.is_shown:
        return attachment
    if attachment.is_removed:
        return attachment if is_moderator(user) else None
    if user.is_authenticated and (user.pk == post.author_id or is_moderator(user)):
        return attachment
    return None
