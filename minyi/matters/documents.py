"""The assignment sheet (交办单) and the facts about a matter that unit screens and sheets share.

The engine does not know its kinds, so what a kind adds (the citizen's contact, a category's
name) is looked up through the kind's own one-to-one record on Matter (an opinion's `Opinion`,
reached as `matter.opinion`): its `contact_for(actor)` and the `Category` model of its app. A kind
without them simply shows none.

The Word file is rendered from minyi/matters/data/assignment_sheet.docx (made by
scripts/make_assignment_sheet_template.py): the template holds placeholders only, every word on
the sheet comes from here through gettext, so the sheet speaks the active language (Chinese)."""

import datetime
import io
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minyi.accounts import access
from minyi.workdays.calendar import parse_rule

from .models import Assignment, HandlingClass, Matter, TimelineEvent
from .policies import registry

SHEET_TEMPLATE = Path(__file__).parent / "data" / "assignment_sheet.docx"
# The font name Word knows for the sheet's body text (scripts/make_assignment_sheet_template.py uses the same).
SHEET_BODY_FONT = "仿宋"
# One Word file of sheets for an assignment meeting stays small enough to build within a request.
BATCH_LIMIT = 200


# --- Facts a kind adds ---------------------------------------------------------------------------


def kind_relations():
    """Accessor names of the kinds' one-to-one records on Matter ("opinion", …), for select_related."""
    return [relation.get_accessor_name() for relation in Matter._meta.related_objects if relation.one_to_one]


def kind_record(matter):
    """The kind's own record for `matter` (an Opinion for an opinion), or None."""
    for relation in Matter._meta.related_objects:
        if relation.one_to_one and relation.get_accessor_name() == matter.kind:
            try:
                return getattr(matter, relation.get_accessor_name())
            except ObjectDoesNotExist:
                return None
    return None


def contact_for(matter, actor):
    """(name, masked phone) of whoever raised the matter, as `actor` may see them: the kind's
    record decides (an anonymous citizen is hidden from units). ("", "") when the kind has none."""
    record = kind_record(matter)
    if record is None or not hasattr(record, "contact_for"):
        return "", ""
    name, phone = record.contact_for(actor)
    return str(name or ""), str(phone or "")


def category_label(matter):
    if not matter.category:
        return ""
    record = kind_record(matter)
    if record is not None:
        try:
            category_model = apps.get_model(record._meta.app_label, "Category")
        except LookupError:
            category_model = None
        if category_model is not None:
            found = category_model.objects.filter(code=matter.category).first()
            if found is not None:
                return str(found)
    return matter.category


def region_label(code):
    from minyi.regions.models import Region

    region = Region.objects.filter(pk=code).select_related("parent").first()
    if region is None:
        return code
    names = [region.name]
    parent = region.parent
    # Two levels up are enough to place a village (区 · 街道 · 社区) without repeating the province.
    while parent is not None and len(names) < 3:
        names.insert(0, parent.name)
        parent = parent.parent
    return " · ".join(names)


def status_label(matter):
    try:
        return str(registry.get(matter.kind).states[matter.status].label)
    except (KeyError, ImproperlyConfigured):  # an unregistered kind or state still shows its key
        return matter.status


def kind_label(kind):
    try:
        return str(registry.get(kind).label)
    except ImproperlyConfigured:
        return kind


def rule_text(rule):
    """A deadline rule in words: "workdays:15" → 15个工作日."""
    if not rule:
        return ""
    try:
        unit, count = parse_rule(rule)
    except (TypeError, ValueError):
        return rule
    if unit == "workdays":
        return ngettext("%(count)d working day", "%(count)d working days", count) % {"count": count}
    if unit == "months":
        return ngettext("%(count)d month", "%(count)d months", count) % {"count": count}
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def long_date(value):
    if not value:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return date_format(value, "DATE_FORMAT")


def office_name(congress):
    """Who issues the sheet: the standing committee's office of a county-or-higher congress, a
    township congress's presidium, a council itself."""
    if congress.has_standing_committee:
        return _("%(congress)s Standing Committee Office") % {"congress": congress.name}
    if congress.has_presidium:
        return _("%(congress)s Presidium") % {"congress": congress.name}
    return congress.name


def sheet_number(assignment):
    return f"{timezone.localtime(assignment.assigned_at):%Y}-{assignment.pk:06d}"


# --- Who may print a sheet ----------------------------------------------------------------------


