"""The congress staff's inbox of opinions: the filters read from the query string, the filtered
and sorted list, a page of it with a capped count, and the same list as an Excel workbook.

Kept index-friendly for a million matters: the filters are plain column conditions (a region is a
code range, a deadline colour an `IN (SELECT matter_id …)` over an indexed column), the order is
on a column, the count stops at COUNT_CAP, and what a row shows beyond the matter (its lead unit
and deadline colour) is read for the page's rows only, in one query."""

import datetime
import io
import math
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.matters import search
from minyi.matters.models import Assignment, Channel, DeadlineExtension, DeadlineState, HandlingClass, Matter, ReassignmentRequest
from minyi.organisations.models import Congress
from minyi.regions.models import Region, prefix_of, within

from .models import Category
from .policy import KIND, OpinionPolicy

PAGE_SIZE = 30
COUNT_CAP = 10_000
EXPORT_LIMIT = 50_000

# Sort keys offered to the user → the columns they order by (each ends with the primary key so
# pages never overlap).
SORTS = {
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "updated": ("updated_at", "id"),
    "status": ("status", "-created_at", "-id"),
    "-status": ("-status", "-created_at", "-id"),
    "region": ("region_code", "-created_at", "-id"),
    "-region": ("-region_code", "-created_at", "-id"),
}
DEFAULT_SORT = "-created"
GREEN_VALUES = {"yes": True, "no": False}
# Worst first: the colour a matter's row shows is the worst of its open assignments'.
DEADLINE_RANK = {DeadlineState.OVERDUE: 0, DeadlineState.APPROACHING: 1, DeadlineState.NORMAL: 2}
WAITING_REQUESTS = "requests"


def status_choices():
    return [(key, state.label) for key, state in OpinionPolicy.states.items()]


@dataclass
class InboxFilters:
    status: str = ""
    category: str = ""
    region: str = ""
    channel: str = ""
    deadline: str = ""
    handling_class: str = ""
    green: str = ""
    congress: int | None = None
    waiting: str = ""
    q: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    notes: list = field(default_factory=list)

    FIELDS = ("status", "category", "region", "channel", "deadline", "handling_class", "green", "congress", "waiting", "q", "sort")

    @classmethod
    def from_query(cls, params):
        """Read the filters from a QueryDict. A value that is not one of the choices is dropped with
        a note the page shows; nothing here raises."""
        filters = cls()

        def pick(name, allowed, label):
            value = (params.get(name) or "").strip()
            if not value:
                return ""
            if value in allowed:
                return value
            filters.notes.append(_("The %(filter)s filter “%(value)s” is not known and was ignored.") % {"filter": label, "value": value[:40]})
            return ""

        filters.status = pick("status", set(OpinionPolicy.states), _("status"))
        filters.category = pick("category", set(Category.objects.values_list("code", flat=True)), _("category"))
        filters.channel = pick("channel", set(Channel.values), _("channel"))
        filters.deadline = pick("deadline", set(DeadlineState.values), _("deadline"))
        filters.handling_class = pick("handling_class", set(HandlingClass.values), _("handling class"))
        filters.green = pick("green", set(GREEN_VALUES), _("green channel"))
        filters.waiting = pick("waiting", {WAITING_REQUESTS}, _("waiting"))
        filters.sort = pick("sort", set(SORTS), _("sort")) or DEFAULT_SORT
        region = (params.get("region") or "").strip()
        if region:
            if region.isdigit() and len(region) == 12 and Region.objects.filter(pk=region).exists():
                filters.region = region
            else:
                filters.notes.append(_("The place “%(value)s” is not known and was ignored.") % {"value": region[:40]})
        congress = (params.get("congress") or "").strip()
        if congress:
            if congress.isdigit() and Congress.objects.filter(pk=int(congress)).exists():
                filters.congress = int(congress)
            else:
                filters.notes.append(_("The congress filter “%(value)s” is not known and was ignored.") % {"value": congress[:40]})
        filters.q = (params.get("q") or "").strip()[:100]
        page = (params.get("page") or "1").strip()
        filters.page = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
        return filters

    def as_query(self, **changes):
        """The filters as a query string (without the page unless given), for links and exports."""
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        values = {name: getattr(self, name) for name in self.FIELDS}
        values.update(changes)
        for name, value in values.items():
            if name == "sort" and value == DEFAULT_SORT:
                continue
            if value not in ("", None):
                query[name] = str(value)
        return query.urlencode()

    def as_dict(self):
        return {name: getattr(self, name) for name in self.FIELDS if getattr(self, name) not in ("", None)}


