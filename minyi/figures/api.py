"""The figures over JSON, for a congress's own systems: the same scopes as the cockpit (a region
the caller may not see answers 404, exactly like one that does not exist)."""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from minyi.api.auth import session_or_token
from minyi.api.errors import ApiError

from . import queries, scopes
from .queries import Period, PeriodError, Scope, ScopeError

router = Router(tags=["figures"], auth=session_or_token)
DEFAULT_MONTHS = 12


class ScopeIn(Schema):
    region: str = ""
    start: str = ""
    end: str = ""
    kind: str = ""


def _scope(request, params):
    regions = scopes.regions_for(request.user)
    if not regions:
        raise ApiError("forbidden", _("Figures are for congress staff and leaders."), status=403)
    code = params.region or regions[0].code
    try:
        period = Period.parse(params.start, params.end) if (params.start or params.end) else Period.months_back(DEFAULT_MONTHS)
        scope = Scope(code, period, params.kind)
    except PeriodError as error:
        raise ApiError("bad_period", str(error), status=400) from None
    except ScopeError:
        scope = None
    if scope is None or not scopes.allowed(request.user, scope.region_code):
        raise ApiError("not_found", _("There is no region with the code %(code)s among yours.") % {"code": code}, status=404)
    return scope


def _scope_out(scope):
    return {"region": scope.region_code, "start": scope.period.start_text, "end": scope.period.end_text, "kind": scope.kind}


@router.get("/scopes", summary="The regions whose figures you may see")
def scope_list(request):
    return [{"region": r.code, "name": r.name, "level": r.level} for r in scopes.regions_for(request.user)]


@router.get("/summary", summary="The closed loop's figures of a region and period (months YYYY-MM)")
def summary(request, params: Query[ScopeIn]):
    scope = _scope(request, params)
    figures = queries.summary(scope)
    return {"scope": _scope_out(scope), "figures": figures.as_dict(),
            "funnel": [{"stage": s.key, "label": s.label, "count": s.count} for s in figures.funnel]}


@router.get("/trend", summary="The figures month by month")
def trend(request, params: Query[ScopeIn]):
    scope = _scope(request, params)
    return {"scope": _scope_out(scope),
            "months": [{"month": f"{month:%Y-%m}", **figures.as_dict()} for month, figures in queries.trend(scope)]}


@router.get("/breakdown/{dimension}", summary="The figures by region (the regions below), kind, category, channel, station, unit or group")
def breakdown(request, dimension: Literal["region", "kind", "category", "channel", "station", "unit", "group"], params: Query[ScopeIn]):
    scope = _scope(request, params)
    return {"scope": _scope_out(scope), "dimension": dimension,
            "rows": [{"value": row.value, "label": row.label, **row.figures.as_dict()} for row in queries.breakdown(scope, dimension)]}


@router.get("/hot-topics", summary="The words the matters speak of most")
def hot_topics(request, params: Query[ScopeIn], limit: int = 20):
    scope = _scope(request, params)
    limit = max(1, min(limit, 100))
    return {"scope": _scope_out(scope), "words": [{"word": word, "count": n} for word, n in queries.hot_topics(scope, limit)]}
