"""Forms for the region pages, and region pickers other apps' forms use."""

from django import forms
from django.utils.translation import gettext_lazy as _

from minyi.accounts import access

from .models import Level, Region

INDENT = "\u3000"  # an ideographic space: browsers keep it at the start of an option's text


def regions_for(user, *, max_level=Level.TOWNSHIP, active=True):
    """The regions `user` may see down to `max_level`, in tree order (codes sort parents first)."""
    queryset = Region.objects.filter(level__lte=max_level)
    if active:
        queryset = queryset.filter(is_active=True)
    return access.visible(user, queryset).order_by("code")


def indented_label(region, top_level=Level.PROVINCE):
    return INDENT * max(region.level - top_level, 0) + region.name


class RegionChoiceField(forms.ModelChoiceField):
    """A select of regions, indented by level so that the tree shows in a plain list."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("empty_label", _("All regions") if not kwargs.get("required", True) else "---------")
        super().__init__(queryset, **kwargs)
        self.top_level = None

    def label_from_instance(self, region):
        if self.top_level is None:
            first = self.queryset.order_by("level").first()
            self.top_level = first.level if first else Level.PROVINCE
        return indented_label(region, self.top_level)


class VillageSelect(forms.Select):
    """The village select of `RegionPicker`; htmx refreshes its options when the area changes."""


class RegionPicker:
    """Mixin for forms that place something in a region down to a village or community.

    Adds `area` (province to township, a short list) and `village` (the villages and
    communities of the chosen area, refreshed by htmx when the area changes; without script
    they follow the area after the form is sent once). `picked_region()` is the village when
    one is chosen, else the area."""

    def add_region_fields(self, user, *, initial_region=None, required=True, label=_("Region")):
        self._region_user = user
        area_field = RegionChoiceField(regions_for(user), required=required, label=label)
        area_field.widget.attrs.update(
            {
                "hx-get": _villages_url(),
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
                "data-region-area": "",
            }
        )
        self.fields["area"] = area_field
        self.fields["village"] = forms.ChoiceField(
            label=_("Village or community"),
            required=False,
            widget=VillageSelect(attrs={"data-region-village": ""}),
            help_text=_("Optional: the village or community within the region."),
        )
        area_field.widget.attrs["hx-target"] = "#" + self["village"].auto_id
        if initial_region is not None and not self.is_bound:
            if initial_region.level == Level.VILLAGE and initial_region.parent_id:
                self.initial["area"] = initial_region.parent_id
                self.initial["village"] = initial_region.code
            else:
                self.initial["area"] = initial_region.code
        area_code = self.data.get(self.add_prefix("area")) if self.is_bound else self.initial.get("area")
        self.fields["village"].choices = village_choices(user, area_code)

    def picked_region(self):
        area = self.cleaned_data.get("area")
        village = self.cleaned_data.get("village")
        if village:
            found = access.visible(self._region_user, Region.objects.filter(code=village, is_active=True)).first()
            if found is None or area is None or found.parent_id != area.code:
                self.add_error("village", _("Choose a village or community within the chosen region."))
                return None
            return found
        return area


def _villages_url():
    from django.urls import reverse_lazy

    return reverse_lazy("regions:village_options")


def village_choices(user, area_code):
    choices = [("", _("— none: the region itself —"))]
    if not area_code or not isinstance(area_code, str):
        return choices
    villages = access.visible(user, Region.objects.filter(parent_id=area_code, level=Level.VILLAGE, is_active=True))
    return choices + list(villages.order_by("code").values_list("code", "name"))


class RegionSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or division code"), required=False, max_length=50)


class LocalRegionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(
        label=_("Division code"),
        max_length=12,
        required=False,
        help_text=_("Leave empty to have a free code chosen from the range kept for local regions (9…)."),
    )
    urban_rural_code = forms.RegexField(
        label=_("Urban-rural type code"),
        regex=r"^\d{3}$",
        required=False,
        error_messages={"invalid": _("Enter 3 digits, e.g. 111 or 220.")},
    )