def _base(actor):
    return access.visible(actor.user, Matter.objects.filter(kind=KIND))


def _narrow(queryset, filters, *, with_status=True):
    if with_status and filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.handling_class:
        queryset = queryset.filter(handling_class=filters.handling_class)
    if filters.green:
        queryset = queryset.filter(green_channel=GREEN_VALUES[filters.green])
    if filters.congress:
        queryset = queryset.filter(owner_congress_id=filters.congress)
    if filters.region:
        region = Region.objects.only("code", "level").get(pk=filters.region)
        queryset = queryset.filter(within("region_code", prefix_of(region.code, region.level)))
    if filters.deadline:
        running = Assignment.objects.filter(state__in=Assignment.OPEN_STATES, deadline_state=filters.deadline)
        queryset = queryset.filter(pk__in=running.values("matter_id"))
    if filters.waiting == WAITING_REQUESTS:
        extensions = DeadlineExtension.objects.filter(state=DeadlineExtension.State.REQUESTED).values("assignment__matter_id")
        reassignments = ReassignmentRequest.objects.filter(state=ReassignmentRequest.State.REQUESTED).values("assignment__matter_id")
        queryset = queryset.filter(Q(pk__in=extensions) | Q(pk__in=reassignments))
    if filters.q:
        code = filters.q.upper().replace(" ", "")
        # A tracking code typed in the search box finds its matter (one lookup on a unique column);
        # anything else is searched as words.
        exact = queryset.filter(tracking_code=code) if 8 <= len(code) <= 16 and code.isalnum() else None
        queryset = exact if exact is not None and exact.exists() else search.matching(queryset, filters.q)
    return queryset


def staff_inbox(actor, filters):
    """The opinions `actor` may see, narrowed and sorted by `filters` (not yet paged)."""
    actor = actor if isinstance(actor, access.Actor) else access.actor_for(actor)
    queryset = _narrow(_base(actor), filters)
    return queryset.select_related("owner_congress").order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def capped_count(queryset, cap=COUNT_CAP):
    """How many rows, counting no further than `cap` + 1: (number, more_than_cap)."""
    number = queryset.order_by()[: cap + 1].count()
    return min(number, cap), number > cap


def status_counts(actor, filters, cap=COUNT_CAP):
    """{status: (count, more)} under every filter but the status, for the tabs."""
    actor = actor if isinstance(actor, access.Actor) else access.actor_for(actor)
    queryset = _narrow(_base(actor), filters, with_status=False)
    counts = {"": capped_count(queryset, cap)}
    for status in OpinionPolicy.states:
        counts[status] = capped_count(queryset.filter(status=status), cap)
    return counts


@dataclass
class Page:
    rows: list
    number: int
    pages: int
    count: int
    more: bool
    size: int = PAGE_SIZE

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.pages

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def first_index(self):
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last_index(self):
        return (self.number - 1) * self.size + len(self.rows)


@dataclass
class Row:
    matter: Matter
    region_name: str = ""
    category_name: str = ""
    lead_unit: str = ""
    due: datetime.date | None = None
    deadline: str = ""
    waiting_requests: int = 0


def page_of(queryset, number, size=PAGE_SIZE):
    count, more = capped_count(queryset)
    pages = max(1, math.ceil(count / size))
    number = min(max(1, number), pages)
    matters = list(queryset[(number - 1) * size : number * size])
    return Page(rows=rows_for(matters), number=number, pages=pages, count=count, more=more, size=size)


