from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _one_row_per_congress_and(field_name, model_name, national_duplicate_message):
    """Unique (field, congress) where all national rows (congress NULL) also count as one congress.

    This is what UniqueConstraint(nulls_distinct=False) means, spelled as two constraints because
    SQLite (the embedded mode's database) does not support nulls_distinct: Django would skip that
    constraint there altogether and warn (models.W047) on every `manage.py check`.
    """
    return [
        models.UniqueConstraint(fields=[field_name, "congress"], name=f"workdays_{model_name}_unique_local"),
        models.UniqueConstraint(
            fields=[field_name],
            condition=Q(congress__isnull=True),
            name=f"workdays_{model_name}_unique_national",
            violation_error_message=national_duplicate_message,
        ),
    ]


class DayOverride(models.Model):
    """One day as an administrator declares it; it wins over the chinesecalendar package."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Statutory holiday (day off)")
        WORKDAY = "workday", _("Adjusted working day")

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("The holiday it belongs to, e.g. Spring Festival.")
    )
    congress = models.ForeignKey(
        "organisations.Congress",
        verbose_name=_("congress"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="day_overrides",
        help_text=_("Leave empty for a national entry; otherwise the entry applies to this congress only."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("day override")
        verbose_name_plural = _("day overrides")
        ordering = ["date"]
        constraints = _one_row_per_congress_and("date", "dayoverride", _("There is already a national entry for this date."))

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".rstrip()


class HolidayYear(models.Model):
    """Whether a year's holidays have been entered in full, which ends its provisional status."""

    year = models.PositiveSmallIntegerField(_("year"))
    congress = models.ForeignKey(
        "organisations.Congress",
        verbose_name=_("congress"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="holiday_years",
        help_text=_("Leave empty for the national calendar."),
    )
    complete = models.BooleanField(
        _("complete"),
        default=False,
        help_text=_(
            "An administrator has entered this year's full State Council notice, "
            "so deadlines in this year are no longer provisional."
        ),
    )

    class Meta:
        verbose_name = _("holiday year")
        verbose_name_plural = _("holiday years")
        ordering = ["-year"]
        constraints = _one_row_per_congress_and("year", "holidayyear", _("There is already a national entry for this year."))

    def __str__(self):
        return str(self.year)
