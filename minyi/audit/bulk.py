"""Audit entries for rows written with bulk_create / bulk_update, which send no signals.

`services.track()` records a model's changes from its save signals; a bulk write bypasses them,
so a bulk writer (an Excel import) takes a `snapshot()` before changing each object and hands
the objects to a Recorder, which records the same entries track() would have written (hidden
fields show only that they changed) and inserts them in bulk at the end."""

from django.db import connection
from django.utils import timezone

from . import context
from .models import AuditEntry
from .services import recorded_changes


class Recorder:
    """Collects entries while an import writes, and inserts them in bulk at the end.

    The entries are inserted with one executemany per thousand rows rather than bulk_create: an
    import of 10,000 representatives writes 20,000 entries, and building a model instance and
    compiling an INSERT for each was a good part of the import's time. AuditEntry has no signals
    and no save() logic beyond refusing updates, so nothing is bypassed."""

    def __init__(self):
        self.entries = []
        ctx = context.current()
        actor = ctx.user if ctx.user is not None and getattr(ctx.user, "pk", None) else None
        self._common = {
            "at": timezone.now(),
            "actor": actor.pk if actor else None,
            "actor_name": (str(actor) if actor else "")[:100],
            "ip": ctx.ip,
            "user_agent": ctx.user_agent,
            "path": ctx.path,
            "source": ctx.source,
        }

    def _add(self, action, object_type, object_id, object_repr, changes, note=""):
        self.entries.append((action, object_type, str(object_id or "")[:64], str(object_repr)[:200], changes, note[:500]))

    def created(self, instance):
        changes = recorded_changes(instance)
        self._add(AuditEntry.Action.CREATE, instance._meta.label_lower, instance.pk, instance, changes)

    def updated(self, instance, before):
        changes = recorded_changes(instance, before)
        if changes:
            self._add(AuditEntry.Action.UPDATE, instance._meta.label_lower, instance.pk, instance, changes)

    def summary(self, what, note, counts):
        self._add(AuditEntry.Action.ACTION, what, "", "", {"counts": counts}, note)

    def save(self):
        if not self.entries:
            return
        meta = AuditEntry._meta
        field = meta.get_field
        common = {name: field(name).get_db_prep_save(value, connection) for name, value in self._common.items()}
        names = ["action", "object_type", "object_id", "object_repr", "changes", "note", *common]
        columns = ", ".join(connection.ops.quote_name(field(name).column) for name in names)
        sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
        changes_field = field("changes")
        tail = tuple(common.values())
        rows = [
            (action, object_type, object_id, object_repr, connection.ops.adapt_json_value(changes, changes_field.encoder), note, *tail)
            for action, object_type, object_id, object_repr, changes, note in self.entries
        ]
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 1000):
                cursor.executemany(sql, rows[start : start + 1000])
        self.entries = []
