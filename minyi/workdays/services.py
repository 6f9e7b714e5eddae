"""Writes to the working-day calendar; each is audited through the tracked models."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from minyi.accounts.access import actor_for
from minyi.audit.services import record_denial

from .models import DayOverride, HolidayYear
from .rules import may_edit_calendar_of


def _require(actor_user, congress, action):
    if not may_edit_calendar_of(actor_for(actor_user), congress):
        record_denial(actor_user, action, congress)
        raise PermissionDenied


@transaction.atomic
def add_day(*, actor, date, kind, name="", note="", congress=None):
    _require(actor, congress, "workdays.add_day")
    override = DayOverride(date=date, kind=kind, name=name, note=note, congress=congress, created_by=actor)
    override.full_clean()
    override.save()
    return override


@transaction.atomic
def remove_day(override, *, actor):
    _require(actor, override.congress, "workdays.remove_day")
    override.delete()


@transaction.atomic
def set_year_complete(*, actor, year, complete, congress=None):
    _require(actor, congress, "workdays.set_year_complete")
    holiday_year, _ = HolidayYear.objects.get_or_create(year=year, congress=congress)
    if holiday_year.complete != complete:
        holiday_year.complete = complete
        holiday_year.save(update_fields=["complete"])
    return holiday_year
