from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from minyi.workdays.models import DayOverride, HolidayYear


def test_it_registers_both_models():
    assert DayOverride in admin.site._registry
    assert HolidayYear in admin.site._registry


@pytest.mark.django_db
def test_it_records_who_created_an_entry():
    administrator = get_user_model().objects.create_superuser("calendar-admin", password="Unused-passw0rd")
    request = RequestFactory().post("/")
    request.user = administrator
    entry = DayOverride(date=date(2027, 2, 8), kind=DayOverride.Kind.HOLIDAY, name="春节")
    admin.site._registry[DayOverride].save_model(request, entry, form=None, change=False)
    entry.refresh_from_db()
    assert entry.created_by == administrator
