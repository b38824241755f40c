"""The attachment fields of the writing forms, and the view that serves attached files."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from cop import attachments

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


def upload_context(request: HttpRequest) -> dict:
    """The attachment form bound to this request, and the words its hint needs."""
    form = AttachmentForm(request.POST or None, request.FILES or None)
    return {"upload_form": form, "upload_types": attachments.accepted_types(),
            "upload_max_mb": attachments.max_megabytes()}
