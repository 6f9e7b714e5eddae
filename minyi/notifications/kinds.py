"""Kinds of notification and their default channels. Apps register theirs in AppConfig.ready();
an unregistered kind gets in-app and email."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    label: object
    email: bool = True
    sms: bool = False


_kinds = {}


def register(key, label, *, email=True, sms=False):
    _kinds[key] = Kind(key, label, email, sms)
    return _kinds[key]


def get(key):
    return _kinds.get(key) or Kind(key, key)


def all_kinds():
    return list(_kinds.values())
