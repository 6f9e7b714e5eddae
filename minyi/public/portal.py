"""What the public front page and a citizen's home show. Later apps (opinions, suggestions,
projects) register sections here rather than editing the pages."""

from django.conf import settings

from minyi.organisations.models import Congress

_front_sections = []
_citizen_item_providers = []


def register_front_section(provider):
    if provider not in _front_sections:
        _front_sections.append(provider)
    return provider


def register_citizen_items(provider):
    if provider not in _citizen_item_providers:
        _citizen_item_providers.append(provider)
    return provider


def front_page():
    return {
        "root_congress": Congress.objects.select_related("region").filter(is_active=True).order_by("region__level", "region_id").first(),
        "sections": [section for provider in _front_sections for section in provider()],
        "deployment_name": settings.MINYI_DEPLOYMENT_NAME,
    }


def items_of(actor):
    return [item for provider in _citizen_item_providers for item in provider(actor)]
