"""The congress staff's actions on one opinion: a form per action, when it is offered, and the one
service it calls. The detail page shows the forms; its POST runs one of them here. Every form
carries the version the page showed, so a matter that moved on meanwhile is refused as stale."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.matters import search
from minyi.matters import services as engine
from minyi.matters.models import DeadlineExtension, HandlingClass, Matter, ReassignmentRequest, Supervision
from minyi.matters.policies import available_actions
from minyi.organisations.models import Unit

from .. import services
from ..models import Category
from ..policy import KIND

NOTE_LIMIT = 1000


def _note(label=gettext_lazy("Note"), required=False, rows=2, help_text=""):
    return forms.CharField(label=label, required=required, max_length=NOTE_LIMIT, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows, "maxlength": NOTE_LIMIT, "class": "form-control"}))


class ActionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, label=gettext_lazy("version"))

    def __init__(self, *args, matter, actor, **kwargs):
        self.matter, self.actor = matter, actor
        kwargs.setdefault("initial", {})["expected_version"] = matter.version
        kwargs.setdefault("prefix", self.key)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, (forms.TextInput, forms.Textarea)):
                widget.attrs.setdefault("class", "form-control")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")


class AcceptForm(ActionForm):
    key = "accept"
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    handling_class = forms.ChoiceField(label=gettext_lazy("Handling class"), choices=HandlingClass.choices, initial=HandlingClass.GENERAL)
    green_channel = forms.BooleanField(label=gettext_lazy("Green channel (urgent livelihood matter, halved deadlines)"), required=False)
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + list(Category.objects.filter(is_active=True).values_list("code", "name"))
        self.initial.setdefault("category", self.matter.category)
        self.initial.setdefault("handling_class", self.matter.handling_class)
        self.initial.setdefault("green_channel", self.matter.green_channel)

    def run(self, user):
        data = self.cleaned_data
        services.accept(self.matter, actor=user, category=data["category"], handling_class=data["handling_class"],
                        green_channel=data["green_channel"], note=data["note"], expected_version=data["expected_version"])
        return _("The opinion was accepted.")


class ReturnForm(ActionForm):
    key = "return"
    reason = _note(gettext_lazy("Reason the citizen will read"), required=True, rows=3,
                   help_text=gettext_lazy("For example: the case is before a court; please contact the court that hears it."))

    def run(self, user):
        services.return_as_inadmissible(self.matter, actor=user, reason=self.cleaned_data["reason"],
                                        expected_version=self.cleaned_data["expected_version"])
        return _("The opinion was returned as not admissible.")


def merge_candidates(user, matter, query, limit=10):
    """Open, unmerged opinions the user may see, matching `query` as a tracking code or as words."""
    query = (query or "").strip()
    if not query:
        return []
    open_states = [key for key, state in matter.policy.states.items() if not state.terminal]
    queryset = access.visible(user, Matter.objects.filter(kind=KIND, status__in=open_states, merged_into__isnull=True)).exclude(pk=matter.pk)
    code = query.upper().replace(" ", "")
    exact = list(queryset.filter(tracking_code=code)[:1]) if code.isalnum() else []
    return exact or list(search.matching(queryset, query).order_by("-created_at")[:limit])


class MergeForm(ActionForm):
    key = "merge"
    into_code = forms.CharField(label=gettext_lazy("Tracking code of the main opinion"), max_length=16, required=False)
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The candidates found by the search box post their code as `pick`.
        self.pick = (self.data.get(self.add_prefix("pick")) or "").strip() if self.is_bound else ""

    def clean(self):
        data = super().clean()
        code = (self.pick or data.get("into_code") or "").strip().upper().replace(" ", "")
        if not code:
            raise ValidationError(_("Choose the opinion to merge into, or type its tracking code."))
        target = access.visible(self.actor.user, Matter.objects.filter(kind=KIND, tracking_code=code)).first()
        if target is None:
            self.add_error("into_code", _("No opinion you can see has the tracking code %(code)s.") % {"code": code[:16]})
        data["into"] = target
        return data

    def run(self, user):
        target = self.cleaned_data["into"]
        engine.merge(self.matter, into=target, actor=user, note=self.cleaned_data["note"],
                     expected_version=self.cleaned_data["expected_version"])
        return _("The opinion was merged into %(code)s.") % {"code": target.tracking_code}


class EscalateForm(ActionForm):
    key = "escalate"
    to_congress = forms.TypedChoiceField(label=gettext_lazy("Congress above"), coerce=int)
    note = _note(gettext_lazy("Why it goes up"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.matter.owner_congress.parent
        self.fields["to_congress"].choices = [(parent.pk, parent.name)] if parent is not None and parent.is_active else []

    def run(self, user):
        target = self.matter.owner_congress.parent
        engine.escalate(self.matter, to_congress=target, actor=user, note=self.cleaned_data["note"],
                        expected_version=self.cleaned_data["expected_version"])
        return _("The opinion was escalated to %(congress)s.") % {"congress": target.name}


class SendDownForm(ActionForm):
    key = "send_down"
    to_congress = forms.TypedChoiceField(label=gettext_lazy("Congress below"), coerce=int)
    note = _note(gettext_lazy("Why it goes down"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        children = self.matter.owner_congress.children.filter(is_active=True).order_by("region_id")
        self.children = {c.pk: c for c in children}
        self.fields["to_congress"].choices = [("", "—")] + [(c.pk, c.name) for c in children]

    def run(self, user):
        target = self.children[self.cleaned_data["to_congress"]]
        engine.send_down(self.matter, to_congress=target, actor=user, note=self.cleaned_data["note"],
                         expected_version=self.cleaned_data["expected_version"])
        return _("The opinion was sent down to %(congress)s.") % {"congress": target.name}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class AssignForm(ActionForm):
    key = "assign"
    lead = UnitChoiceField(label=gettext_lazy("Lead unit"), queryset=Unit.objects.none())
    co_units = UnitsChoiceField(label=gettext_lazy("Co-handling units"), queryset=Unit.objects.none(), required=False,
                                help_text=gettext_lazy("Hold Ctrl (or ⌘) to choose several."))
    note = _note(gettext_lazy("Instructions to the units"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = services.assignable_units(self.matter)
        self.suggested = services.suggested_units(self.matter)
        suggested_ids = [u.pk for u in self.suggested]
        self.fields["lead"].queryset = units
        self.fields["co_units"].queryset = units
        others = [(u.pk, u.name) for u in units if u.pk not in suggested_ids]
        lead_choices = [("", "—")]
        if self.suggested:
            lead_choices.append((_("Suggested"), [(u.pk, u.name) for u in self.suggested]))
            lead_choices.append((_("All units"), others))
        else:
            lead_choices.extend(others)
        self.fields["lead"].choices = lead_choices
        self.fields["co_units"].widget.attrs["size"] = 6
        if self.suggested:
            self.initial.setdefault("lead", self.suggested[0].pk)

    def clean(self):
        data = super().clean()
        lead, co_units = data.get("lead"), data.get("co_units") or []
        if lead is not None and any(u.pk == lead.pk for u in co_units):
            self.add_error("co_units", _("The lead unit cannot also be a co-handling unit."))
        return data

    def run(self, user):
        data = self.cleaned_data
        engine.assign(self.matter, lead=data["lead"], co_units=list(data["co_units"]), actor=user, note=data["note"],
                      expected_version=data["expected_version"])
        return _("The opinion was assigned to %(unit)s.") % {"unit": data["lead"].name}


class DecisionForm(ActionForm):
    """Approve or refuse one waiting request; the pressed button says which."""

    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=[("approve", gettext_lazy("Approve")), ("refuse", gettext_lazy("Refuse"))])
    note = _note(gettext_lazy("Decision note"))

    def __init__(self, *args, request_id=None, **kwargs):
        if request_id is not None:
            kwargs["prefix"] = f"{self.key}-{request_id}"
        super().__init__(*args, **kwargs)
        self.request_id = request_id

    def clean(self):
        data = super().clean()
        if "decision" in self.errors:
            # The decision comes from the pressed button, which has no field of its own to show an error on.
            del self.errors["decision"]
            self.add_error(None, _("Press approve or refuse."))
        return data


class ExtensionDecisionForm(DecisionForm):
    key = "decide_extension"

    def run(self, user):
        extension = DeadlineExtension.objects.select_related("assignment__matter").get(pk=self.request_id)
        approve = self.cleaned_data["decision"] == "approve"
        engine.decide_extension(extension, approve=approve, actor=user, note=self.cleaned_data["note"],
                                expected_version=self.cleaned_data["expected_version"])
        return _("The extension was approved.") if approve else _("The extension was refused.")


class ReassignmentDecisionForm(DecisionForm):
    key = "decide_reassignment"

    def run(self, user):
        request = ReassignmentRequest.objects.select_related("assignment__matter").get(pk=self.request_id)
        approve = self.cleaned_data["decision"] == "approve"
        engine.decide_reassignment(request, approve=approve, actor=user, note=self.cleaned_data["note"],
                                   expected_version=self.cleaned_data["expected_version"])
        return _("The re-assignment was approved.") if approve else _("The re-assignment was refused.")


class SupervisionForm(ActionForm):
    key = "supervise"
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=Supervision.Method.choices)
    note = _note(gettext_lazy("What was asked"), required=True)
    result = _note(gettext_lazy("Result"))

    def run(self, user):
        data = self.cleaned_data
        engine.add_supervision(self.matter, method=data["method"], note=data["note"], result=data["result"], actor=user,
                               expected_version=data["expected_version"])
        return _("The supervision was recorded.")


class CloseForm(ActionForm):
    key = "close"
    reason = _note(gettext_lazy("Reason for closing"), required=True, rows=2)

    def run(self, user):
        engine.close(self.matter, reason=self.cleaned_data["reason"], actor=user, expected_version=self.cleaned_data["expected_version"])
        return _("The opinion was closed.")


FORMS = {form.key: form for form in (AcceptForm, ReturnForm, MergeForm, EscalateForm, SendDownForm, AssignForm, SupervisionForm, CloseForm)}
DECISIONS = {ExtensionDecisionForm.key: (ExtensionDecisionForm, DeadlineExtension), ReassignmentDecisionForm.key: (ReassignmentDecisionForm, ReassignmentRequest)}


def pending_extensions(matter):
    return list(DeadlineExtension.objects.filter(assignment__matter=matter, state=DeadlineExtension.State.REQUESTED)
                .select_related("assignment__unit", "requested_by"))


def pending_reassignments(matter):
    return list(ReassignmentRequest.objects.filter(assignment__matter=matter, state=ReassignmentRequest.State.REQUESTED)
                .select_related("assignment__unit", "requested_by"))


def offered(actor, matter):
    """The action keys to show forms for: the kind's table for this actor and state, plus the
    engine's own rules for requests and supervision."""
    keys = [key for key in available_actions(actor, matter) if key in FORMS]
    if "escalate" in keys and (matter.owner_congress.parent is None or not matter.owner_congress.parent.is_active):
        keys.remove("escalate")
    if "send_down" in keys and not matter.owner_congress.children.filter(is_active=True).exists():
        keys.remove("send_down")
    if not matter.policy.is_terminal(matter.status) and access.can(actor.user, "supervise", matter):
        keys.append("supervise")
    if access.can(actor.user, "decide_extension", matter):
        keys.append("decide_extension")
    if access.can(actor.user, "decide_reassignment", matter):
        keys.append("decide_reassignment")
    return keys


