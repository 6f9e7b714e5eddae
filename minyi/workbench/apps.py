from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "minyi.workbench"
    verbose_name = _("Workbench")

    def ready(self):
        from minyi.accounts.models import Role
        from minyi.core import navigation

        navigation.register(
            "desk", _("Overview"), "workbench:staff_home", roles={Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN},
            icon="home", order=0,
        )
        navigation.register(
            "desk", _("Unit overview"), "workbench:unit_home", roles={Role.UNIT_STAFF, Role.UNIT_ADMIN}, icon="building", order=0,
        )
        navigation.register(
            "desk", _("Audit log"), "audit:list", roles={Role.SYSTEM_ADMIN}, icon="shield-check", order=900,
            section=_("System"),
        )
