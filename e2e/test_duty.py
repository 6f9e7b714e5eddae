"""Representatives' duty (履职) through the real pages, each person in their own browser.

The staff create an inspection on the desk (check-ins only within 500 m of the site) → two
representatives scan its code on phone-size windows, one of them with the phone's position at the
site, the other from 3 km away (waits for the staff, who confirm it) → a third, without a
smartphone, is recorded by hand → the staff make a station's reception days from its timetable; the
representative on duty checks in and enters a citizen's opinion, which she passes to the staff's
desk (the opinion loop) → the representative's archive
shows the inspection, the reception and the opinion, and the annual duty list shows progress → a
report back written on her phone is rated by a satisfaction vote of her group (two members on
their phones) → a citizen posts a micro-wish behind the station's code, the staff publish it, the
representative claims it and posts a photo as proof, the citizen confirms, and it counts in the
archive.

Selectors are form field names and data-testid attributes, so the test holds in English and Chinese."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from minyi.accounts.models import Role
from minyi.duty import duty_list
from minyi.duty.models import Activity, ActivityMatter, Attendance, Measure, ReportBack
from minyi.organisations.models import DutyRoster, ReceptionRule, Station, StationAssignment, Term
from minyi.regions.models import Region
from minyi.representatives.models import Mandate, Representative, RepresentativeGroup
from minyi.testing import PASSWORD, person, region
from minyi.voting import services as voting
from minyi.wishes.models import Wish

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SITE = (30.998800, 112.199400)  # 荆门市 龙井社区 (the inspection's place)
AWAY = (31.025000, 112.199400)  # about 3 km north


def accepting(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


@pytest.fixture
def delegation(live_world):
    """Three city representatives in one group, with accounts: 李春梅 (`rep`), 王建军 and 赵敏."""
    w = live_world
    term = Term.objects.create(congress=w.city_congress, number=9, start=datetime.date(2022, 1, 1))
    group = RepresentativeGroup.objects.create(congress=w.city_congress, name="东宝区代表团")
    wang = Representative.objects.create(name="王建军", public_code="RE2E002")
    zhao = Representative.objects.create(name="赵敏", public_code="RE2E003")
    for representative in (w.representative, wang, zhao):
        Mandate.objects.create(representative=representative, level="city", congress=w.city_congress, term=term, group=group,
                               start=datetime.date(2022, 1, 1))
    person("rep_wang", Role.REPRESENTATIVE, representative=wang, full_name="王建军")
    person("rep_zhao", Role.REPRESENTATIVE, representative=zhao, full_name="赵敏")
    return {"group": group, "wang": wang, "zhao": zhao, "term": term}


def reception_station(w, now):
    """龙泉街道's station, receiving citizens every week on today's weekday around now, with 李春梅 on duty today."""
    township = region("420802001000", "龙泉街道", 4, w.dongbao)
    station = Station.objects.create(name="龙泉街道人大代表联络站", kind=Station.Kind.LIAISON_STATION, region=township,
                                     congress=w.city_congress, address="龙泉街道龙井社区服务中心二楼", public_code="SE2E001")
    start = max(now - datetime.timedelta(hours=1), now.replace(hour=0, minute=0)).time().replace(second=0, microsecond=0)
    end = min(now + datetime.timedelta(hours=2), now.replace(hour=23, minute=59)).time().replace(second=0, microsecond=0)
    ReceptionRule.objects.create(station=station, kind=ReceptionRule.Kind.WEEKLY, weekday=now.weekday(), start_time=start, end_time=end)
    StationAssignment.objects.create(station=station, representative=w.representative, start=datetime.date(2022, 1, 1))
    DutyRoster.objects.create(station=station, date=now.date(), representative=w.representative)
    return station


def choose_village(page, village):
    """The region picker opens at the station's township: choose the village, wait for htmx to settle."""
    page.locator("select[name='pick']").last.select_option(village.pk)
    expect(page.locator("#region-picker .o-region__path")).to_contain_text(village.name)
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")


