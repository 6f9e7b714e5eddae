"""What a workbench's front page shows: the actor's scope and the figures within it. Later apps
add to the inbox through `inbox.register`."""

from minyi.accounts import access
from minyi.core import health
from minyi.organisations.models import Congress, Station, Unit
from minyi.representatives.models import Representative
from minyi.workdays.calendar import missing_next_year_warning

from . import inbox


def for_staff(actor):
    congresses = access.visible(actor.user, Congress.objects.select_related("region"))
    my_congresses = congresses.filter(pk__in=actor.congress_ids)
    context = {
        "my_congresses": list(my_congresses),
        "counts": {
            "congresses": congresses.count(),
            "units": access.visible(actor.user, Unit.objects.filter(is_active=True)).count(),
            "stations": access.visible(actor.user, Station.objects.filter(is_active=True)).count(),
            "representatives": access.visible(actor.user, Representative.objects.all()).count(),
        },
        "inbox": inbox.items_for(actor),
    }
    if actor.is_system_admin:
        context["health"] = health.report()
        context["holiday_warning"] = missing_next_year_warning()
    return context


def for_unit(actor):
    units = list(Unit.objects.filter(pk__in=actor.unit_ids).select_related("region", "parent"))
    return {"units": units, "inbox": inbox.items_for(actor), "is_unit_admin": bool(actor.admin_unit_ids)}
