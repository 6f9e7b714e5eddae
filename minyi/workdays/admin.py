from django.contrib import admin

from .models import DayOverride, HolidayYear


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "congress", "created_by", "created_at"]
    list_filter = ["kind", ("congress", admin.EmptyFieldListFilter), "congress", "date"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ["year", "congress", "complete"]
    list_filter = ["complete", ("congress", admin.EmptyFieldListFilter), "congress"]
