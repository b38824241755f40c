"""Small downloadable files for the demo resources, written without extra libraries."""

from __future__ import annotations

import csv
import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

PAGE_WIDTH_CHARACTERS = 88


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A one-page A4 PDF in Helvetica: a title, then the paragraphs wrapped to fit.

    The text must be Latin-1 (plain letters, digits, punctuation and £).
    """
    commands = ["BT", "/F1 18 Tf", "22 TL", "56 780 Td", f"({_pdf_text(title)}) Tj",
                "/F1 11 Tf", "15 TL", "T*"]
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, PAGE_WIDTH_CHARACTERS) or [""]:
            commands += ["T*", f"({_pdf_text(line)}) Tj"]
        commands.append("T*")
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref_at,
    )
    return bytes(out)


def csv_file(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    # A byte-order mark so spreadsheet programs read £ and accents correctly.
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def text_file(title: str, paragraphs: list[str]) -> bytes:
    lines = [title, "=" * len(title), ""]
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, 78) or [""]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def canvas_png(labels: list[str]) -> bytes:
    """A simple planning canvas: one box per label, in a grid, as a PNG image."""
    columns, box_w, box_h, gap = 2, 380, 150, 20
    rows = (len(labels) + columns - 1) // columns
    width = columns * box_w + (columns + 1) * gap
    height = rows * box_h + (rows + 1) * gap
    image = Image.new("RGB", (width, height), "#f3f6f9")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=26)
    for index, label in enumerate(labels):
        row, column = divmod(index, columns)
        left = gap + column * (box_w + gap)
        top = gap + row * (box_h + gap)
        draw.rectangle([left, top, left + box_w, top + box_h], fill="#ffffff",
                       outline="#174a7c", width=4)
        draw.multiline_text((left + 16, top + 16), textwrap.fill(label, 24), fill="#1b1b1b",
                            font=font, spacing=8)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
