"""The annual handling report (办理情况报告) of one congress's suggestions, every figure counted from
the records, and its Word, PDF and Excel files.

Which suggestions count, for (congress, year):

- the year's suggestions: the congress's suggestions whose handling year is `year` and that did not
  roll over into it; *received* are those that reached review (a "submitted" step on the timeline),
  *returned* those returned for revision at least once, *registered* those numbered;
- rolled over: suggestions moved into `year` by the year's roll-over (a "roll_over" step to `year`);
- units, classes and judgements are counted over the year's registered suggestions: the lead unit is
  the current (latest, not withdrawn) lead assignment; its reply is on time when the first reply came
  by the handling deadline (an approved extension's date; the statutory period when a B-class
  follow-up has since moved the date to the year's end), late when after it or still missing after
  it; the class is the latest reply's; the judgement is the last one that settles a round (the lead
  representative's or staff's, not a co-signer's beside it); the satisfaction rate is
  (满意 + 基本满意) ÷ judged;
- B-class follow-up counts the year's registered and rolled-over suggestions that had a B-class reply,
  and of them those later replied as A (solved)."""

import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts.models import Role, RoleGrant
from minyi.matters.models import Assignment, DeadlineExtension, Evaluation, Rating, Reply, TimelineEvent
from minyi.workdays.calendar import Calendar

from .models import Category, KeySuggestion, Signer, Suggestion
from .policy import CLASS_WORDS, KIND, settings_for

FIRST_YEAR = 2000