def rows_for(matters):
    """What each row shows besides the matter itself, read in one query per table for all rows."""
    ids = [m.pk for m in matters]
    regions = dict(Region.objects.filter(pk__in={m.region_code for m in matters}).values_list("code", "name"))
    categories = dict(Category.objects.values_list("code", "name"))
    running = {}
    for assignment in (
        Assignment.objects.filter(matter_id__in=ids, state__in=Assignment.OPEN_STATES).select_related("unit").order_by("matter_id", "role", "id")
    ):
        running.setdefault(assignment.matter_id, []).append(assignment)
    waiting = {}
    for model in (DeadlineExtension, ReassignmentRequest):
        for matter_id in model.objects.filter(assignment__matter_id__in=ids, state="requested").values_list("assignment__matter_id", flat=True):
            waiting[matter_id] = waiting.get(matter_id, 0) + 1
    rows = []
    for matter in matters:
        row = Row(matter=matter, region_name=regions.get(matter.region_code, matter.region_code),
                  category_name=categories.get(matter.category, matter.category), waiting_requests=waiting.get(matter.pk, 0))
        open_ones = running.get(matter.pk, [])
        lead = next((a for a in open_ones if a.role == Assignment.Role.LEAD), None)
        if lead is not None:
            row.lead_unit = lead.unit.name
        if open_ones:
            worst = min(open_ones, key=lambda a: DEADLINE_RANK.get(a.deadline_state, 3))
            row.deadline = worst.deadline_state
            row.due = worst.running_due()[0]
        rows.append(row)
    return rows


# --- Choices for the filter form ------------------------------------------------------------------


def region_choices(actor):
    """Counties and townships within the actor's congresses (cities and counties for a system
    administrator, whose tree may be a whole province)."""
    if actor.is_system_admin:
        regions = Region.objects.filter(level__lte=3, is_active=True)
    else:
        regions = Region.objects.filter(actor.region_q(""), level__lte=4, is_active=True)
    return [(r.code, ("\u3000" * max(0, r.level - 2)) + r.name) for r in regions.order_by("code")[:500]]


def congress_choices(actor):
    return [(c.pk, c.name) for c in access.visible(actor.user, Congress.objects.filter(is_active=True)).select_related("region").order_by("region_id")]


# --- Excel --------------------------------------------------------------------------------------


CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXPORT_COLUMNS = (
    ("tracking_code", gettext_lazy("Tracking code"), 14),
    ("title", gettext_lazy("Title"), 30),
    ("text", gettext_lazy("Text"), 60),
    ("status", gettext_lazy("Status"), 16),
    ("category", gettext_lazy("Category"), 12),
    ("region", gettext_lazy("Place"), 16),
    ("address", gettext_lazy("Address"), 24),
    ("channel", gettext_lazy("Channel"), 14),
    ("handling_class", gettext_lazy("Handling class"), 12),
    ("green_channel", gettext_lazy("Green channel"), 8),
    ("congress", gettext_lazy("Held by"), 20),
    ("lead_unit", gettext_lazy("Lead unit"), 24),
    ("deadline", gettext_lazy("Deadline"), 12),
    ("due", gettext_lazy("Due"), 12),
    ("citizen", gettext_lazy("Citizen"), 10),
    ("phone", gettext_lazy("Phone (masked)"), 14),
    ("created", gettext_lazy("Raised at"), 18),
)


def _export_values(row, actor, states, channels, classes, deadline_labels):
    matter = row.matter
    opinion = getattr(matter, "opinion", None)
    if opinion is not None:
        name, phone = opinion.contact_for(actor)
        address = opinion.address if (not opinion.anonymous or actor.is_congress_staff or actor.is_system_admin) else ""
    else:
        name, phone, address = "", "", ""
    return {
        "tracking_code": matter.tracking_code,
        "title": matter.title,
        "text": matter.text,
        "status": str(states.get(matter.status, matter.status)),
        "category": row.category_name,
        "region": row.region_name,
        "address": address,
        "channel": str(channels.get(matter.channel, matter.channel)),
        "handling_class": str(classes.get(matter.handling_class, matter.handling_class)),
        "green_channel": _("Yes") if matter.green_channel else _("No"),
        "congress": matter.owner_congress.name,
        "lead_unit": row.lead_unit,
        "deadline": str(deadline_labels.get(row.deadline, "")),
        "due": row.due,
        "citizen": str(name),
        "phone": phone,
        "created": timezone.localtime(matter.created_at).replace(tzinfo=None),
    }