def proof_photo(tmp_path):
    path = tmp_path / "书包.jpg"
    Image.new("RGB", (640, 480), (30, 90, 160)).save(path, "JPEG")
    return str(path)


def phone_at(browser, browser_context_args, live_server, username, position):
    """A phone-size window signed in as `username`, whose browser reports `position` when asked."""
    context = browser.new_context(**{**browser_context_args, "viewport": PHONE}, geolocation={"latitude": position[0], "longitude": position[1]},
                                  permissions=["geolocation"])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name='username']").fill(username)
    page.locator("input[name='password']").fill(PASSWORD)
    click_and_wait(page, page.locator("form[action='/accounts/login/'] button[type='submit']"))
    return page


def test_duty_from_the_check_in_to_the_archive(live_server, window, browser, browser_context_args, live_world, delegation, shoot, tmp_path):
    base = live_server.url
    w = live_world
    staff = accepting(window(DESKTOP, "city_staff"))

    # The staff create an inspection that accepts check-ins within 500 m of the site, inviting the delegation.
    now = timezone.localtime()
    staff.goto(f"{base}/desk/duty/activities/new/")
    staff.locator("select[name='kind']").select_option("inspection")
    staff.locator("input[name='title']").fill("视察龙井社区老旧小区改造")
    staff.locator("input[name='starts_at']").fill((now - datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    staff.locator("input[name='ends_at']").fill((now + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    staff.locator("input[name='place']").fill("东宝区龙泉街道龙井社区")
    staff.locator("input[name='latitude']").fill(str(SITE[0]))
    staff.locator("input[name='longitude']").fill(str(SITE[1]))
    staff.locator("input[name='radius_m']").fill("500")
    staff.locator("input[name='organiser']").fill("城乡建设环境保护工作委员会")
    for representative in (w.representative, delegation["wang"], delegation["zhao"]):
        staff.locator(f"input[name='invited'][value='{representative.pk}']").check()
    click_and_wait(staff, staff.get_by_test_id("save-activity"))
    inspection = Activity.objects.get(title="视察龙井社区老旧小区改造")
    expect(staff.get_by_test_id("qr")).to_be_visible()
    shoot(staff, "duty-desk-activity")

    # 李春梅 scans at the site: her phone's position is sent and she is recorded present.
    li = phone_at(browser, browser_context_args, live_server, "rep", SITE)
    li.goto(f"{base}/duty/c/{inspection.code}/")
    expect(li.get_by_test_id("activity-title")).to_have_text("视察龙井社区老旧小区改造")
    click_and_wait(li, li.get_by_test_id("check-in"))
    expect(li.get_by_test_id("checked-in")).to_be_visible()
    shoot(li, "duty-phone-checked-in")
    # A second scan records nothing twice.
    li.goto(f"{base}/duty/c/{inspection.code}/")
    expect(li.get_by_test_id("already-recorded")).to_be_visible()
    assert Attendance.objects.filter(activity=inspection, representative=w.representative).count() == 1

    # 王建军 scans 3 km away: his attendance waits for the staff.
    wang = phone_at(browser, browser_context_args, live_server, "rep_wang", AWAY)
    wang.goto(f"{base}/duty/c/{inspection.code}/")
    click_and_wait(wang, wang.get_by_test_id("check-in"))
    expect(wang.get_by_test_id("checkin-pending")).to_be_visible()

    # The staff confirm him (he was at the site's other entrance) and record 赵敏, who has no smartphone, by hand.
    staff.goto(f"{base}/desk/duty/activities/{inspection.pk}/")
    waiting = Attendance.objects.get(activity=inspection, representative=delegation["wang"])
    click_and_wait(staff, staff.get_by_test_id(f"confirm-{waiting.pk}"))
    staff.locator("[data-testid='by-hand-form'] select[name='representative']").select_option(str(delegation["zhao"].pk))
    staff.locator("[data-testid='by-hand-form'] input[name='reason']").fill("未带智能手机，签到表签名")
    click_and_wait(staff, staff.get_by_test_id("save-by-hand"))
    expect(staff.get_by_test_id("counts")).to_contain_text("3")
    assert Attendance.objects.filter(activity=inspection, state=Attendance.State.CONFIRMED).count() == 3
    assert Attendance.objects.get(representative=delegation["zhao"]).how == Attendance.How.HAND

    # A reception day at the 龙泉街道 station: the staff make the session from the timetable and roster.
    station = reception_station(w, now)
    staff.goto(f"{base}/desk/duty/receptions/")
    click_and_wait(staff, staff.get_by_test_id(f"generate-{station.pk}"))
    reception = Activity.objects.filter(station=station, kind=Activity.Kind.RECEPTION).order_by("starts_at").first()
    assert reception.starts_at <= now + datetime.timedelta(hours=1) and list(reception.invitations.values_list("representative", flat=True)) == [w.representative.pk]
    expect(staff.get_by_test_id(f"session-{reception.pk}")).to_be_visible()

    # 李春梅, on duty, scans the station's reception code and enters what a citizen raises.
    li.goto(f"{base}/duty/c/{reception.code}/")
    click_and_wait(li, li.get_by_test_id("check-in"))
    expect(li.get_by_test_id("checked-in")).to_be_visible()
    li.goto(f"{base}/rep/duty/")
    click_and_wait(li, li.get_by_test_id(f"invitation-{reception.pk}"))
    click_and_wait(li, li.get_by_test_id("reception-opinions"))
    form = li.get_by_test_id("opinion-form")
    form.locator("textarea[name='text']").fill("龙井社区菜市场门口下水道堵塞，雨天污水漫到路面，希望尽快疏通。")
    form.locator("input[name='citizen_name']").fill("王芳")
    form.locator("input[name='phone']").fill("13912345678")
    form.locator("input[name='consent']").check()
    click_and_wait(li, li.get_by_test_id("send-opinion"))
    matter = ActivityMatter.objects.get(activity=reception).matter
    assert (matter.station_id, matter.representative_id, matter.raised_by_id) == (station.pk, w.representative.pk, None)
    expect(li.get_by_test_id(f"raised-{matter.pk}")).to_be_visible()
    shoot(li, "duty-phone-reception-opinion")

    # She passes it to the staff: it is in the loop, on the staff's desk.
    li.goto(f"{base}/rep/opinions/{matter.pk}/")
    click_and_wait(li, li.get_by_test_id("forward"))
    matter.refresh_from_db()
    assert matter.status != "with_representative"
    staff.goto(f"{base}/desk/opinions/{matter.pk}/")
    expect(staff.locator("body")).to_contain_text("龙井社区菜市场门口下水道堵塞")

    # The archive shows the inspection, the reception day and the opinion; the year's duty list (2
    # inspections, 1 opinion received) shows one inspection of two and the opinion done.
    duty_list.save_list(w.city_staff, w.city_congress, now.year, [(Measure.INSPECTION, 2, "year"), (Measure.OPINION_RECEIVED, 1, "year")])
    li.goto(f"{base}/rep/duty/archive/")
    expect(li.get_by_test_id("section-inspection")).to_contain_text("视察龙井社区老旧小区改造")
    expect(li.get_by_test_id("section-reception")).to_contain_text(station.name)
    expect(li.get_by_test_id("section-opinion_received")).to_contain_text("下水道堵塞")
    shoot(li, "duty-phone-archive")
    li.goto(f"{base}/rep/duty/progress/")
    expect(li.get_by_test_id("duty-inspection")).to_contain_text("1")
    shoot(li, "duty-phone-progress")

    # 李春梅 reports back to her voters on the phone; the staff prepare the group's satisfaction vote.
    li.goto(f"{base}/rep/duty/reports-back/new/")
    li.locator("select[name='year']").select_option(str(now.year))
    li.locator("input[name='title']").fill(f"李春梅{now.year}年度履职情况报告")
    li.locator("textarea[name='text']").fill("今年参加视察、调研和接待选民活动，接待群众反映的问题均已转交办理。" * 3)
    click_and_wait(li, li.get_by_test_id("save-report"))
    report = ReportBack.objects.get(representative=w.representative)
    assert report.summary.get(Measure.INSPECTION) == 1
    staff.goto(f"{base}/desk/duty/reports-back/{report.pk}/")
    staff.locator("[data-testid='prepare-vote'] input[name='electorate'][value='group']").check()
    staff.locator("[data-testid='prepare-vote'] select[name='group']").select_option(str(delegation["group"].pk))
    click_and_wait(staff, staff.get_by_test_id("save-vote"))
    report.refresh_from_db()
    vote = report.vote
    voting.open_vote(w.city_staff, vote)

    # 王建军 and 赵敏 rate it on their phones; 李春梅 through the same services.
    for username in ("rep_wang", "rep_zhao"):
        phone = accepting(window(PHONE, username))
        phone.goto(f"{base}/rep/votes/{vote.pk}/")
        click_and_wait(phone, phone.get_by_test_id("check-in"))
        phone.locator("label:has(input[type='radio'][value='satisfied'])").first.click()
        click_and_wait(phone, phone.get_by_test_id("cast"))
        expect(phone.get_by_test_id("receipt")).to_be_visible()
    voting.check_in(w.rep, vote)
    voting.cast(w.rep, vote, {1: "basically_satisfied"})
    voting.close_vote(w.city_staff, vote)
    voting.count_vote(w.city_staff, vote)
    voting.publish(w.city_staff, vote)
    li.goto(f"{base}/rep/duty/reports-back/{report.pk}/")
    expect(li.get_by_test_id("rate")).to_contain_text("100")
    li.goto(f"{base}/rep/duty/archive/")
    expect(li.get_by_test_id("section-report_back")).to_contain_text("100")

    # A citizen posts a micro-wish behind the station's code; the staff publish it on the wall.
    village = region("420802001001", "龙井社区", 5, Region.objects.get(pk="420802001000"))
    citizen = accepting(window(PHONE))
    citizen.goto(f"{base}/w/new/?station={station.public_code}")
    citizen.locator("input[name='title']").fill("给留守儿童小林一个新书包")
    citizen.locator("textarea[name='text']").fill("小林今年上三年级，书包已经破了，想要一个能装下课本的双肩书包。")
    citizen.locator("input[name='for_whom']").fill("留守儿童 小林")
    choose_village(citizen, village)
    citizen.locator("input[name='citizen_name']").fill("林奶奶")
    citizen.locator("input[name='phone']").fill("13800001234")
    citizen.locator("input[name='consent']").check()
    click_and_wait(citizen, citizen.get_by_test_id("post-wish"))
    wish = Wish.objects.get()
    expect(citizen.get_by_test_id("tracking-code")).to_contain_text(wish.code)
    wish_staff = accepting(window(DESKTOP, "dongbao_staff"))
    wish_staff.goto(f"{base}/desk/wishes/{wish.pk}/")
    click_and_wait(wish_staff, wish_staff.get_by_test_id("publish"))

    # 李春梅 claims it, brings the school bag and posts a photo as proof; the citizen confirms.
    accepting(li)
    li.goto(f"{base}/rep/wishes/")
    click_and_wait(li, li.get_by_test_id(f"claim-{wish.pk}"))
    li.goto(f"{base}/w/claims/{wish.pk}/")
    li.locator("[data-testid='fulfil-form'] textarea[name='done-text']").fill("周六和社区网格员一起把新书包和文具送到了小林家。")
    li.locator("[data-testid='fulfil-form'] input[type='file']").set_input_files(proof_photo(tmp_path))
    click_and_wait(li, li.get_by_test_id("fulfil"))
    citizen.goto(f"{base}/w/{wish.code}/")
    expect(citizen.get_by_test_id("proof")).to_be_visible()
    click_and_wait(citizen, citizen.get_by_test_id("confirm-received"))
    wish.refresh_from_db()
    assert wish.state == Wish.State.CONFIRMED

    # It counts in her archive.
    li.goto(f"{base}/rep/duty/archive/")
    expect(li.get_by_test_id("section-wish_fulfilled")).to_contain_text("给留守儿童小林一个新书包")
