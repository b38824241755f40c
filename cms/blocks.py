"""StreamField blocks for resource pages: text, steps, images with alt text, downloads."""

from django.template.defaultfilters import filesizeformat
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]

# What people call each kind of file, so a download link can say "PDF, 120 KB".
FILE_FORMATS = {
    "csv": "CSV spreadsheet",
    "docx": "Word document",
    "odt": "OpenDocument text",
    "pdf": "PDF",
    "pptx": "PowerPoint slides",
    "rtf": "Rich text document",
    "txt": "Plain text",
    "xlsx": "Excel spreadsheet",
    "zip": "ZIP archive",
}


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")], default="h2",
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = "Callout"
        template = "cms/blocks/callout.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False)


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, default="How to use it")
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        label = "Numbered steps"
        template = "cms/blocks/steps.html"


class ImageBlock(blocks.StructBlock):
    """An image whose text alternative is required: screen reader users need to know what it
    shows."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        label="Alt text", max_length=250,
        help_text="Describe what the image shows for someone who cannot see it.",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"


class DocumentValue(blocks.StructValue):
    @property
    def link_text(self) -> str:
        return self.get("title") or self["document"].title

    @property
    def format_label(self) -> str:
        extension = self["document"].file_extension.lower()
        return FILE_FORMATS.get(extension, extension.upper() or "File")

    @property
    def size_label(self) -> str:
        size = self["document"].get_file_size()
        return filesizeformat(size) if size else ""


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        max_length=160, required=False, help_text="Link text, if not the document's title.",
    )
    description = blocks.TextBlock(max_length=400, required=False)

    class Meta:
        icon = "doc-full"
        label = "Document download"
        template = "cms/blocks/document.html"
        value_class = DocumentValue


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="A YouTube or Vimeo address.")
    title = blocks.CharBlock(max_length=160, help_text="What the video is, for screen readers.")
    transcript = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "media"
        label = "Embedded video"
        template = "cms/blocks/video.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=800)
    attribution = blocks.CharBlock(max_length=160, required=False)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"


class ResourceBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="cms/blocks/paragraph.html"
    )
    heading = HeadingBlock()
    callout = CalloutBlock()
    steps = StepsBlock()
    image = ImageBlock()
    document = DocumentBlock()
    embed = VideoBlock()
    quote = QuoteBlock()
