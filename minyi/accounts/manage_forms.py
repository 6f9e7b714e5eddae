"""Forms of the account management pages. The choices a form offers are limited to what the
acting person may see and hand out; the services check the same again when saving."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from minyi.organisations.models import Congress, Department, Unit

from . import access, services
from .models import ROLE_SCOPE, Role, RoleGrant, User, phone_validator


def add_service_errors(error, *forms):
    """Put a ValidationError raised by a service onto the form that has the field it names;
    errors of fields no form shows go to the first form's own errors."""
    if not hasattr(error, "error_dict"):
        forms[0].add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = next((form for form in forms if name in form.fields), None)
        if target is None or name == NON_FIELD_ERRORS:
            forms[0].add_error(None, errors)
        else:
            target.add_error(name, errors)


class AccountFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("Active and inactive")), ("active", _("Active")), ("inactive", _("Inactive"))]

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Username, name or whole mobile number"), "type": "search"}),
    )
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles"))] + Role.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)


class ScopeFields(forms.Form):
    """The role and its scope: which congress (and department), unit or representative record.
    Each picker offers only what the acting person may choose."""

    role = forms.ChoiceField(label=_("Role"))
    congress = forms.ModelChoiceField(
        label=_("Congress"), required=False, queryset=Congress.objects.none(), help_text=_("For congress staff and leaders.")
    )
    department = forms.ModelChoiceField(
        label=_("Department"), required=False, queryset=Department.objects.none(), help_text=_("For congress staff: their working body.")
    )
    unit = forms.ModelChoiceField(
        label=_("Handling unit"), required=False, queryset=Unit.objects.none(), help_text=_("For handling-unit staff and administrators.")
    )
    representative = forms.ModelChoiceField(
        label=_("Representative record"),
        required=False,
        queryset=None,
        help_text=_("For a representative: the record their account belongs to."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # The representatives app sits above this one: reach its model through the grant's key.
        Representative = RoleGrant._meta.get_field("representative").related_model
        self.actor = actor
        who = access.actor_for(actor)
        roles = services.grantable_roles(actor)
        self.fields["role"].choices = [("", "---------")] + [(role.value, role.label) for role in roles]
        congresses = access.visible(actor, Congress.objects.filter(is_active=True).select_related("region"))
        self.fields["congress"].queryset = congresses.order_by("region_id")
        self.fields["department"].queryset = (
            access.visible(actor, Department.objects.select_related("congress")).filter(congress__in=congresses).order_by("congress_id", "name")
        )
        self.fields["department"].label_from_instance = lambda d: f"{d.congress.name} · {d.name}"
        units = access.visible(actor, Unit.objects.filter(is_active=True))
        if not who.is_system_admin and Role.CONGRESS_STAFF not in who.roles:
            units = units.filter(pk__in=who.admin_unit_ids)
        self.fields["unit"].queryset = units.order_by("region_id", "name")
        self.fields["representative"].queryset = access.visible(actor, Representative.objects.all()).order_by("name", "id")
        self.fields["representative"].label_from_instance = lambda r: f"{r.name} ({r.public_code})"
        # Show only the pickers of roles this person can hand out.
        needed = {ROLE_SCOPE[role] for role in roles}
        for name in ("congress", "unit", "representative"):
            if name not in needed:
                del self.fields[name]
        if "congress" not in needed:
            del self.fields["department"]
        if roles == [Role.UNIT_STAFF, Role.UNIT_ADMIN] and units.count() == 1:
            self.fields["unit"].initial = units.first().pk

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if not role:
            return cleaned
        scope_field = ROLE_SCOPE[Role(role)]
        # Keep only the scope the role uses, so a stray choice in another picker is ignored.
        for name in ("congress", "unit", "representative"):
            if name != scope_field:
                cleaned[name] = None
        if scope_field != "congress":
            cleaned["department"] = None
        if scope_field and not cleaned.get(scope_field):
            if scope_field in self.fields:
                self.add_error(scope_field, _("Choose this for the role you picked."))
            else:
                self.add_error("role", _("You cannot hand out this role."))
            return cleaned
        department, congress = cleaned.get("department"), cleaned.get("congress")
        if department is not None and department.congress_id != getattr(congress, "pk", None):
            self.add_error("department", _("The department must belong to the chosen congress."))
        if not services.may_grant(self.actor, role, congress=congress, unit=cleaned.get("unit"), representative=cleaned.get("representative")):
            self.add_error("role", _("You cannot hand out this role with this scope."))
        return cleaned

    @property
    def scope(self):
        return {name: self.cleaned_data.get(name) for name in ("congress", "department", "unit", "representative")}


class AccountCreateForm(ScopeFields):
    username = forms.CharField(
        label=_("Username"),
        max_length=50,
        help_text=_("Letters, digits and . @ _ - only; the person signs in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=50)
    phone = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=20,
        validators=[phone_validator],
        help_text=_("Optional; the person can also sign in with it."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)

    field_order = ["username", "full_name", "phone", "email", "role", "congress", "department", "unit", "representative"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is taken; choose another."))
        return username

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and User.objects.filter(phone=phone).exists():
            raise ValidationError(_("Another account already has this mobile number."))
        return phone or None


class AccountEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "email"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})}

    def clean_phone(self):
        return (self.cleaned_data.get("phone") or "").strip() or None


class RoleGrantForm(ScopeFields):
    pass
