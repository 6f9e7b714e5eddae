"""The congress staff's forms for duty activities: a new activity with the representatives invited,
attendance recorded by hand, and the note on a staff decision."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.organisations.models import Congress, Session, Station
from minyi.representatives.models import Mandate, Representative, RepresentativeGroup

from .models import Activity

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def serving(congresses):
    """The representatives holding a mandate today in one of `congresses`."""
    mandates = Mandate.objects.covering(timezone.localdate()).filter(congress__in=congresses)
    return Representative.objects.filter(pk__in=mandates.values("representative")).order_by("name", "pk")


class RepresentativeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, representative):
        return f"{representative.name}（{representative.public_code}）" if representative.public_code else representative.name


class ActivityForm(forms.ModelForm):
    invited = RepresentativeChoices(
        label=_("Invited representatives"), queryset=Representative.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Representatives of the congress serving today. Others who scan the code wait for staff to confirm them."),
    )

    class Meta:
        model = Activity
        fields = ["congress", "kind", "title", "starts_at", "ends_at", "place", "latitude", "longitude", "radius_m", "organiser",
                  "station", "group", "session", "public"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def __init__(self, *args, congresses, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [c.pk for c in congresses]
        self.fields["congress"].queryset = Congress.objects.filter(pk__in=ids)
        self.fields["congress"].empty_label = None
        self.fields["station"].queryset = Station.objects.filter(congress__in=ids, is_active=True).order_by("name")
        self.fields["group"].queryset = RepresentativeGroup.objects.filter(congress__in=ids).order_by("name")
        self.fields["session"].queryset = Session.objects.filter(term__congress__in=ids).select_related("term__congress")
        self.fields["invited"].queryset = serving(ids)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def clean(self):
        cleaned = super().clean()
        congress = cleaned.get("congress")
        if congress is None:
            return cleaned
        for name, owner in (("station", "congress_id"), ("group", "congress_id")):
            chosen = cleaned.get(name)
            if chosen is not None and getattr(chosen, owner) != congress.pk:
                self.add_error(name, _("Choose one of the congress's own."))
        if cleaned.get("session") is not None and cleaned["session"].term.congress_id != congress.pk:
            self.add_error("session", _("Choose one of the congress's own."))
        invited = cleaned.get("invited") or []
        outsiders = [r.name for r in invited if r not in serving([congress.pk])]
        if outsiders:
            self.add_error("invited", _("Not representatives of this congress: %(names)s") % {"names": "、".join(outsiders)})
        return cleaned

    def activity_fields(self):
        """What services.create_activity takes besides the congress and the invited."""
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields if name != "congress"}


class ByHandForm(forms.Form):
    representative = forms.ModelChoiceField(label=_("Representative"), queryset=Representative.objects.none())
    reason = forms.CharField(label=_("Why by hand"), max_length=300, help_text=_("For example: no smartphone, signed the paper list."))

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = activity.attendances.values("representative")
        self.fields["representative"].queryset = serving([activity.congress_id]).exclude(pk__in=recorded)
        self.fields["representative"].label_from_instance = lambda r: f"{r.name}（{r.public_code}）" if r.public_code else r.name


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types"))] + list(Activity.Kind.choices))
    month = forms.CharField(label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}))

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return datetime.date(year, month, 1)
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Give a month as YYYY-MM.")) from None
