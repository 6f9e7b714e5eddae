"""Write minyi/suggestions/data/suggestion_sheet.docx, the docxtpl template of a suggestion's assignment sheet (建议交办单).

    .venv/bin/python scripts/make_suggestion_sheet_template.py

The template holds placeholders only; every word on the sheet comes from minyi/suggestions/documents.py
through gettext. It loops over `sheets` (one or many: the batch file for an assignment meeting), with
a page break between sheets; the layout is docx_templates.sheet_template's."""

from pathlib import Path

from docx_templates import sheet_template

TARGET = Path(__file__).resolve().parent.parent / "minyi" / "suggestions" / "data" / "suggestion_sheet.docx"
ROWS = ["title", "lead_representative", "co_signers", "category", "session", "text", "lead_unit", "co_units", "reply_by", "co_by",
        "reassign_by", "requirements"]


def build():
    return sheet_template(TARGET, ROWS, number_line="{{ labels.number }}{{ s.number }}", title_size=18, bold={"lead_unit", "title"})


if __name__ == "__main__":
    print(build())