@access.rule(Assignment, "print_sheet")
def may_print_sheet(actor, assignment):
    """The holding congress's staff and the assigned unit; nobody else, whatever else they see."""
    if actor.is_system_admin:
        return True
    if actor.is_congress_staff and assignment.matter.owner_congress_id in actor.congress_ids:
        return True
    return assignment.unit_id in actor.unit_ids


# --- The sheet ----------------------------------------------------------------------------------


def labels():
    """The sheet's fixed words, in the active language."""
    return {
        "sheet": _("Assignment sheet"),
        "number": _("Sheet number: "),
        "tracking_code": _("Tracking code: "),
        "date": _("Date of issue: "),
        "unit": _("Handling unit"),
        "role": _("Handling as"),
        "kind": _("Kind of matter"),
        "category": _("Category"),
        "handling_class": _("Handling class"),
        "region": _("Place"),
        "title": _("Subject"),
        "text": _("Content"),
        "sign_by": _("Sign by"),
        "reply_by": _("Reply by"),
        "raised_by": _("Raised by"),
        "assigned_by": _("Assigned by"),
        "requirements": _("Requirements"),
        "seal": _("(Seal)"),
    }


def _assigning_event(assignment):
    # assign() stamps the assignments a moment before it writes its event; a re-handling round has no event of its own.
    return (
        TimelineEvent.objects.filter(matter_id=assignment.matter_id, action="assign", at__gte=assignment.assigned_at - datetime.timedelta(seconds=1))
        .order_by("at", "id")
        .first()
    )


def sheet_context(assignment, actor):
    """Everything one sheet shows, as plain strings (the Word and PDF templates both read it)."""
    matter = assignment.matter
    congress = matter.owner_congress
    name, phone = contact_for(matter, actor)
    assigned_by = _assigning_event(assignment)
    handling_class = HandlingClass(matter.handling_class).label if matter.handling_class in HandlingClass.values else matter.handling_class
    if matter.green_channel:
        handling_class = _("%(class)s (green channel)") % {"class": handling_class}
    sign_by = (
        _("%(date)s (within %(rule)s of assignment)") % {"date": long_date(assignment.sign_due), "rule": rule_text(assignment.sign_rule)}
        if assignment.sign_due else "—"
    )
    reply_by = (
        _("%(date)s (within %(rule)s of assignment)") % {"date": long_date(assignment.handle_due), "rule": rule_text(assignment.handle_rule)}
        if assignment.handle_due else "—"
    )
    if assignment.role == Assignment.Role.LEAD:
        requirements = _(
            "Sign for this matter in the Minyi unit workbench by the sign-by date; handle it, and reply to the person who "
            "raised it through the workbench by the reply-by date. If the matter is not your unit's business, ask for "
            "re-assignment with reasons before signing."
        )
    else:
        requirements = _(
            "Sign for this matter in the Minyi unit workbench by the sign-by date, and send your unit's written opinion to "
            "the lead unit through the workbench in good time before the reply-by date."
        )
    return {
        "office": office_name(congress),
        "number": sheet_number(assignment),
        "tracking_code": matter.tracking_code,
        "date": long_date(assignment.assigned_at),
        "unit": assignment.unit.name,
        "role": str(assignment.get_role_display()),
        "kind": kind_label(matter.kind),
        "category": category_label(matter) or "—",
        "handling_class": str(handling_class),
        "region": region_label(matter.region_code),
        "title": matter.title,
        "text": matter.text,
        "sign_by": str(sign_by),
        "reply_by": str(reply_by),
        "raised_by": " ".join(part for part in (name, phone) if part) or "—",
        "assigned_by": assigned_by.actor_label if assigned_by and assigned_by.actor_label else congress.name,
        "requirements": str(requirements),
        "issuer": office_name(congress),
    }


def _render_docx(sheets):
    from docxtpl import DocxTemplate, RichText

    document = DocxTemplate(str(SHEET_TEMPLATE))
    # RichText keeps the citizen's line breaks as Word line breaks (and escapes the text itself); it
    # replaces the template's run, so it carries the table's font and size (12 pt = 24 half-points).
    def rich(text):
        return RichText(text, font=SHEET_BODY_FONT, size=24)

    sheets = [{**sheet, "text": rich(sheet["text"]), "requirements": rich(sheet["requirements"])} for sheet in sheets]
    document.render({"labels": labels(), "sheets": sheets}, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sheets_docx(assignments, actor):
    """One Word file with a sheet per assignment, each starting on a new page."""
    return _render_docx([sheet_context(assignment, actor) for assignment in assignments])


def sheet_filename(assignment, extension):
    return f"{_('Assignment sheet')}-{assignment.matter.tracking_code}-{assignment.unit.name}.{extension}"
