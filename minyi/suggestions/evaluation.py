"""The representatives' satisfaction vote on how the units handled a year's suggestions (办理工作满意度
测评), offered as a preset on the vote form: every unit that led the handling of a suggestion of the
congress assigned in that year is one object of the vote."""

from django.utils.translation import gettext as _

from minyi.matters.models import Assignment
from minyi.organisations.models import Congress

from .policy import KIND


def units_that_handled(congress, year):
    return list(
        Assignment.objects.filter(matter__kind=KIND, matter__owner_congress=congress, role=Assignment.Role.LEAD, assigned_at__year=year)
        .values_list("unit__name", flat=True).distinct().order_by("unit__name")
    )


def preset(actor, params):
    congress = Congress.objects.filter(pk=params.get("congress") or 0).first()
    year = params.get("year", "")
    if congress is None or not year.isdigit() or not (actor.is_system_admin or congress.pk in actor.congress_ids):
        return None
    units = units_that_handled(congress, int(year))
    return {
        "congress": congress.pk, "kind": "satisfaction", "quorum": "none",
        "title": _("%(year)s: satisfaction with the units' handling of representatives' suggestions") % {"year": year},
        "options_text": "\n".join(units),
    }


def register():
    from minyi.voting import presets

    presets.register("suggestion_units", preset)
