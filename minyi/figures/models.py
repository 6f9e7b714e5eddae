"""The figures' two stores, both derived from the matters and rebuilt from them at any time.

`MatterFact` is one row per matter with what every figure asks of it (its dimensions and its
stage flags), computed from the engine's tables. `FigureCell` sums the facts by region (each
level from the province down to the matter's own), month of collection, kind and one dimension
value: the cockpit reads a handful of cells instead of counting a million matters.
Both are kept by the worker as matters change (pending.py); rebuild.py makes them afresh."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The counters a fact contributes as 0/1 and a cell sums, in funnel order first.
FLAGS = (
    "collected",
    "resolved_on_spot",
    "converted",
    "assigned",
    "completed",
    "satisfied",
    "evaluated",
    "due_replied",
    "on_time",
    "overdue_now",
    "open_now",
)
# Handling days summed over the matters that have them, with how many those are.
DAY_SUMS = ("days_calendar", "timed", "days_working", "timed_working")
COUNTERS = FLAGS + DAY_SUMS


class MatterFact(models.Model):
    matter = models.OneToOneField(
        "matters.Matter", verbose_name=_("matter"), primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30)
    region_code = models.CharField(_("region code"), max_length=12)
    level = models.PositiveSmallIntegerField(_("region level"))
    month = models.DateField(_("month collected"))
    # The matter's own time, so lists behind a figure page on this table's index, newest first.
    created_at = models.DateTimeField(_("collected at"))
    category = models.CharField(_("category"), max_length=50, blank=True)
    channel = models.CharField(_("channel"), max_length=30, blank=True)
    station_id = models.BigIntegerField(_("station"), null=True, blank=True)
    unit_id = models.BigIntegerField(_("lead unit"), null=True, blank=True)
    group_id = models.BigIntegerField(_("representative group"), null=True, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    resolved_on_spot = models.BooleanField(default=False)
    converted = models.BooleanField(default=False)
    assigned = models.BooleanField(default=False)
    completed = models.BooleanField(default=False)
    satisfied = models.BooleanField(default=False)
    evaluated = models.BooleanField(default=False)
    due_replied = models.BooleanField(default=False)
    on_time = models.BooleanField(default=False)
    overdue_now = models.BooleanField(default=False)
    open_now = models.BooleanField(default=False)
    days_calendar = models.PositiveIntegerField(null=True, blank=True)
    days_working = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("matter fact")
        verbose_name_plural = _("matter facts")
        indexes = [
            models.Index(fields=["region_code", "month"]),
            models.Index(fields=["month", "kind"]),
            models.Index(fields=["-created_at", "-matter"], name="matterfact_newest"),
        ]


class FigureCell(models.Model):
    region_code = models.CharField(_("region code"), max_length=12)
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=30)
    # "all" (value ""), "region" (a child region's code), "category", "channel", "station", "unit", "group", "keyword"
    dimension = models.CharField(_("dimension"), max_length=10)
    value = models.CharField(_("value"), max_length=64, blank=True)
    collected = models.IntegerField(default=0)
    resolved_on_spot = models.IntegerField(default=0)
    converted = models.IntegerField(default=0)
    assigned = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    evaluated = models.IntegerField(default=0)
    due_replied = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    overdue_now = models.IntegerField(default=0)
    open_now = models.IntegerField(default=0)
    days_calendar = models.BigIntegerField(default=0)
    timed = models.IntegerField(default=0)
    days_working = models.BigIntegerField(default=0)
    timed_working = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("figure cell")
        verbose_name_plural = _("figure cells")
        constraints = [
            models.UniqueConstraint(fields=["region_code", "dimension", "month", "kind", "value"], name="figurecell_one_per_key")
        ]


class PendingMatter(models.Model):
    """A matter whose facts are stale: written when its transaction commits, taken by the worker."""

    matter_id = models.BigIntegerField(primary_key=True)
    noted_at = models.DateTimeField(auto_now_add=True)


FACT_FIELDS_UPDATED = [f.name for f in MatterFact._meta.concrete_fields if not f.primary_key]
