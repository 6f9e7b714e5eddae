"""The "waiting for you" list on each workbench. Each kind of matter registers a provider that
returns the actor's open items as (label, count, url); the workbench shows them in order."""

_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def items_for(actor):
    items = []
    for provider in _providers:
        items.extend(provider(actor))
    return items
