"""Helpers for the tests of the organisation pages: a signed-in client per person and a look
at what the audit log recorded."""

import datetime

import pytest
from django.test import Client

from minyi.accounts.models import Role
from minyi.audit.models import AuditEntry
from minyi.organisations.models import ReceptionRule


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return client_for


def audited(action, model, obj_id=None, actor=None):
    entries = AuditEntry.objects.filter(action=action, object_type=model._meta.label_lower)
    if obj_id is not None:
        entries = entries.filter(object_id=str(obj_id))
    if actor is not None:
        entries = entries.filter(actor=actor)
    return entries


def leader(jingmen):
    return jingmen.person("leader", Role.LEADER, congress=jingmen.city_congress)


def monthly_rule(station, day=5, start=datetime.time(9, 0), end=datetime.time(11, 30)):
    return ReceptionRule.objects.create(station=station, kind=ReceptionRule.Kind.MONTHLY, day_of_month=day, start_time=start, end_time=end)


def html(response):
    return response.content.decode()
