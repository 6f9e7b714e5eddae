"""The congress staff's forms on suggestions: one form per action on a suggestion's page (each
carrying the version the page showed, so a suggestion changed meanwhile is refused as stale), the
staff's entry of a suggestion for a representative, the settings and the areas.

The generic engine decisions (extension, re-assignment, supervision) are the opinions desk's forms."""


from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.matters import services as engine
from minyi.matters.models import Rating
from minyi.opinions.views.staff_actions import (  # noqa: F401  (re-exported for the desk)
    ActionForm,
    DecisionForm,
    ExtensionDecisionForm,
    ReassignmentDecisionForm,
    SupervisionForm,
    UnitChoiceField,
    UnitsChoiceField,
    _note,
)
from minyi.organisations.models import Unit

from . import services
from .models import Category, NumberSequence, Settings, Suggestion
from .policy import is_owner_staff, settings_for


def next_number_label(suggestion):
    """The number registering would give now (the sequence is only taken in the transaction)."""
    settings = settings_for(suggestion.matter.owner_congress_id)
    session = suggestion.session if settings.number_per_session else None
    sequence = NumberSequence.objects.filter(congress_id=suggestion.matter.owner_congress_id, term=suggestion.term, session=session).first()
    return services.number_label(settings, suggestion, (sequence.last_number if sequence else 0) + 1)


class SuggestionActionForm(ActionForm):
    def __init__(self, *args, suggestion, **kwargs):
        self.suggestion = suggestion
        super().__init__(*args, matter=suggestion.matter, **kwargs)


class RegisterForm(SuggestionActionForm):
    key = "register"
    note = _note()

    def run(self, user):
        services.register(self.suggestion, actor=user, note=self.cleaned_data["note"], expected_version=self.cleaned_data["expected_version"])
        self.suggestion.refresh_from_db()
        return _("The suggestion was registered as %(number)s.") % {"number": self.suggestion.number_label}


class ReturnForm(SuggestionActionForm):
    key = "return"
    reasons = forms.MultipleChoiceField(label=gettext_lazy("Why it cannot be registered as it stands"), required=False,
                                        choices=Suggestion.Admissibility.choices, widget=forms.CheckboxSelectMultiple)
    note = _note(gettext_lazy("Note to the representative"), rows=3)

    def run(self, user):
        services.return_for_revision(self.suggestion, actor=user, reasons=self.cleaned_data["reasons"], note=self.cleaned_data["note"],
                                     expected_version=self.cleaned_data["expected_version"])
        return _("The suggestion was returned to the representative for revision.")