class ReportRefused(Exception):
    """The report cannot be made for what was asked; `message` says why, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def parse_year(value, today=None):
    """The year asked for, or ReportRefused for one that is not a year or not possible yet."""
    today = today or timezone.localdate()
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ReportRefused(_("“%(value)s” is not a year: give a year such as %(year)d.") % {"value": value, "year": today.year}) from None
    if year < FIRST_YEAR or year > today.year:
        raise ReportRefused(_("There can be no report for %(year)d: choose a year from %(first)d to %(last)d.")
                            % {"year": year, "first": FIRST_YEAR, "last": today.year})
    return year


def congress_for(actor, congress_id):
    """The congress asked for, if `actor` handles its suggestions; ReportRefused otherwise."""
    from .services import congresses_for

    allowed = congresses_for(actor)
    try:
        congress = allowed.filter(pk=int(congress_id)).first() if congress_id not in (None, "") else allowed.order_by(
            "region__level", "region_id").first()
    except (TypeError, ValueError):
        congress = None
    if congress is None:
        raise ReportRefused(_("You cannot see the suggestions of that congress: choose one of yours."))
    return congress


def rate(part, whole):
    """A percentage with one decimal, or None when nothing was counted."""
    return None if not whole else round(100 * part / whole, 1)


def rate_text(value):
    return "—" if value is None else f"{value:.1f}%"


@dataclass
class UnitRow:
    unit: str
    assigned: int = 0
    replied: int = 0
    on_time: int = 0
    late: int = 0
    classes: dict = field(default_factory=lambda: dict.fromkeys(CLASS_WORDS, 0))
    ratings: dict = field(default_factory=lambda: dict.fromkeys(Rating.values, 0))

    @property
    def judged(self):
        return sum(self.ratings.values())

    @property
    def satisfaction(self):
        return rate(self.ratings[Rating.SATISFIED] + self.ratings[Rating.BASICALLY_SATISFIED], self.judged)


@dataclass
class Report:
    congress: object
    year: int
    received: int = 0
    registered: int = 0
    returned: int = 0
    session: int = 0
    between_sessions: int = 0
    joint: int = 0
    rolled_over: int = 0
    replied: int = 0
    on_time: int = 0
    late: int = 0
    areas: list = field(default_factory=list)  # [(area, committee, count)]
    units: list = field(default_factory=list)  # [UnitRow]
    total: UnitRow = None
    classes: dict = field(default_factory=lambda: dict.fromkeys(CLASS_WORDS, 0))
    keys: list = field(default_factory=list)  # [{"number", "title", "leader", "committee", "status"}]
    b_followed: int = 0
    b_solved: int = 0

    @property
    def judged(self):
        return self.total.judged

    @property
    def satisfaction(self):
        return self.total.satisfaction


def _status_label(matter):
    state = matter.policy.states.get(matter.status)
    return str(state.label) if state else matter.status


def _due(assignment, extensions, settings, calendar):
    """The handling deadline the first reply is measured against."""
    approved = [e for e in extensions.get(assignment.pk, []) if e.new_due]
    if approved:
        return approved[-1].new_due
    if assignment.handle_rule == "year_end" or assignment.handle_due is None:
        return calendar.deadline(assignment.assigned_at, settings.reply_rule).date
    return assignment.handle_due


def build(congress, year, today=None):
    """Every figure of the report for `congress` and `year`."""
    today = today or timezone.localdate()
    report = Report(congress=congress, year=year)
    suggestions = list(Suggestion.objects.filter(matter__owner_congress=congress, matter__kind=KIND, year=year)
                       .select_related("matter", "session"))
    ids = [s.pk for s in suggestions]
    events = {}
    for event in TimelineEvent.objects.filter(matter_id__in=ids).only("matter_id", "action", "to_status", "data"):
        events.setdefault(event.matter_id, []).append(event)
    rolled = {s.pk for s in suggestions
              if any(e.action == "roll_over" and (e.data or {}).get("to_year") == year for e in events.get(s.pk, []))}
    new = [s for s in suggestions if s.pk not in rolled]
    report.rolled_over = len(rolled)
    report.received = sum(1 for s in new if any(e.to_status == "submitted" for e in events.get(s.pk, [])))
    report.returned = sum(1 for s in new if any(e.action == "return" for e in events.get(s.pk, [])))
    registered = [s for s in new if s.number is not None]
    report.registered = len(registered)
    report.session = sum(1 for s in registered if s.session_id)
    report.between_sessions = report.registered - report.session
    signers = {}
    for suggestion_id, representative_id, is_lead in Signer.objects.filter(
            suggestion_id__in=ids, state=Signer.State.CONFIRMED).values_list("suggestion_id", "representative_id", "is_lead"):
        signers.setdefault(suggestion_id, []).append((representative_id, is_lead))
    report.joint = sum(1 for s in registered if len(signers.get(s.pk, [])) > 1)

    categories = {c.code: c for c in Category.objects.all()}
    area_counts = {}
    for suggestion in registered:
        area_counts[suggestion.matter.category] = area_counts.get(suggestion.matter.category, 0) + 1
    order = {code: (c.order, code) for code, c in categories.items()}
    for code in sorted(area_counts, key=lambda c: order.get(c, (9999, c))):
        category = categories.get(code)
        report.areas.append((category.name if category else (code or _("No area")), category.committee if category else "",
                             area_counts[code]))

    handled_ids = [s.pk for s in registered] + sorted(rolled)
    replies = {}
    for answer in Reply.objects.filter(matter_id__in=handled_ids, kind=Reply.Kind.REPLY).select_related("assignment").order_by("at", "id"):
        replies.setdefault(answer.matter_id, []).append(answer)
    leads = {}
    for assignment in (Assignment.objects.filter(matter_id__in=[s.pk for s in registered], role=Assignment.Role.LEAD)
                       .exclude(state=Assignment.State.WITHDRAWN).select_related("unit").order_by("round", "id")):
        leads[assignment.matter_id] = assignment  # the latest wins
    extensions = {}
    for extension in DeadlineExtension.objects.filter(assignment__matter_id__in=ids, state=DeadlineExtension.State.APPROVED).order_by(
            "decided_at", "id"):
        extensions.setdefault(extension.assignment_id, []).append(extension)
    judgements = _judgements([s.matter for s in registered], signers)

    settings = settings_for(congress.pk)
    calendar = Calendar(congress.pk)
    units = {}
    report.total = UnitRow(unit=_("Total"))
    for suggestion in registered:
        lead = leads.get(suggestion.pk)
        if lead is None:
            continue
        row = units.setdefault(lead.unit_id, UnitRow(unit=lead.unit.name))
        rows = (row, report.total)
        for r in rows:
            r.assigned += 1
        answers = replies.get(suggestion.pk, [])
        first = next((a for a in answers if a.round == 1), answers[0] if answers else None)
        due = _due(first.assignment if first else lead, extensions, settings, calendar)
        if first is not None:
            replied_on = timezone.localtime(first.at).date()
            for r in rows:
                r.replied += 1
                if replied_on <= due:
                    r.on_time += 1
                else:
                    r.late += 1
            latest = answers[-1].reply_class
            if latest in CLASS_WORDS:
                for r in rows:
                    r.classes[latest] += 1
        elif due < today:
            for r in rows:
                r.late += 1
        rating = judgements.get(suggestion.pk)
        if rating in Rating.values:
            for r in rows:
                r.ratings[rating] += 1
    report.units = sorted(units.values(), key=lambda r: (-r.assigned, r.unit))
    report.replied, report.on_time, report.late = report.total.replied, report.total.on_time, report.total.late
    report.classes = dict(report.total.classes)

    for key in (KeySuggestion.objects.filter(year=year, suggestion__matter__owner_congress=congress)
                .select_related("suggestion__matter").order_by("suggestion__number", "pk")):
        matter = key.suggestion.matter
        report.keys.append({"number": key.suggestion.number_label, "title": matter.title, "leader": key.leading_leader,
                            "committee": key.supervising_committee, "status": _status_label(matter)})

    for pk in handled_ids:
        classes = [a.reply_class for a in replies.get(pk, [])]
        if "B" in classes:
            report.b_followed += 1
            if "A" in classes[classes.index("B") + 1:]:
                report.b_solved += 1
    return report


def _judgements(matters, signers):
    """{matter id: the rating that settled its latest judged round}: co-signers' judgements beside
    the lead's do not count."""
    by_matter = {m.pk: m for m in matters}
    co_signers = {pk: {rep for rep, is_lead in rows if not is_lead} for pk, rows in signers.items()}
    all_co = set().union(*co_signers.values()) if co_signers else set()
    users = {}
    for user_id, representative_id in RoleGrant.objects.filter(role=Role.REPRESENTATIVE, representative_id__in=all_co).values_list(
            "user_id", "representative_id"):
        users.setdefault(user_id, set()).add(representative_id)
    out = {}
    for evaluation in Evaluation.objects.filter(matter_id__in=list(by_matter)).order_by("round", "at", "id"):
        reps = users.get(evaluation.by_id, set())
        if reps & co_signers.get(evaluation.matter_id, set()):
            continue
        out[evaluation.matter_id] = evaluation.rating
    return out


