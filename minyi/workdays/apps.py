from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "minyi.workdays"
    verbose_name = _("Working-day calendar")

    def ready(self):
        from minyi.accounts.models import Role
        from minyi.audit.services import track
        from minyi.core import navigation

        from . import rules  # noqa: F401  (registers access rules)
        from .models import DayOverride, HolidayYear

        track(DayOverride)
        track(HolidayYear)
        navigation.register(
            "desk", _("Working-day calendar"), "workdays:calendar", roles={Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN},
            icon="calendar", order=800, section=_("System"),
        )
