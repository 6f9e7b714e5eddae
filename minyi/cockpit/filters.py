"""The cockpit's GET parameters turned into a figures Scope, or into Chinese messages.

Every cockpit view, list and export goes through `parse`: a region outside the user's scope is
answered exactly like a region that does not exist (404, one message), so the drill-down cannot
be used to learn which codes exist elsewhere; a period that cannot be read is a 400. No view
computes a figure before this has passed."""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.figures import queries, scopes
from minyi.figures.queries import Period, PeriodError, Scope
from minyi.matters.policies import registry
from minyi.regions.models import Region

MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})\Z")
CODE = re.compile(r"^[0-9]{12}\Z")
EARLIEST = datetime.date(2000, 1, 1)
DEFAULT_MONTHS = 12
MAX_VALUE = 64
# The breakdowns plus the hot topics' words: each word's count opens its matters.
LIST_DIMENSIONS = (*queries.DIMENSIONS, "keyword")


class FilterError(Exception):
    """A filter the cockpit refuses: `errors` {field: message}, `status` 400 or 404."""

    def __init__(self, errors, status):
        super().__init__("; ".join(str(m) for m in errors.values()))
        self.errors = errors
        self.status = status


@dataclass
class Filters:
    region: Region
    start: datetime.date  # first day of the first month
    end: datetime.date  # first day of the last month
    kind: str
    scope: Scope
    tops: list  # the user's top regions, for the breadcrumb
    stage: str = ""
    dimension: str = ""
    value: str = ""
    words: str = ""

    @property
    def start_param(self):
        return self.start.strftime("%Y-%m")

    @property
    def end_param(self):
        return self.end.strftime("%Y-%m")

    def params(self, **changes):
        """The query string of these filters with `changes`; empty values are left out."""
        values = {"region": self.region.code, "from": self.start_param, "to": self.end_param, "kind": self.kind}
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})

    def matters_params(self, stage="", dim="", value="", q=""):
        return self.params(stage=stage, dim=dim, value=value, q=q)

    def path(self):
        """The regions from the user's top region down to this one (the breadcrumb)."""
        chain, region = [], self.region
        top_codes = {top.code for top in self.tops}
        while region is not None:
            chain.append(region)
            if region.code in top_codes:
                break
            region = region.parent
        # A tree that does not pass through a top region exactly still never shows a region above them.
        return [region for region in reversed(chain) if within_tops(self.tops, region.code)]


def kinds():
    """[(key, label)] of the kinds the figures count."""
    return [(policy.key, str(policy.label)) for policy in registry if policy.key in queries_kinds()]


def queries_kinds():
    known = getattr(queries, "KINDS", None)
    if known:
        return tuple(known)
    return tuple(policy.key for policy in registry if policy.key != "test")


def _month(raw, name):
    match = MONTH.match(raw)
    if not match:
        raise ValueError(_("%(name)s must be a month written as YYYY-MM, e.g. 2026-03.") % {"name": name})
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise ValueError(_("%(name)s must be a month written as YYYY-MM, e.g. 2026-03.") % {"name": name})
    return datetime.date(year, month, 1)


def _back(month, months):
    index = month.year * 12 + month.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def parse_period(params, today=None):
    """(start, end) months from `from`/`to`; the last twelve months when neither is given."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    raw_start, raw_end = (params.get("from") or "").strip(), (params.get("to") or "").strip()
    errors = {}
    start = end = None
    try:
        end = _month(raw_end, _("The end month")) if raw_end else this_month
    except ValueError as error:
        errors["to"] = str(error)
    try:
        start = _month(raw_start, _("The start month")) if raw_start else _back(end or this_month, DEFAULT_MONTHS - 1)
    except ValueError as error:
        errors["from"] = str(error)
    if start and start < EARLIEST:
        errors["from"] = _("The platform has no figures before January 2000.")
    if end and end < EARLIEST:
        errors["to"] = _("The platform has no figures before January 2000.")
    latest = {"month": this_month.strftime("%Y-%m")}
    if end and end > this_month:
        errors["to"] = _("The end month lies in the future; the latest month with figures is %(month)s.") % latest
    if start and start > this_month and "from" not in errors:
        errors["from"] = _("The start month lies in the future; the latest month with figures is %(month)s.") % latest
    if start and end and start > end and not errors:
        errors["from"] = _("The start month %(start)s comes after the end month %(end)s.") % {
            "start": start.strftime("%Y-%m"),
            "end": end.strftime("%Y-%m"),
        }
    return start, end, errors


def within_tops(tops, code):
    """Is `code` one of `tops` or below one? By each region's level prefix (PREFIX_LENGTH): the
    trailing zeros of a code are not its prefix (township 420802100000 is 420802100, not 4208021)."""
    return any(code.startswith(top.prefix) for top in tops)


def _region(raw, tops):
    """The region asked for, when the user may see it; the first top region when none is asked."""
    if not raw:
        return tops[0]
    if not CODE.match(raw):
        raise FilterError({"region": _("A region code has 12 digits, e.g. 420800000000.")}, 400)
    region = Region.objects.filter(code=raw).select_related("parent").first()
    # An unknown code and a code outside the user's regions get the same answer.
    if region is None or not within_tops(tops, region.code):
        raise FilterError({"region": _("There is no such region among the regions whose figures you may see.")}, 404)
    return region


def parse(user, params, *, today=None, with_list=False):
    """Filters from the GET `params`, or FilterError. `with_list` also reads the matters list's
    stage, dimension, value and search word."""
    tops = list(scopes.regions_for(user))
    if not tops:
        raise FilterError({"region": _("Your account has no region whose figures it may see.")}, 403)
    region = _region((params.get("region") or "").strip(), tops)
    start, end, errors = parse_period(params, today)
    kind = (params.get("kind") or "").strip()
    if kind and kind not in queries_kinds():
        errors["kind"] = _("Unknown kind of matter.")
    stage = dimension = value = words = ""
    if with_list:
        stage = (params.get("stage") or "").strip()
        dimension = (params.get("dim") or "").strip()
        value = (params.get("value") or "").strip()
        words = (params.get("q") or "").strip()[:50]
        if stage and stage not in queries.STAGES:
            errors["stage"] = _("Unknown figure.")
        if dimension and dimension not in LIST_DIMENSIONS:
            errors["dim"] = _("Unknown breakdown.")
        if (dimension and not value) or (value and not dimension) or len(value) > MAX_VALUE:
            errors["value"] = _("A breakdown needs both its name and its value.")
        if dimension == "region" and value:
            child = Region.objects.filter(code=value).first() if CODE.match(value) else None
            # The region itself stands for the matters registered at it rather than below.
            if child is None or not child.code.startswith(region.prefix) or not within_tops(tops, child.code):
                raise FilterError({"region": _("There is no such region among the regions whose figures you may see.")}, 404)
    if errors:
        raise FilterError(errors, 400)
    try:
        period = Period.parse(start=start.strftime("%Y-%m"), end=end.strftime("%Y-%m"), today=today)
    except PeriodError as error:
        raise FilterError({"from": str(error)}, 400) from None
    scope = Scope(region_code=region.code, period=period, kind=kind)
    return Filters(region, start, end, kind, scope, tops, stage, dimension, value, words)


def raw_values(params):
    """What the user typed, to show again in the filter form beside the message."""
    return {name: (params.get(name) or "")[:20] for name in ("region", "from", "to", "kind")}
