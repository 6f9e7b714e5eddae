"""Write minyi/suggestions/data/reply_letter.docx, the docxtpl template of a suggestion's reply letter (答复函).

    .venv/bin/python scripts/make_reply_letter_template.py

The template holds placeholders only; every word comes from minyi/suggestions/letters.py through
gettext. Layout after official letters (GB/T 9704): A4, the unit's name in red over a red rule,
the class mark top left (A类 …), the heading, the salutation to the representatives, the opening,
the reply text (a docxtpl RichText, keeping line breaks), the closing, the head who signs off,
the seal place and date at the bottom right, the contact line and the copy-to line."""

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx_templates import BODY_FONT, GREY, HEADING_FONT, RED, TITLE_FONT, a4_document, bottom_border, set_font
from docx_templates import paragraph as base_paragraph

TARGET = Path(__file__).resolve().parent.parent / "minyi" / "suggestions" / "data" / "reply_letter.docx"


def paragraph(document, text, *, size=16, **style):
    """A letter's paragraph: 16 pt on a 28 pt line unless said otherwise."""
    return base_paragraph(document, text, size=size, line_spacing=28, **style)


def build():
    document = a4_document(top=3.7, bottom=3.5, body_size=16)

    paragraph(document, "{{ class_mark }}", font=HEADING_FONT, size=16, space_after=6)
    title = paragraph(document, "{{ unit }}", font=TITLE_FONT, size=26, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    bottom_border(title)
    paragraph(document, "{{ reference }}", size=14, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=12)
    paragraph(document, "{{ heading }}", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    paragraph(document, "{{ salutation }}")
    paragraph(document, "{{ opening }}", indent=True)
    p = paragraph(document, "", indent=True)
    set_font(p.add_run("{{r text }}"), BODY_FONT, 16)
    paragraph(document, "{{ closing }}", indent=True, space_after=24)
    paragraph(document, "{{ signed_line }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ unit }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ seal }}", size=12, color=GREY, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=24)
    paragraph(document, "{{ contact_line }}", size=14)
    copy = paragraph(document, "{{ copy_to }}", size=14)
    bottom_border(copy, color="000000", size=6)
    paragraph(document, "{{ draft_note }}", size=10, color=GREY)

    TARGET.parent.mkdir(parents=True, exist_ok=True)
    document.save(TARGET)
    return TARGET


if __name__ == "__main__":
    print(build())
