"""The congress staff's desk for suggestions: the list (filters, tabs by status, search in Chinese,
Excel), the key suggestions' dashboard and the B-class follow-up page (roll-over, a new term's
numbers). One suggestion's page is desk_detail.py, the assignment meeting desk_meeting.py, the
staff's entry and the settings desk_settings.py. Leaders read; staff act. Every suggestion comes
through access.visible and belongs to a congress the actor works for (404 otherwise)."""

import io
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.matters import search
from minyi.matters.models import Assignment, Matter, Supervision
from minyi.organisations.models import Term, Unit

from .. import services
from ..models import Category, KeySuggestion, Suggestion
from ..policy import SuggestionPolicy

DESK_ROLES = (Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN)
PAGE_SIZE = 25
EXPORT_LIMIT = 20000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def desk_actor(request):
    return access.require_role(request.user, *DESK_ROLES, request=request)


def may_write(actor):
    return actor.is_system_admin or Role.CONGRESS_STAFF in actor.roles


def require_writer(request):
    actor = desk_actor(request)
    if not may_write(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return actor


def desk_suggestions(request, actor):
    """The suggestions of the congresses the actor works for, as far as they may see them."""
    congresses = services.congresses_for(actor)
    queryset = Suggestion.objects.filter(matter__kind="suggestion", matter__owner_congress__in=congresses)
    return access.visible(request.user, queryset)


def status_choices():
    return [(key, str(state.label)) for key, state in SuggestionPolicy.states.items()]


# --- The list -----------------------------------------------------------------------------------


@dataclass
class Filters:
    status: str = ""
    when: str = ""
    term: int | None = None
    category: str = ""
    unit: int | None = None
    year: int | None = None
    key: bool = False
    q: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, data):
        def number(name):
            value = (data.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        status = data.get("status", "")
        return cls(
            status=status if status in SuggestionPolicy.states else "",
            when=data.get("when", "") if data.get("when", "") in ("session", "between") else "",
            term=number("term"), category=(data.get("category") or "")[:50], unit=number("unit"), year=number("year"),
            key=data.get("key") == "1", q=(data.get("q") or "").strip()[:100], page=number("page") or 1,
        )

    def as_query(self, **changes):
        from django.http import QueryDict

        values = {**self.__dict__, **changes}
        query = QueryDict(mutable=True)
        for name in ("status", "when", "term", "category", "unit", "year", "q"):
            if values[name] not in ("", None):
                query[name] = str(values[name])
        if values["key"]:
            query["key"] = "1"
        return query.urlencode()


def filtered(queryset, filters, *, with_status=True):
    if with_status and filters.status:
        queryset = queryset.filter(matter__status=filters.status)
    if filters.when == "session":
        queryset = queryset.filter(session__isnull=False)
    elif filters.when == "between":
        queryset = queryset.filter(session__isnull=True)
    if filters.term:
        queryset = queryset.filter(term_id=filters.term)
    if filters.category:
        queryset = queryset.filter(matter__category=filters.category)
    if filters.unit:
        queryset = queryset.filter(
            Q(matter__assignments__unit_id=filters.unit, matter__assignments__role=Assignment.Role.LEAD) | Q(planned_lead_id=filters.unit)
        ).distinct()
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.key:
        queryset = queryset.filter(key__isnull=False)
    if filters.q:
        words = filters.q.replace(" ", "")
        by_number = queryset.filter(number_label=words)
        if by_number.exists():
            return by_number
        queryset = queryset.filter(matter__in=search.matching(Matter.objects.filter(kind="suggestion"), filters.q).values("pk"))
    return queryset


def lead_units(suggestions):
    """{suggestion pk: lead unit name} of their current round."""
    rows = Assignment.objects.filter(matter_id__in=[s.pk for s in suggestions], role=Assignment.Role.LEAD).exclude(
        state=Assignment.State.WITHDRAWN).select_related("unit").order_by("matter_id", "-round", "-id")
    result = {}
    for assignment in rows:
        result.setdefault(assignment.matter_id, assignment)
    return result


def _options(request, actor):
    congresses = services.congresses_for(actor)
    return {
        "statuses": status_choices(),
        "terms": list(Term.objects.filter(congress__in=congresses).order_by("-start").select_related("congress")),
        "categories": list(Category.objects.filter(is_active=True).values_list("code", "name")),
        "units": list(Unit.objects.filter(region_id__in=congresses.values("region_id"), is_active=True).order_by("name").values_list("pk", "name")),
        "years": sorted(set(desk_suggestions(request, actor).values_list("year", flat=True)), reverse=True),
    }


@login_required
def desk_list(request):
    actor = desk_actor(request)
    filters = Filters.from_query(request.GET)
    base = filtered(desk_suggestions(request, actor), filters, with_status=False)
    counts = dict(base.values_list("matter__status").annotate(n=Count("pk")).values_list("matter__status", "n"))
    tabs = [{"key": "", "label": _("All"), "count": sum(counts.values()), "query": filters.as_query(status="")}]
    tabs += [{"key": key, "label": label, "count": counts.get(key, 0), "query": filters.as_query(status=key)}
             for key, label in status_choices() if counts.get(key) or key == filters.status]
    queryset = base.filter(matter__status=filters.status) if filters.status else base
    queryset = queryset.select_related("matter__representative", "key").order_by("-matter__created_at", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(filters.page)
    rows = list(page.object_list)
    leads = lead_units(rows)
    assign_by = services.assignment_dues([s for s in rows if s.matter.status in ("submitted", "registered")])
    states = SuggestionPolicy.states
    context = {
        "filters": filters,
        "page": page,
        "rows": [{"suggestion": s, "lead": leads.get(s.pk), "state_label": states[s.matter.status].label, "assign_by": assign_by.get(s.pk)}
                 for s in rows],
        "today": timezone.localdate(),
        "tabs": tabs,
        "options": _options(request, actor),
        "query": filters.as_query(),
        "may_write": may_write(actor),
    }
    return render(request, "suggestions/desk/list.html", context)


@login_required
def desk_export(request):
    actor = desk_actor(request)
    filters = Filters.from_query(request.GET)
    queryset = filtered(desk_suggestions(request, actor), filters).select_related("matter__representative", "term", "session").order_by(
        "term__start", "number", "pk")[:EXPORT_LIMIT]
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from minyi.audit.services import record_export

    suggestions = list(queryset)
    leads = lead_units(suggestions)
    categories = dict(Category.objects.values_list("code", "name"))
    states = SuggestionPolicy.states
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Suggestions"))[:31]
    sheet.append([_("Number"), _("Title"), _("Lead representative"), _("Raised"), _("Area"), _("Status"), _("Lead unit"), _("Reply by"),
                  _("Year"), _("Key suggestion")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for s in suggestions:
        lead = leads.get(s.pk)
        sheet.append([
            s.number_label, s.matter.title, s.matter.representative.name if s.matter.representative else "",
            _("Session %(number)s") % {"number": s.session.number} if s.session_id else _("Between sessions"),
            categories.get(s.matter.category, s.matter.category), str(states[s.matter.status].label),
            lead.unit.name if lead else "", lead.handle_due if lead and lead.handle_due else None, s.year,
            _("Yes") if hasattr(s, "key") else "",
        ])
    for column, width in zip("ABCDEFGHIJ", (12, 44, 12, 14, 12, 18, 22, 12, 8, 10)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    record_export("suggestions.suggestion", rows=len(suggestions), filters=filters.__dict__, user=request.user)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{_('Suggestions')}-{timezone.localdate():%Y%m%d}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


# --- Key suggestions ----------------------------------------------------------------------------


@login_required
def desk_key(request):
    actor = desk_actor(request)
    year = request.GET.get("year", "")
    keys = KeySuggestion.objects.filter(suggestion__in=desk_suggestions(request, actor)).select_related(
        "suggestion__matter__representative")
    years = sorted(set(keys.values_list("year", flat=True)), reverse=True)
    if year.isdigit():
        keys = keys.filter(year=int(year))
    keys = list(keys.order_by("-year", "suggestion__number"))
    ids = [k.suggestion_id for k in keys]
    leads = lead_units([k.suggestion for k in keys])
    counts = dict(Supervision.objects.filter(matter_id__in=ids).values_list("matter_id").annotate(n=Count("pk")).values_list("matter_id", "n"))
    last = {}
    for record in Supervision.objects.filter(matter_id__in=ids).select_related("by").order_by("matter_id", "-at", "-id"):
        last.setdefault(record.matter_id, record)
    states = SuggestionPolicy.states
    order = list(states)
    rows = []
    for key in keys:
        matter = key.suggestion.matter
        # Progress: how far along the suggestion's way it has come (closed = done).
        done = order.index("closed")
        position = min(order.index(matter.status), done) if matter.status in order else 0
        rows.append({"key": key, "suggestion": key.suggestion, "matter": matter, "lead": leads.get(key.suggestion_id),
                     "state_label": states[matter.status].label, "supervisions": counts.get(matter.pk, 0), "last": last.get(matter.pk),
                     "progress": 100 if matter.status == "closed" else int(100 * position / done)})
    return render(request, "suggestions/desk/key.html", {"rows": rows, "years": years, "year": year, "may_write": may_write(actor)})


# --- B-class follow-up, roll-over, new term -----------------------------------------------------


@login_required
def desk_followup(request):
    actor = desk_actor(request)
    congresses = list(services.congresses_for(actor))
    base = desk_suggestions(request, actor).filter(matter__status="following_up")
    years = sorted(set(base.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("year", "")
    queryset = base.filter(year=int(year)) if year.isdigit() else base
    rows = list(queryset.select_related("matter__representative", "term").order_by("year", "number"))
    leads = lead_units(rows)
    this_year = timezone.localdate().year
    writer = may_write(actor)
    confirm = request.GET.get("confirm", "") if writer else ""
    to_year = int(request.GET.get("to_year")) if (request.GET.get("to_year") or "").isdigit() else this_year + 1
    renumber = []
    for congress in congresses:
        term = congress.term_on(timezone.localdate())
        if term is None:
            continue
        waiting = Suggestion.objects.filter(matter__owner_congress=congress, matter__status__in=RENUMBER_STATES).exclude(term=term).count()
        renumber.append({"congress": congress, "term": term, "waiting": waiting})
    rolling = base.filter(year__lt=to_year).count()
    context = {
        "rows": [{"suggestion": s, "lead": leads.get(s.pk)} for s in rows], "years": years, "year": year, "may_write": writer,
        "confirm": confirm, "to_year": to_year, "rolling": rolling, "renumber": renumber,
        "renumber_confirm": next((r for r in renumber if str(r["congress"].pk) == request.GET.get("congress")), None),
    }
    return render(request, "suggestions/desk/followup.html", context)


RENUMBER_STATES = ["registered", "assigned", "handling", "replied", "following_up", "supervised"]


@login_required
def desk_roll_over(request):
    actor = require_writer(request)
    if request.method != "POST":
        return redirect("suggestions:desk_followup")
    to_year = request.POST.get("to_year", "")
    if not to_year.isdigit() or not 2000 <= int(to_year) <= 2100:
        messages.error(request, _("Choose the year to roll over into."))
        return redirect("suggestions:desk_followup")
    # Only what this desk shows moves: the actor's own congresses' suggestions (the service moves all, so it is given only them).
    moved = _roll_over_for(actor, int(to_year))
    messages.success(request, _("%(count)d suggestions rolled over into %(year)s.") % {"count": moved, "year": to_year})
    return redirect("suggestions:desk_followup")


def _roll_over_for(actor, to_year):
    congresses = None if actor.is_system_admin else list(actor.congress_ids)
    return services.roll_over(to_year=to_year, actor=actor.user, congress_ids=congresses)


@login_required
def desk_renumber(request):
    actor = require_writer(request)
    if request.method != "POST":
        return redirect("suggestions:desk_followup")
    congress = services.congresses_for(actor).filter(pk=request.POST.get("congress") if (request.POST.get("congress") or "").isdigit() else None).first()
    if congress is None:
        messages.error(request, _("Choose the congress."))
        return redirect("suggestions:desk_followup")
    term = congress.term_on(timezone.localdate())
    if term is None:
        messages.error(request, _("The congress has no current term on the platform; ask its office to enter it."))
        return redirect("suggestions:desk_followup")
    count = services.renumber_for_term(congress, term, actor=actor.user)
    messages.success(request, _("%(count)d open suggestions were numbered in term %(term)s; their earlier numbers are kept.")
                     % {"count": count, "term": term.number})
    return redirect("suggestions:desk_followup")


# --- Menu ---------------------------------------------------------------------------------------


def register_navigation():
    """Menu entries and workbench items of these pages."""
    from minyi.core import navigation

    section = gettext_lazy("Suggestions")
    roles = {Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN}
    navigation.register("desk", gettext_lazy("Representatives' suggestions"), "suggestions:desk_list", roles=roles, icon="bulb", order=200,
                        section=section)
    navigation.register("desk", gettext_lazy("Assignment meeting"), "suggestions:desk_meeting", roles={Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN},
                        icon="users-group", order=201, section=section)
    navigation.register("desk", gettext_lazy("Key suggestions"), "suggestions:desk_key", roles=roles, icon="star", order=202, section=section)
    navigation.register("desk", gettext_lazy("B-class follow-up"), "suggestions:desk_followup", roles=roles, icon="repeat", order=203,
                        section=section)
    navigation.register("desk", gettext_lazy("Suggestion settings"), "suggestions:desk_settings", roles={Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN},
                        icon="adjustments", order=204, section=section)
