"""The cockpit in a browser: the city's leader opens it, sees the funnel of the closed loop drawn,
drills from the city through the county and the township to one village, and opens that
village's matters. Selectors are data-testid attributes, so the test holds in English and Chinese."""

import pytest
from playwright.sync_api import expect

from minyi.cockpit.tests.land import build

from .conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def test_a_leader_drills_from_the_city_to_a_villages_matters(live_world, live_server, window, shoot):
    land = build(live_world)
    page = window(DESKTOP, "leader")
    page.goto(f"{live_server.url}/desk/cockpit/")

    funnel = page.get_by_test_id("funnel")
    expect(funnel.locator("[data-echarts='chart-funnel'] svg")).to_be_visible()
    expect(page.get_by_test_id("stage-collected")).to_have_text("8")
    expect(page.get_by_test_id("kpi-collected")).to_contain_text("8")

    for code in (live_world.dongbao.code, land.longquan.code, land.longjing.code):
        click_and_wait(page, page.get_by_test_id(f"drill-{code}"))
        expect(page.get_by_test_id("region-path")).to_contain_text(
            {live_world.dongbao.code: "东宝区", land.longquan.code: "龙泉街道", land.longjing.code: "龙井社区"}[code]
        )
    expect(page.get_by_test_id("stage-collected")).to_have_text("3")
    shoot(page, "cockpit-e2e-village")

    click_and_wait(page, page.get_by_test_id("region-matters"))
    expect(page.get_by_test_id("matter-row")).to_have_count(3)
    expect(page.get_by_test_id("chips")).to_contain_text("龙井社区")
    click_and_wait(page, page.get_by_test_id("matter-row").first.locator("a").first)
    assert "/desk/opinions/" in page.url
