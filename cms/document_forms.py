"""The form editors upload documents to the resource library with (Wagtail's, with a size
limit). Named by WAGTAILDOCS_DOCUMENT_FORM_BASE; imported by Wagtail once the apps are ready."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm


class LimitedDocumentForm(BaseDocumentForm):
    """Editors' documents, refused above CMS_DOCUMENT_MAX_BYTES with a plain message (the
    library's pictures have Wagtail's own limit, WAGTAILIMAGES_MAX_UPLOAD_SIZE)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit = settings.CMS_DOCUMENT_MAX_BYTES
        if upload is not None and getattr(upload, "size", 0) > limit:
            raise forms.ValidationError(
                _("Documents can be up to %(limit)s; this one is %(size)s. Please make it "
                  "smaller (for example, save a PDF at a lower quality) and try again.")
                % {"limit": filesizeformat(limit), "size": filesizeformat(upload.size)},
                code="too_large",
            )
        return upload
