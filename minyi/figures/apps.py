from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "minyi.figures"
    verbose_name = _("Figures")

    def ready(self):
        from . import pending  # noqa: F401  (subscribes to the engine's events)
