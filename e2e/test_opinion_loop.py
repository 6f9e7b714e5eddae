"""The whole closed loop of a citizen's opinion through the real pages, each person in their own
browser window: citizens and representatives on a phone (375×812), congress staff and handling
units at a desk (1440×900).

Walk 1: a station's QR code → the representative passes it on → the Dongbao staff accept and assign
it to a lead and a co-handling unit → both sign, the co-unit contributes, the lead replies → the
citizen, with the tracking code, is not satisfied → the lead unit handles it again → satisfied: closed.
Walk 2: a representative's QR code → the representative settles it on the spot → satisfied: closed.

Selectors are names, form actions and data-testid attributes, so the test holds in English and Chinese."""

import datetime
import re

import pytest
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect

from minyi.accounts.models import Role
from minyi.matters.labels import event_label
from minyi.matters.models import Assignment, Channel, Matter, Reply
from minyi.opinions import services
from minyi.opinions.models import Category
from minyi.opinions.services import Submission
from minyi.organisations.models import Station, StationAssignment, Unit
from minyi.representatives.models import Mandate
from minyi.testing import person, region

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LOOP_TEXT = "龙井社区门口的路灯坏了一个星期，晚上老人孩子出行很不安全，希望尽快修好。"
ON_SPOT_TEXT = "联络站旁边的健身器材螺丝松动，老人使用时有危险。"
PHONE_NUMBER = "13912345678"


@pytest.fixture
def places(live_world):
    """What the World lacks for the loop: a township and village in Dongbao, a station there served by
    the world's representative (who holds a Dongbao mandate), a second Dongbao unit with its own staff,
    and two categories. The same set-up as minyi/opinions/tests/conftest.py's `places`."""
    w = live_world
    township = region("420802001000", "龙泉街道", 4, w.dongbao)
    village = region("420802001001", "龙井社区", 5, township)
    station = Station.objects.create(name="龙泉街道代表联络站", kind=Station.Kind.LIAISON_STATION, region=township,
                                     congress=w.dongbao_congress, public_code="STEST01")
    StationAssignment.objects.create(station=station, representative=w.representative, start=datetime.date(2024, 1, 1))
    Mandate.objects.create(representative=w.representative, level="county", congress=w.dongbao_congress, start=datetime.date(2022, 1, 1))
    roads_unit = Unit.objects.create(region=w.dongbao, name="东宝区城市管理执法局")
    roads_staff = person("roads_staff", Role.UNIT_STAFF, unit=roads_unit, full_name="吴刚")
    Category.objects.create(code="city", name="城市管理", order=1)
    Category.objects.create(code="traffic", name="交通出行", order=2)

    class Places:
        pass

    result = Places()
    result.township, result.village, result.station, result.roads_unit, result.roads_staff = township, village, station, roads_unit, roads_staff
    return result


@pytest.fixture
def photo(tmp_path):
    def make(name, colour):
        path = tmp_path / name
        Image.new("RGB", (800, 600), colour).save(path, "JPEG")
        return path

    return make


def submit(page, button):
    """Press a form's button and wait for the page the server answers with."""
    with page.expect_navigation():
        button.click()


def timeline_labels(matter):
    """The words of the public timeline as the citizen reads them (an evaluation with its rating)."""
    with translation.override("zh-hans"):
        return [str(event_label(event)) for event in matter.timeline.filter(visibility="public").order_by("at", "id")]


def pick(page, select, code, name):
    """Choose a place in the region picker, then wait until htmx has drawn the next select and
    settled (a select changed before htmx has taken the new picker in would go unheard)."""
    select.select_option(code)
    expect(page.locator("#region-picker .o-region__path")).to_contain_text(name)
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")


def fill_intake_form(page, *, text, photo_path, pick_from_county):
    """The citizen's form on /o/new/: text, category, the place down to the village, a photo, a phone, consent."""
    page.locator("textarea[name='text']").fill(text)
    page.locator("select[name='category']").select_option("city")
    picks = page.locator("select[name='pick']")
    if pick_from_county:
        pick(page, picks.nth(0), "420802000000", "东宝区")
        pick(page, picks.nth(1), "420802001000", "龙泉街道")
    pick(page, picks.nth(2), "420802001001", "龙井社区")
    page.locator("input[name='address']").fill("龙井社区3栋门口")
    page.locator("input[name='photos']").set_input_files(photo_path)
    page.locator("input[name='citizen_name']").fill("王芳")
    page.locator("input[name='phone']").fill(PHONE_NUMBER)
    page.locator("input[name='consent']").check()


