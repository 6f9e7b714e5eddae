"""A representative's joint suggestion through the real pages, each person in their own browser:
representatives on a phone (375×812), congress staff and units at a desk (1440×900).

李春梅 raises a joint suggestion with 王建军 → he confirms on his phone → the city staff register it
(第0001号) and assign it at the assignment meeting to the housing bureau with the water bureau as
co-unit → the bureau signs and records its visit to the representative, who confirms it → the water
bureau sends its opinion → the bureau replies class B with the signed letter → 李春梅 is not satisfied
→ the bureau talks to her again and replies again → 基本满意: the B-class suggestion is followed up →
the staff roll it into 2027 → the bureau reports it solved (class A) → 满意: closed.

The clock starts at 25 September 2026, 10:00 (Beijing): the deadlines cross National Day (1–7
October off, 10 October worked) and the extended follow-up runs into 2027.

Selectors are names, form actions and data-testid attributes, so the test holds in English and Chinese."""

import datetime
import time

import pytest
from playwright.sync_api import expect

from minyi.accounts.models import Role
from minyi.matters.models import Assignment, Matter
from minyi.organisations.models import Session, Term, Unit
from minyi.representatives.models import Mandate, Representative
from minyi.suggestions.models import Category, Contact, Suggestion
from minyi.testing import person
from minyi.workdays.calendar import CHINA

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TITLE = "关于加快中心城区老旧小区雨污分流改造的建议"
TEXT = "中心城区部分老旧小区雨污合流、管网老化，雨季污水外溢进入楼道。建议市住建局会同水务部门制定三年改造计划，优先安排资金。"
MOMENT = datetime.datetime(2026, 9, 25, 10, 0, tzinfo=CHINA)


@pytest.fixture
def city(live_world, monkeypatch):
    """The city congress's 9th term with its January 2026 session; 李春梅 and 王建军 hold city seats;
    the water bureau with its own staff; two areas. The clock starts at MOMENT and runs from there."""
    started = time.monotonic()
    monkeypatch.setattr("django.utils.timezone.now", lambda: MOMENT + datetime.timedelta(seconds=time.monotonic() - started))
    w = live_world
    term = Term.objects.create(congress=w.city_congress, number=9, start=datetime.date(2022, 1, 1), end=datetime.date(2026, 12, 31))
    Session.objects.create(term=term, number=5, start=datetime.date(2026, 1, 6), end=datetime.date(2026, 1, 9))
    wang = Representative.objects.create(name="王建军", public_code="RTEST002")
    for representative in (w.representative, wang):
        Mandate.objects.create(representative=representative, level="city", congress=w.city_congress, term=term,
                               start=datetime.date(2022, 1, 1))
    person("rep_wang", Role.REPRESENTATIVE, representative=wang, full_name="王建军")
    water = Unit.objects.create(region=w.city, name="荆门市水利和湖泊局")
    person("water_staff", Role.UNIT_STAFF, unit=water, full_name="吴涛")
    Category.objects.create(code="urban", name="城乡建设", committee="城乡建设环境保护委员会", order=1)
    Category.objects.create(code="social", name="社会建设", committee="社会建设委员会", order=2)
    return {"wang": wang, "water": water}


@pytest.fixture
def letter(tmp_path):
    from minyi.demo.suggestions import letter_pdf  # a real one-page PDF, made with WeasyPrint

    def make(suggestion, unit, reply_class):
        path = tmp_path / f"答复函-{reply_class}.pdf"
        path.write_bytes(letter_pdf(suggestion, unit, reply_class).read())
        return path

    return make


def status(pk):
    return Matter.objects.get(pk=pk).status


def form_of(page, action):
    return page.locator(f"form:has(input[name='action'][value='{action}'])").first


def post_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def unit_page(page, base, assignment):
    page.goto(f"{base}/unit/suggestions/{assignment.pk}/")


def record_contact(page, rep_name):
    contact = form_of(page, "contact")
    contact.locator("select[name='contact-representative']").select_option(label=rep_name)
    contact.locator("select[name='contact-method']").select_option("visit")
    contact.locator("textarea[name='contact-note']").fill("到代表所在社区实地查看雨污合流情况，听取代表和居民意见。")
    post_and_wait(page, contact.locator("button[type='submit']"))


