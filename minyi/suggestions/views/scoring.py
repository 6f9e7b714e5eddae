"""Unit scoring pages for the congress's staff and leaders: the year's ranking, one unit's items
behind each point (each with a link to the suggestion), the Excel export of both, and the
congress's settings of the indicators (staff only). The computation is minyi.suggestions.scoring."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.audit.services import record_export
from minyi.matters.models import Matter

from .. import scoring, services
from ..forms_unit import ScoringRuleForm
from ..models import Suggestion

VIEW_ROLES = (Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN)
# Tried in order for the link from an item to the suggestion's page on the staff desk.
SUGGESTION_PAGES = ("suggestions:desk_detail", "suggestions:staff_detail", "suggestions:detail", "suggestions:public_detail")


def _choice(request, actor):
    """(congresses, congress, year) from the GET parameters; the first congress and this year by default."""
    congresses = list(services.congresses_for(actor))
    if not congresses:
        raise PermissionDenied
    wanted = request.GET.get("congress", "")
    congress = next((c for c in congresses if str(c.pk) == wanted), congresses[0])
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    return congresses, congress, year


def suggestion_url(matter_id):
    for name in SUGGESTION_PAGES:
        try:
            return reverse(name, args=[matter_id])
        except NoReverseMatch:
            continue
    return ""


def _labels(result):
    ids = {item.matter_id for item in result.items}
    numbers = dict(Suggestion.objects.filter(pk__in=ids).values_list("pk", "number_label"))
    titles = dict(Matter.objects.filter(pk__in=ids).values_list("pk", "title"))
    return numbers, titles


def _decorate(items, numbers, titles):
    for item in items:
        item.number = numbers.get(item.matter_id, "")
        item.title = titles.get(item.matter_id, "")
        item.url = suggestion_url(item.matter_id)
    return items


@login_required
def ranking(request):
    actor = access.require_role(request.user, *VIEW_ROLES, request=request)
    congresses, congress, year = _choice(request, actor)
    result = scoring.compute(congress.pk, year)
    if request.GET.get("export") == "xlsx":
        return export(request, congress, result)
    indicator_columns = [(code, label) for code, (label, _points) in scoring.INDICATORS.items() if result.rules[code][1]]
    for row in result.ranking:
        counts = row.counts
        row.cells = [counts.get(code, 0) for code, _label in indicator_columns]
    return render(request, "suggestions/scoring/ranking.html", {
        "page_title": _("Unit scoring"), "congresses": congresses, "congress": congress, "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1), "result": result,
        "columns": indicator_columns, "may_edit": _may_edit(actor, congress),
    })


@login_required
def unit_items(request, unit_id):
    actor = access.require_role(request.user, *VIEW_ROLES, request=request)
    _congresses, congress, year = _choice(request, actor)
    result = scoring.compute(congress.pk, year)
    row = result.for_unit(unit_id)
    if row is None:
        raise Http404
    numbers, titles = _labels(result)
    return render(request, "suggestions/scoring/unit.html", {
        "page_title": row.unit_name, "congress": congress, "year": year, "row": row, "count": len(result.ranking),
        "items": _decorate(list(row.items), numbers, titles),
    })


def _may_edit(actor, congress):
    return actor.is_system_admin or (Role.CONGRESS_STAFF in actor.roles and congress.pk in actor.congress_ids)


@login_required
def settings(request):
    actor = access.require_role(request.user, Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN, request=request)
    congresses, congress, year = _choice(request, actor)
    rules = scoring.rules_for(congress.pk)
    form = ScoringRuleForm(request.POST or None, rules=rules, indicators=scoring.INDICATORS)
    if request.method == "POST" and form.is_valid():
        try:
            scoring.save_rules(congress, form.values(), actor=request.user)
        except ValidationError as error:
            for code, errors in error.message_dict.items():
                form.add_error(f"{code}-points" if f"{code}-points" in form.fields else None, errors)
        except PermissionDenied:
            form.add_error(None, _("Only the congress's staff may change its scoring."))
        else:
            messages.success(request, _("The scoring settings were saved."))
            return redirect(f"{reverse('suggestions:scoring')}?congress={congress.pk}&year={year}")
    return render(request, "suggestions/scoring/settings.html", {
        "page_title": _("Scoring indicators"), "congresses": congresses, "congress": congress, "year": year, "form": form,
        "defaults": {code: points for code, (_label, points) in scoring.INDICATORS.items()},
    }, status=400 if request.method == "POST" else 200)


def export(request, congress, result):
    """Two sheets: the ranking, and every item behind every point."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    numbers, titles = _labels(result)
    workbook = Workbook()
    ranking_sheet = workbook.active
    ranking_sheet.title = str(_("Ranking"))[:31]
    codes = [code for code in scoring.INDICATORS if result.rules[code][1]]
    ranking_sheet.append([_("Rank"), _("Handling unit"), _("Score"), _("Points deducted")]
                         + [str(scoring.INDICATORS[code][0]) for code in codes])
    for row in result.ranking:
        counts = row.counts
        ranking_sheet.append([row.place, row.unit_name, float(row.score), float(row.deducted)] + [counts.get(code, 0) for code in codes])
    items_sheet = workbook.create_sheet(str(_("Items"))[:31])
    items_sheet.append([_("Handling unit"), _("Indicator"), _("Number"), _("Suggestion"), _("Date"), _("Points"), _("Details")])
    names = {row.unit_id: row.unit_name for row in result.ranking}
    for item in result.items:
        items_sheet.append([names.get(item.unit_id, ""), item.label, numbers.get(item.matter_id, ""), titles.get(item.matter_id, ""),
                            item.date, float(item.points), item.detail])
    for sheet, widths in ((ranking_sheet, [6, 30, 8, 10] + [14] * len(codes)), (items_sheet, [30, 30, 12, 40, 12, 8, 50])):
        for index, width in enumerate(widths, start=1):
            cell = sheet.cell(row=1, column=index)
            sheet.column_dimensions[cell.column_letter].width = width
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E79")
        sheet.freeze_panes = "A2"
    for cell in items_sheet["E"][1:]:
        cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    record_export("suggestions.scoring", rows=len(result.items), filters={"congress": congress.pk, "year": result.year}, user=request.user)
    name = f"{_('Unit scoring')}-{congress.name}-{result.year}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store"
    return response