def export_workbook(actor, queryset, limit=EXPORT_LIMIT):
    """(xlsx bytes, rows written). Contacts as contact_for(actor) shows them: never a whole phone
    number, and nothing at all for an anonymous citizen when the reader is not congress staff."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill

    actor = actor if isinstance(actor, access.Actor) else access.actor_for(actor)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Opinions")[:31])
    for index, (_key, _header, width) in enumerate(EXPORT_COLUMNS, start=1):
        from openpyxl.utils import get_column_letter

        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    headers = []
    for _key, header, _width in EXPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font, cell.fill, cell.alignment = header_font, header_fill, Alignment(vertical="center")
        headers.append(cell)
    sheet.append(headers)
    states = dict(status_choices())
    channels, classes, deadline_labels = dict(Channel.choices), dict(HandlingClass.choices), dict(DeadlineState.choices)
    written = 0
    queryset = queryset.select_related("owner_congress", "opinion")
    chunk = 2000
    while written < limit:
        matters = list(queryset[written : min(written + chunk, limit)])
        if not matters:
            break
        for row in rows_for(matters):
            values = _export_values(row, actor, states, channels, classes, deadline_labels)
            cells = []
            for key, _header, _width in EXPORT_COLUMNS:
                value = values[key]
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    # A text starting with "=" would be a formula in Excel: keep it text.
                    if value[:1] in ("=", "+", "-", "@"):
                        value = "'" + value
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            sheet.append(cells)
        written += len(matters)
        if len(matters) < chunk:
            break
    if written >= limit and queryset[limit : limit + 1].exists():
        sheet.append([_("Only the first %(limit)d rows were exported; narrow the filters to export the rest.") % {"limit": limit}])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), written


def export_response(request, queryset, filters):
    """The download, recorded in the audit log with its row count and filters."""
    from minyi.audit.services import record_export

    content, rows = export_workbook(access.actor_for(request.user), queryset)
    record_export("matters.matter:opinion", rows=rows, filters=filters, user=request.user)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    name = f"{_('Opinions')}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store"
    return response


# --- The workbench's "waiting for you" card -------------------------------------------------------


def workbench_items(actor):
    """What waits for congress staff (and what leaders watch): opinions to accept, overdue
    assignments, units' requests to decide; each links to the inbox filtered to exactly those."""
    from django.urls import reverse

    if not (actor.is_congress_staff or actor.is_system_admin):
        return []
    url = reverse("opinions:inbox")
    scope = Matter.objects.filter(kind=KIND)
    if not actor.is_system_admin:
        # Their own congresses' matters: what they are expected to act on.
        scope = scope.filter(owner_congress_id__in=actor.congress_ids)
    items = []
    waiting, more = capped_count(scope.filter(status="submitted"))
    if waiting:
        items.append({"label": _("Opinions waiting for acceptance"), "count": f"{waiting}+" if more else waiting, "url": f"{url}?status=submitted"})
    overdue = Assignment.objects.filter(matter__in=scope, state__in=Assignment.OPEN_STATES, deadline_state=DeadlineState.OVERDUE)
    overdue_count, more = capped_count(overdue)
    if overdue_count:
        items.append({"label": _("Overdue assignments"), "count": f"{overdue_count}+" if more else overdue_count, "url": f"{url}?deadline=overdue"})
    requests = (
        DeadlineExtension.objects.filter(assignment__matter__in=scope, state=DeadlineExtension.State.REQUESTED).count()
        + ReassignmentRequest.objects.filter(assignment__matter__in=scope, state=ReassignmentRequest.State.REQUESTED).count()
    )
    if requests:
        items.append({"label": _("Requests waiting for a decision"), "count": requests, "url": f"{url}?waiting={WAITING_REQUESTS}"})
    return items
