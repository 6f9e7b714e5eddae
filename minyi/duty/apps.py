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
        from .views import archive as archive_pages

        archive_pages.register()
        from . import report_back  # noqa: F401  (its archive source and who sees which report)
        from .views import report_back as report_back_pages

        report_back_pages.register()
        # The weekly 履职提示 is a huey periodic task in reminders (huey autodiscovers only `tasks` modules).
        from . import reminders
        from .views import evaluation as evaluation_pages

        reminders.register()
        evaluation_pages.register()
        from .views import reception as reception_pages

        reception_pages.register()
