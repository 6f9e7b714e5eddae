"""The congress staff's forms for a project year: the year's settings, reviewing an idea, a
candidate project, an inspection and the session a vote belongs to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from minyi.organisations.models import Congress, Session, Unit
from minyi.regions.models import prefix_of, within
from minyi.representatives.models import RepresentativeGroup

from .models import Project, ProjectYear, Proposal
from .services import CHECKLIST

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class YearForm(forms.ModelForm):
    class Meta:
        model = ProjectYear
        fields = ["congress", "year", "title", "places", "selection", "collection_from", "collection_until", "satisfaction_threshold",
                  "rectification_months", "council_members"]
        widgets = {"collection_from": DATE, "collection_until": DATE, "council_members": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, congresses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = Congress.objects.filter(pk__in=[c.pk for c in congresses])
        self.fields["congress"].empty_label = None
        if self.instance.pk:
            self.fields["congress"].disabled = True

    def clean(self):
        cleaned = super().clean()
        congress = cleaned.get("congress")
        if congress is not None and congress.is_council and not (cleaned.get("council_members") or "").strip():
            self.add_error("council_members", _("A residents' council votes among its members: list them, one per line."))
        return cleaned


class ReviewForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Eligible: may go on the candidate list")), ("no", _("Not eligible"))],
    )
    note = forms.CharField(label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                           help_text=_("Required when the idea is not eligible: the proposer reads it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CHECKLIST:
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)
        self.order_fields([f"check_{key}" for key, _label in CHECKLIST] + ["eligible", "note"])

    def checklist(self):
        return {key: self.cleaned_data.get(f"check_{key}", False) for key, _label in CHECKLIST}


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Proposal.objects.none())

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            proposal.year.proposals.exclude(pk=proposal.pk).exclude(state__in=[Proposal.State.MERGED, Proposal.State.REJECTED]).order_by("-submitted_at")
        )
        self.fields["into"].label_from_instance = lambda p: f"{p.code} · {p.title}"


class CandidateForm(forms.ModelForm):
    proposals = forms.ModelMultipleChoiceField(
        label=_("From the ideas"), queryset=Proposal.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The eligible ideas this candidate takes up; their proposers will see what became of them."),
    )

    class Meta:
        model = Project
        fields = ["name", "content", "investment", "unit", "completion_date"]
        widgets = {"completion_date": DATE, "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(within("region__code", _prefix(year.congress)), is_active=True).order_by("name")
        ideas = year.proposals.filter(state__in=[Proposal.State.ELIGIBLE, Proposal.State.CANDIDATE])
        if self.instance.pk:
            ideas = ideas.filter(project__isnull=True) | ideas.filter(project=self.instance)
            self.initial.setdefault("proposals", list(self.instance.proposals.values_list("pk", flat=True)))
        else:
            ideas = ideas.filter(project__isnull=True)
        self.fields["proposals"].queryset = ideas.order_by("title")
        self.fields["proposals"].label_from_instance = lambda p: f"{p.title}（{p.code}）"


def _prefix(congress):
    return prefix_of(congress.region_id, congress.region.level)


class SessionForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none(), required=False,
                                     help_text=_("The congress session that votes; its representatives are the electorate."))

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = Session.objects.filter(term__congress=year.congress).order_by("-start")
        self.fields["session"].queryset = sessions
        self.fields["session"].initial = sessions.values_list("pk", flat=True).first()
        if year.congress.is_council:
            del self.fields["session"]


class InspectionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    group = forms.ModelChoiceField(label=_("Supervision group"), queryset=RepresentativeGroup.objects.none(), required=False)
    members = forms.CharField(label=_("Inspected by"), max_length=300, help_text=_("The representatives who took part, separated by 、"))
    summary = forms.CharField(label=_("What the group saw"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    findings = forms.CharField(label=_("Findings the unit must answer"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=3000,
                               help_text=_("One per line."))
    answer_due = forms.DateField(label=_("Answer by"), widget=DATE, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = RepresentativeGroup.objects.filter(congress=project.year.congress).order_by("name")

    def finding_lines(self):
        return [line.strip() for line in self.cleaned_data.get("findings", "").splitlines() if line.strip()]
