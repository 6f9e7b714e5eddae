"""The staff's forms for the annual duty list, the points scheme and a score adjustment."""

import decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .duty_list import LIST_MEASURES
from .models import DutyRequirement, Measure

POINTS = {"max_digits": 6, "decimal_places": 1, "min_value": decimal.Decimal("-100"), "max_value": decimal.Decimal("100")}


class DutyListForm(forms.Form):
    """One row per duty the list can ask for: leave the target empty for a duty not asked for."""

    note = forms.CharField(label=_("Note to the representatives"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, duty_list=None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        if duty_list is not None:
            initial.setdefault("note", duty_list.note)
            for requirement in duty_list.requirements.all():
                initial.setdefault(f"target_{requirement.measure}", requirement.target)
                initial.setdefault(f"per_{requirement.measure}", requirement.per)
        super().__init__(*args, initial=initial, **kwargs)
        for measure in LIST_MEASURES:
            self.fields[f"target_{measure.value}"] = forms.IntegerField(
                label=measure.label, required=False, min_value=1, max_value=999, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
            self.fields[f"per_{measure.value}"] = forms.ChoiceField(
                label=_("how often"), choices=DutyRequirement.Per.choices, initial=DutyRequirement.Per.YEAR, required=False,
                widget=forms.Select(attrs={"aria-label": format_lazy("{}: {}", measure.label, _("how often"))}))

    def rows(self):
        """[(label, target field, per field)] for the template."""
        return [(m.label, self[f"target_{m.value}"], self[f"per_{m.value}"]) for m in LIST_MEASURES]

    def requirements(self):
        data = self.cleaned_data
        return [(m.value, data[f"target_{m.value}"], data.get(f"per_{m.value}") or DutyRequirement.Per.YEAR)
                for m in LIST_MEASURES if data.get(f"target_{m.value}")]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(f"target_{m.value}") for m in LIST_MEASURES):
            raise forms.ValidationError(_("Set at least one expected duty."))
        return cleaned


class PointsForm(forms.Form):
    """Points per measure; an empty value scores nothing."""

    def __init__(self, *args, points=None, **kwargs):
        super().__init__(*args, **kwargs)
        for measure in Measure:
            self.fields[f"points_{measure.value}"] = forms.DecimalField(
                label=measure.label, required=False, initial=(points or {}).get(measure.value), **POINTS,
                widget=forms.NumberInput(attrs={"step": "0.5"}))

    def rows(self):
        return [self[f"points_{m.value}"] for m in Measure]

    def points(self):
        return {m.value: self.cleaned_data.get(f"points_{m.value}") for m in Measure}


class AdjustmentForm(forms.Form):
    points = forms.DecimalField(label=_("Points"), help_text=_("Negative to deduct, e.g. -3."), **POINTS,
                                widget=forms.NumberInput(attrs={"step": "0.5"}))
    reason = forms.CharField(label=_("Reason"), max_length=300, error_messages={"required": _("Give the reason for the adjustment.")},
                             widget=forms.Textarea(attrs={"rows": 2}))
