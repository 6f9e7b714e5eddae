from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyConfig(AppConfig):
    name = "minyi.duty"
    verbose_name = _("Representatives' duty")

    def ready(self):
        from minyi.audit.services import track

        from . import archive, models, rules  # noqa: F401  (rules: who sees which record; archive: its sources)
        from .views import desk, representative

        for model in (models.Activity, models.Invitation, models.Attendance, models.LeaveRequest, models.UnitGuest, models.ActivityMatter,
                      models.SelfReport, models.DutyList, models.DutyRequirement, models.PointsRule, models.ScoreAdjustment, models.ReportBack):
            track(model)
        desk.register()
        representative.register()
