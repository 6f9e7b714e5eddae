from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "minyi.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from minyi.accounts.models import Role
        from minyi.core import navigation

        from . import phones, services

        phones.register(phones.user_phone)
        desk_roles = {Role.SYSTEM_ADMIN, Role.CONGRESS_STAFF, Role.LEADER, Role.UNIT_STAFF, Role.UNIT_ADMIN}
        navigation.register(
            "desk", _("Notifications"), "notifications:centre", roles=desk_roles, icon="bell", order=50,
            badge=services.unread_badge,
        )
        navigation.register(
            "mobile", _("Messages"), "notifications:centre", roles={Role.CITIZEN, Role.REPRESENTATIVE}, icon="bell",
            order=500, badge=services.unread_badge,
        )
