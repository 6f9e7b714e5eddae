"""The staff's vote form, the phone ballot and the tellers' entry form. Forms only read and check
what was typed; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from minyi.accounts.models import Role, User
from minyi.organisations.models import Congress, Session
from minyi.representatives.models import RepresentativeGroup

from . import results
from .models import Body, Vote

OPTION_LIMIT = 500


class VoteForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options"), widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One per line, in ballot order. Add a description after a vertical bar: 城区老旧小区改造｜改造32个小区，投资1.2亿元."),
    )
    tellers = forms.ModelMultipleChoiceField(
        label=_("Tellers"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Two of them enter each paper ballot; the count waits until their entries agree."),
    )

    class Meta:
        model = Vote
        fields = ["congress", "title", "kind", "body", "session", "group", "member_names", "places", "threshold_base", "quorum",
                  "secret", "electronic", "paper"]
        widgets = {"member_names": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, congresses, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [c.pk for c in congresses]
        self.fields["congress"].queryset = Congress.objects.filter(pk__in=ids)
        self.fields["congress"].empty_label = None
        self.fields["session"].queryset = Session.objects.filter(term__congress_id__in=ids).select_related("term__congress").order_by("-start")
        self.fields["group"].queryset = RepresentativeGroup.objects.filter(congress_id__in=ids).order_by("name")
        self.fields["tellers"].queryset = (
            User.objects.filter(is_active=True, role_grants__role=Role.CONGRESS_STAFF, role_grants__congress_id__in=ids).distinct().order_by("full_name")
        )
        self.fields["places"].required = False
        if self.instance.pk:
            self.initial.setdefault("options_text", "\n".join(
                f"{o.label}｜{o.description}" if o.description else o.label for o in self.instance.options.all()))
            self.initial.setdefault("tellers", [t.user_id for t in self.instance.tellers.all()])

    def clean_places(self):
        return self.cleaned_data.get("places") or 0

    def clean_options_text(self):
        options = []
        for line in self.cleaned_data["options_text"].splitlines():
            if not line.strip():
                continue
            label, _bar, description = line.replace("|", "｜").partition("｜")
            if len(label.strip()) > 200:
                raise forms.ValidationError(_("An option's name has at most 200 characters: put the rest after a vertical bar."))
            options.append((label.strip(), description.strip(), ""))
        if len(options) > OPTION_LIMIT:
            raise forms.ValidationError(_("At most %(limit)s options on one ballot.") % {"limit": OPTION_LIMIT})
        if not options:
            raise forms.ValidationError(_("Add at least one option."))
        return options

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        if body == Body.GROUP and not cleaned.get("group"):
            self.add_error("group", _("Choose the representatives' group that votes."))
        if body != Body.GROUP:
            cleaned["group"] = None
        if body in (Body.STANDING_COMMITTEE, Body.COUNCIL) and not (cleaned.get("member_names") or "").strip():
            self.add_error("member_names", _("List the meeting's members, one per line."))
        if not (cleaned.get("electronic") or cleaned.get("paper")):
            self.add_error("paper", _("Allow phone ballots, paper ballots or both."))
        return cleaned

    def service_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in self.Meta.fields if name != "congress"}


class BallotForm(forms.Form):
    """A ballot as the options of the vote: checkboxes for choices, a choice per item otherwise."""

    def __init__(self, *args, vote, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        if vote.is_choice:
            self.fields["mark"] = forms.TypedMultipleChoiceField(
                label=_("Candidates"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(o.position, o.label) for o in options],
            )
        else:
            for option in options:
                self.fields[f"item-{option.position}"] = forms.ChoiceField(
                    label=f"{option.position}. {option.label}", required=False, widget=forms.RadioSelect,
                    choices=results.choices(vote),
                )

    def marks(self):
        if self.vote.is_choice:
            return self.cleaned_data.get("mark") or []
        return {name.removeprefix("item-"): value for name, value in self.cleaned_data.items() if name.startswith("item-") and value}


class PaperEntryForm(BallotForm):
    number = forms.IntegerField(label=_("Ballot number"), min_value=1, max_value=100000)
    spoilt = forms.BooleanField(
        label=_("Spoilt ballot"), required=False,
        help_text=_("The ballot cannot be read (marks in no box, torn, signed on a secret ballot): it counts as invalid."),
    )

    field_order = ["number", "spoilt"]
