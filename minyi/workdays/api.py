import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from minyi.api.errors import ApiError
from minyi.organisations.models import Congress

from . import calendar

router = Router(tags=["workdays"])


class DeadlineIn(Schema):
    start: datetime.date = Field(description="The day the period starts from (not counted).")
    rule: str = Field(description="'workdays:N', 'days:N' or 'months:N'.", examples=["workdays:15"])
    congress: int | None = Field(None, description="Apply this congress's local entries too.")


class DeadlineOut(Schema):
    start: datetime.date
    rule: str
    date: datetime.date
    provisional: bool = Field(description="True when a year in the period has no holiday data yet (weekends only).")


class DayOut(Schema):
    date: datetime.date
    kind: str
    name: str
    is_workday: bool


def _calendar(congress_id):
    if congress_id is None:
        return calendar.Calendar()
    if not Congress.objects.filter(pk=congress_id).exists():
        raise ApiError("unknown_congress", _("There is no congress with this number."), status=404)
    return calendar.Calendar(congress_id)


@router.get("/deadline", response=DeadlineOut, summary="Compute a deadline on the working-day calendar")
def compute_deadline(request, params: Query[DeadlineIn]):
    try:
        calendar.parse_rule(params.rule)
    except ValueError:
        raise ApiError("invalid_rule", _("The rule must look like workdays:15, days:10 or months:3."), status=422) from None
    result = _calendar(params.congress).deadline(params.start, params.rule)
    return {"start": params.start, "rule": result.rule, "date": result.date, "provisional": result.provisional}


@router.get("/days/{day}", response=DayOut, summary="What kind of day a date is")
def day_kind(request, day: datetime.date, congress: int | None = None):
    cal = _calendar(congress)
    kind, name = cal.day_kind(day)
    return {"date": day, "kind": str(kind), "name": name, "is_workday": cal.is_workday(day)}