# --- Tables, as every file shows them -----------------------------------------------------------------


@dataclass
class Table:
    title: str
    headers: list
    rows: list


def tables(report):
    rating_words = dict(Rating.choices)
    overview = Table(_("Overview"), [_("Item"), _("Figure")], [
        [_("Suggestions received"), report.received],
        [_("Registered"), report.registered],
        [_("Returned for revision"), report.returned],
        [_("Raised at a session"), report.session],
        [_("Raised between sessions"), report.between_sessions],
        [_("Joint suggestions"), report.joint],
        [_("Rolled over from earlier years"), report.rolled_over],
        [_("Replied"), report.replied],
        [_("Replied on time"), report.on_time],
        [_("Replied late or overdue"), report.late],
        [_("Judged by the representatives"), report.judged],
        [_("Satisfaction rate"), rate_text(report.satisfaction)],
    ])
    areas = Table(_("By area"), [_("Area"), _("Counterpart committee"), _("Number of suggestions"), _("Share")],
                  [[name, committee, count, rate_text(rate(count, report.registered))] for name, committee, count in report.areas])
    unit_headers = [_("Lead unit"), _("Assigned"), _("Replied"), _("Replied on time"), _("Replied late or overdue"), *[_("Class %(c)s") % {"c": c} for c in CLASS_WORDS],
                    *[str(rating_words[r]) for r in Rating.values], _("Satisfaction rate")]

    def unit_row(row):
        return [row.unit, row.assigned, row.replied, row.on_time, row.late, *row.classes.values(), *row.ratings.values(),
                rate_text(row.satisfaction)]

    units = Table(_("By lead unit"), unit_headers, [unit_row(r) for r in report.units] + ([unit_row(report.total)] if report.units else []))
    classes = Table(_("By reply class"), [_("Class"), _("Number of suggestions"), _("Share")],
                    [[str(CLASS_WORDS[c]), n, rate_text(rate(n, report.replied))] for c, n in report.classes.items()])
    keys = Table(_("Key suggestions"), [_("Number"), _("Title"), _("Leading leader"), _("Supervising committee"), _("State")],
                 [[k["number"], k["title"], k["leader"], k["committee"], k["status"]] for k in report.keys])
    follow = Table(_("Follow-up of B-class suggestions"), [_("Item"), _("Figure")], [
        [_("B-class suggestions followed up"), report.b_followed],
        [_("Of them solved (re-classed A)"), report.b_solved],
        [_("Still being followed up"), report.b_followed - report.b_solved],
        [_("Rolled over from earlier years"), report.rolled_over],
    ])
    return [overview, areas, units, classes, keys, follow]


