import pytest
from playwright.sync_api import expect

from minyi.testing import PASSWORD

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

HOMES = [
    # (username, heading shown on the home, viewport)
    ("admin", "总览", DESKTOP),
    ("city_staff", "总览", DESKTOP),
    ("leader", "总览", DESKTOP),
    ("unit_staff", "单位总览", DESKTOP),
    ("rep", "代表首页", PHONE),
    ("citizen", "我的意见", PHONE),
]


def sign_in(page, base, username, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


@pytest.mark.parametrize("username, heading, viewport", HOMES, ids=[h[0] for h in HOMES])
def test_each_role_signs_in_and_sees_its_home_in_chinese(page, live_server, live_world, shoot, username, heading, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, live_server.url, username)
    expect(page.get_by_role("heading", name=heading).first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    shoot(page, f"home-{username}-{viewport['width']}")
    page.set_viewport_size(PHONE if viewport is DESKTOP else DESKTOP)
    shoot(page, f"home-{username}-{(PHONE if viewport is DESKTOP else DESKTOP)['width']}")


def test_a_wrong_password_shows_a_chinese_error_and_keeps_the_username(page, live_server, live_world, shoot):
    sign_in(page, live_server.url, "city_staff", "not-the-password")
    expect(page.get_by_text("用户名或密码不正确")).to_be_visible()
    expect(page.get_by_label("用户名或手机号")).to_have_value("city_staff")
    shoot(page, "login-wrong-password")


def test_the_language_switch_turns_the_page_english_and_back(page, live_server, live_world, shoot):
    sign_in(page, live_server.url, "city_staff")
    expect(page.get_by_role("heading", name="总览").first).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Overview").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shoot(page, "home-city_staff-english")
    page.get_by_role("button", name="简体中文").click()
    expect(page.get_by_role("heading", name="总览").first).to_be_visible()


def test_the_public_home_and_error_pages_render_in_chinese(page, live_server, live_world, shoot):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="登录").first).to_be_visible()
    shoot(page, "public-home-375")
    page.goto(live_server.url + "/no-such-page/")
    expect(page.get_by_text("页面不存在").first).to_be_visible()
    shoot(page, "error-404-375")
