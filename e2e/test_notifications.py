import re

import pytest
from playwright.sync_api import expect

from minyi.notifications import services
from minyi.testing import PASSWORD

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_the_unread_badge_shows_and_marking_read_clears_it(page, live_server, live_world, shoot):
    w = live_world
    services.notify(w.unit_staff, "assignment.new", "新交办：小区路灯不亮", "荆门市人大常委会交办了一件意见，请在 3 个工作日内签收。", "/workbench/unit/")
    services.notify(w.unit_staff, "deadline.soon", "办理期限将到", "一件意见的办理期限还有 2 个工作日。")
    services.notify(w.citizen, "opinion.replied", "您的意见已答复", "东宝区教育局已答复您反映的校门口交通问题。", "/")

    # A unit staff member at a desk: the sidebar badge counts 2 unread.
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, "unit_staff")
    menu_item = page.locator(".desk-sidebar a[href='/notifications/']")
    expect(menu_item.locator(".desk-badge")).to_have_text("2")
    menu_item.click()
    # Until the translations are merged the heading may still read "Notifications".
    expect(page.get_by_role("heading", name=re.compile("通知|Notifications")).first).to_be_visible()
    expect(page.locator("[data-unread=true]")).to_have_count(2)
    shoot(page, "notifications-unit-desk-1440")
    page.locator("[data-unread=true]").filter(has_text="办理期限将到").get_by_role("button").last.click()
    expect(page.locator("[data-unread=true]")).to_have_count(1)
    expect(menu_item.locator(".desk-badge")).to_have_text("1")
    page.set_viewport_size(PHONE)
    shoot(page, "notifications-unit-desk-375")

    # A citizen on a phone: the tab bar badge, then "mark all as read".
    page.context.clear_cookies()
    sign_in(page, live_server.url, "citizen")
    tab = page.locator(".m-tabbar a[href='/notifications/']")
    expect(tab.locator(".weui-badge")).to_have_text("1")
    tab.click()
    expect(page.get_by_text("您的意见已答复")).to_be_visible()
    shoot(page, "notifications-citizen-375")
    page.locator("form[action='/notifications/read-all/'] button").click()
    expect(page.locator("[data-unread=true]")).to_have_count(0)
    expect(tab.locator(".weui-badge")).to_have_count(0)
    page.set_viewport_size(DESKTOP)
    shoot(page, "notifications-citizen-1440")

    # The settings page: email and SMS per kind of notification.
    page.set_viewport_size(PHONE)
    page.locator("a[href='/notifications/settings/']").click()
    expect(page.locator("input[name='email:opinion.replied']")).to_be_checked()
    shoot(page, "notifications-settings-citizen-375")
