from django.utils.translation import gettext_lazy

from minyi.accounts.models import Role
from minyi.core import navigation


def register_navigation():
    section = gettext_lazy("Votes and projects")
    navigation.register("desk", gettext_lazy("Livelihood projects"), "projects:desk_years", roles={Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN},
                        icon="building-community", order=281, section=section)
    navigation.register("desk", gettext_lazy("Our livelihood projects"), "projects:unit_list", roles={Role.UNIT_STAFF, Role.UNIT_ADMIN},
                        icon="building-community", order=150)