def track(page, base, code, last4):
    page.goto(f"{base}/o/track/")
    page.locator("input[name='code']").fill(code)
    page.locator("input[name='phone_last4']").fill(last4)
    submit(page, page.locator("form:has(input[name='phone_last4']) button[type='submit']"))
    expect(page.locator("[data-testid=opinion-status]")).to_contain_text(code)


def rate(page, rating, comment=""):
    page.locator(f"input[name='rate-rating'][value='{rating}']").check()
    if comment:
        page.locator("textarea[name='rate-comment']").fill(comment)
    submit(page, page.locator("form:has(input[name='action'][value='rate']) button[type='submit']"))


def open_assignment(page, base, matter, tab=None):
    """A unit's desk: /matters/unit/ (on a tab), then the assignment of `matter`."""
    page.goto(f"{base}/matters/unit/")
    if tab:
        page.locator(f"a.nav-link[href*='tab={tab}']").click()
        page.wait_for_load_state()
    page.get_by_role("link", name=matter.title).click()
    expect(page).to_have_url(re.compile(r"/matters/unit/assignments/\d+/$"))


def unit_action(page, action, text=None):
    form = page.locator(f"form:has(input[name='action'][value='{action}'])")
    if text is not None:
        form.locator("textarea, input[type='text']").first.fill(text)
    submit(page, form.locator("button[type='submit']"))
    expect(page.locator(".alert-danger")).to_have_count(0)


