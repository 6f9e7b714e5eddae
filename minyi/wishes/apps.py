from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishesConfig(AppConfig):
    name = "minyi.wishes"
    verbose_name = _("Micro-wishes")

    def ready(self):
        from minyi.audit.services import track
        from minyi.duty import archive

        from . import deeds, models, notify, rules  # noqa: F401  (rules: who sees which wish)
        from .views import register_navigation

        # The citizen's contact stays out of the audit log; only that it changed is recorded.
        track(models.Wish, masked={"citizen_name", "phone_ciphertext", "phone_hash", "phone_last4"})
        track(models.WishEvent)
        track(models.WishPhoto)
        # Fulfilled wishes count in the claiming representative's archive (一人一档), on confirmation.
        archive.source(deeds.fulfilled_wishes)
        notify.register()
        register_navigation()
