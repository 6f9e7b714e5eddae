import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from .models import AuditEntry


def _local_midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def search(filters):
    """Audit entries matching cleaned AuditFilterForm data, newest first."""
    entries = AuditEntry.objects.select_related("actor")
    if filters.get("q"):
        text = filters["q"]
        entries = entries.filter(Q(object_repr__icontains=text) | Q(note__icontains=text) | Q(ip__startswith=text) | Q(object_id=text))
    if filters.get("actor"):
        entries = entries.filter(Q(actor_name__icontains=filters["actor"]) | Q(actor__username__iexact=filters["actor"]))
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("object_type"):
        entries = entries.filter(object_type__icontains=filters["object_type"])
    if filters.get("date_from"):
        entries = entries.filter(at__gte=_local_midnight(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(at__lt=_local_midnight(filters["date_to"] + datetime.timedelta(days=1)))
    return entries
