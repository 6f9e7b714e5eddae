"""The handling unit's forms on a suggestion: contact with the representatives, the reply with its
class and signed letter, the extension to the longer period, and the staff's scoring settings.
What a form cannot know (a contact first, the letter's size, the window) the services check."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.matters.views.unit import ContributionForm, ProgressForm, ReassignmentForm, SignForm, _text  # noqa: F401

from . import policy
from .models import Contact

REQUIRED = {"required": _("Please fill in this field.")}


class FilterForm(forms.Form):
    STATES = (
        ("", _("All states")),
        ("to_sign", _("To sign")),
        ("handling", _("Being handled")),
        ("replied", _("Replied")),
        ("following_up", _("Being followed up")),
    )
    ROLES = (("", _("Lead and co-handling")), ("lead", _("Lead unit")), ("co", _("Co-handling unit")))

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words in the title, or the number")}))
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATES)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=ROLES)


class ContactForm(forms.Form):
    representative = forms.TypedChoiceField(label=_("Representative contacted"), coerce=int, error_messages=REQUIRED)
    method = forms.ChoiceField(label=_("How"), choices=[("", "—")] + Contact.Method.choices, error_messages=REQUIRED)
    stage = forms.ChoiceField(label=_("When"), choices=Contact.Stage.choices, initial=Contact.Stage.BEFORE)
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                                  error_messages={**REQUIRED, "invalid": _("Give a date such as 2026-10-12.")})
    note = _text(_("What was discussed"), min_length=5, rows=3)

    def __init__(self, *args, signers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].choices = [("", "—")] + [(s.representative_id, s.representative.name) for s in signers]
        self.fields["happened_on"].initial = timezone.localdate()


class ReplyForm(forms.Form):
    reply_class = forms.ChoiceField(label=_("Class of the reply"), widget=forms.RadioSelect, error_messages=REQUIRED)
    text = _text(_("Reply text"), min_length=10, rows=10)
    letter = forms.FileField(label=_("Signed and sealed reply letter (PDF, at most 20 MB)"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))
    signed_by = forms.CharField(label=_("Signed off by (the unit's head)"), max_length=50, error_messages=REQUIRED)
    publish_consent = forms.BooleanField(label=_("The unit agrees to publication of the reply"), required=False, initial=True)

    def __init__(self, *args, use_class_d=False, **kwargs):
        super().__init__(*args, **kwargs)
        classes = policy.CLASSES if use_class_d else policy.CLASSES[:3]
        self.fields["reply_class"].choices = [(code, policy.CLASS_WORDS[code]) for code in classes]


class ExtensionForm(forms.Form):
    reason = _text(_("Why the matter is wide-ranging or hard and needs the longer period"), min_length=10, rows=3)


class ScoringRuleForm(forms.Form):
    """One row per indicator: points and counted, named `<code>-points` and `<code>-counted`."""

    def __init__(self, *args, rules=None, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = list(indicators)
        for code, (label, _default) in indicators.items():
            points, counted = rules[code]
            self.fields[f"{code}-points"] = forms.DecimalField(
                label=label, min_value=0, max_value=100, max_digits=5, decimal_places=1, initial=points,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
                error_messages={**REQUIRED, "invalid": _("Give a number of points."),
                                "min_value": _("Points must be between 0 and 100."), "max_value": _("Points must be between 0 and 100.")})
            self.fields[f"{code}-counted"] = forms.BooleanField(
                label=_("counted"), required=False, initial=counted, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def rows(self):
        return [(self[f"{code}-points"], self[f"{code}-counted"]) for code in self.codes]

    def values(self):
        return {code: (self.cleaned_data[f"{code}-points"], self.cleaned_data[f"{code}-counted"]) for code in self.codes}
