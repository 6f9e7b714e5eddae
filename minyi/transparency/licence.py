"""The open data's licence: Creative Commons Attribution 4.0 International. Anyone may copy,
redistribute and adapt the data, also commercially, naming the source as `attribution()` says."""

from django.conf import settings
from django.utils.translation import gettext as _

from minyi.organisations.models import Congress

NAME = "CC BY 4.0"
URL = "https://creativecommons.org/licenses/by/4.0/"


def publisher():
    """Who publishes the data: the deployment's name, else its broadest congress's."""
    if settings.MINYI_DEPLOYMENT_NAME:
        return settings.MINYI_DEPLOYMENT_NAME
    congress = Congress.objects.filter(is_active=True).order_by("region__level", "region_id").only("name").first()
    return congress.name if congress else _("the people's congress running this platform")


def attribution():
    return _("Source: open data of %(publisher)s, published under the Creative Commons Attribution 4.0 International licence (CC BY 4.0).") % {
        "publisher": publisher()}