def test_an_opinion_goes_round_the_whole_loop_through_the_pages(live_server, live_world, places, window, photo, shoot):
    w, base = live_world, live_server.url

    # --- The citizen scans the station's code on a phone and raises the opinion with a photo.
    citizen = window(PHONE)
    citizen.goto(f"{base}/s/{places.station.public_code}/")
    expect(citizen.locator("body")).to_contain_text(places.station.name)
    shoot(citizen, "opinion-loop-01-station-375")
    citizen.locator("[data-testid=raise-opinion]").click()
    expect(citizen.locator("input[name='station']")).to_have_value(places.station.public_code)
    # The station's township is already chosen; the citizen picks the village under it.
    expect(citizen.locator("select[name='pick']").nth(1)).to_have_value(places.township.pk)
    fill_intake_form(citizen, text=LOOP_TEXT, photo_path=photo("lamp.jpg", (40, 60, 90)), pick_from_county=False)
    shoot(citizen, "opinion-loop-02-form-375")
    submit(citizen, citizen.locator("[data-testid=send-opinion]"))
    code = citizen.locator("[data-testid=tracking-code]").inner_text().strip()
    expect(citizen.locator(".weui-msg")).to_contain_text(places.station.name)
    shoot(citizen, "opinion-loop-03-sent-375")
    matter = Matter.objects.get(tracking_code=code)
    assert (matter.status, matter.station_id, matter.channel, matter.category) == ("with_representative", places.station.pk, "station_code", "city")
    assert matter.region_code == places.village.pk and matter.opinion.phone_last4 == "5678"
    assert matter.attachments.count() == 1

    # --- The station's representative, on a phone, passes it to the congress staff with a note.
    rep = window(PHONE, "rep")
    rep.goto(f"{base}/rep/opinions/")
    rep.locator("[data-testid=rep-inbox]").get_by_role("link").filter(has_text=matter.title).click()
    expect(rep.locator("[data-testid=opinion-text]")).to_have_text(LOOP_TEXT)
    expect(rep.locator("[data-testid=contact]")).to_contain_text("139****5678")
    rep.locator("textarea[name='forward-note']").fill("已到现场看过，路灯确实不亮，需要城管部门维修。")
    shoot(rep, "opinion-loop-04-rep-detail-375")
    submit(rep, rep.locator("[data-testid=forward]"))
    expect(rep.locator("[data-testid=forward]")).to_have_count(0)
    matter.refresh_from_db()
    assert matter.status == "submitted"

    # --- The Dongbao congress staff, at a desk, find it by a word, accept it and assign it.
    # Another opinion waits in the same inbox; the search by a word leaves only ours.
    other, _created = services.submit(Submission(text="龙泉街道菜市场门口的井盖缺失，雨天容易踩空。", region_code=places.village.pk), channel=Channel.H5)
    staff = window(DESKTOP, "dongbao_staff")
    staff.goto(f"{base}/desk/opinions/")
    results = staff.locator("[data-testid=inbox-table]")
    expect(results.locator(f"a[href='/desk/opinions/{other.pk}/']")).to_be_visible()
    staff.locator("#inbox-q").fill("路灯")
    staff.locator("#inbox-filters button[type='submit']").click()
    expect(results.locator(f"a[href='/desk/opinions/{other.pk}/']")).to_have_count(0)
    expect(results.locator("a[href^='/desk/opinions/']")).to_have_count(1)
    expect(staff).to_have_url(re.compile(r"[?&]q="))
    shoot(staff, "opinion-loop-05-desk-inbox-1440")
    results.locator(f"a[href='/desk/opinions/{matter.pk}/']").click()
    expect(staff.locator("[data-testid=matter-text]")).to_have_text(LOOP_TEXT)
    expect(staff.locator("[data-testid=photos] img")).to_have_count(1)
    accept = staff.locator("[data-testid=panel-accept]")
    accept.locator("select[name='accept-category']").select_option("city")
    accept.locator("select[name='accept-handling_class']").select_option("cross_unit")
    submit(staff, accept.locator("button[type='submit']"))
    expect(staff.locator(".alert-success")).to_be_visible()
    assign = staff.locator("[data-testid=panel-assign]")
    if not assign.locator("select[name='assign-lead']").is_visible():
        assign.locator(".card-header").click()
    assign.locator("select[name='assign-lead']").select_option(str(places.roads_unit.pk))
    assign.locator("select[name='assign-co_units']").select_option([str(w.dongbao_unit.pk)])
    assign.locator("textarea[name='assign-note']").fill("请城管执法局牵头维修，教育局配合核实学校周边照明。")
    shoot(staff, "opinion-loop-06-desk-assign-1440")
    submit(staff, assign.locator("button[type='submit']"))
    expect(staff.locator("[data-testid=assignments]")).to_contain_text(places.roads_unit.name)
    expect(staff.locator("[data-testid=assignments]")).to_contain_text(w.dongbao_unit.name)
    shoot(staff, "opinion-loop-07-desk-assigned-1440")
    matter.refresh_from_db()
    assert (matter.status, matter.category, matter.handling_class) == ("assigned", "city", "cross_unit")

    # --- The lead unit signs; the co-unit signs and sends its opinion; the lead unit reads it and replies.
    lead = window(DESKTOP, "roads_staff")
    open_assignment(lead, base, matter)
    expect(lead.locator("body")).to_contain_text(LOOP_TEXT)
    shoot(lead, "opinion-loop-08-lead-assignment-1440")
    unit_action(lead, "sign")

    co = window(DESKTOP, "other_unit_staff")
    open_assignment(co, base, matter)
    if co.locator("form:has(input[name='action'][value='sign'])").count():
        unit_action(co, "sign")
    unit_action(co, "contribute", "教育局已核实：该路灯位于龙井小学门口，是学生上学必经之路，同意尽快修复。")
    shoot(co, "opinion-loop-09-co-unit-contributed-1440")
    assert Reply.objects.filter(matter=matter, kind=Reply.Kind.CONTRIBUTION, assignment__unit=w.dongbao_unit).exists()

    lead.reload()
    expect(lead.locator("body")).to_contain_text("同意尽快修复")
    unit_action(lead, "reply", "已于当日更换灯具，龙井社区门口路灯恢复照明。感谢您的反映。")
    shoot(lead, "opinion-loop-10-lead-replied-1440")
    matter.refresh_from_db()
    assert matter.status == "replied"

    # --- The citizen, on a phone without the sending session, opens it with the code and is not satisfied.
    citizen = window(PHONE)
    track(citizen, base, code, "5678")
    expect(citizen.locator("[data-testid=answer]")).to_contain_text("恢复照明")
    expect(citizen.locator("body")).not_to_contain_text("同意尽快修复")  # the co-unit's opinion stays internal
    shoot(citizen, "opinion-loop-11-citizen-reply-375")
    rate(citizen, "unsatisfied", "晚上去看了，门口还有一盏灯不亮。")
    expect(citizen.locator("input[name='rate-rating']")).to_have_count(0)
    matter.refresh_from_db()
    assert (matter.status, matter.round) == ("handling", 2)

    # --- The lead unit handles it again (a new, already signed assignment) and replies.
    open_assignment(lead, base, matter, tab="handling")
    expect(lead.locator("body")).to_contain_text("还有一盏灯不亮")
    unit_action(lead, "reply", "已复查并更换第二盏灯，两盏路灯均已恢复照明，夜间已再次查看。")
    assert Assignment.objects.filter(matter=matter, round=2, unit=places.roads_unit, state=Assignment.State.REPLIED).exists()

    # --- The citizen is satisfied: the opinion is closed and the timeline shows every public step.
    citizen.reload()
    expect(citizen.locator("[data-testid=answer]").first).to_contain_text("两盏路灯均已恢复照明")
    rate(citizen, "satisfied")
    matter.refresh_from_db()
    assert matter.status == "closed" and matter.closed_at is not None
    with translation.override("zh-hans"):
        closed_label = str(matter.policy.states["closed"].label)
    expect(citizen.locator("[data-testid=opinion-status] .o-status__label")).to_have_text(closed_label)
    public = list(matter.timeline.filter(visibility="public").values_list("action", flat=True))
    assert public[0] == "open" and public[-1] == "evaluate"
    for step in ("accept", "assign", "sign", "reply", "rehandle"):
        assert step in public, (step, public)
    assert "contribute" not in public
    expect(citizen.locator("[data-testid=timeline] .o-timeline__what")).to_have_text(timeline_labels(matter))
    expect(citizen.locator("[data-testid=timeline]")).to_contain_text("还有一盏灯不亮")
    shoot(citizen, "opinion-loop-12-citizen-closed-375")
    citizen.set_viewport_size(DESKTOP)
    shoot(citizen, "opinion-loop-12-citizen-closed-1440")

    # The staff see the whole story, evaluations included.
    staff.reload()
    expect(staff.locator("[data-testid=evaluations] .list-group-item")).to_have_count(2)
    expect(staff.locator("[data-testid=no-actions]")).to_be_visible()
    shoot(staff, "opinion-loop-13-desk-closed-1440")


