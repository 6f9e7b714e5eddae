"""The congress's duty statistics for a year as an .xlsx: one row per representative serving in the
year (name, group, what the archive counted for every measure, the duty list's completion, score and
ranks), and a sheet summing up each representatives' group. The numbers are archive.counts, the
list's progress and the evaluation's scores: the workbook says what the pages say."""

import io

from django.utils.translation import gettext as _

from minyi.voting.documents import display_width

from . import archive, duty_list, evaluation
from .models import Measure


def statistics(congress, year, today=None):
    """(scores, {representative_id: ListProgress} or {}, the year's list or None), counting the year once."""
    mandates = evaluation.mandates_in(congress, year)
    year_counts = archive.counts(list(mandates), *archive.year_range(year)) if mandates else {}
    scores = evaluation.scores(congress, year, year_counts=year_counts)
    the_list = duty_list.list_for(congress, year)
    progress = duty_list.progress(the_list, list(mandates), today, year_counts=year_counts) if the_list else {}
    return scores, progress, the_list


def _fit(sheet, header_row, *, first_row):
    """Each column as wide as its longest value from `first_row` on (a Chinese character counts
    double); the headers above wrap instead, in a column at least 10 wide."""
    widths = {}
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is not None:
                widths[cell.column_letter] = max(widths.get(cell.column_letter, 0), display_width(cell.value))
    for cell in sheet[header_row]:
        sheet.column_dimensions[cell.column_letter].width = min(max(widths.get(cell.column_letter, 0) + 2, 10), 40)
    sheet.row_dimensions[header_row].height = 48


def _number(value):
    """A Decimal score as a plain number for Excel (whole numbers stay whole)."""
    return int(value) if value == value.to_integral_value() else float(value)


def statistics_workbook(congress, year, today=None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    scores, progress, the_list = statistics(congress, year, today)
    bold = Font(bold=True)
    measures = list(Measure)
    workbook = Workbook()

    sheet = workbook.active
    sheet.title = _("Representatives")[:31]
    sheet.append([_("%(congress)s: representatives' duty statistics %(year)s") % {"congress": congress.name, "year": year}])
    sheet["A1"].font = Font(bold=True, size=13)
    if the_list:
        note = _("Duty list of %(year)s: %(count)d expected duties; completion as of %(day)s.") % {
            "year": year, "count": len(the_list.requirements.all()), "day": duty_list.checkpoint(year, today).today.isoformat()}
    else:
        note = _("No duty list was set for this year.")
    sheet.append([note])
    sheet.append([])
    headers = [_("No."), _("Name"), _("Representatives' group"), *[m.label for m in measures],
               _("Duty list completion"), _("Duties met"), _("Score"), _("Rank in group"), _("Overall rank")]
    sheet.append([str(h) for h in headers])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    completion_column = 4 + len(measures)
    for number, row in enumerate(scores, start=1):
        found = progress.get(row.representative.pk)
        sheet.append([
            number, row.representative.name, row.group.name if row.group else "",
            *[row.counts.get(m.value, 0) for m in measures],
            round(found.ratio, 4) if found else None,
            f"{found.met_count}/{len(found.rows)}" if found else None,
            _number(row.total), row.group_rank, row.rank,
        ])
        sheet.cell(row=sheet.max_row, column=completion_column).number_format = "0%"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    _fit(sheet, header_row, first_row=header_row + 1)

    groups = workbook.create_sheet(_("By group")[:31])
    groups.append([str(h) for h in [_("Representatives' group"), _("Number of representatives"), *[m.label for m in measures],
                                    _("Average completion"), _("Average score")]])
    for cell in groups[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    by_group = {}
    for row in scores:
        by_group.setdefault(row.group.name if row.group else _("No group"), []).append(row)
    no_group = _("No group")
    for name in sorted(by_group, key=lambda n: (n == no_group, n)):
        members = by_group[name]
        completions = [progress[m.representative.pk].ratio for m in members if m.representative.pk in progress]
        groups.append([
            name, len(members), *[sum(m.counts.get(measure.value, 0) for m in members) for measure in measures],
            round(sum(completions) / len(completions), 4) if completions else None,
            round(float(sum(m.total for m in members)) / len(members), 1),
        ])
        groups.cell(row=groups.max_row, column=3 + len(measures)).number_format = "0%"
    groups.freeze_panes = "B2"
    _fit(groups, 1, first_row=2)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