def title_of(report):
    return _("%(congress)s: handling of representatives' suggestions in %(year)d") % {"congress": report.congress.name, "year": report.year}


def summary_text(report):
    return _(
        "In %(year)d the office received %(received)d suggestions and registered %(registered)d (%(session)d at a session, "
        "%(between)d between sessions, %(joint)d joint); %(returned)d were returned for revision. %(replied)d have been "
        "replied to, %(on_time)d of them on time; %(rolled)d were rolled over from earlier years. The representatives "
        "judged %(judged)d replies; the satisfaction rate (satisfied and basically satisfied over judged) is %(rate)s."
    ) % {"year": report.year, "received": report.received, "registered": report.registered, "session": report.session,
         "between": report.between_sessions, "joint": report.joint, "returned": report.returned, "replied": report.replied,
         "on_time": report.on_time, "rolled": report.rolled_over, "judged": report.judged, "rate": rate_text(report.satisfaction)}


def filename(report, extension):
    return f"{report.congress.name}{report.year}{_('handling report')}.{extension}"


# --- Files ----------------------------------------------------------------------------------------


def to_word(report):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "仿宋", Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    document.add_heading(title_of(report), level=0)
    document.add_paragraph(summary_text(report))
    for number, table in enumerate(tables(report), start=1):
        document.add_heading(f"{_number_word(number)}、{table.title}", level=1)
        if not table.rows:
            document.add_paragraph(_("None."))
            continue
        grid = document.add_table(rows=1, cols=len(table.headers))
        grid.style = "Table Grid"
        for cell, header in zip(grid.rows[0].cells, table.headers):
            cell.text = str(header)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in table.rows:
            for cell, value in zip(grid.add_row().cells, row):
                cell.text = str(value)
    document.add_paragraph(_("Made on %(date)s from the records of Minyi.") % {"date": timezone.localdate().isoformat()})
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _number_word(number):
    return "一二三四五六七八九十"[number - 1] if 1 <= number <= 10 else str(number)


def to_pdf(report):
    from minyi.core.documents import render_pdf

    return render_pdf("suggestions/report/document.html", {
        "title": title_of(report), "summary": summary_text(report),
        "tables": [(f"{_number_word(i)}、{t.title}", t) for i, t in enumerate(tables(report), start=1)],
        "made_on": timezone.localdate(),
    })


def to_excel(report):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables(report):
        sheet = workbook.create_sheet(title=table.title[:31])
        sheet.append([title_of(report)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(list(map(str, table.headers)))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        for index, header in enumerate(table.headers, start=1):
            width = max([len(str(header))] + [len(str(r[index - 1])) for r in table.rows]) * 2 + 2
            sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = min(width, 60)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

