"""Forms of the reception days: what a citizen raises at a session (typed by the representative on
duty or by staff), a unit head invited, and the desk's filter of sessions."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from minyi.opinions import services as opinions
from minyi.opinions.forms import KEY_PATTERN, attach_service_errors, new_idempotency_key
from minyi.opinions.models import Category, Form
from minyi.regions.models import Region, within
from minyi.representatives.models import Representative

from .reception import units_for

# How far below the station's own region the place of an opinion can be chosen (a township's
# villages, a county's townships and their villages).
PLACE_DEPTH = 2


def place_choices(station):
    """The station's region and the places under it, indented by level."""
    region = station.region
    places = Region.objects.filter(within("code", region.prefix), level__lte=region.level + PLACE_DEPTH, is_active=True).order_by("code")
    return [(place.code, "\u3000" * (place.level - region.level) + place.name) for place in places.only("code", "name", "level")]


def _normalised(value):
    # Browsers send line breaks as \r\n but count them as one character against maxlength.
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


class ReceptionOpinionForm(forms.Form):
    """A citizen's opinion as the representative on duty (or staff) types it in at the session.
    `representatives`, given on the desk, are those on duty: staff name who received it."""

    representative = forms.ModelChoiceField(label=_("Received by"), queryset=Representative.objects.none(), required=False,
                                            empty_label=_("No representative"))
    # Required by the opinions' own check (at least five characters), which says so in one message.
    text = forms.CharField(label=_("What does the citizen raise?"), strip=False, required=False,
                           widget=forms.Textarea(attrs={"rows": 5, "maxlength": opinions.TEXT_LIMIT}))
    category = forms.ChoiceField(label=_("Category"), required=False)
    region_code = forms.ChoiceField(label=_("Where is it?"))
    address = forms.CharField(label=_("Address or landmark"), required=False, max_length=200, widget=forms.TextInput(attrs={"maxlength": 200}))
    citizen_name = forms.CharField(label=_("Citizen's name"), required=False, max_length=50, widget=forms.TextInput(attrs={"maxlength": 50}))
    phone = forms.CharField(label=_("Citizen's mobile phone"), required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "maxlength": 20}),
                            help_text=_("With a number, the citizen follows the opinion with its tracking code and the last four digits."))
    anonymous = forms.BooleanField(label=_("Keep the citizen's name and phone from the handling unit"), required=False)
    publish_consent = forms.BooleanField(label=_("The result may be published without the citizen's personal data"), required=False)
    consent = forms.BooleanField(
        label=_("The citizen has heard the notice above and agrees"),
        error_messages={"required": _("Tick the box to agree to the notice; without it the opinion cannot be sent.")},
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, station, representatives=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["region_code"].choices = place_choices(station)
        if not self.is_bound:
            self.initial.setdefault("region_code", station.region_id)
            self.initial.setdefault("idempotency_key", new_idempotency_key())
        if representatives is None:
            del self.fields["representative"]
        else:
            self.fields["representative"].queryset = Representative.objects.filter(pk__in=[r.pk for r in representatives]).order_by("name", "pk")
            self.fields["representative"].required = bool(representatives)
            if len(representatives) == 1 and not self.is_bound:
                self.initial.setdefault("representative", representatives[0].pk)
        categories = list(Category.objects.filter(is_active=True).order_by("order", "code").values_list("code", "name"))
        if categories:
            self.fields["category"].choices = [("", _("Choose a category (optional)")), *categories]
        else:
            del self.fields["category"]

    def clean_text(self):
        return _normalised(self.cleaned_data.get("text"))

    def clean_idempotency_key(self):
        key = (self.cleaned_data.get("idempotency_key") or "").strip()
        return key if KEY_PATTERN.match(key) else ""

    def clean(self):
        data = super().clean()
        try:
            opinions.validate_submission(self.submission())
        except ValidationError as error:
            attach_service_errors(self, error)
        return data

    def submission(self):
        data = self.cleaned_data
        return opinions.Submission(
            text=data.get("text") or "", region_code=data.get("region_code") or "", category=data.get("category") or "", form=Form.OPINION,
            address=data.get("address") or "", citizen_name=data.get("citizen_name") or "", phone=data.get("phone") or "",
            anonymous=bool(data.get("anonymous")), publish_consent=bool(data.get("publish_consent")),
        )


class UnitGuestForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=50)
    position = forms.CharField(label=_("Position"), max_length=100, required=False, help_text=_("For example: director, deputy director."))

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(activity)


class SessionFilterForm(forms.Form):
    station = forms.ModelChoiceField(label=_("Station"), queryset=None, required=False, empty_label=_("All stations"))
    month = forms.CharField(label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}))

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return datetime.date(year, month, 1)
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Give a month as YYYY-MM.")) from None
