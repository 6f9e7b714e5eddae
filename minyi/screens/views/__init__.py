"""The big screens' pages: the staff's desk that issues and revokes them (desk.py) and the screen
itself with its data (screen.py). `register_navigation` puts the desk in the menu."""


def register_navigation():
    from django.utils.translation import gettext_lazy as _

    from minyi.accounts.models import Role
    from minyi.core import navigation

    navigation.register("desk", _("Big screens"), "screens:desk_list", roles={Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN},
                        icon="device-tv", order=820, section=_("System"))
