"""A unit administrator creates a staff account; the new person signs in with the temporary
password and must choose their own before anything else."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .test_role_homes import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NEW_PASSWORD = "Mein-Neues-2026!"


def test_a_unit_administrator_creates_a_staff_account_and_the_new_person_must_change_the_password(page, live_server, live_world, shoot):
    base = live_server.url
    sign_in(page, base, "unit_admin")
    page.goto(f"{base}/accounts/manage/")
    expect(page.get_by_role("link", name="unit_staff")).to_be_visible()
    expect(page.get_by_role("link", name="other_unit_staff")).to_have_count(0)
    shoot(page, f"accounts-unit-admin-{DESKTOP['width']}")

    page.get_by_role("link", name="新建账号").click()
    page.locator("[name=username]").fill("wu_fang")
    page.locator("[name=full_name]").fill("吴芳")
    page.locator("[name=phone]").fill("123")  # wrong first: the form keeps what was typed
    page.locator("[name=role]").select_option("unit_staff")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator(".app-field-errors")).to_contain_text("请输入以 1 开头的 11 位中国大陆手机号码")
    expect(page.locator("[name=username]")).to_have_value("wu_fang")
    shoot(page, f"account-create-errors-{DESKTOP['width']}")
    page.locator("[name=phone]").fill("13912340000")
    page.locator("form.card button[type=submit]").click()

    password = page.get_by_test_id("temporary-password").inner_text().strip()
    assert len(password) >= 12
    shoot(page, f"account-temporary-password-{DESKTOP['width']}")
    page.set_viewport_size(PHONE)
    shoot(page, f"account-temporary-password-{PHONE['width']}")

    page.context.clear_cookies()
    sign_in(page, base, "wu_fang", password)
    expect(page.get_by_role("heading", name="修改密码").first).to_be_visible()
    assert "/accounts/password/" in page.url
    shoot(page, f"account-first-sign-in-{PHONE['width']}")
    page.set_viewport_size(DESKTOP)
    shoot(page, f"account-first-sign-in-{DESKTOP['width']}")

    page.locator("[name=old_password]").fill(password)
    page.locator("[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("[name=new_password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_role("heading", name="单位总览").first).to_be_visible()
