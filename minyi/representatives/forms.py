"""Forms of the representatives' management pages and the public search. Choices are limited
to what the acting person may see; the services check the rights again when saving."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.accounts import access
from minyi.organisations.models import Congress, Station, Term
from minyi.regions.models import Level, Region

from . import personal_data
from .models import (
    Mandate,
    MandateLevel,
    OccupationCategory,
    Party,
    Representative,
    RepresentativeGroup,
)
from .services import PERSON_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _congresses(user):
    return access.visible(user, Congress.objects.filter(kind=Congress.Kind.CONGRESS, is_active=True).select_related("region")).order_by(
        "region_id"
    )


def manageable_congresses(user):
    """Congresses whose rolls the user keeps (their own and those below)."""
    who = access.actor_for(user)
    congresses = _congresses(user)
    if who.is_system_admin:
        return congresses
    return congresses.filter(who.region_q("region")) if who.is_congress_staff else congresses.none()


def _group_label(group):
    return f"{group.congress.name} · {group.name}"


# ---- The list's filters ------------------------------------------------------------------------


class RepresentativeFilterForm(forms.Form):
    STATUS_CHOICES = [("current", _("Serving")), ("former", _("Former")), ("all", _("Serving and former"))]

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name, workplace, code or whole mobile number"), "type": "search"}),
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels"))] + MandateLevel.choices)
    congress = forms.ModelChoiceField(label=_("Congress"), required=False, queryset=Congress.objects.none(), empty_label=_("All congresses"))
    group = forms.ModelChoiceField(label=_("Group"), required=False, queryset=RepresentativeGroup.objects.none(), empty_label=_("All groups"))
    station = forms.ModelChoiceField(label=_("Station"), required=False, queryset=Station.objects.none(), empty_label=_("All stations"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES, initial="current")
    party = forms.ChoiceField(label=_("Political affiliation"), required=False, choices=[("", _("All"))] + Party.choices)
    occupation = forms.ChoiceField(label=_("Occupation category"), required=False, choices=[("", _("All"))] + OccupationCategory.choices)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["congress"].queryset = _congresses(user)
        groups = access.visible(user, RepresentativeGroup.objects.select_related("congress"))
        congress_id = (data or {}).get("congress", "")
        if str(congress_id).isdigit():
            groups = groups.filter(congress_id=congress_id)
        self.fields["group"].queryset = groups.order_by("congress__region_id", "kind", "name")
        self.fields["group"].label_from_instance = _group_label
        self.fields["station"].queryset = access.visible(user, Station.objects.all()).order_by("region_id", "name")

    def filters(self):
        """The valid filters; a bad value in one field is ignored (and marked on the form)."""
        self.is_valid()
        filters = dict(self.cleaned_data)
        filters["status"] = filters.get("status") or "current"
        return filters


# ---- A representative's record ----------------------------------------------------------------


class RepresentativeForm(forms.ModelForm):
    """The person. The phone is never shown in full here: a new number replaces the old one,
    an empty field keeps it (see `clear_phone`)."""

    phone = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    clear_phone = forms.BooleanField(label=_("Remove the mobile number"), required=False)

    class Meta:
        model = Representative
        fields = [*PERSON_FIELDS, "photo"]
        labels = {"name": _("Full name")}
        widgets = {
            "birth_date": DATE,
            "bio": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bio"].validators.append(MaxLengthValidator(2000))
        if self.instance.pk and self.instance.phone_ciphertext:
            self.fields["phone"].help_text = _("Now %(masked)s. Leave empty to keep it; type a new number to replace it.") % {
                "masked": self.instance.masked_phone
            }
        else:
            del self.fields["clear_phone"]
            self.fields["phone"].help_text = _("Stored encrypted; shown in full only to staff who work with the representative.")

    field_order = ["name", "gender", "ethnicity", "birth_date", "party", "occupation_category", "workplace", "position", "phone", "clear_phone"]

    def clean_phone(self):
        try:
            return personal_data.normalise_phone(self.cleaned_data["phone"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean(self):
        cleaned = super().clean()
        phone = cleaned.get("phone")
        if phone:
            # Before the model's own validation, so its duplicate-phone check sees the number.
            self.instance.phone = phone
        elif cleaned.get("clear_phone"):
            self.instance.phone = ""
        return cleaned

    def changes(self):
        """What the services should change: the fields, and the phone only when it is touched."""
        data = {name: self.cleaned_data.get(name) for name in PERSON_FIELDS}
        if self.cleaned_data.get("phone"):
            data["phone"] = self.cleaned_data["phone"]
        elif self.cleaned_data.get("clear_phone"):
            data["phone"] = ""
        photo = self.cleaned_data.get("photo")
        if photo is False or (photo and not getattr(photo, "_committed", False)):
            data["photo"] = photo
        return data

    @property
    def photo_lost(self):
        """A photo was chosen but the form has errors: browsers do not keep files, so say so."""
        return bool(self.is_bound and self.errors and self.files.get(self.add_prefix("photo")))


class MandateForm(forms.ModelForm):
    """A mandate: the congress gives its level; only a mandate outside the deployment's
    congresses (national, or above the root) names a level without a congress."""

    class Meta:
        model = Mandate
        fields = ["congress", "level", "term", "electoral_district", "group", "professional_group", "start"]
        widgets = {"start": DATE}

    def __init__(self, *args, user, require_congress=False, **kwargs):
        super().__init__(*args, **kwargs)
        who = access.actor_for(user)
        self.fields["congress"].queryset = manageable_congresses(user)
        self.fields["congress"].required = require_congress or not who.is_system_admin
        self.fields["level"].required = False
        self.fields["level"].help_text = _("Taken from the congress; choose it only for a mandate without one here (e.g. national).")
        congress_ids = self.fields["congress"].queryset.values("pk")
        self.fields["term"].queryset = Term.objects.filter(congress__in=congress_ids).select_related("congress").order_by("congress__region_id", "-start")
        groups = RepresentativeGroup.objects.filter(congress__in=congress_ids).select_related("congress").order_by("congress__region_id", "name")
        self.fields["group"].queryset = groups.filter(kind=RepresentativeGroup.Kind.AREA)
        self.fields["professional_group"].queryset = groups.filter(kind=RepresentativeGroup.Kind.PROFESSIONAL)
        for name in ("group", "professional_group"):
            self.fields[name].label_from_instance = _group_label
        if not self.is_bound and not self.initial.get("start"):
            self.initial["start"] = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        congress, level = cleaned.get("congress"), cleaned.get("level")
        if congress is not None and not level:
            from .models import MANDATE_LEVEL_OF_REGION

            cleaned["level"] = MANDATE_LEVEL_OF_REGION.get(congress.region.level, "")
        elif congress is None and not level and "congress" not in self.errors:
            self.add_error("level", _("Choose the congress, or the level of a mandate held outside this deployment's congresses."))
        return cleaned

    def values(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class EndMandateForm(forms.Form):
    end = forms.DateField(label=_("Last day"), widget=DATE)
    # Named as the mandate's fields, so the model's own errors land on them.
    end_reason = forms.ChoiceField(label=_("Reason"), choices=[("", "---------")] + Mandate.EndReason.choices)
    end_note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text=_("Required when the mandate is terminated: say why."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("end", timezone.localdate())


# ---- Groups --------------------------------------------------------------------------------------


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    congress = forms.ModelChoiceField(label=_("Congress"), required=False, queryset=Congress.objects.none(), empty_label=_("All congresses"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds"))] + RepresentativeGroup.Kind.choices)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["congress"].queryset = _congresses(user)


class GroupForm(forms.Form):
    congress = forms.ModelChoiceField(label=_("Congress"), queryset=Congress.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=RepresentativeGroup.Kind.choices)

    def __init__(self, *args, user, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = manageable_congresses(user)
        if group is not None:
            # A group stays in its congress; only its name and kind change.
            del self.fields["congress"]


# ---- Grids -----------------------------------------------------------------------------------------


class GridFilterForm(forms.Form):
    STATUS_CHOICES = [("active", _("Active")), ("inactive", _("Inactive")), ("all", _("Active and inactive"))]

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Grid name or code, or region name"), "type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)


class RegionField(forms.CharField):
    """A region typed as its 12-digit code or its exact name, within the user's regions."""

    CODE = re.compile(r"^\d{12}$")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)
        self.user = None

    def prepare_value(self, value):
        if isinstance(value, Region):
            return value.code
        return value

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        regions = Region.objects.filter(level__gte=Level.TOWNSHIP, is_active=True)
        regions = regions.filter(code=text) if self.CODE.match(text) else regions.filter(name=text)
        who = access.actor_for(self.user)
        matches = [region for region in regions.order_by("code")[:50] if who.covers_region(region.code)]
        if not matches:
            raise ValidationError(_("No township or village in your regions has this name or code."))
        if len(matches) > 1:
            listed = ", ".join(f"{region.name} {region.code}" for region in matches[:5])
            raise ValidationError(_("Several regions have this name (%(regions)s); enter the 12-digit code.") % {"regions": listed})
        return matches[0]


