"""Excel workbooks of the cockpit (openpyxl): the whole view (summary, funnel, trend, each
breakdown, the unit ranking, hot topics, livelihood projects, duty) and the matters behind one
figure. Chinese headers, numbers as numbers, rates as percentages."""

import io

from django.utils.translation import gettext as _

from minyi.voting.documents import display_width

# A list export stops here: a workbook of a million rows helps nobody and takes minutes.
MAX_ROWS = 50000


def _workbook():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def _rate_headers():
    return {_("On-time rate"), _("Satisfaction rate"), _("Completion rate"), _("Share of collected")}


def _sheet(workbook, title, headers, rows, *, note=""):
    """A sheet with a bold header row (under a bold note when given); rate columns as percentages."""
    from openpyxl.styles import Font

    title = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))[:28] or "-"
    taken, base, n = set(workbook.sheetnames), title, 1
    while title in taken:
        n += 1
        title = f"{base} {n}"
    sheet = workbook.create_sheet(title)
    first = 1
    if note:
        sheet.append([note])
        sheet["A1"].font = Font(bold=True)
        first = 2
    sheet.append([str(h) for h in headers])
    for cell in sheet[first]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    widths = {}
    for row in sheet.iter_rows(min_row=first):
        for cell in row:
            if cell.value is not None:
                widths[cell.column_letter] = max(widths.get(cell.column_letter, 0), display_width(cell.value))
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
    rates = _rate_headers()
    for cell in sheet[first]:
        if cell.value in rates:
            for (target,) in sheet.iter_rows(min_row=first + 1, min_col=cell.column, max_col=cell.column):
                if isinstance(target.value, float):
                    target.number_format = "0.0%"
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    return sheet


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    return str(value)


def _rate(value):
    return None if value is None else round(value, 4)


def figure_headers():
    return [
        _("Collected"),
        _("Resolved on the spot"),
        _("Turned into suggestions"),
        _("Assigned to units"),
        _("Completed"),
        _("Satisfied"),
        _("Evaluated"),
        _("On-time rate"),
        _("Satisfaction rate"),
        _("Average handling days (working days)"),
        _("Average handling days (calendar days)"),
        _("Overdue now"),
        _("Still open"),
    ]


def figure_cells(f):
    return [
        f.collected,
        f.resolved_on_spot,
        f.converted,
        f.assigned,
        f.completed,
        f.satisfied,
        f.evaluated,
        _rate(f.on_time_rate),
        _rate(f.satisfaction_rate),
        _rate(f.avg_days_working),
        _rate(f.avg_days_calendar),
        f.overdue_now,
        f.open_now,
    ]


