"""The big screen (大屏) in a real browser at 1920×1080: opened with its display token, it draws the
figures, refreshes by itself (a one-second interval set in the database for the test) without a
console error, and says it was switched off once the token is revoked."""

import re

import pytest
from playwright.sync_api import expect

from minyi.figures.rebuild import rebuild
from minyi.opinions import services as opinions
from minyi.opinions.models import Category
from minyi.screens import services
from minyi.screens.models import DisplayToken
from minyi.testing import region

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SCREEN = {"width": 1920, "height": 1080}
THREE_DRAWINGS = re.compile(r"^([3-9]|\d{2,})$")  # the first paint and two refreshes


def test_the_screen_refreshes_by_itself_and_goes_dark_when_revoked(live_world, live_server, window):
    w = live_world
    Category.objects.create(code="city", name="城市管理", order=1)
    village = region("420802001001", "龙井社区", 5, region("420802001000", "龙泉街道", 4, w.dongbao))
    for text in ("龙井社区门口路灯不亮已经一周了。", "菜市场周边占道经营，交通拥堵。", "小区垃圾清运不及时，气味很大。"):
        opinions.submit(opinions.Submission(text=text, region_code=village.pk, category="city", citizen_name="王芳", phone="13912345678"))
    rebuild()
    token, key = services.issue(w.city_staff, name="市人大代表之家大厅", region_code=w.city.code)
    DisplayToken.objects.filter(pk=token.pk).update(refresh_seconds=1)

    page = window(SCREEN)
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    answers = []
    page.on("response", lambda response: answers.append(response.status) if "/data.json" in response.url else None)

    page.goto(f"{live_server.url}/screen/{key}/")
    expect(page.locator("#scr-stage")).to_have_attribute("data-refreshed", THREE_DRAWINGS, timeout=20_000)
    assert answers[:2] == [200, 200]
    expect(page.get_by_test_id("kpi-collected").locator(".scr-kpi-number")).to_have_text("3")
    expect(page.get_by_test_id("screen-title")).to_contain_text("荆门市")
    expect(page.locator("#scr-map canvas")).to_have_count(1)
    expect(page.get_by_test_id("screen-reconnecting")).to_be_hidden()
    # The stage fills the window: 1920×1080 at scale 1.
    box = page.locator("#scr-stage").bounding_box()
    assert (round(box["width"]), round(box["height"])) == (1920, 1080)
    assert "王芳" not in page.content() and "13912345678" not in page.content()
    assert problems == []

    services.revoke(w.city_staff, token)
    expect(page.get_by_test_id("screen-notice")).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("kpi-collected").locator(".scr-kpi-number")).to_have_text("—")
    assert 410 in answers
