from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualReportsConfig(AppConfig):
    name = "minyi.annual_reports"
    verbose_name = _("Annual reports")

    def ready(self):
        from minyi.accounts.models import Role
        from minyi.core import navigation

        from . import rules  # noqa: F401  (registers who may see a report)

        navigation.register("desk", _("Annual report"), "annual_reports:index", roles={Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN},
                            icon="report-analytics", order=298, section=_("Reports"))
