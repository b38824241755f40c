"""The attachment fields of the writing forms, the view that serves attached files, and the
button that removes one from a post."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from cop import attachments
from cop.web.common import back_to

# Served files can never run as a page of the site, whatever is inside them.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


class AttachmentForm(forms.Form):
    """One file and one description per slot (FORUM_UPLOAD_SLOTS); `checked` holds the
    uploads once valid, pictures already re-encoded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked: list[attachments.CheckedUpload] = []
        self.error_status = 400
        for n in range(1, settings.FORUM_UPLOAD_SLOTS + 1):
            self.fields[f"attachment_{n}"] = forms.FileField(
                required=False, label=gettext_lazy("Picture or document %(n)s (optional)")
                % {"n": n},
                widget=forms.ClearableFileInput(attrs={"aria-describedby": "upload-help"}),
            )
            self.fields[f"alt_text_{n}"] = forms.CharField(
                required=False, max_length=300,
                label=gettext_lazy("If it is a picture, describe it for people who cannot "
                                   "see it"),
            )

    @property
    def slots(self):
        return [(self[f"attachment_{n}"], self[f"alt_text_{n}"])
                for n in range(1, settings.FORUM_UPLOAD_SLOTS + 1)]

    def clean(self):
        cleaned = super().clean()
        self.checked = []
        for n in range(1, settings.FORUM_UPLOAD_SLOTS + 1):
            upload = cleaned.get(f"attachment_{n}")
            if not upload:
                continue
            try:
                self.checked.append(attachments.check_upload(
                    upload=upload, alt_text=cleaned.get(f"alt_text_{n}", "")))
            except attachments.UploadError as err:
                missing_alt = isinstance(err, attachments.MissingAltText)
                self.add_error(f"alt_text_{n}" if missing_alt else f"attachment_{n}", str(err))
                self.error_status = max(self.error_status, err.status_code)
        return cleaned


def _serve(request: HttpRequest, pk: int, *, thumbnail: bool) -> FileResponse:
    attachment = attachments.visible_attachment(pk=pk, user=request.user)
    if attachment is None or (thumbnail and not attachment.thumbnail):
        raise Http404("There is no such file, or it is not public.")
    stored = attachment.thumbnail if thumbnail else attachment.file
    response = FileResponse(
        stored.open("rb"), content_type=attachment.content_type,
        as_attachment=not attachment.is_image, filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # A post can be hidden later (a report, a moderator): no shared cache may keep the file.
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_safe
def attachment_file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    return _serve(request, pk, thumbnail=False)


@require_safe
def attachment_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    return _serve(request, pk, thumbnail=True)


@login_required
@require_POST
def remove_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide one file of a post: its author's or a moderator's choice. The file is kept, out of
    sight, for moderators and the record; the member is told so in plain words."""
    attachment = attachments.visible_attachment(pk=pk, user=request.user)
    if attachment is None:
        raise Http404(_("There is no such file, or it is not public."))
    post = attachment.post
    try:
        removed = attachments.remove_attachment(attachment=attachment, by=request.user)
    except attachments.NotYours as err:
        return render(request, "403.html", {"reason": str(err)}, status=err.status_code)
    name = {"name": attachment.original_name}
    if not removed:
        messages.info(request, _("“%(name)s” was removed already.") % name)
    elif post.author_id == request.user.pk:
        messages.success(request, _(
            "“%(name)s” is removed from your post, and nobody else can open it now. It is not "
            "deleted: moderators can still see it, for the record."
        ) % name)
    else:
        messages.success(request, _(
            "“%(name)s” is removed from the post. Only moderators can open it now."
        ) % name)
    fallback = reverse("cop:edit_post", args=[post.pk]) if post.author_id == request.user.pk \
        else post.get_absolute_url()
    return redirect(back_to(request, fallback))


def upload_context(request: HttpRequest) -> dict:
    """The attachment form bound to this request, and the words its hint needs."""
    form = AttachmentForm(request.POST or None, request.FILES or None)
    return {"upload_form": form, "upload_types": attachments.accepted_types(),
            "upload_max_mb": attachments.max_megabytes()}