def bind(key, data, *, matter, actor, request_id=None):
    """The bound form for a POST of action `key`; None when no such action exists."""
    if key in FORMS:
        return FORMS[key](data, matter=matter, actor=actor)
    if key in DECISIONS:
        form_class, model = DECISIONS[key]
        lookup = {"assignment__matter": matter, "state": "requested"}
        if request_id is None or not str(request_id).isdigit() or not model.objects.filter(pk=int(request_id), **lookup).exists():
            return None
        return form_class(data, matter=matter, actor=actor, request_id=int(request_id))
    return None


def run(form, user):
    """Run a valid form's service. Returns the success message, or None with the reason put on the
    form (in Chinese, the typed input kept)."""
    from minyi.organisations.views.common import attach_errors

    try:
        return form.run(user)
    except engine.StaleMatter as error:
        form.add_error(None, str(error.message))
    except engine.TransitionNotAllowed as error:
        form.add_error(None, str(error.message))
    except PermissionDenied:
        form.add_error(None, _("You may not take this action on this opinion."))
    except ValidationError as error:
        attach_errors(form, error)
    return None


@dataclass
class Panel:
    key: str
    title: str
    form: object
    icon: str = "circle"
    danger: bool = False
    open: bool = False


PANEL_TITLES = {
    "accept": (gettext_lazy("Accept and classify"), "circle-check", False),
    "assign": (gettext_lazy("Assign to units"), "send", False),
    "return": (gettext_lazy("Return as not admissible"), "arrow-back-up", True),
    "merge": (gettext_lazy("Merge into another opinion"), "arrows-join", False),
    "escalate": (gettext_lazy("Escalate to the congress above"), "arrow-up", False),
    "send_down": (gettext_lazy("Send down to a congress below"), "arrow-down", False),
    "supervise": (gettext_lazy("Record supervision"), "eye-check", False),
    "close": (gettext_lazy("Close"), "lock", True),
}


def panels(actor, matter, keys, bound=None):
    """Forms for the offered actions (the bound one, with its errors, in place of a fresh one)."""
    result = []
    for key in keys:
        if key not in FORMS:
            continue
        title, icon, danger = PANEL_TITLES[key]
        is_bound = bound is not None and bound.key == key and not isinstance(bound, DecisionForm)
        form = bound if is_bound else FORMS[key](matter=matter, actor=actor)
        result.append(Panel(key=key, title=str(title), form=form, icon=icon, danger=danger, open=is_bound))
    # The usual next step is open; the others unfold when chosen (and the one that failed stays open).
    if not any(panel.open for panel in result):
        first = next((panel for panel in result if not panel.danger), None)
        if first is not None:
            first.open = True
    return result
