from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "minyi.cockpit"
    verbose_name = _("Cockpit")

    def ready(self):
        from minyi.accounts.models import Role
        from minyi.core import navigation

        navigation.register(
            "desk",
            _("Cockpit"),
            "cockpit:page",
            roles={Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN},
            icon="chart-pie",
            order=5,
        )
