"""Writing audit entries. Model changes are recorded by `track()`ed models automatically;
logins, denials and exports are recorded by the functions below."""

import datetime
import decimal
import uuid

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from . import context
from .models import AuditEntry

# Values never copied into the audit log, whatever model they sit on.
SECRET_FIELDS = {"password", "key_hash", "key", "secret", "otp_secret"}
_tracked = {}


def _json_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def _snapshot(instance, exclude):
    return {f.name: _json_value(f.value_from_object(instance)) for f in instance._meta.concrete_fields if f.name not in exclude}


def _hide(changes, hidden):
    """Keep that a secret or personal field changed, never its values."""
    return {
        name: [None if before in (None, "") else "***", None if after in (None, "") else "***"] if name in hidden else [before, after]
        for name, (before, after) in changes.items()
    }


def _settings(model):
    """(fields excluded, fields hidden) as track() was told; an untracked model hides every value."""
    if model in _tracked:
        return _tracked[model]
    return {"last_login"}, {field.name for field in model._meta.concrete_fields}


def snapshot(instance):
    """The values track() compares for `instance`, before hiding."""
    exclude, _hidden = _settings(type(instance))
    return _snapshot(instance, exclude)


def recorded_changes(instance, before=None):
    """What track() records for `instance`: every value when created (`before` None), else the
    values that differ from the `before` snapshot; hidden fields show only that they changed.
    For writers that bypass save signals (bulk imports)."""
    _exclude, hidden = _settings(type(instance))
    now = snapshot(instance)
    if before is None:
        changes = {k: [None, v] for k, v in now.items() if v not in (None, "")}
    else:
        changes = {k: [before.get(k), v] for k, v in now.items() if before.get(k) != v}
    return _hide(changes, hidden)


def write(action, *, obj=None, changes=None, note="", user=None, object_type="", object_id="", object_repr=""):
    ctx = context.current()
    actor = user if user is not None else ctx.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk or "")
        object_repr = object_repr or str(obj)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_name=(str(actor) if actor is not None and getattr(actor, "pk", None) else "")[:100],
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        object_repr=str(object_repr)[:200],
        changes=changes or {},
        note=note[:500],
        ip=ctx.ip,
        user_agent=ctx.user_agent,
        path=ctx.path,
        source=ctx.source,
    )


def track(model, *, exclude=(), masked=()):
    """Record every create, update and delete of `model`, with before/after values; `masked`
    fields (personal data) and secrets show that they changed, not what they hold."""
    exclude = set(exclude) | {"last_login"}
    hidden = set(masked) | SECRET_FIELDS
    _tracked[model] = (exclude, hidden)
    uid = f"audit-{model._meta.label_lower}"

    def before(sender, instance, raw=False, **kwargs):
        if raw or instance._state.adding or instance.pk is None:
            instance._audit_before = None
            return
        old = sender._default_manager.filter(pk=instance.pk).first()
        instance._audit_before = _snapshot(old, exclude) if old is not None else None

    def after(sender, instance, created, raw=False, **kwargs):
        if raw:
            return
        before_values = None if created else getattr(instance, "_audit_before", None)
        instance._audit_before = None
        changes = recorded_changes(instance, before_values)
        if before_values is None:
            write(AuditEntry.Action.CREATE, obj=instance, changes=changes)
        elif changes:
            write(AuditEntry.Action.UPDATE, obj=instance, changes=changes)

    def deleted(sender, instance, **kwargs):
        changes = {k: [v, None] for k, v in _snapshot(instance, exclude).items()}
        write(AuditEntry.Action.DELETE, obj=instance, changes=_hide(changes, hidden))

    pre_save.connect(before, sender=model, weak=False, dispatch_uid=uid + "-pre")
    post_save.connect(after, sender=model, weak=False, dispatch_uid=uid + "-post")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid + "-del")
    return model


def is_tracked(model):
    return model in _tracked


def record_denial(user, action, obj, *, request=None):
    write(
        AuditEntry.Action.DENIED,
        obj=obj,
        note=f"{action}",
        user=user if user is not None and user.is_authenticated else None,
    )


def record_export(what, *, rows, filters=None, user=None):
    write(AuditEntry.Action.EXPORT, object_type=what, note=f"rows={rows}", changes={"filters": _json_value(filters or {})}, user=user)