def reply(page, reply_class, text, letter_path):
    form = form_of(page, "reply")
    form.locator(f"input[name='reply-reply_class'][value='{reply_class}']").check()
    form.locator("textarea[name='reply-text']").fill(text)
    form.locator("input[name='reply-letter']").set_input_files(str(letter_path))
    form.locator("input[name='reply-signed_by']").fill("张志华")
    post_and_wait(page, form.locator("button[type='submit']:not([formaction])"))


def judge(page, rating, comment=""):
    form = page.get_by_test_id("evaluate-form")
    form.locator(f"input[name='rate-rating'][value='{rating}']").check()
    if comment:
        form.locator("textarea[name='rate-comment']").fill(comment)
    post_and_wait(page, page.get_by_test_id("evaluate"))


def test_a_joint_suggestion_goes_round_the_whole_loop(live_server, live_world, city, window, letter, shoot):
    w, base = live_world, live_server.url

    # 李春梅 raises it on her phone, with 王建军 as co-signer.
    lead_rep = window(PHONE, "rep")
    lead_rep.goto(f"{base}/rep/suggestions/new/")
    lead_rep.locator("select[name='category']").select_option("urban")
    lead_rep.locator("input[name='title']").fill(TITLE)
    lead_rep.locator("textarea[name='text']").fill(TEXT)
    lead_rep.locator(f"input[name='co_signers'][value='{city['wang'].pk}']").check()
    post_and_wait(lead_rep, lead_rep.get_by_test_id("send-suggestion"))
    suggestion = Suggestion.objects.get(matter__title=TITLE)
    pk = suggestion.pk
    assert status(pk) == "collecting"
    expect(lead_rep.get_by_test_id("signers")).to_contain_text("王建军")
    shoot(lead_rep, "suggestion-raised-phone")

    # 王建军 confirms on his phone: the suggestion goes to review by itself.
    co_rep = window(PHONE, "rep_wang")
    co_rep.goto(f"{base}/rep/suggestions/{pk}/")
    post_and_wait(co_rep, co_rep.get_by_test_id("accept"))
    assert status(pk) == "submitted"

    # The city staff register it: it takes the first number of the term's inter-session sequence.
    staff = window(DESKTOP, "city_staff")
    staff.goto(f"{base}/desk/suggestions/{pk}/")
    expect(staff.get_by_test_id("next-number")).to_contain_text("0001")
    post_and_wait(staff, form_of(staff, "register").locator("button[type='submit']"))
    assert Suggestion.objects.get(pk=pk).number_label == "第0001号"
    expect(staff.get_by_test_id("number")).to_have_text("第0001号")

    # The assignment meeting: propose the units, tick it, assign.
    staff.goto(f"{base}/desk/suggestions/meeting/")
    staff.locator(f"#lead-{pk}").select_option(label=w.city_unit.name)
    staff.locator(f"#co-{pk}").select_option(label="荆门市水利和湖泊局")
    post_and_wait(staff, staff.locator(f"button[form='plan-{pk}']"))
    staff.locator(f"input[name='items'][value='{pk}']").check()
    staff.once("dialog", lambda dialog: dialog.accept())
    post_and_wait(staff, staff.get_by_test_id("assign-batch"))
    expect(staff.get_by_test_id("batch-done")).to_be_visible()
    shoot(staff, "suggestion-meeting-desk")
    assert status(pk) == "assigned"
    lead = Assignment.objects.get(matter_id=pk, role="lead")
    co = Assignment.objects.get(matter_id=pk, role="co")
    # Across National Day: three working days to sign, three months to reply, one month for the co-unit
    # (25 October is a Sunday: the next working day).
    assert (lead.sign_due, lead.handle_due, co.handle_due) == (
        datetime.date(2026, 9, 30), datetime.date(2026, 12, 25), datetime.date(2026, 10, 26))
    sheets = staff.request.get(f"{base}/desk/suggestions/meeting/sheets.docx?ids={pk}")
    assert sheets.ok and sheets.body()[:2] == b"PK"

    # The housing bureau signs and records its visit; 李春梅 confirms it on her phone.
    bureau = window(DESKTOP, "unit_staff")
    unit_page(bureau, base, lead)
    expect(bureau.get_by_text("2026-12-25").first).to_be_visible()
    post_and_wait(bureau, form_of(bureau, "sign").locator("button[type='submit']"))
    record_contact(bureau, "李春梅")
    lead_rep.goto(f"{base}/rep/suggestions/{pk}/")
    post_and_wait(lead_rep, lead_rep.get_by_test_id("confirm-contact").first)
    assert Contact.objects.get(assignment=lead).confirmation == "confirmed"

    # The water bureau sends its opinion to the lead.
    water = window(DESKTOP, "water_staff")
    unit_page(water, base, co)
    post_and_wait(water, form_of(water, "sign").locator("button[type='submit']"))
    contribute = form_of(water, "contribute")
    contribute.locator("textarea[name='contribute-text']").fill("我局同意配合，雨污分流管网改造纳入城区排水专项规划统筹推进。")
    post_and_wait(water, contribute.locator("button[type='submit']"))

    # The bureau replies class B with the signed letter.
    unit_page(bureau, base, lead)
    expect(bureau.get_by_text("雨污分流管网改造纳入城区排水专项规划").first).to_be_visible()
    reply(bureau, "B", "经研究，已将您提出的建议列入2027年度老旧小区改造计划，分三年实施。", letter(suggestion, w.city_unit, "B"))
    assert status(pk) == "replied"

    # 王建军 judges beside her; 李春梅's judgement settles the round: not satisfied.
    co_rep.goto(f"{base}/rep/suggestions/{pk}/")
    judge(co_rep, "basically_satisfied")
    lead_rep.goto(f"{base}/rep/suggestions/{pk}/")
    expect(lead_rep.get_by_test_id("reply-class")).to_be_visible()
    judge(lead_rep, "unsatisfied", "答复没有说明资金来源和开工时间。")
    assert status(pk) == "handling"
    again = Assignment.objects.get(matter_id=pk, round=2)
    assert (again.handle_rule, again.handle_due) == ("months:1", datetime.date(2026, 10, 26))

    # Re-handling: the bureau talks to her again, then replies again.
    unit_page(bureau, base, again)
    record_contact(bureau, "李春梅")
    reply(bureau, "B", "补充答复：改造资金由市级财政分年度安排，2027年3月开工。", letter(suggestion, w.city_unit, "B"))
    lead_rep.goto(f"{base}/rep/suggestions/{pk}/")
    judge(lead_rep, "basically_satisfied")
    assert status(pk) == "following_up"
    shoot(lead_rep, "suggestion-followed-up-phone")

    # The staff roll the followed-up suggestions into 2027.
    staff.goto(f"{base}/desk/suggestions/follow-up/?confirm=roll&to_year=2027")
    post_and_wait(staff, staff.get_by_test_id("roll-do"))
    assert Suggestion.objects.get(pk=pk).year == 2027
    assert Assignment.objects.get(pk=again.pk).handle_due == datetime.date(2027, 12, 31)

    # Solved: the bureau reports it as class A, and 李春梅 is satisfied.
    unit_page(bureau, base, again)
    reply(bureau, "A", "改造工程已全部完工并通过验收，小区雨污分流已实现。", letter(suggestion, w.city_unit, "A"))
    lead_rep.goto(f"{base}/rep/suggestions/{pk}/")
    judge(lead_rep, "satisfied")
    assert status(pk) == "closed"
    actions = list(Matter.objects.get(pk=pk).timeline.values_list("action", flat=True))
    for step in ("open", "cosign", "submit", "register", "assign", "sign", "contact", "contact_confirmed", "contribute", "reply",
                 "rehandle", "evaluate", "roll_over"):
        assert step in actions, step
    shoot(lead_rep, "suggestion-closed-phone")
