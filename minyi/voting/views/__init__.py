from django.utils.translation import gettext_lazy

from minyi.accounts.models import Role
from minyi.core import navigation


def register_navigation():
    navigation.register("desk", gettext_lazy("Votes"), "voting:desk_list", roles={Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN},
                        icon="checkbox", order=280, section=gettext_lazy("Votes and projects"))
    navigation.register("mobile", gettext_lazy("Votes"), "voting:rep_list", roles=[Role.REPRESENTATIVE], icon="checkbox", order=120)