def cockpit_workbook(cockpit, *, title):
    figures, filters = cockpit.figures, cockpit.filters
    workbook = _workbook()
    period = f"{filters.start_param} — {filters.end_param}"
    summary_rows = [
        (_("Region"), filters.region.name),
        (_("Region code"), filters.region.code),
        (_("Period of collection"), period),
        (_("Kind of matter"), dict(_kinds()).get(filters.kind, _("All kinds of matter"))),
        (_("Collected"), figures.collected),
        (_("Resolved on the spot"), figures.resolved_on_spot),
        (_("Turned into suggestions"), figures.converted),
        (_("Assigned to units"), figures.assigned),
        (_("Completed"), figures.completed),
        (_("Satisfied"), figures.satisfied),
        (_("Evaluated"), figures.evaluated),
        (_("Replied with a deadline"), figures.due_replied),
        (_("Replied on time"), figures.on_time),
        (_("On-time rate"), _rate(figures.on_time_rate)),
        (_("Satisfaction rate"), _rate(figures.satisfaction_rate)),
        (_("Completion rate"), _rate(figures.completion_rate)),
        (_("Average handling days (working days)"), _rate(figures.avg_days_working)),
        (_("Average handling days (calendar days)"), _rate(figures.avg_days_calendar)),
        (_("Overdue now"), figures.overdue_now),
        (_("Still open"), figures.open_now),
    ]
    sheet = _sheet(workbook, _("Summary"), [_("Indicator"), _("Value")], summary_rows, note=title)
    for label, value in sheet.iter_rows(min_row=3, max_col=2):
        if label.value in _rate_headers() and isinstance(value.value, float):
            value.number_format = "0.0%"

    _sheet(
        workbook,
        _("Funnel"),
        [_("Stage"), _("Matters"), _("Share of collected")],
        [(s["label"], s["count"], None if s["share"] is None else s["share"] / 100) for s in cockpit.funnel],
    )

    headers = [_("Month"), *figure_headers()]
    _sheet(workbook, _("Trend"), headers, [(row["month"], *figure_cells(row["figures"])) for row in cockpit.trend])

    headers = [_("Region"), _("Region code"), *figure_headers()]
    _sheet(
        workbook,
        _("Regions below"),
        headers,
        [(line.label, line.value, *figure_cells(line.figures)) for line in cockpit.children],
    )
    for dimension, label, lines in cockpit.breakdowns:
        headers = [label, *figure_headers()]
        _sheet(workbook, label, headers, [(line.label, *figure_cells(line.figures)) for line in lines])

    ranking = cockpit.ranking
    headers = [
        _("Rank"),
        _("Handling unit"),
        _("On-time rate"),
        _("Satisfaction rate"),
        _("Collected"),
        _("Overdue now"),
        _("Suggestion score"),
        _("Rank by suggestion score"),
    ]
    rows = [
        (
            line.extra["place"],
            line.label,
            _rate(line.figures.on_time_rate),
            _rate(line.figures.satisfaction_rate),
            line.figures.collected,
            line.figures.overdue_now,
            None if line.extra["score"] is None else float(line.extra["score"]),
            line.extra["score_place"],
        )
        for line in ranking.lines
    ]
    note = (
        _("Suggestion scores: %(congress)s, %(year)s") % {"congress": ranking.congress.name, "year": ranking.year}
        if ranking.congress
        else ""
    )
    _sheet(workbook, _("Unit ranking"), headers, rows, note=note)

    _sheet(workbook, _("Hot topics"), [_("Word"), _("Matters")], [(t["word"], t["count"]) for t in cockpit.hot_topics])

    if cockpit.projects:
        _sheet(
            workbook,
            _("Livelihood projects"),
            [
                _("Number"),
                _("Project"),
                _("Responsible unit"),
                _("Progress (%)"),
                _("To be completed by"),
                _("Milestones overdue"),
            ],
            [
                (
                    r["project"].number,
                    r["project"].name,
                    r["project"].unit.name,
                    r["progress"],
                    r["project"].completion_date.isoformat(),
                    r["overdue"],
                )
                for r in cockpit.projects.rows
            ],
            note=cockpit.projects.year.title,
        )
    if cockpit.duty:
        duty = cockpit.duty
        rows = [(_("Representatives serving"), duty.representatives)]
        if duty.has_list:
            rows.append((_("Representatives behind the duty list"), duty.behind))
        rows += [(str(label), total) for _measure, label, total in duty.measures]
        _sheet(
            workbook,
            _("Duty"),
            [_("Indicator"), _("Value")],
            rows,
            note=_("%(congress)s: representatives' duty %(year)s") % {"congress": duty.congress.name, "year": duty.year},
        )
    return _save(workbook)


def matters_workbook(rows, *, title):
    """`rows`: dicts of the matters list (see views.matter_rows)."""
    workbook = _workbook()
    headers = [
        _("Tracking code"),
        _("Title"),
        _("Kind of matter"),
        _("Status"),
        _("Region"),
        _("Region code"),
        _("Category"),
        _("Channel"),
        _("Collected on"),
    ]
    _sheet(
        workbook,
        _("Matters"),
        headers,
        [
            (
                r["code"],
                r["title"],
                r["kind"],
                r["status"],
                r["region"],
                r["region_code"],
                r["category"],
                r["channel"],
                r["created"],
            )
            for r in rows
        ],
        note=title,
    )
    return _save(workbook)


def _kinds():
    from .filters import kinds

    return kinds()


def _save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
