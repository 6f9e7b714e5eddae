"""The 2027 livelihood-project year of the city, through the real pages, each person in their own browser.

A citizen proposes on the phone → the staff set the year up, review the idea and list it among 20
candidates → the candidate list is published and the session's vote prepared and opened → 300
representatives vote 20 → 10: three on paper (entered by two tellers, who first disagree on one
ballot), two on their phones here, the rest through the same services → the 10th place is tied, so
the staff open a second round among the tied two → the results are published and the chosen
projects handed to their units → the housing bureau reports its first month with a site photo, a
supervision group inspects, the bureau answers the finding → at the next session the
representatives judge the projects and one falls below 80 %: it must be rectified → the public year
page shows it all, and a member's receipt checks out.

The clock starts at 15 October 2026, 10:00 (Beijing), and jumps to the session in January 2027, to
February, and to the session of January 2028. Selectors are names, form actions and data-testid
attributes, so the test holds in English and Chinese."""

import datetime
import io
import re
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.organisations.models import Session, Term, Unit
from minyi.projects import services as projects
from minyi.projects.models import Project, ProjectYear, Proposal
from minyi.representatives.models import Mandate, Representative
from minyi.testing import person
from minyi.voting import services as voting
from minyi.voting.models import Vote
from minyi.workdays.calendar import CHINA

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MEMBERS = 300
PAPER = (0, 1, 2)  # members who vote on paper
PHONES = (3, 4)  # members who vote on their phones in a browser here
# Votes each of the 20 candidates gets: the 10th and 11th tie at 190, both over the 151 needed.
TARGETS = [290, 280, 270, 260, 250, 240, 230, 220, 210, 190, 190] + [20] * 9


class Clock:
    """timezone.now for the whole process (the live server runs in a thread of it): a running clock
    that the test moves forward."""

    def __init__(self, moment):
        self.moment, self.started = moment, time.monotonic()

    def now(self):
        return self.moment + datetime.timedelta(seconds=time.monotonic() - self.started)

    def jump(self, moment):
        self.moment, self.started = moment, time.monotonic()


def ballots_for(targets, members):
    """Each member's marks (1-based candidate numbers) so that candidate k gets exactly targets[k]
    votes and nobody marks more than 10: a cyclic hand-out keeps every member's load within one."""
    marks = [[] for _ in range(members)]
    pointer = 0
    for number, target in enumerate(targets, start=1):
        for step in range(target):
            marks[(pointer + step) % members].append(number)
        pointer = (pointer + target) % members
    assert max(len(m) for m in marks) <= 10
    return [sorted(m) for m in marks]


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(datetime.datetime(2026, 10, 15, 10, 0, tzinfo=CHINA))
    monkeypatch.setattr("django.utils.timezone.now", clock.now)
    return clock


@pytest.fixture
def city(live_world, clock):
    """The city congress's 9th term to the end of 2027 with sessions in January 2027 and 2028; 300
    representatives (李春梅 of the world first, two more with phone accounts); two tellers; the water
    bureau beside the housing bureau."""
    w = live_world
    term = Term.objects.create(congress=w.city_congress, number=9, start=datetime.date(2022, 1, 1), end=datetime.date(2027, 12, 31))
    Session.objects.create(term=term, number=6, start=datetime.date(2027, 1, 12), end=datetime.date(2027, 1, 15))
    representatives = [w.representative] + Representative.objects.bulk_create(
        Representative(name=f"代表{number:03d}", public_code=f"RP{number:05d}") for number in range(2, MEMBERS + 1)
    )
    Mandate.objects.bulk_create(
        Mandate(representative=r, level="city", congress=w.city_congress, term=term, start=datetime.date(2022, 1, 1)) for r in representatives
    )
    users = {PHONES[0]: person("rep_phone_a", Role.REPRESENTATIVE, representative=representatives[PHONES[0]]),
             PHONES[1]: person("rep_phone_b", Role.REPRESENTATIVE, representative=representatives[PHONES[1]])}
    return {
        "term": term, "representatives": representatives, "users": users,
        "teller_a": person("teller_a", Role.CONGRESS_STAFF, congress=w.city_congress, full_name="计票人甲"),
        "teller_b": person("teller_b", Role.CONGRESS_STAFF, congress=w.city_congress, full_name="计票人乙"),
        "water": Unit.objects.create(region=w.city, name="荆门市水务局"),
    }


