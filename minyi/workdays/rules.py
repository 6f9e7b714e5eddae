"""Who may change the working-day calendar: national entries are for system administrators,
a congress's local entries for that congress's staff."""

from minyi.accounts import access

from .models import DayOverride, HolidayYear


def may_edit_calendar_of(actor, congress):
    if actor.is_system_admin:
        return True
    return congress is not None and congress.pk in actor.congress_ids and actor.is_congress_staff


@access.scope(DayOverride)
def overrides_in_scope(actor, queryset):
    # The calendar itself is public knowledge; scope only decides which rows one may correct.
    if actor.is_system_admin:
        return queryset
    return queryset.filter(congress_id__in=actor.congress_ids)


@access.rule(DayOverride, "manage")
def may_manage_override(actor, override):
    return may_edit_calendar_of(actor, override.congress)


@access.rule(HolidayYear, "manage")
def may_manage_year(actor, holiday_year):
    return may_edit_calendar_of(actor, holiday_year.congress)
