from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreensConfig(AppConfig):
    name = "minyi.screens"
    verbose_name = _("Big screens")

    def ready(self):
        from minyi.audit.services import track

        from . import models
        from .views import register_navigation

        # A running screen notes when it was last seen (at most once a minute); that is not a change
        # anyone made, so it stays out of the audit log. The key's hash is hidden there (SECRET_FIELDS).
        track(models.DisplayToken, exclude={"last_seen_at"})
        register_navigation()
