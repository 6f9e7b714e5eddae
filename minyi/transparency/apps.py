from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "minyi.transparency"
    verbose_name = _("Transparency portal and open data")

    def ready(self):
        from minyi.public import portal

        from .views.home import front_sections

        portal.register_front_section(front_sections)
