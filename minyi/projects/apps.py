from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "minyi.projects"
    verbose_name = _("Livelihood projects")

    def ready(self):
        from minyi.audit.services import track
        from minyi.workbench import inbox as workbench_inbox

        from . import labels, models, notify, policy, tasks, workbench  # noqa: F401  (policy registers the kind, tasks the daily check)
        from .views import citizen as citizen_pages
        from .views import public as public_pages
        from .views import register_navigation
        from .views import unit as unit_pages

        for model in (models.ProjectYear, models.Project, models.Milestone, models.ProgressReport, models.Inspection, models.Finding):
            track(model)
        track(models.Proposal, exclude={"phone_ciphertext"}, masked={"proposer_name", "phone_last4"})
        notify.register()
        register_navigation()
        unit_pages.register()  # the engine's assignment page sends a project's assignment to its project page
        workbench_inbox.register(workbench.items)
        public_pages.register()
        citizen_pages.register()