def accepting(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def member(representative):
    return access.Actor(user=None, roles=frozenset({Role.REPRESENTATIVE}), representative_ids=frozenset({representative.pk}))


def site_photo(tmp_path):
    path = tmp_path / "工地.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 200)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_the_2027_project_year(live_server, window, city, clock, live_world, tmp_path, shoot, settings):
    # The clock runs past the passwords' 90 days: nobody here is made to change theirs mid-story.
    settings.PASSWORD_MAX_AGE_DAYS = 0
    base = live_server.url
    w = live_world
    staff = accepting(window(DESKTOP, "city_staff"))

    # The staff set up the 2027 year: ideas from September to the end of November, 10 projects.
    staff.goto(f"{base}/desk/projects/new/")
    staff.locator("#id_year").fill("2027")
    staff.locator("#id_title").fill("2027年荆门市民生实事项目")
    staff.locator("#id_places").fill("10")
    staff.locator("#id_collection_from").fill("2026-09-01")
    staff.locator("#id_collection_until").fill("2026-11-30")
    click_and_wait(staff, staff.get_by_test_id("save-year"))
    year = ProjectYear.objects.get(year=2027)
    assert staff.url.endswith(f"/desk/projects/{year.pk}/")

    # A citizen proposes on the phone and gets a code to follow the idea.
    citizen = window(PHONE)
    citizen.goto(f"{base}/p/new/")
    citizen.locator("input[name='title']").fill("龙井社区老旧小区加装电梯")
    citizen.locator("textarea[name='text']").fill("我们小区都是六层老楼，老人上下楼困难，希望统一规划加装电梯并给予补贴。")
    citizen.locator("input[name='phone']").fill("13800138000")
    citizen.locator("input[name='consent']").check()
    click_and_wait(citizen, citizen.locator("form:has(input[name='phone']) button[type='submit']"))
    idea = Proposal.objects.get()
    expect(citizen.locator("body")).to_contain_text(idea.code)

    # The staff review it against the checklist and close the collection.
    staff.goto(f"{base}/desk/projects/ideas/{idea.pk}/")
    for key in projects.CHECKLIST_KEYS:
        staff.locator(f"#id_check_{key}").check()
    staff.locator("input[name='eligible'][value='yes']").check()
    click_and_wait(staff, staff.get_by_test_id("save-review"))
    assert Proposal.objects.get(pk=idea.pk).state == Proposal.State.ELIGIBLE
    staff.goto(f"{base}/desk/projects/{year.pk}/")
    click_and_wait(staff, staff.get_by_test_id("close-collection"))

    # The government's list: the lift project entered here from the idea, 19 more beside it.
    staff.goto(f"{base}/desk/projects/{year.pk}/candidates/new/")
    staff.locator("#id_name").fill("老旧小区加装电梯")
    staff.locator("#id_content").fill("为中心城区200个单元加装电梯，按每台20万元给予补贴。")
    staff.locator("#id_investment").fill("4000")
    staff.locator("#id_unit").select_option(label=w.city_unit.name)
    staff.locator("#id_completion_date").fill("2027-11-30")
    staff.locator(f"input[name='proposals'][value='{idea.pk}']").check()
    click_and_wait(staff, staff.get_by_test_id("save-candidate"))
    for number in range(2, 21):
        projects.add_candidate(w.city_staff, year, name=f"候选项目{number:02d}", content=f"第{number}个候选项目的建设内容。", investment=500 + number,
                               unit=w.city_unit if number % 2 else city["water"], completion_date=datetime.date(2027, 10, 31))
    staff.goto(f"{base}/desk/projects/{year.pk}/")
    click_and_wait(staff, staff.get_by_test_id("publish-candidates"))
    click_and_wait(staff, staff.get_by_test_id("prepare-selection"))
    vote = Vote.objects.get()
    assert vote.options.count() == 20 and vote.places == 10

    # Tellers are named, then the vote is opened at the session.
    clock.jump(datetime.datetime(2027, 1, 13, 9, 0, tzinfo=CHINA))
    staff = accepting(window(DESKTOP, "city_staff"))  # months later: a new day's sign-in
    staff.goto(f"{base}/desk/votes/{vote.pk}/edit/")
    for teller in (city["teller_a"], city["teller_b"]):
        staff.locator(f"input[name='tellers'][value='{teller.pk}']").check()
    click_and_wait(staff, staff.get_by_test_id("save-vote"))
    voting.print_paper_ballots(w.city_staff, vote, 10)
    click_and_wait(staff, staff.get_by_test_id("open-vote"))
    assert Vote.objects.get(pk=vote.pk).electorate_size == MEMBERS

    marks = ballots_for(TARGETS, MEMBERS)
    representatives = city["representatives"]
    # The hall hands paper ballots to three members.
    staff.goto(f"{base}/desk/votes/{vote.pk}/electorate/")
    for index in PAPER:
        staff.locator(f"input[name='position'][value='{vote.electors.get(representative=representatives[index]).position}']").check()
    click_and_wait(staff, staff.get_by_test_id("hand-out-paper"))
    expect(staff.get_by_test_id("electorate")).to_contain_text("已领取纸质选票")

    # Two members vote on their phones; a receipt is shown once.
    receipts = []
    for index in PHONES:
        phone = accepting(window(PHONE, city["users"][index].username))
        phone.goto(f"{base}/rep/votes/{vote.pk}/")
        click_and_wait(phone, phone.get_by_test_id("check-in"))
        for number in marks[index]:
            phone.locator(f"label[for='mark-{number}']").click()
        click_and_wait(phone, phone.get_by_test_id("cast"))
        receipts.append(phone.get_by_test_id("receipt").inner_text().strip())
        if index == PHONES[0]:
            shoot(phone, "project-year-phone-ballot-cast")
    # Everyone else through the same services as the phone page. The staff's vote page polls the
    # turnout every 5 s; on the tests' in-memory SQLite a poll reading the electors while the test
    # writes them fails with "table is locked" (a file database waits instead), so it is left first.
    staff.goto(f"{base}/desk/votes/")
    for index, representative in enumerate(representatives):
        if index in PAPER or index in PHONES:
            continue
        voting.check_in(member(representative), vote)
        voting.cast(member(representative), vote, marks[index])
    staff.goto(f"{base}/desk/votes/{vote.pk}/")
    expect(staff.get_by_test_id("voted-electronic")).to_have_text(str(MEMBERS - len(PAPER)))
    expect(staff.get_by_test_id("result")).to_have_count(0)
    click_and_wait(staff, staff.get_by_test_id("close-vote"))

    # Two tellers enter the three paper ballots; they disagree on the third until B looks again.
    for teller, wrong in ((city["teller_a"], False), (city["teller_b"], True)):
        desk = window(DESKTOP, teller.username)
        for number, index in enumerate(PAPER, start=1):
            desk.goto(f"{base}/desk/votes/{vote.pk}/paper/")
            desk.locator("#id_number").fill(str(number))
            entered = marks[index][:-1] if (wrong and number == 3) else marks[index]
            for mark in entered:
                desk.locator(f"input[name='mark'][value='{mark}']").check()
            click_and_wait(desk, desk.get_by_test_id("save-paper"))
        if wrong:
            expect(desk.get_by_test_id("mismatches")).to_contain_text("3")
            desk.locator("#id_number").fill("3")
            for mark in marks[PAPER[2]]:
                desk.locator(f"input[name='mark'][value='{mark}']").check()
            click_and_wait(desk, desk.get_by_test_id("save-paper"))
            expect(desk.get_by_test_id("mismatches")).to_have_count(0)

    # The count: a tie at the 10th place.
    staff.goto(f"{base}/desk/votes/{vote.pk}/")
    click_and_wait(staff, staff.get_by_test_id("count-vote"))
    expect(staff.get_by_test_id("tie")).to_be_visible()
    vote.refresh_from_db()
    assert vote.result["cast"] == MEMBERS and vote.result["valid"] == MEMBERS and vote.result["tied"] == [10, 11]
    assert vote.result["counts"] == {str(n): t for n, t in enumerate(TARGETS, start=1)}
    shoot(staff, "project-year-first-round")
    click_and_wait(staff, staff.get_by_test_id("publish-vote"))
    click_and_wait(staff, staff.get_by_test_id("second-round"))
    second = Vote.objects.get(previous_round=vote)
    assert [o.label for o in second.options.all()] == ["候选项目10", "候选项目11"] and second.places == 1

    phone = accepting(window(PHONE, city["users"][PHONES[0]].username))
    phone.goto(f"{base}/rep/votes/{second.pk}/")
    phone.locator("label[for='mark-2']").click()
    click_and_wait(phone, phone.get_by_test_id("cast"))
    expect(phone.get_by_test_id("receipt")).to_be_visible()
    staff.goto(f"{base}/desk/votes/")  # away from the polling vote page, as above
    for index, representative in enumerate(representatives):
        if index != PHONES[0]:
            voting.cast(member(representative), second, [1] if index % 3 else [2])
    staff.goto(f"{base}/desk/votes/{second.pk}/")
    click_and_wait(staff, staff.get_by_test_id("close-vote"))
    click_and_wait(staff, staff.get_by_test_id("count-vote"))
    click_and_wait(staff, staff.get_by_test_id("publish-vote"))
    assert Vote.objects.get(pk=second.pk).result["chosen"] == [1]

    # The result applied: ten projects go to their units.
    staff.goto(f"{base}/desk/projects/{year.pk}/")
    click_and_wait(staff, staff.get_by_test_id("apply-selection"))
    chosen = list(projects.chosen(ProjectYear.objects.get(pk=year.pk)))
    assert [p.name for p in chosen] == ["老旧小区加装电梯"] + [f"候选项目{n:02d}" for n in range(2, 11)]
    assert Proposal.objects.get(pk=idea.pk).project.state == Project.State.CHOSEN
    lift = chosen[0]

    # February: the housing bureau reports its first month with a site photo.
    clock.jump(datetime.datetime(2027, 2, 10, 10, 0, tzinfo=CHINA))
    staff = accepting(window(DESKTOP, "city_staff"))
    bureau = window(DESKTOP, "unit_staff")
    bureau.goto(f"{base}/unit/projects/{lift.pk}/")
    report = bureau.get_by_test_id("form-progress")
    report.locator("select[name='progress-month']").select_option("2027-02-01")
    report.locator("input[name='progress-percent']").fill("15")
    report.locator("textarea[name='progress-text']").fill("完成80个单元的入户意见征求和设计方案。")
    report.locator("input[name='progress-photos']").set_input_files(site_photo(tmp_path))
    click_and_wait(bureau, report.locator("button[type='submit']"))
    assert Project.objects.get(pk=lift.pk).progress == 15 and lift.reports.get().event.attachments.count() == 1

    # A supervision group inspects; the bureau answers its finding.
    staff.goto(f"{base}/desk/projects/p/{lift.pk}/")
    form = staff.get_by_test_id("inspection-form")
    form.locator("input[name='date']").fill("2027-02-10")
    form.locator("input[name='members']").fill("李春梅、代表002、代表003")
    form.locator("textarea[name='summary']").fill("查看龙井社区加装电梯施工现场。")
    form.locator("textarea[name='findings']").fill("施工围挡不规范，影响居民出行")
    form.locator("input[name='answer_due']").fill("2027-02-24")
    click_and_wait(staff, staff.get_by_test_id("save-inspection"))
    bureau.goto(f"{base}/unit/projects/{lift.pk}/")
    answer = bureau.get_by_test_id("form-answer").first
    answer.locator("textarea").fill("已更换规范围挡并增设临时通道。")
    click_and_wait(bureau, answer.locator("button[type='submit']"))
    assert lift.inspections.get().findings.get().answered_at is not None

    # January 2028: the representatives judge the projects; the third falls below 80 %.
    clock.jump(datetime.datetime(2028, 1, 11, 9, 0, tzinfo=CHINA))
    staff = accepting(window(DESKTOP, "city_staff"))
    Session.objects.create(term=city["term"], number=7, start=datetime.date(2028, 1, 11), end=datetime.date(2028, 1, 14))
    staff.goto(f"{base}/desk/projects/{year.pk}/")
    click_and_wait(staff, staff.get_by_test_id("prepare-evaluation"))
    evaluation = Vote.objects.get(kind="satisfaction")
    click_and_wait(staff, staff.get_by_test_id("open-vote"))
    for index, representative in enumerate(representatives):
        judged = {str(n): "satisfied" for n in range(1, 11)}
        judged["3"] = "unsatisfied" if index % 2 else "basically_satisfied"
        voting.check_in(member(representative), evaluation)
        voting.cast(member(representative), evaluation, judged)
    click_and_wait(staff, staff.get_by_test_id("close-vote"))
    click_and_wait(staff, staff.get_by_test_id("count-vote"))
    click_and_wait(staff, staff.get_by_test_id("publish-vote"))
    staff.goto(f"{base}/desk/projects/{year.pk}/")
    click_and_wait(staff, staff.get_by_test_id("apply-evaluation"))
    third = Project.objects.get(pk=chosen[2].pk)
    assert third.satisfaction == 50 and third.matter.status == "rectifying" and third.rectification_due is not None
    shoot(staff, "project-year-desk")

    # The public year page and a member's receipt.
    public = window(PHONE)
    public.goto(f"{base}/public/projects/{year.pk}/")
    expect(public.locator("body")).to_contain_text("老旧小区加装电梯")
    expect(public.locator("body")).not_to_contain_text("13800138000")
    shoot(public, "project-year-public")
    public.goto(f"{base}/public/votes/{vote.pk}/?receipt={receipts[0]}")
    expect(public.get_by_test_id("receipt-counted")).to_be_visible()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", receipts[1])
