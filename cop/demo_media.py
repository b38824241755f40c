"""Demo attachments for seed_demo: a drawn picture (with its description) and a short PDF,
both made here so the demo carries no third-party files."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from cop import attachments
from cop.models import Attachment, Thread

DEMO_THREAD = "Co-production Week 2026: what is everyone planning?"
ALT_TEXT = ("A drawn planning wall: five coloured sticky notes in a row under a yellow banner, "
            "one for each day of Co-production Week")


def _wall_picture() -> bytes:
    image = Image.new("RGB", (1200, 700), (250, 247, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 50, 1140, 150), fill=(250, 204, 21))
    for day, colour in enumerate([(244, 114, 182), (96, 165, 250), (74, 222, 128),
                                  (251, 146, 60), (167, 139, 250)]):
        left = 80 + day * 215
        draw.rectangle((left, 260, left + 180, 440), fill=colour)
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _agenda_pdf() -> bytes:
    text = b"BT /F1 18 Tf 72 720 Td (Co-production Week: our plan for the five days) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    return out.getvalue()


def attach_demo_files() -> int:
    """Attach the picture and the PDF to the demo's Co-production Week thread, once."""
    thread = Thread.objects.filter(title=DEMO_THREAD).first()
    if thread is None:
        return 0
    post = thread.posts.filter(is_opening=True).first()
    if post is None or Attachment.objects.filter(post=post).exists():
        return 0
    uploads = [
        attachments.check_upload(upload=SimpleUploadedFile("planning-wall.png", _wall_picture()),
                                 alt_text=ALT_TEXT),
        attachments.check_upload(upload=SimpleUploadedFile("week-plan.pdf", _agenda_pdf())),
    ]
    return len(attachments.attach(post=post, uploads=uploads))
