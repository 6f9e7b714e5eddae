"""Forms for proposing a livelihood project idea: the citizen's H5 form, the representative's phone
form and the department's desk form. The rules of an idea (title, text, phone) stay in
`services.propose`; these forms turn what was typed into its arguments, say which year it is for,
where it is, and show the service's errors field by field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minyi.opinions.forms import KEY_PATTERN, attach_service_errors, new_idempotency_key
from minyi.regions.models import Region
from minyi.representatives import personal_data

from . import services

# services.propose refuses a shorter text; the form checks it too so that every mistake shows at once
# (the service has no check without saving), with the service's own words.
TEXT_MINIMUM = services.TEXT_MINIMUM

__all__ = ["CitizenProposalForm", "DepartmentProposalForm", "RepresentativeProposalForm", "TrackProposalForm", "attach_service_errors"]


def normalised_text(value):
    # Browsers send line breaks as \r\n but count them as one character against maxlength.
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


def year_choice_label(year):
    return gettext("%(title)s (ideas until %(date)s)") % {"title": year.title, "date": formats.date_format(year.collection_until, "Y-m-d")}


def place_in(code, congress):
    """The region `code` names, when it is an active place within the congress's area; None for no
    place. Raises ValidationError (for the place field) otherwise."""
    code = (code or "").strip()
    if not code:
        return None
    region = Region.objects.filter(pk=code, is_active=True).first() if code.isdigit() and len(code) == 12 else None
    if region is None:
        raise ValidationError(gettext("Choose the place from the lists."))
    if congress is not None and not congress.region.is_within(region.code):
        raise ValidationError(gettext("%(place)s lies outside the area of %(congress)s: choose a place there, or none.")
                              % {"place": region.name, "congress": congress.name})
    return region


class ProposalForm(forms.Form):
    """What every proposer fills in: the year, the idea, and optionally where."""

    year = forms.TypedChoiceField(
        label=_("For which year's projects?"), coerce=int, widget=forms.RadioSelect,
        error_messages={"required": _("Choose the year your idea is for."),
                        "invalid_choice": _("That collection is no longer open: choose one of those listed.")},
    )
    title = forms.CharField(
        label=_("Title of the idea"),
        error_messages={"required": _("Give the idea a short title.")},
        widget=forms.TextInput(attrs={"maxlength": services.TITLE_LIMIT, "placeholder": _("e.g. Lifts for the old blocks of Longjing Road")}),
    )
    text = forms.CharField(
        label=_("What should be done, and why?"), strip=False,
        error_messages={"required": _("Say in a few sentences what should be done and why (at least 10 characters).")},
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": services.TEXT_LIMIT,
                                     "placeholder": _("What should be built or done, where, for whom, and why it matters to the people there.")}),
    )
    region_code = forms.CharField(label=_("Where?"), required=False, widget=forms.HiddenInput)
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, years=(), **kwargs):
        if data is not None and data.getlist("pick"):
            # The region picker's last select holds the place chosen (see opinions/mobile/_region_picker.html).
            data = data.copy()
            data["region_code"] = data.getlist("pick")[-1]
        super().__init__(data, *args, **kwargs)
        self.years = {year.pk: year for year in years}
        self.fields["year"].choices = [(year.pk, year_choice_label(year)) for year in years]
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = new_idempotency_key()

    def clean_text(self):
        text = normalised_text(self.cleaned_data.get("text"))
        if len(text.strip()) < TEXT_MINIMUM:
            raise ValidationError(gettext("Say in a few sentences what should be done and why (at least 10 characters)."))
        return text

    def clean_idempotency_key(self):
        key = (self.cleaned_data.get("idempotency_key") or "").strip()
        # A form without a proper key (an old page, a script) still saves, just without the double-tap guard.
        return key if KEY_PATTERN.match(key) else ""

    def clean(self):
        data = super().clean()
        year = self.chosen_year()
        try:
            data["region"] = place_in(data.get("region_code"), year.congress if year else None)
        except ValidationError as error:
            self.add_error("region_code", error)
        return data

    def chosen_year(self):
        return self.years.get(self.cleaned_data.get("year"))

    def proposal(self):
        """The arguments of services.propose that come from this form."""
        data = self.cleaned_data
        return {"year": self.chosen_year(), "title": data.get("title") or "", "text": data.get("text") or "", "region": data.get("region"),
                "idempotency_key": data.get("idempotency_key") or None}


class CitizenProposalForm(ProposalForm):
    proposer_name = forms.CharField(label=_("Your name"), required=False, widget=forms.TextInput(attrs={"maxlength": 50, "autocomplete": "name"}),
                                    help_text=_("Optional."))
    phone = forms.CharField(
        label=_("Mobile phone"),
        error_messages={"required": _("Leave a mobile number: with it and the code you get you can follow your idea.")},
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "maxlength": 20}),
        help_text=_("Needed to follow your idea: it opens only with the tracking code and the last four digits of this number."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my name and phone number are used only to handle this idea"),
        error_messages={"required": _("Tick the box to agree; without it the idea cannot be sent.")},
    )
    station = forms.CharField(required=False, widget=forms.HiddenInput)
    rep = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone") or ""
        personal_data.normalise_phone(phone)  # says in words what is wrong with the number
        return phone

    def proposal(self):
        data = self.cleaned_data
        return {**super().proposal(), "proposer_name": data.get("proposer_name") or "", "phone": data.get("phone") or ""}


class RepresentativeProposalForm(ProposalForm):
    """A representative's idea: the representative is the one signed in."""


class DepartmentProposalForm(ProposalForm):
    """A department's idea; a person working for several units chooses which one proposes it."""

    unit = forms.TypedChoiceField(label=_("Proposing department"), coerce=int, error_messages={"required": _("Choose the department that proposes it.")})

    def __init__(self, data=None, *args, units=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]
        if len(self.units) == 1:
            self.fields["unit"].initial = next(iter(self.units))
            self.fields["unit"].widget = forms.HiddenInput()

    def proposal(self):
        return {**super().proposal(), "unit": self.units.get(self.cleaned_data.get("unit"))}


class TrackProposalForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))
    phone_last4 = forms.RegexField(
        label=_("Last four digits of your phone"), regex=r"^[0-9]{4}$",
        error_messages={"invalid": _("Enter the four last digits of the phone number you gave.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{4}", "maxlength": 4, "autocomplete": "off"}),
    )
