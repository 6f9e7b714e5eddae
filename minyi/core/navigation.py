"""The menus of the workbenches and mobile homes. Each app registers its own entries in its
AppConfig.ready(); the shell shows an entry to those whose roles it names."""

from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Entry:
    area: str  # "desk" (staff and unit workbench) or "mobile"
    label: str
    url_name: str
    roles: frozenset
    icon: str = "circle"
    order: int = 100
    section: str = ""
    badge: object = None  # callable(actor) -> int or None, counts what waits for the actor
    url_kwargs: dict = field(default_factory=dict)


_entries = []


def register(area, label, url_name, *, roles, icon="circle", order=100, section="", badge=None):
    entry = Entry(area, label, url_name, frozenset(roles), icon, order, section, badge)
    if entry not in _entries:
        _entries.append(entry)
    return entry


def entries_for(actor, area, current_path=""):
    from minyi.accounts.models import Role

    items = []
    for entry in sorted(_entries, key=lambda e: (e.order, str(e.label))):
        if entry.area != area:
            continue
        allowed = actor.roles & entry.roles or (actor.is_system_admin and Role.SYSTEM_ADMIN in entry.roles)
        if not allowed:
            continue
        url = reverse(entry.url_name, kwargs=entry.url_kwargs or None)
        items.append(
            {
                "label": entry.label,
                "url": url,
                "icon": entry.icon,
                "section": entry.section,
                "badge": entry.badge(actor) if entry.badge else None,
                "active": current_path == url or (url != "/" and current_path.startswith(url) and len(url) > 1),
            }
        )
    return items
