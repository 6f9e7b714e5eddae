"""Rows that hold for a stretch of days: a congress's term, a representative's mandate, a
station assignment, a grid responsibility. Every one of them has a first day and an optional
last day, and every one is asked the same questions ("does it hold on this day?", "does it
overlap another?"), so they share one definition."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodQuerySet(models.QuerySet):
    def covering(self, day):
        """Rows that hold on `day` (both ends count)."""
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))

    def current(self):
        return self.covering(timezone.localdate())

    def overlapping(self, start, end):
        """Rows that share at least one day with the period from `start` to `end` (None: open)."""
        query = Q(end__isnull=True) | Q(end__gte=start)
        if end is not None:
            query &= Q(start__lte=end)
        return self.filter(query)


class Period(models.Model):
    """A first day and an optional last day; both days belong to the period."""

    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True, help_text=_("The last day. Leave empty while it lasts."))

    objects = PeriodQuerySet.as_manager()

    # Subclasses name the rows a period must not overlap (or None) and the message saying so.
    overlap_message = _("This period overlaps another one.")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="%(app_label)s_%(class)s_end_not_before_start"
            )
        ]

    def covers(self, day):
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def is_current(self):
        return self.covers(timezone.localdate())

    def overlap_candidates(self):
        """The rows this one may not overlap; None when overlaps are allowed."""
        return None

    def clean(self):
        super().clean()
        if self.start is None:
            return
        if self.end is not None and self.end < self.start:
            raise ValidationError({"end": _("The last day cannot come before the first day.")})
        candidates = self.overlap_candidates()
        if candidates is not None and candidates.exclude(pk=self.pk).overlapping(self.start, self.end).exists():
            raise ValidationError(self.overlap_message)