class UnitsForm(SuggestionActionForm):
    lead = UnitChoiceField(label=gettext_lazy("Lead unit"), queryset=Unit.objects.none(), required=False)
    co_units = UnitsChoiceField(label=gettext_lazy("Co-handling units"), queryset=Unit.objects.none(), required=False,
                                help_text=gettext_lazy("Hold Ctrl (or ⌘) to choose several."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = services.assignable_units(self.matter)
        self.fields["lead"].queryset = units
        self.fields["co_units"].queryset = units
        self.fields["co_units"].widget.attrs["size"] = 6
        if self.suggestion.planned_lead_id:
            self.initial.setdefault("lead", self.suggestion.planned_lead_id)
        self.initial.setdefault("co_units", [u.pk for u in self.suggestion.planned_co_units.all()])

    def clean(self):
        data = super().clean()
        lead, co_units = data.get("lead"), data.get("co_units") or []
        if lead is not None and any(u.pk == lead.pk for u in co_units):
            self.add_error("co_units", _("The lead unit cannot also be a co-handling unit."))
        return data


class PlanForm(UnitsForm):
    key = "plan"

    def run(self, user):
        current = Suggestion.objects.select_related("matter").get(pk=self.suggestion.pk)
        if current.matter.version != self.cleaned_data["expected_version"]:
            raise engine.StaleMatter(current.matter)
        services.plan_units(current, actor=user, lead=self.cleaned_data["lead"], co_units=list(self.cleaned_data["co_units"]))
        return _("The proposed units were saved.")


class AssignForm(UnitsForm):
    key = "assign"
    note = _note(gettext_lazy("Instructions to the units"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].required = True

    def run(self, user):
        data = self.cleaned_data
        services.assign(self.suggestion, actor=user, lead=data["lead"], co_units=list(data["co_units"]), note=data["note"],
                        expected_version=data["expected_version"])
        return _("The suggestion was assigned to %(unit)s.") % {"unit": data["lead"].name}


class CloseForm(SuggestionActionForm):
    key = "close"
    reason = _note(gettext_lazy("Reason for closing"), required=True, rows=2)

    def run(self, user):
        engine.close(self.matter, reason=self.cleaned_data["reason"], actor=user, expected_version=self.cleaned_data["expected_version"])
        return _("The suggestion was closed.")


class KeyForm(SuggestionActionForm):
    key = "designate_key"
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    chosen_on = forms.DateField(label=gettext_lazy("Chosen on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    chosen_by = forms.CharField(label=gettext_lazy("Chosen by"), max_length=100, required=False)
    leading_leader = forms.CharField(label=gettext_lazy("Leading leader"), max_length=50, required=False)
    supervising_committee = forms.CharField(label=gettext_lazy("Supervising committee"), max_length=100, required=False)
    plan = _note(gettext_lazy("Supervision plan"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("year", self.suggestion.year)
        self.initial.setdefault("chosen_on", timezone.localdate())
        self.initial.setdefault("chosen_by", _("Chairperson's meeting"))
        category = Category.objects.filter(code=self.matter.category).first()
        if category is not None and category.committee:
            self.initial.setdefault("supervising_committee", category.committee)

    def run(self, user):
        data = self.cleaned_data
        version = Suggestion.objects.get(pk=self.suggestion.pk).matter.version
        if version != data["expected_version"]:
            raise engine.StaleMatter(self.matter)
        services.designate_key(self.suggestion, actor=user, year=data["year"], chosen_on=data["chosen_on"], chosen_by=data["chosen_by"],
                               leading_leader=data["leading_leader"], supervising_committee=data["supervising_committee"], plan=data["plan"])
        return _("The suggestion is now a key suggestion.")


class EvaluateForm(SuggestionActionForm):
    key = "evaluate"
    rating = forms.ChoiceField(label=gettext_lazy("The lead representative's judgement on the feedback form"), choices=Rating.choices,
                               widget=forms.RadioSelect)
    comment = _note(gettext_lazy("Comment written on the form"), rows=2)

    def run(self, user):
        services.evaluate(self.suggestion, actor=user, rating=self.cleaned_data["rating"], comment=self.cleaned_data["comment"],
                          expected_version=self.cleaned_data["expected_version"])
        return _("The judgement from the paper feedback form was recorded.")


class SuggestionSupervisionForm(SupervisionForm):
    def __init__(self, *args, suggestion, **kwargs):
        self.suggestion = suggestion
        super().__init__(*args, matter=suggestion.matter, **kwargs)


FORMS = {form.key: form for form in (RegisterForm, ReturnForm, PlanForm, AssignForm, SuggestionSupervisionForm, KeyForm, EvaluateForm, CloseForm)}
DECISIONS = {ExtensionDecisionForm.key: ExtensionDecisionForm, ReassignmentDecisionForm.key: ReassignmentDecisionForm}
PANELS = {
    "register": (gettext_lazy("Register and number"), "circle-check", False),
    "plan": (gettext_lazy("Propose the units"), "list-check", False),
    "assign": (gettext_lazy("Assign now"), "send", False),
    "evaluate": (gettext_lazy("Record a judgement from a paper form"), "clipboard-check", False),
    "designate_key": (gettext_lazy("Make it a key suggestion"), "star", False),
    "supervise": (gettext_lazy("Record supervision"), "eye-check", False),
    "return": (gettext_lazy("Return for revision"), "arrow-back-up", True),
    "close": (gettext_lazy("Close"), "lock", True),
}


def offered(actor, suggestion):
    """The action keys offered to `actor` on the suggestion now, in the order the page shows them."""
    matter = suggestion.matter
    if not is_owner_staff(actor, matter):
        return []
    status = matter.status
    keys = []
    if status == "submitted":
        keys += ["register", "plan", "return"]
    if status == "registered":
        keys += ["assign", "plan"]
    if status == "replied":
        keys.append("evaluate")
    if status not in ("collecting", "submitted", "returned", "withdrawn", "closed") and not hasattr_key(suggestion):
        keys.append("designate_key")
    if not matter.policy.is_terminal(status) and access.can(actor.user, "supervise", matter):
        keys.append("supervise")
    if status in ("following_up", "supervised"):
        keys.append("close")
    return keys


def hasattr_key(suggestion):
    from .models import KeySuggestion

    return KeySuggestion.objects.filter(suggestion=suggestion).exists()


def bind(key, data, *, suggestion, actor, request_id=None):
    if key in FORMS:
        return FORMS[key](data, suggestion=suggestion, actor=actor)
    if key in DECISIONS:
        from minyi.matters.models import DeadlineExtension, ReassignmentRequest

        model = DeadlineExtension if key == "decide_extension" else ReassignmentRequest
        if request_id is None or not str(request_id).isdigit() or not model.objects.filter(
                pk=int(request_id), assignment__matter=suggestion.matter, state="requested").exists():
            return None
        return DECISIONS[key](data, matter=suggestion.matter, actor=actor, request_id=int(request_id))
    return None


def run(form, user):
    """The form's service; None with the reason on the form (typed input kept) when refused."""
    from minyi.organisations.views.common import attach_errors

    try:
        return form.run(user)
    except (engine.StaleMatter, engine.TransitionNotAllowed) as error:
        form.add_error(None, str(error.message))
    except PermissionDenied:
        form.add_error(None, _("You may not take this action on this suggestion."))
    except ValidationError as error:
        attach_errors(form, error)
    return None


# --- Staff enter a suggestion for a representative ----------------------------------------------


class RepresentativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, representative):
        return representative.name


class RepresentativesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, representative):
        return representative.name


class EntryForm(forms.Form):
    congress = forms.TypedChoiceField(label=gettext_lazy("Congress"), coerce=int)
    lead = RepresentativeChoiceField(label=gettext_lazy("Lead representative"), queryset=None)
    co_signers = RepresentativesChoiceField(label=gettext_lazy("Co-signers"), queryset=None, required=False,
                                            help_text=gettext_lazy("They confirm in the app before the suggestion counts for them. Hold Ctrl (or ⌘) to choose several."))
    session = forms.TypedChoiceField(label=gettext_lazy("Raised"), coerce=int, required=False, empty_value=None)
    category = forms.ChoiceField(label=gettext_lazy("Area"))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=services.TITLE_LIMIT)
    text = forms.CharField(label=gettext_lazy("Text"), max_length=services.TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 8}))
    documents = forms.FileField(label=gettext_lazy("Documents"), required=False,
                                widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True}),
                                help_text=gettext_lazy("For example the scanned paper form (PDF, Word, images)."))
    publish_consent = forms.BooleanField(label=gettext_lazy("The representative agrees to publication"), required=False, initial=True)

    def __init__(self, *args, congresses, **kwargs):
        from minyi.organisations.models import Session
        from minyi.representatives.models import Representative

        super().__init__(*args, **kwargs)
        self.congresses = {c.pk: c for c in congresses}
        self.fields["congress"].choices = [(c.pk, c.name) for c in congresses]
        if len(congresses) == 1:
            self.fields["congress"].widget = forms.HiddenInput()
            self.initial.setdefault("congress", congresses[0].pk)
        chosen = self.data.get("congress") if self.is_bound else self.initial.get("congress")
        congress = self.congresses.get(int(chosen)) if str(chosen or "").isdigit() and int(chosen) in self.congresses else (congresses[0] if congresses else None)
        today = timezone.localdate()
        representatives = Representative.objects.none()
        sessions = []
        if congress is not None:
            representatives = Representative.objects.filter(
                mandates__in=_mandates(congress, today)).distinct().order_by("name")
            term = congress.term_on(today)
            if term is not None:
                sessions = list(Session.objects.filter(term=term).order_by("-number"))
        self.fields["lead"].queryset = representatives
        self.fields["co_signers"].queryset = representatives
        self.fields["co_signers"].widget.attrs["size"] = 8
        self.fields["session"].choices = [("", _("Between sessions"))] + [
            (s.pk, _("Session %(number)s (%(start)s)") % {"number": s.number, "start": s.start}) for s in sessions]
        self.fields["category"].choices = [("", "—")] + list(Category.objects.filter(is_active=True).values_list("code", "name"))
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.Select, forms.SelectMultiple)) and not isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, (forms.TextInput, forms.Textarea, forms.ClearableFileInput)):
                widget.attrs.setdefault("class", "form-control")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")

    def clean_documents(self):
        return self.files.getlist(self.add_prefix("documents")) if self.files else []

    def clean(self):
        data = super().clean()
        lead = data.get("lead")
        if lead is not None and lead in (data.get("co_signers") or []):
            self.add_error("co_signers", _("The lead representative cannot also be a co-signer."))
        return data

    def save(self, user):
        from minyi.matters.attachments import clean_document

        data = self.cleaned_data
        documents = []
        for upload in data["documents"]:
            documents.append(clean_document(upload))
        draft = services.Draft(title=data["title"], text=data["text"], category=data["category"], session_id=data["session"],
                               co_signer_ids=[r.pk for r in data["co_signers"]], publish_consent=data["publish_consent"], documents=documents)
        return services.raise_suggestion(draft, actor=user, lead=data["lead"], congress=self.congresses[data["congress"]])


def _mandates(congress, day):
    from minyi.representatives.models import Mandate

    return Mandate.objects.covering(day).filter(congress=congress)


# --- Settings and areas -------------------------------------------------------------------------


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Settings
        fields = ("number_format", "number_per_session", "session_number_format", "use_class_d", "require_letter", "sign_rule", "reply_rule", "extended_rule",
                  "co_unit_rule", "reassign_rule", "rehandle_rule", "assign_rule")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            else:
                widget.attrs.setdefault("class", "form-control")
            if name.endswith("_rule"):
                field.help_text = _("As workdays:N, months:N or days:N, e.g. months:3.")
        self.fields["number_format"].widget.attrs["data-number-format"] = ""

    def example(self):
        value = self.data.get("number_format") if self.is_bound else self.initial.get("number_format", self.instance.number_format)
        try:
            return (value or "").format(number=123, year=timezone.localdate().year, term=9, session=5)
        except (ValueError, KeyError, IndexError):
            return ""


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ("code", "name", "committee", "order", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            widget.attrs.setdefault("class", "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control")
