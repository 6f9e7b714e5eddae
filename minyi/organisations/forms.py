"""Forms of the organisation pages. They keep what the person typed and show the models' own
validation messages; the writes themselves go through `services`."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.accounts import access
from minyi.regions.forms import RegionChoiceField, RegionPicker, regions_for

from .models import Congress, Department, ReceptionException, ReceptionRule, Session, Station, StationAssignment, Term, Unit

DATE = {"type": "date"}
TIME = {"type": "time"}


def date_input():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def time_input():
    return forms.TimeInput(attrs=TIME, format="%H:%M")


ACTIVE_CHOICES = [("1", _("Active")), ("0", _("Inactive")), ("all", _("Active and inactive"))]


class ListFilterForm(forms.Form):
    """The filters of a list page. Filters given wrongly are left out (and marked), never a 500;
    `active` shows active rows unless asked otherwise."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            if not data.get("active"):
                data["active"] = "1"
        else:
            data = {"active": "1"}
        super().__init__(data, **kwargs)

    def filters(self):
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


def apply_active(queryset, filters):
    active = filters.get("active", "1")
    if active == "1":
        return queryset.filter(is_active=True)
    if active == "0":
        return queryset.filter(is_active=False)
    return queryset


# ---- Congresses ------------------------------------------------------------------------------


class CongressFilterForm(ListFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Congress.Kind.choices])

    field_order = ["q", "kind", "active"]


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["number", "start", "end"]
        widgets = {"start": date_input(), "end": date_input()}


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["number", "start", "end"]
        widgets = {"start": date_input(), "end": date_input()}


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name"]


# ---- Units -----------------------------------------------------------------------------------


class UnitFilterForm(ListFilterForm):
    branch = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *Unit.Branch.choices])

    field_order = ["q", "region", "branch", "active"]

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["region"] = RegionChoiceField(regions_for(user), required=False, to_field_name="code")
        self.order_fields(self.field_order)


class UnitForm(forms.ModelForm):
    """A unit's details; the name only when the unit is created (renames keep history)."""

    class Meta:
        model = Unit
        fields = ["name", "short_name", "region", "branch", "parent", "contact_name", "contact_phone", "address"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = RegionChoiceField(regions_for(user), label=self.fields["region"].label)
        parents = access.visible(user, Unit.objects.filter(is_active=True)).select_related("region").order_by("region_id", "name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            del self.fields["name"]
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda unit: f"{unit.name}（{unit.region.name}）"


class UnitRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=100)
    on = forms.DateField(label=_("Effective date"), widget=date_input(), initial=timezone.localdate)


class UnitMergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=Unit.objects.none())
    on = forms.DateField(label=_("Effective date"), widget=date_input(), initial=timezone.localdate)

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        targets = access.visible(user, Unit.objects.filter(is_active=True)).exclude(pk=unit.pk).select_related("region")
        self.fields["target"].queryset = targets.order_by("region_id", "name")
        self.fields["target"].label_from_instance = lambda unit: f"{unit.name}（{unit.region.name}）"


# ---- Stations --------------------------------------------------------------------------------


class StationFilterForm(ListFilterForm):
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *Station.Kind.choices])

    field_order = ["q", "region", "kind", "active"]

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["region"] = RegionChoiceField(regions_for(user), required=False, to_field_name="code")
        self.order_fields(self.field_order)


