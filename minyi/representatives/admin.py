"""Django's admin site for system administrators; staff use the management pages."""

from django import forms
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import personal_data
from .models import Grid, GridResponsibility, Mandate, Representative, RepresentativeGroup


class RepresentativeForm(forms.ModelForm):
    """Shows the encrypted phone as a plain field: the admin site is for system administrators,
    who may read it."""

    phone = forms.CharField(label=capfirst(_("phone")), max_length=20, required=False)

    class Meta:
        model = Representative
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].initial = self.instance.phone

    def clean_phone(self):
        return personal_data.normalise_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned_data = super().clean()
        # Set before the model's own validation runs, so its duplicate-phone check sees it.
        if "phone" in cleaned_data:
            self.instance.phone = cleaned_data["phone"]
        return cleaned_data


class MandateInline(admin.StackedInline):
    model = Mandate
    extra = 0
    raw_id_fields = ["congress", "term", "group", "professional_group"]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    form = RepresentativeForm
    list_display = ["name", "gender", "ethnicity", "party", "occupation_category", "workplace", "masked_phone", "public_code"]
    list_filter = ["gender", "occupation_category", "party", "mandates__level"]
    search_fields = ["name", "workplace", "public_code"]
    readonly_fields = ["public_code"]
    inlines = [MandateInline]

    def get_search_results(self, request, queryset, search_term):
        # A whole phone number finds its owner through the lookup hash, within the list filters.
        by_phone = queryset.with_phone(search_term)
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return results | by_phone, may_have_duplicates

    @admin.display(description=_("phone"))
    def masked_phone(self, representative):
        return representative.masked_phone


@admin.register(RepresentativeGroup)
class RepresentativeGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "congress"]
    list_filter = ["kind"]
    search_fields = ["name", "congress__name"]
    raw_id_fields = ["congress"]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["representative", "level", "congress", "term", "electoral_district", "start", "end", "end_reason"]
    list_filter = ["level", "end_reason"]
    search_fields = ["representative__name", "electoral_district", "congress__name"]
    raw_id_fields = ["representative", "congress", "term", "group", "professional_group"]


class GridResponsibilityInline(admin.TabularInline):
    model = GridResponsibility
    extra = 0
    raw_id_fields = ["representative"]


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code", "region__code"]
    raw_id_fields = ["region"]
    inlines = [GridResponsibilityInline]


@admin.register(GridResponsibility)
class GridResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["representative", "grid", "start", "end"]
    search_fields = ["representative__name", "grid__name"]
    raw_id_fields = ["grid", "representative"]
