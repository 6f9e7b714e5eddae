from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DayOverride

UNITS = [("workdays", _("working days")), ("days", _("calendar days")), ("months", _("months"))]


class DayForm(forms.ModelForm):
    class Meta:
        model = DayOverride
        fields = ["date", "kind", "name", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 2})}


class DeadlineForm(forms.Form):
    start = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label=_("Period"), min_value=0, max_value=999)
    unit = forms.ChoiceField(label=_("Unit"), choices=UNITS)

    def rule(self):
        return f"{self.cleaned_data['unit']}:{self.cleaned_data['count']}"


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2004, max_value=2100)
