"""What every sheet spec shares: its columns, lookups done in bulk, scope checks, the plan."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.organisations.models import Congress
from minyi.regions.models import PREFIX_LENGTH, Level, Region

from ..columns import CellError, Column, _as_text

CHUNK = 500  # ids per IN (…) query: well under SQLite's variable limit


def chunked(values, size=CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def fetch_in(queryset, field_name, values):
    """All rows of `queryset` whose `field_name` is one of `values`, a few queries for any number."""
    found = []
    for part in chunked(set(values)):
        found.extend(queryset.filter(**{f"{field_name}__in": part}))
    return found


@dataclass
class Plan:
    """What applying a file would do: an outcome ("new", "update", "unchanged") per row number, and
    whatever the spec needs to write it."""

    outcomes: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)


class MaskedPhone(str):
    """A phone written as 138****1234 (an export for someone who may not see numbers)."""


class PhoneColumn(Column):
    MASKED = re.compile(r"^1\d{2}\*{4}\d{4}$")

    def __init__(self, key, label, *, normalise, **kwargs):
        super().__init__(key, label, **kwargs)
        self._normalise = normalise

    def parse(self, value):
        text = _as_text(value)
        if self.MASKED.match(text.replace(" ", "")):
            return MaskedPhone(text.replace(" ", ""))
        try:
            return self._normalise(text)
        except ValidationError as error:
            raise CellError(error.messages[0]) from None

    def allowed(self):
        return self.help_text and str(self.help_text) or _("An 11-digit mainland mobile number.")


class Spec:
    kind = ""
    title = ""  # the sheet's title and the kind's name on pages
    item = ""  # what one row is, for the instructions
    description = ""
    model = None
    order = 100
    list_url_name = ""  # the management list of these records, linked after an import
    columns = []
    notes = []  # kind-specific lines for the instructions sheet

    def __init__(self):
        self.keys = {column.key for column in self.columns}
        self._by_key = {column.key: column for column in self.columns}

    def column(self, key):
        return self._by_key[key]

    def list_url(self):
        try:
            return reverse(self.list_url_name) if self.list_url_name else ""
        except NoReverseMatch:
            return ""

    # --- what subclasses provide ---------------------------------------------------------------

    def plan(self, rows, actor, report):
        raise NotImplementedError

    def apply(self, plan, actor, progress):
        raise NotImplementedError

    def export_rows(self, queryset, user):
        """Dicts of column key -> value, in the order of the sheet."""
        raise NotImplementedError

    def whole_scope(self, user):
        return access.visible(user, self.model.objects.all())

    def dropdowns(self, actor):
        """Drop-down values computed for the actor: {column key: [values]}."""
        return {}


# --- regions and congresses, as every kind needs them ----------------------------------------------


def ancestor_codes(code):
    """The code itself and the codes of the regions above it, deepest first."""
    codes = []
    for level in sorted(PREFIX_LENGTH, reverse=True):
        candidate = code[: PREFIX_LENGTH[level]].ljust(12, "0")
        if candidate not in codes:
            codes.append(candidate)
    return codes


def regions_by_code(codes):
    return {region.code: region for region in fetch_in(Region.objects.all(), "code", codes)}


def congresses_by_code(codes):
    queryset = Congress.objects.select_related("region")
    return {congress.region_id: congress for congress in fetch_in(queryset, "region_id", codes)}


def in_scope(actor, code):
    """May the actor write records of this region (a congress staff member of a congress above it)?"""
    return actor.is_system_admin or (actor.is_congress_staff and actor.covers_region(code))


def check_region(report, row, key, code, regions, actor):
    """The region of `code`, or None after reporting why it cannot be used."""
    region = regions.get(code)
    if region is None:
        report.error(row, key, _("Unknown division code %(code)s.") % {"code": code})
        return None
    if not in_scope(actor, code):
        report.error(row, key, _("%(region)s (%(code)s) is outside your area.") % {"region": region.name, "code": code})
        return None
    return region


def region_options(actor, *, limit=5000):
    """(code, name) of the regions an actor may import into, for the drop-downs: down to the
    townships, or only down to the counties where that would make the list too long."""
    queryset = Region.objects.filter(is_active=True)
    if not actor.is_system_admin:
        queryset = queryset.filter(_prefix_q(actor))
    for deepest in (Level.TOWNSHIP, Level.COUNTY, Level.CITY):
        rows = list(queryset.filter(level__lte=deepest).order_by("code").values_list("code", "name")[: limit + 1])
        if len(rows) <= limit:
            return rows
    return rows[:limit]


def _prefix_q(actor):
    query = Q(pk__in=[])
    for prefix in actor.region_prefixes if actor.is_congress_staff else ():
        query |= Q(code__startswith=prefix)
    return query


def congress_options(actor, *, councils=True):
    queryset = access.visible(actor.user, Congress.objects.filter(is_active=True)) if actor.user else Congress.objects.none()
    if not councils:
        queryset = queryset.filter(kind=Congress.Kind.CONGRESS)
    if not actor.is_system_admin and not actor.is_congress_staff:
        return []
    return list(queryset.order_by("region_id").values_list("region_id", "name")[:5000])


def labelled(options):
    return [f"{code} {name}" for code, name in options]
