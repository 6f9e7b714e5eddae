"""City congress staff set up a station on the desk: its details, then a monthly reception
rule, and find the reception days in the three-month calendar (desktop and phone width)."""


import pytest
from django.utils import timezone
from playwright.sync_api import expect

from minyi.testing import PASSWORD

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def sign_in(page, base, username, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_city_staff_create_a_station_with_a_monthly_reception_day(page, live_server, live_world, shoot):
    sign_in(page, live_server.url, "city_staff")
    expect(page.get_by_role("heading", name="总览").first).to_be_visible()

    page.goto(f"{live_server.url}/org/stations/")
    page.locator('a[href="/org/stations/new/"]').first.click()
    form = page.get_by_test_id("station-form")
    form.locator('input[name="name"]').fill("东宝区人大代表联络站")
    profession = form.locator('input[name="profession"]')
    form.locator('select[name="kind"]').select_option("professional")
    expect(profession).to_be_visible()  # only a professional station names its field
    form.locator('select[name="kind"]').select_option("liaison")
    expect(profession).to_be_hidden()
    form.locator('select[name="area"]').select_option(live_world.dongbao.code)
    form.locator('input[name="address"]').fill("东宝区长宁大道88号")
    form.locator('textarea[name="opening_hours"]').fill("工作日 9:00–17:00")
    shoot(page, "organisation-station-new-1440")
    form.locator('button[type="submit"]').click()

    expect(page.get_by_role("heading", name="东宝区人大代表联络站")).to_be_visible()
    rule_form = page.get_by_test_id("rule-form")
    rule_form.locator('input[name="kind"][value="monthly"]').check()
    rule_form.locator('input[name="day_of_month"]').fill("15")
    rule_form.locator('input[name="start_time"]').fill("09:00")
    rule_form.locator('input[name="end_time"]').fill("11:30")
    rule_form.locator('button[type="submit"]').click()

    fifteenth = timezone.localdate().replace(day=15)
    day = page.locator(f'td[data-reception="{fifteenth.isoformat()}"]')
    expect(day).to_be_visible()
    expect(day).to_contain_text("09:00")
    expect(page.locator("td[data-reception]")).to_have_count(3)
    expect(page.get_by_test_id("rules")).to_contain_text("15")
    shoot(page, "organisation-station-calendar-1440")

    page.set_viewport_size(PHONE)
    expect(day).to_be_visible()
    shoot(page, "organisation-station-calendar-375")
    page.set_viewport_size(DESKTOP)
