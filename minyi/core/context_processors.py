from django.conf import settings
from django.utils.functional import SimpleLazyObject

from minyi.accounts.access import actor_for
from minyi.accounts.homes import homes_for

from . import navigation


def site(request):
    actor = SimpleLazyObject(lambda: actor_for(getattr(request, "user", None)))
    return {
        "site_name": settings.MINYI_SITE_NAME,
        "deployment_name": settings.MINYI_DEPLOYMENT_NAME,
        "actor": actor,
        "desk_nav": SimpleLazyObject(lambda: navigation.entries_for(actor, "desk", request.path)),
        "mobile_nav": SimpleLazyObject(lambda: navigation.entries_for(actor, "mobile", request.path)),
        "my_homes": SimpleLazyObject(lambda: homes_for(actor, request.path)),
    }
