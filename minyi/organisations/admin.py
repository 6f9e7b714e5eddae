"""Django's admin site for system administrators. Staff use the management pages; changes with
rules (renaming, merging, deactivating, deleting) go through the services here too."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    Congress,
    Department,
    DutyRoster,
    ReceptionException,
    ReceptionRule,
    Session,
    Station,
    StationAssignment,
    Term,
    Unit,
    UnitNameChange,
)
from .references import references_to


def _run_for_each(modeladmin, request, queryset, service, done_message):
    done = 0
    for obj in queryset:
        try:
            service(obj, actor=request.user)
            done += 1
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    fields = ["number", "start", "end"]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active", "region__level"]
    search_fields = ["name", "region__code"]
    raw_id_fields = ["region", "parent"]
    inlines = [TermInline, DepartmentInline]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "congress", "number", "start", "end"]
    list_filter = ["congress__region__level"]
    search_fields = ["congress__name"]
    raw_id_fields = ["congress"]
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "term", "number", "start", "end"]
    search_fields = ["term__congress__name"]
    raw_id_fields = ["term"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "congress"]
    search_fields = ["name", "congress__name"]
    raw_id_fields = ["congress"]


class UnitNameChangeInline(admin.TabularInline):
    model = UnitNameChange
    extra = 0
    fields = ["old_name", "new_name", "changed_on", "changed_by", "recorded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProtectedDeletionMixin:
    """Deleting goes through the service, which refuses rows that anything refers to."""

    delete_service = None  # staticmethod(service) in each admin
    owned_parts = ()

    def has_delete_permission(self, request, obj=None):
        if obj is not None and references_to(obj, owned=self.owned_parts):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        self.delete_service(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        _run_for_each(self, request, queryset, self.delete_service, _("Deleted %(count)d."))


@admin.register(Unit)
class UnitAdmin(ProtectedDeletionMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "region", "branch", "parent", "is_active", "merged_into"]
    list_filter = ["branch", "is_active", "region__level"]
    search_fields = ["name", "short_name", "region__code", "name_changes__old_name"]
    raw_id_fields = ["region", "parent"]
    readonly_fields = ["merged_into", "merged_on"]
    inlines = [UnitNameChangeInline]
    actions = ["deactivate"]
    delete_service = staticmethod(services.delete_unit)

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            # A rename leaves a name-history row, so the new name is applied by the service.
            new_name = obj.name
            obj.name = form.initial["name"]
            super().save_model(request, obj, form, change)
            services.rename_unit(obj, new_name, actor=request.user)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Deactivate selected handling units"))
    def deactivate(self, request, queryset):
        _run_for_each(self, request, queryset, services.deactivate_unit, _("Deactivated %(count)d."))


@admin.register(UnitNameChange)
class UnitNameChangeAdmin(admin.ModelAdmin):
    list_display = ["unit", "old_name", "new_name", "changed_on", "changed_by"]
    search_fields = ["old_name", "new_name"]
    date_hierarchy = "changed_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReceptionRuleInline(admin.TabularInline):
    model = ReceptionRule
    extra = 0


class ReceptionExceptionInline(admin.TabularInline):
    model = ReceptionException
    extra = 0


class StationAssignmentInline(admin.TabularInline):
    model = StationAssignment
    extra = 0
    raw_id_fields = ["representative"]


@admin.register(Station)
class StationAdmin(ProtectedDeletionMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "region", "congress", "public_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "address", "public_code", "region__code"]
    raw_id_fields = ["region", "congress"]
    readonly_fields = ["public_code"]
    inlines = [ReceptionRuleInline, ReceptionExceptionInline, StationAssignmentInline]
    actions = ["deactivate"]
    delete_service = staticmethod(services.delete_station)
    owned_parts = (ReceptionRule, ReceptionException)

    @admin.action(description=_("Deactivate selected stations"))
    def deactivate(self, request, queryset):
        _run_for_each(self, request, queryset, services.deactivate_station, _("Deactivated %(count)d."))


@admin.register(StationAssignment)
class StationAssignmentAdmin(admin.ModelAdmin):
    list_display = ["representative", "station", "start", "end"]
    search_fields = ["representative__name", "station__name"]
    raw_id_fields = ["station", "representative"]


@admin.register(DutyRoster)
class DutyRosterAdmin(admin.ModelAdmin):
    list_display = ["date", "station", "representative"]
    search_fields = ["representative__name", "station__name"]
    raw_id_fields = ["station", "representative"]
    date_hierarchy = "date"


@admin.register(ReceptionRule)
class ReceptionRuleAdmin(admin.ModelAdmin):
    list_display = ["station", "kind", "day_of_month", "weekday", "date", "start_time", "end_time", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["station__name"]
    raw_id_fields = ["station"]


@admin.register(ReceptionException)
class ReceptionExceptionAdmin(admin.ModelAdmin):
    list_display = ["station", "date", "moved_to", "reason"]
    search_fields = ["station__name", "reason"]
    raw_id_fields = ["station"]
    date_hierarchy = "date"