class GridForm(forms.Form):
    region = RegionField(label=_("Village, community or township"), help_text=_("Its name or its 12-digit division code."))
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(label=_("Code"), max_length=30, help_text=_("The grid's number within its region, e.g. 03."))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user, grid=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].user = user
        if grid is None:
            del self.fields["is_active"]
        else:
            # A grid keeps its region: a grid that moves is another grid.
            del self.fields["region"]


class GridAssignForm(forms.Form):
    representative = forms.ModelChoiceField(label=_("Representative"), queryset=Representative.objects.none())
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE, help_text=_("Leave empty while it lasts."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        serving = Mandate.objects.current().values("representative_id")
        self.fields["representative"].queryset = access.visible(user, Representative.objects.filter(pk__in=serving)).order_by("name", "id")
        self.fields["representative"].label_from_instance = lambda person: f"{person.name} ({person.public_code})"
        if not self.is_bound:
            self.initial.setdefault("start", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day cannot come before the first day."))
        return cleaned


class GridEndForm(forms.Form):
    end = forms.DateField(label=_("Last day"), widget=DATE)


# ---- The public search ------------------------------------------------------------------------------


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, station or place"), required=False, max_length=50)
    county = forms.ModelChoiceField(
        label=_("County or district"),
        required=False,
        queryset=Region.objects.filter(level=Level.COUNTY, is_active=True).order_by("code"),
        empty_label=_("All counties and districts"),
        to_field_name="code",
    )

