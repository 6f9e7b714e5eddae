"""The suggestion's assignment sheet (建议交办单): one sheet per suggestion, naming the lead unit
and the co-handling units with their deadlines, as Word (docxtpl, from
minyi/suggestions/data/suggestion_sheet.docx made by scripts/make_suggestion_sheet_template.py) and
as PDF (WeasyPrint). A batch of sheets (the assignment meeting's) is one document, a page each.

Every word on the sheet comes from here through gettext; the template holds placeholders only."""

import io
from pathlib import Path

from django.db.models import F, Prefetch
from django.utils.translation import gettext as _

from minyi.matters.documents import long_date, office_name, rule_text
from minyi.matters.models import Assignment
from minyi.workdays.calendar import Calendar

from .models import Category, Signer, Suggestion
from .policy import settings_for

SHEET_TEMPLATE = Path(__file__).parent / "data" / "suggestion_sheet.docx"
SHEET_BODY_FONT = "仿宋"
PDF_TEMPLATE = "suggestions/documents/suggestion_sheet.html"


def labels():
    return {
        "sheet": _("Assignment sheet of a representative's suggestion"),
        "number": _("Suggestion number: "),
        "date": _("Date of issue: "),
        "title": _("Subject"),
        "lead_representative": _("Lead representative"),
        "co_signers": _("Co-signers"),
        "category": _("Area"),
        "session": _("Raised"),
        "text": _("Content"),
        "lead_unit": _("Lead unit"),
        "co_units": _("Co-handling units"),
        "reply_by": _("Reply by"),
        "co_by": _("Co-units' opinion by"),
        "reassign_by": _("Re-assignment asked by"),
        "requirements": _("Requirements"),
        "seal": _("(Seal)"),
    }


def suggestions_for_sheets(queryset):
    """The suggestions with what their sheets read, in one go (for a batch of hundreds)."""
    return (
        queryset.select_related("matter__owner_congress__region", "term", "session")
        .prefetch_related(
            Prefetch("signers", queryset=Signer.objects.select_related("representative").order_by("-is_lead", "id")),
            Prefetch("matter__assignments", queryset=Assignment.objects.select_related("unit").exclude(
                state=Assignment.State.WITHDRAWN).filter(round=F("matter__round")).order_by("role", "id"), to_attr="current_assignments"),
        )
    )


def sheet_context(suggestion, *, categories=None, calendars=None):
    """Everything one sheet shows, as plain strings."""
    matter = suggestion.matter
    congress = matter.owner_congress
    categories = categories if categories is not None else dict(Category.objects.values_list("code", "name"))
    calendars = calendars if calendars is not None else {}
    assignments = getattr(matter, "current_assignments", None)
    if assignments is None:
        assignments = list(matter.assignments.select_related("unit").exclude(state=Assignment.State.WITHDRAWN)
                           .filter(round=matter.round).order_by("role", "id"))
    lead = next((a for a in assignments if a.role == Assignment.Role.LEAD), None)
    co = [a for a in assignments if a.role == Assignment.Role.CO]
    signers = list(suggestion.signers.all())
    lead_signer = next((s for s in signers if s.is_lead), None)
    co_signers = [s.representative.name for s in signers if not s.is_lead and s.state == Signer.State.CONFIRMED]
    settings = settings_for(congress.pk)

    def due(date, rule):
        if not date:
            return "—"
        if rule_text(rule) == rule:  # not a period (a followed-up suggestion is due at the year's end)
            return long_date(date)
        return _("%(date)s (within %(rule)s of assignment)") % {"date": long_date(date), "rule": rule_text(rule)}

    reassign_by = "—"
    if lead is not None:
        calendar = calendars.setdefault(congress.pk, Calendar(congress.pk))
        reassign_by = due(calendar.deadline(lead.assigned_at, settings.reassign_rule).date, settings.reassign_rule)
    if suggestion.session_id:
        raised = _("At the %(term)sth congress's session %(session)s") % {"term": suggestion.term.number, "session": suggestion.session.number}
    else:
        raised = _("Between sessions")
    requirements = _(
        "The lead unit signs in the Minyi unit workbench by %(sign)s, contacts the representative before replying (by phone, "
        "visit or meeting, recorded in the workbench and confirmed by the representative), and replies by the reply-by date "
        "with the class of the reply and the letter signed by the unit's head and sealed. Co-handling units send their "
        "written opinion to the lead unit by their date. A unit that finds the suggestion is not its business asks for "
        "re-assignment with reasons by the re-assignment date; none is accepted after it."
    ) % {"sign": long_date(lead.sign_due) if lead and lead.sign_due else "—"}
    return {
        "office": office_name(congress),
        "number": suggestion.number_label or _("(not numbered)"),
        "date": long_date(lead.assigned_at) if lead else "—",
        "title": matter.title,
        "lead_representative": lead_signer.representative.name if lead_signer else "—",
        "co_signers": "、".join(co_signers) or "—",
        "category": categories.get(matter.category, matter.category) or "—",
        "session": str(raised),
        "text": matter.text,
        "lead_unit": lead.unit.name if lead else "—",
        "co_units": "、".join(a.unit.name for a in co) or "—",
        "reply_by": due(lead.handle_due, lead.handle_rule) if lead else "—",
        "co_by": due(co[0].handle_due, co[0].handle_rule) if co else "—",
        "reassign_by": str(reassign_by),
        "requirements": str(requirements),
        "issuer": office_name(congress),
    }


def sheet_contexts(suggestions):
    categories = dict(Category.objects.values_list("code", "name"))
    calendars = {}
    return [sheet_context(s, categories=categories, calendars=calendars) for s in suggestions]


def sheets_docx(sheets):
    """One Word file, a sheet per page. `sheets`: from sheet_contexts()."""
    from docxtpl import DocxTemplate, RichText

    document = DocxTemplate(str(SHEET_TEMPLATE))

    def rich(text):
        return RichText(text, font=SHEET_BODY_FONT, size=24)

    sheets = [{**sheet, "text": rich(sheet["text"]), "requirements": rich(sheet["requirements"])} for sheet in sheets]
    document.render({"labels": labels(), "sheets": sheets}, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SHEETS_PER_PART = 100


def sheets_pdf(sheets, *, request=None):
    """One PDF, a sheet per page, rendered a hundred sheets at a time (memory stays flat)."""
    from minyi.core.documents import render_pdf_in_parts

    sheets, words = list(sheets), labels()
    parts = [{"labels": words, "sheets": sheets[start:start + SHEETS_PER_PART]} for start in range(0, len(sheets), SHEETS_PER_PART)]
    return render_pdf_in_parts(PDF_TEMPLATE, parts or [{"labels": words, "sheets": []}], request=request)


def sheets_xlsx(suggestions):
    """The batch as an Excel list: one row per suggestion."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _("Assigned suggestions")[:31]
    header = [_("Number"), _("Subject"), _("Lead representative"), _("Co-signers"), _("Area"), _("Lead unit"), _("Co-handling units"),
              _("Reply by"), _("Co-units' opinion by")]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet_contexts(suggestions):
        sheet.append([row["number"], row["title"], row["lead_representative"], row["co_signers"], row["category"], row["lead_unit"],
                      row["co_units"], row["reply_by"], row["co_by"]])
    for column, width in zip("ABCDEFGHI", (12, 40, 12, 20, 12, 20, 30, 30, 30)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def batch_suggestions(ids):
    """Suggestions by pk, in the order given (unknown ones left out)."""
    found = {s.pk: s for s in suggestions_for_sheets(Suggestion.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]
