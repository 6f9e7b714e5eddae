"""The cockpit pages: the figures of a region and period (HTML, Excel, PDF) and the matters behind
any of its numbers (HTML, Excel). Every request passes filters.parse first: a region outside the
user's scope, a period that cannot be, or a wrong parameter is a Chinese message and a 4xx, never
a figure."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.audit.services import record_export
from minyi.core.documents import pdf_response, render_pdf

from . import charts, dashboard, filters, listing, pdf

VIEW_ROLES = (Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN)
FORMATS = ("", "html", "xlsx", "pdf")
LIST_FORMATS = ("", "html", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 50


def _format(request, allowed):
    wanted = (request.GET.get("format") or "").strip()
    if wanted not in allowed:
        raise filters.FilterError({"format": _("Unknown export format.")}, 400)
    return wanted


def _refused(request, error, template):
    return render(
        request,
        template,
        {
            "errors": error.errors,
            "raw": filters.raw_values(request.GET),
            "kinds": filters.kinds(),
            "page_title": _("Cockpit"),
        },
        status=error.status,
    )


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def title_of(chosen):
    kind = dict(filters.kinds()).get(chosen.kind, _("All kinds of matter"))
    return _("%(region)s · %(start)s to %(end)s · %(kind)s") % {
        "region": chosen.region.name,
        "start": chosen.start_param,
        "end": chosen.end_param,
        "kind": kind,
    }


@login_required
def page(request):
    access.require_role(request.user, *VIEW_ROLES, request=request)
    try:
        wanted = _format(request, FORMATS)
        chosen = filters.parse(request.user, request.GET)
    except filters.FilterError as error:
        return _refused(request, error, "cockpit/page.html")
    cockpit = dashboard.build(chosen)
    title = title_of(chosen)
    audit_filters = {"region": chosen.region.code, "from": chosen.start_param, "to": chosen.end_param, "kind": chosen.kind}
    if wanted == "xlsx":
        from .exports import cockpit_workbook

        record_export(
            "cockpit.figures", rows=cockpit.figures.collected, filters={**audit_filters, "format": "xlsx"}, user=request.user
        )
        return _xlsx(
            cockpit_workbook(cockpit, title=title),
            f"{_('Cockpit')}-{chosen.region.name}-{chosen.start_param}-{chosen.end_param}.xlsx",
        )
    if wanted == "pdf":
        record_export(
            "cockpit.figures", rows=cockpit.figures.collected, filters={**audit_filters, "format": "pdf"}, user=request.user
        )
        content = render_pdf("cockpit/pdf.html", {"cockpit": cockpit, "title": title, "bars": pdf.Bars(cockpit)}, request=request)
        return pdf_response(
            content, f"{_('Cockpit')}-{chosen.region.name}-{chosen.start_param}-{chosen.end_param}.pdf", inline=False
        )
    return render(
        request,
        "cockpit/page.html",
        {
            "page_title": _("Cockpit"),
            "cockpit": cockpit,
            "chosen": chosen,
            "title": title,
            "path": chosen.path(),
            "kinds": filters.kinds(),
            "charts": charts.options(cockpit),
            "query": chosen.params(),
            "regions_chart_height": charts.height(cockpit.children, limit=12),
            "topics_chart_height": 48 + 26 * min(len(cockpit.hot_topics), charts.TOPICS),
            "raw": {"region": chosen.region.code, "from": chosen.start_param, "to": chosen.end_param, "kind": chosen.kind},
        },
    )


@login_required
def matters(request):
    access.require_role(request.user, *VIEW_ROLES, request=request)
    try:
        wanted = _format(request, LIST_FORMATS)
        chosen = filters.parse(request.user, request.GET, with_list=True)
    except filters.FilterError as error:
        return _refused(request, error, "cockpit/matters.html")
    found = listing.matters(chosen)
    chips = listing.chips(chosen)
    title = " · ".join(chip["text"] for chip in chips)
    if wanted == "xlsx":
        from .exports import MAX_ROWS, matters_workbook

        rows = listing.rows(found[:MAX_ROWS])
        record_export("cockpit.matters", rows=len(rows), filters={**chosen_filters(chosen), "format": "xlsx"}, user=request.user)
        return _xlsx(
            matters_workbook(rows, title=title),
            f"{_('Matters')}-{chosen.region.name}-{chosen.start_param}-{chosen.end_param}.xlsx",
        )
    page_obj = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cockpit/matters.html",
        {
            "page_title": _("Matters behind the figure"),
            "chosen": chosen,
            "chips": chips,
            "title": title,
            "page": page_obj,
            "rows": listing.rows(page_obj.object_list),
            "query": chosen.params(stage=chosen.stage, dim=chosen.dimension, value=chosen.value, q=chosen.words),
            "back": dashboard.cockpit_url(chosen),
            "path": chosen.path(),
        },
    )


def chosen_filters(chosen):
    return {
        "region": chosen.region.code,
        "from": chosen.start_param,
        "to": chosen.end_param,
        "kind": chosen.kind,
        "stage": chosen.stage,
        "dim": chosen.dimension,
        "value": chosen.value,
        "q": chosen.words,
    }
