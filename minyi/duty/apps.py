from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "minyi.duty"
    verbose_name = _("Representatives' duty")

    def ready(self):
        from minyi.audit.services import track

        from . import models, rules  # noqa: F401  (rules registers who sees which record)
        from .views import desk, representative

        for model in (models.Activity, models.Invitation, models.Attendance, models.LeaveRequest):
            track(model)
        desk.register()
        representative.register()