class StationForm(RegionPicker, forms.ModelForm):
    class Meta:
        model = Station
        fields = [
            "name",
            "kind",
            "profession",
            "congress",
            "address",
            "latitude",
            "longitude",
            "opening_hours",
            "leader_name",
            "contact_name",
            "contact_phone",
        ]
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3})}

    field_order = ["name", "kind", "profession", "area", "village", "congress", "address"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_fields(user, initial_region=self.instance.region if self.instance.region_id else None)
        congresses = access.visible(user, Congress.objects.filter(is_active=True)).select_related("region").order_by("region_id")
        self.fields["congress"].queryset = congresses
        if not self.instance.pk and not self.is_bound:
            mine = [c for c in congresses if c.pk in access.actor_for(user).congress_ids]
            if len(mine) == 1:
                self.initial["congress"] = mine[0].pk
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        region = self.picked_region()
        if region is not None:
            self.instance.region = region
        return cleaned

    def _get_validation_exclusions(self):
        # The region comes from the picker: once one is picked, the model validates it (and the
        # one-name-per-region rule) like its other fields.
        exclusions = super()._get_validation_exclusions()
        if self.instance.region_id:
            exclusions.discard("region")
        return exclusions

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict") and "region" in errors.error_dict:
            errors.error_dict.setdefault("area", []).extend(errors.error_dict.pop("region"))
        super()._update_errors(errors)


class ReceptionRuleForm(forms.ModelForm):
    class Meta:
        model = ReceptionRule
        fields = ["kind", "day_of_month", "weekday", "date", "start_time", "end_time", "valid_from", "valid_to"]
        widgets = {
            "date": date_input(),
            "start_time": time_input(),
            "end_time": time_input(),
            "valid_from": date_input(),
            "valid_to": date_input(),
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ReceptionRule.Kind.choices  # radio buttons: no empty choice
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("kind", ReceptionRule.Kind.MONTHLY)
            self.initial.setdefault("start_time", datetime.time(9, 0))
            self.initial.setdefault("end_time", datetime.time(11, 30))


class ReceptionExceptionForm(forms.ModelForm):
    class Meta:
        model = ReceptionException
        fields = ["date", "moved_to", "reason"]
        widgets = {"date": date_input(), "moved_to": date_input()}


class AssignmentForm(forms.ModelForm):
    """Assign one of the representatives the actor may see. The list holds at most `LIMIT`
    names; `rep_q` narrows it by name."""

    LIMIT = 200

    class Meta:
        model = StationAssignment
        fields = ["representative", "start", "end"]
        widgets = {"start": date_input(), "end": date_input()}

    def __init__(self, *args, user, station, search="", **kwargs):
        super().__init__(*args, **kwargs)
        from minyi.representatives.models import Representative

        visible = access.visible(user, Representative.objects.all()).order_by("name", "pk")
        already = StationAssignment.objects.current().filter(station=station).values("representative_id")
        field = self.fields["representative"]
        field.queryset = visible
        shown = visible.exclude(pk__in=already)
        if search:
            shown = shown.filter(name__icontains=search)
        shown = list(shown[: self.LIMIT])
        picked = self.data.get("representative") if self.is_bound else None
        if picked and str(picked).isdigit() and all(str(person.pk) != str(picked) for person in shown):
            shown += list(visible.filter(pk=picked))
        field.widget.choices = [("", field.empty_label), *((person.pk, self.label(person)) for person in shown)]
        self.instance.station = station
        if not self.is_bound:
            self.initial.setdefault("start", timezone.localdate())

    @staticmethod
    def label(person):
        return f"{person.name}（{person.workplace}）" if person.workplace else person.name


class EndAssignmentForm(forms.Form):
    end = forms.DateField(label=_("Last day"), widget=date_input(), initial=timezone.localdate)


class FillRosterForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=date_input())
    end = forms.DateField(label=_("Until"), widget=date_input())
    per_day = forms.IntegerField(label=_("Representatives per day"), min_value=1, max_value=10, initial=1)

    MAX_DAYS = 366

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The last day cannot come before the first day."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("end", _("Fill at most one year at a time."))
        return cleaned


class DutyDayForm(forms.Form):
    representatives = forms.ModelMultipleChoiceField(
        label=_("On duty"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, station, day, **kwargs):
        super().__init__(*args, **kwargs)
        from minyi.representatives.models import Representative

        assigned = StationAssignment.objects.filter(station=station).covering(day).values("representative_id")
        self.fields["representatives"].queryset = Representative.objects.filter(pk__in=assigned).order_by("name")


