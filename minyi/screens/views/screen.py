"""The big screen itself, opened with a display token instead of a sign-in, and the figures it
fetches every refresh interval. A token never issued is a 404, a revoked one a 410: as a page for a
person, as JSON for the running screen, which then says it was switched off."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import board, services


def _private(response):
    # The token is in the URL: no search engines, no Referer leaving the page (never_cache keeps
    # the answers out of caches).
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


STATUS = {"unknown": 404, "revoked": 410}


def _state(token):
    return "unknown" if token is None else "revoked" if token.revoked_at is not None else "live"


def _refusal(state):
    if state == "unknown":
        return {"title": _("This screen address is not valid."), "hint": _("Ask the congress staff for the screen's address.")}
    return {"title": _("This screen has been switched off."), "hint": _("The congress staff revoked its address. Ask them for a new one.")}


def _labels():
    return {
        "collected": _("Collected"),
        "completed": _("Completed"),
        "on_time_rate": _("On-time rate"),
        "satisfaction_rate": _("Satisfaction rate"),
        "avg_days_working": _("Average working days"),
        "overdue_now": _("Overdue now"),
        "completion_rate": _("Completion rate"),
        "unit_items": _("items"),
        "unit_days": _("days"),
        "no_data": _("No figures yet"),
        "reconnecting": _("Reconnecting…"),
        "updated": _("Updated"),
        "refresh": _("refreshes every %(seconds)s s"),
        "trend_collected": _("Collected"),
        "trend_completed": _("Completed"),
        "trend_on_time": _("On-time rate (%)"),
        "projects_empty": _("This year's livelihood projects have not been chosen yet."),
        "projects_average": _("Average progress"),
        "topics_empty": _("No keywords yet."),
        "categories_empty": _("No matters this year yet."),
        "map_no_matters": _("no matters"),
    }


# The six tiles across the top, in order, with the unit each one's number is in.
TILES = (("collected", "unit_items"), ("completed", "unit_items"), ("on_time_rate", "%"), ("satisfaction_rate", "%"),
         ("avg_days_working", "unit_days"), ("overdue_now", "unit_items"))


def display(key, value):
    """A tile's number as screen.js prints it too: counts with separators, rates in per cent, days
    with one decimal, a dash for nothing to show."""
    if value is None:
        return "—"
    if key.endswith("_rate"):
        return f"{value * 100:.1f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}"


def tiles(kpis, labels):
    return [{"key": key, "label": labels[key], "display": display(key, kpis[key]), "unit": labels.get(unit, unit)}
            for key, unit in TILES]


@never_cache
@require_GET
def screen(request, key):
    token = services.find(key)
    state = _state(token)
    if state != "live":
        return _private(render(request, "screens/gone.html", {**_refusal(state), "state": state}, status=STATUS[state]))
    services.seen(token)
    data = board.build(token)
    config = {
        "dataUrl": reverse("screens:data", kwargs={"key": key}),
        "refreshSeconds": token.refresh_seconds,
        "timeZone": settings.TIME_ZONE,
        "labels": _labels(),
        "refusals": {state: _refusal(state) for state in STATUS},
    }
    return _private(render(request, "screens/screen.html", {"data": data, "config": config, "tiles": tiles(data["kpis"], config["labels"])}))


@never_cache
@require_GET
def data(request, key):
    token = services.find(key)
    state = _state(token)
    if state != "live":
        refusal = _refusal(state)
        return _private(JsonResponse({"state": state, "message": refusal["title"], "hint": refusal["hint"]}, status=STATUS[state]))
    services.seen(token)
    return _private(JsonResponse(board.build(token), json_dumps_params={"ensure_ascii": False}))
