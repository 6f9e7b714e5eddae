"""Audit entries for rows written with bulk_create / bulk_update, which send no signals.

`minyi.audit.services.track()` records a model's changes from its save signals; a bulk write
bypasses them, so an import that writes in bulk records the same entries itself: one CREATE or
UPDATE entry per object, with the same before/after values and the same hidden fields as
`track()` would have written (personal fields show that they changed, never their values), plus
one summary entry per import. The audit app has no public way to read a tracked model's
settings, so `_settings()` reads its registry."""

from django.db import connection
from django.utils import timezone

from minyi.audit import context
from minyi.audit import services as audit
from minyi.audit.models import AuditEntry


_cache = {}


def _settings(model):
    """(fields recorded, fields hidden) for `model`, as track() was told."""
    settings = _cache.get(model)
    if settings is None:
        exclude, hidden = audit._tracked.get(model, (set(), None))
        if hidden is None:
            # Not tracked: keep only that it happened, no values at all.
            hidden = {field.name for field in model._meta.concrete_fields}
        exclude = set(exclude) | {"last_login"}
        fields = [field for field in model._meta.concrete_fields if field.name not in exclude]
        settings = _cache[model] = (fields, set(hidden) | audit.SECRET_FIELDS)
    return settings


def snapshot(instance):
    fields, _hidden = _settings(type(instance))
    return {field.name: audit._json_value(field.value_from_object(instance)) for field in fields}


def _hide(changes, hidden):
    return {
        name: [None if before in (None, "") else "***", None if after in (None, "") else "***"] if name in hidden else [before, after]
        for name, (before, after) in changes.items()
    }


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
        _fields, hidden = _settings(type(instance))
        now = snapshot(instance)
        changes = _hide({k: [None, v] for k, v in now.items() if v not in (None, "")}, hidden)
        self._add(AuditEntry.Action.CREATE, instance._meta.label_lower, instance.pk, instance, changes)

    def updated(self, instance, before):
        _fields, hidden = _settings(type(instance))
        now = snapshot(instance)
        diff = {k: [before.get(k), v] for k, v in now.items() if before.get(k) != v}
        if diff:
            self._add(AuditEntry.Action.UPDATE, instance._meta.label_lower, instance.pk, instance, _hide(diff, hidden))

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