def test_a_representative_settles_an_opinion_on_the_spot(live_server, live_world, places, window, photo, shoot):
    w, base = live_world, live_server.url

    # --- The citizen scans the representative's code (no place chosen for them) and sends.
    citizen = window(PHONE)
    citizen.goto(f"{base}/r/{w.representative.public_code}/")
    expect(citizen.locator("body")).to_contain_text(w.representative.name)
    shoot(citizen, "opinion-loop-21-rep-profile-375")
    citizen.locator("[data-testid=raise-opinion]").click()
    expect(citizen.locator("input[name='rep']")).to_have_value(w.representative.public_code)
    fill_intake_form(citizen, text=ON_SPOT_TEXT, photo_path=photo("fitness.jpg", (90, 120, 60)), pick_from_county=True)
    submit(citizen, citizen.locator("[data-testid=send-opinion]"))
    code = citizen.locator("[data-testid=tracking-code]").inner_text().strip()
    expect(citizen.locator(".weui-msg")).to_contain_text(w.representative.name)
    matter = Matter.objects.get(tracking_code=code)
    assert (matter.status, matter.representative_id, matter.channel) == ("with_representative", w.representative.pk, "representative_code")

    # --- The representative goes there, has it fixed, and records it with a photo.
    rep = window(PHONE, "rep")
    rep.goto(f"{base}/rep/opinions/")
    rep.locator("[data-testid=rep-inbox]").get_by_role("link").filter(has_text=matter.title).click()
    expect(rep.locator("[data-testid=opinion-text]")).to_have_text(ON_SPOT_TEXT)
    rep.locator("textarea[name='resolve-text']").fill("已联系社区物业，当天紧固了全部健身器材的螺丝。")
    rep.locator("input[name='resolve-photos']").set_input_files(photo("fixed.jpg", (200, 200, 200)))
    submit(rep, rep.locator("[data-testid=resolve]"))
    expect(rep.locator("[data-testid=answer]")).to_contain_text("紧固了全部健身器材")
    expect(rep.locator("[data-testid=timeline] .o-photos img")).to_have_count(2)
    shoot(rep, "opinion-loop-22-rep-resolved-375")
    matter.refresh_from_db()
    assert matter.status == "replied"

    # --- The citizen follows it with the code and is satisfied: closed.
    citizen = window(PHONE)
    track(citizen, base, code, "5678")
    expect(citizen.locator("[data-testid=answer]")).to_contain_text("紧固了全部健身器材")
    shoot(citizen, "opinion-loop-23-citizen-on-spot-375")
    rate(citizen, "satisfied")
    matter.refresh_from_db()
    assert matter.status == "closed"
    public = list(matter.timeline.filter(visibility="public").values_list("action", flat=True))
    assert public[0] == "open" and "resolve_on_spot" in public and public[-1] == "evaluate", public
    expect(citizen.locator("[data-testid=timeline] .o-timeline__what")).to_have_text(timeline_labels(matter))
    expect(citizen.locator("[data-testid=timeline] .o-photos img")).to_have_count(2)
    shoot(citizen, "opinion-loop-24-citizen-on-spot-closed-375")
