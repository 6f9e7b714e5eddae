"""Collecting project ideas (民生实事项目征集): citizens propose on the H5 page (also behind a
station's or a representative's QR code) and follow their idea with its code and their phone's last
digits; representatives propose on their phone and departments on the desk, each seeing what became
of their ideas; the front page invites citizens while a year collects."""

import datetime

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from minyi.opinions.forms import new_idempotency_key
from minyi.organisations.models import Station
from minyi.projects import services
from minyi.projects.models import Project, ProjectYear, Proposal
from minyi.projects.services import CHECKLIST_KEYS
from minyi.projects.views import citizen
from minyi.testing import region
from minyi.voting import services as voting

pytestmark = pytest.mark.django_db
PROPOSE = reverse("projects:propose")
TRACK = reverse("projects:proposal_track")
ALL_YES = {key: True for key in CHECKLIST_KEYS}


@pytest.fixture(autouse=True)
def _fresh_rate_counters(fresh_cache):
    yield


@pytest.fixture
def phone(db):
    """A citizen's phone browser, reading Chinese."""
    return Client(HTTP_ACCEPT_LANGUAGE="zh-hans")


@pytest.fixture
def places(world):
    """A township and a community in Dongbao, and a station there run by the Dongbao congress."""
    township = region("420802001000", "龙泉街道", 4, world.dongbao)
    village = region("420802001001", "龙井社区", 5, township)
    station = Station.objects.create(name="龙泉街道代表联络站", kind=Station.Kind.LIAISON_STATION, region=township,
                                     congress=world.dongbao_congress, public_code="STEST01")
    return township, village, station


def _another_year(staff, congress, title):
    today = timezone.localdate()
    return services.create_year(staff, congress=congress, year=today.year + 1, title=title, places=3,
                                collection_from=today - datetime.timedelta(days=5), collection_until=today + datetime.timedelta(days=20))


def form_data(year, **overrides):
    data = {"year": year.pk, "title": "老旧小区加装电梯", "text": "龙井社区有十二栋六层老楼，老人上下楼困难，希望明年统一加装电梯。",
            "proposer_name": "王芳", "phone": "139 1234 5678", "consent": "on", "idempotency_key": new_idempotency_key()}
    data.update(overrides)
    return data


def _prove(client, proposal, last4=None):
    return client.post(TRACK, {"code": proposal.code, "phone_last4": last4 or proposal.phone_last4})


# --- The citizen's H5 page ------------------------------------------------------------------------


def test_the_form_preselects_the_only_year_and_offers_a_key_and_the_places(phone, year, places):
    response = phone.get(PROPOSE)
    assert response.status_code == 200
    content = response.content.decode()
    form = response.context["form"]
    assert form.initial["year"] == year.pk and year.title in content
    assert len(form.initial["idempotency_key"]) == 32 and f'value="{form.initial["idempotency_key"]}"' in content
    assert f'maxlength="{services.TEXT_LIMIT}"' in content and 'name="pick"' in content and "东宝区" in content
    assert reverse("opinions:region_options") in content and "<script>" not in content


def test_a_citizen_proposes_once_even_when_sending_twice(phone, year, places, world):
    _township, village, _station = places
    data = form_data(year, pick=["420802000000", "420802001000", village.pk])
    first = phone.post(PROPOSE, data)
    again = phone.post(PROPOSE, data)
    proposal = Proposal.objects.get()
    sent = reverse("projects:proposal_sent", args=[proposal.code])
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"] == sent
    assert proposal.source == Proposal.Source.CITIZEN and proposal.year == year and proposal.region == village
    assert proposal.phone == "13912345678" and proposal.proposer_name == "王芳" and proposal.station is None
    page = phone.get(sent)
    assert page.status_code == 200 and proposal.code in page.content.decode()
    assert reverse("projects:proposal_detail", args=[proposal.code]) in page.content.decode()
    # Another browser does not see the code: it is sent to tracking, with the code filled in.
    stranger = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(sent)
    assert stranger.status_code == 302 and stranger["Location"] == f"{TRACK}?code={proposal.code}"


def test_bad_input_is_answered_field_by_field_and_keeps_what_was_typed(phone, year, places):
    _township, village, _station = places
    response = phone.post(PROPOSE, form_data(year, title="", text="太短了", phone="12345", consent="", proposer_name="王芳",
                                             pick=["420802000000", "420802001000", village.pk]))
    assert response.status_code == 400 and not Proposal.objects.exists()
    form = response.context["form"]
    assert {"title", "text", "phone", "consent"} <= set(form.errors)  # every mistake at once
    content = response.content.decode()
    assert "太短了" in content and 'value="王芳"' in content and 'value="12345"' in content
    assert f'value="{village.pk}" selected' in content  # the place chosen is kept
    assert content.count('class="weui-cells__tips weui-cells__tips_warn m-field__errors"') >= 4 and 'role="alert"' in content
    assert "请输入以 1 开头的 11 位中国大陆手机号码" in content  # the phone check's words (already in the catalogue)
    # The service's own refusals come back by field too: a title longer than the service allows.
    response = phone.post(PROPOSE, form_data(year, title="长" * (services.TITLE_LIMIT + 1)))
    assert response.status_code == 400 and list(response.context["form"].errors) == ["title"] and not Proposal.objects.exists()
    assert "长" * (services.TITLE_LIMIT + 1) in response.content.decode()


def test_a_place_outside_the_years_congress_is_refused(phone, world, places):
    duodao_year = _another_year(world.duodao_staff, world.duodao_congress, "掇刀区民生实事项目")
    _township, village, _station = places
    response = phone.post(PROPOSE, form_data(duodao_year, pick=["420802000000", "420802001000", village.pk]))
    assert response.status_code == 400 and "region_code" in response.context["form"].errors
    assert 'data-testid="place-errors"' in response.content.decode() and not Proposal.objects.exists()


def test_a_station_code_preselects_its_congress_year_or_the_nearest_higher_one(phone, year, world, places):
    _township, _village, station = places
    duodao_year = _another_year(world.duodao_staff, world.duodao_congress, "掇刀区民生实事项目")
    response = phone.get(PROPOSE, {"station": station.public_code.lower()})
    content = response.content.decode()
    # The Dongbao congress collects nothing: the city's year above it is chosen, not Duodao's.
    assert response.context["form"].initial["year"] == year.pk and duodao_year.title in content
    assert station.name in content and 'data-testid="proposal-target"' in content
    assert response.context["picker"]["code"] == station.region_id
    dongbao_year = _another_year(world.dongbao_staff, world.dongbao_congress, "东宝区民生实事项目")
    assert phone.get(PROPOSE, {"station": station.public_code}).context["form"].initial["year"] == dongbao_year.pk
    assert phone.post(PROPOSE, form_data(year, station=station.public_code)).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.station == station and proposal.representative is None and proposal.year == year
    assert station.name in phone.get(reverse("projects:proposal_sent", args=[proposal.code])).content.decode()


def test_a_representative_code_preselects_the_year_of_the_mandate_and_stores_the_representative(phone, year, chamber, world):
    _another_year(world.duodao_staff, world.duodao_congress, "掇刀区民生实事项目")
    response = phone.get(PROPOSE, {"rep": world.representative.public_code})
    assert response.context["form"].initial["year"] == year.pk and "李春梅" in response.content.decode()
    assert phone.post(PROPOSE, form_data(year, rep=world.representative.public_code)).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.representative == world.representative and proposal.source == Proposal.Source.CITIZEN and proposal.station is None


def test_a_years_public_page_leads_to_the_form_with_that_year_chosen(phone, year, world):
    duodao_year = _another_year(world.duodao_staff, world.duodao_congress, "掇刀区民生实事项目")
    assert phone.get(PROPOSE).context["form"].initial["year"] is None  # two years: the citizen chooses
    assert phone.get(reverse("projects:propose", args=[duodao_year.pk])).context["form"].initial["year"] == duodao_year.pk


def test_an_unknown_code_says_so_and_the_idea_is_still_taken(phone, year):
    response = phone.get(PROPOSE, {"station": "NOSUCH1"})
    assert response.status_code == 200 and response.context["target_notice"] and response.context["station"] is None
    assert phone.post(PROPOSE, form_data(year, station="NOSUCH1")).status_code == 302
    assert Proposal.objects.get().station is None


def test_when_nothing_is_collecting_the_page_says_so(phone, year, world):
    services.close_collection(world.city_staff, year)
    response = phone.get(PROPOSE)
    content = response.content.decode()
    assert response.status_code == 200 and 'data-testid="not-collecting"' in content and 'name="title"' not in content
    try:
        public_years = reverse("projects:public_years")
    except NoReverseMatch:
        public_years = "/public/projects/"
    assert f'href="{public_years}"' in content
    # A form sent just after the collection closed: what was typed is shown, nothing is saved.
    response = phone.post(PROPOSE, form_data(year, title="加装电梯", text="老楼加装电梯，方便老人出行。"))
    assert 'data-testid="kept-text"' in response.content.decode() and "老楼加装电梯，方便老人出行。" in response.content.decode()
    assert not Proposal.objects.exists()


def test_too_many_ideas_from_one_network_are_refused_with_the_text_kept(phone, year, settings):
    settings.OPINION_SUBMIT_RATE_PER_ADDRESS = "2/h"
    for number in range(2):
        assert phone.post(PROPOSE, form_data(year, title=f"想法{number}")).status_code == 302
    response = phone.post(PROPOSE, form_data(year, title="第三个想法", text="希望在龙井路增设公交站台，方便居民出行。"))
    content = response.content.decode()
    assert response.status_code == 429 and Proposal.objects.count() == 2
    assert 'value="第三个想法"' in content and "希望在龙井路增设公交站台，方便居民出行。" in content and 'role="alert"' in content


# --- Following an idea ------------------------------------------------------------------------------


def _idea(year, title="加装电梯", **fields):
    fields.setdefault("source", Proposal.Source.CITIZEN)
    fields.setdefault("phone", "13800001234")
    return services.propose(year=year, title=title, text=f"{title}，居民盼望已久，希望明年能够实施。", **fields)[0]


def test_tracking_needs_the_code_and_the_right_digits(phone, year):
    proposal = _idea(year, proposer_name="王芳")
    wrong = _prove(phone, proposal, "9999")
    assert wrong.status_code == 400 and wrong.context["form"].non_field_errors()
    assert 'data-testid="track-refused"' in wrong.content.decode()
    detail = reverse("projects:proposal_detail", args=[proposal.code])
    assert phone.get(detail).status_code == 302
    right = phone.post(TRACK, {"code": proposal.code.lower(), "phone_last4": "1234"})
    assert right.status_code == 302 and right["Location"] == detail
    page = phone.get(detail)
    content = page.content.decode()
    assert page.status_code == 200 and proposal.title in content and "王芳" in content
    assert page.context["outcome"]["key"] == "received" and "13800001234" not in content and "1234" not in content.replace(proposal.code, "")


def test_guessing_codes_is_limited(phone, year, settings):
    settings.OPINION_TRACK_RATE_PER_ADDRESS = "3/h"
    proposal = _idea(year)
    for _i in range(3):
        _prove(phone, proposal, "0000")
    assert _prove(phone, proposal).status_code == 429  # even the right digits, once over the limit


def _outcome_page(client, proposal):
    assert _prove(client, proposal).status_code == 302
    return client.get(reverse("projects:proposal_detail", args=[proposal.code]))


def test_a_merged_idea_names_the_idea_it_joined_and_a_rejected_one_the_reason(phone, year, world):
    kept = _idea(year, "老旧小区加装电梯", proposer_name="张三")
    duplicate = _idea(year, "老楼装电梯", phone="13900005678")
    golf = _idea(year, "建设高尔夫球场", phone="13700004321")
    services.merge(world.city_staff, duplicate, into=kept)
    services.review(world.city_staff, golf, checklist={**ALL_YES, "public_welfare": False}, eligible=False, note="不属于普惠性公益项目。")

    page = _outcome_page(phone, duplicate)
    outcome = page.context["outcome"]
    content = page.content.decode()
    assert outcome["merged_title"] == "老旧小区加装电梯" and outcome["key"] == "received"
    assert "老旧小区加装电梯" in content and 'data-testid="merged"' in content
    assert "张三" not in content and "13800001234" not in content  # nothing of the other proposer

    services.review(world.city_staff, kept, checklist=ALL_YES, eligible=True)
    assert phone.get(reverse("projects:proposal_detail", args=[duplicate.code])).context["outcome"]["key"] == "eligible"

    page = _outcome_page(phone, golf)
    assert page.context["outcome"]["key"] == "rejected" and page.context["outcome"]["note"] == "不属于普惠性公益项目。"
    assert 'data-testid="review-note"' in page.content.decode() and "不属于普惠性公益项目。" in page.content.decode()


def _choose(year, chamber, world, water_unit, idea):
    """The year through its vote: four candidates, the first built on `idea`; the first three are chosen."""
    staff = world.city_staff
    services.close_collection(staff, year)
    services.review(staff, idea, checklist=ALL_YES, eligible=True)
    completion = datetime.date(year.year, 11, 30)
    for number in range(4):
        services.add_candidate(staff, year, name=f"候选项目{number + 1}", content=f"项目{number + 1}的建设内容。", investment=100,
                               unit=world.city_unit if number % 2 == 0 else water_unit, completion_date=completion,
                               proposals=[idea] if number == 0 else [])
    services.publish_candidates(staff, year)
    vote = services.prepare_selection_vote(staff, year, session=chamber.session)
    voting.open_vote(staff, vote)
    for user in chamber.users:
        voting.check_in(user, vote)
        voting.cast(user, vote, [1, 2, 3])
    voting.count_vote(staff, voting.close_vote(staff, vote))
    services.apply_selection(staff, year)
    return Project.objects.get(name="候选项目1")


def test_a_chosen_idea_shows_its_project_and_progress(phone, year, chamber, world, water_unit):
    idea = _idea(year, "社区养老服务中心")
    project = _choose(year, chamber, world, water_unit, idea)
    assert project.state == Project.State.CHOSEN
    Project.objects.filter(pk=project.pk).update(progress=40)  # as the unit's monthly reports would set it
    page = _outcome_page(phone, idea)
    outcome = page.context["outcome"]
    content = page.content.decode()
    assert outcome["key"] == "chosen" and outcome["project_name"] == "候选项目1" and outcome["progress"] == 40
    assert 'aria-valuenow="40"' in content and "候选项目1" in content
    try:
        project_url = reverse("projects:public_project", kwargs={"pk": project.pk})
    except NoReverseMatch:
        project_url = ""
    assert outcome["project_url"] == project_url
    if project_url:
        assert f'href="{project_url}"' in content


def test_a_not_chosen_idea_names_its_candidate_project(phone, year, chamber, world, water_unit):
    idea = _idea(year, "社区养老服务中心")
    _choose(year, chamber, world, water_unit, idea)
    other = Proposal.objects.create(year=year, source="citizen", title="夜市", text="夜市规范化管理。", submitted_at=timezone.now(),
                                    phone_last4="5555", project=Project.objects.get(name="候选项目4"), state=Proposal.State.CANDIDATE)
    outcome = citizen.outcome_words(other)
    assert outcome["key"] == "not_chosen" and outcome["project_name"] == "候选项目4" and outcome["project_url"] == ""


# --- Representatives and departments ---------------------------------------------------------------------


def test_a_representative_proposes_on_the_phone_and_sees_the_outcome(year, chamber, world):
    _another_year(world.duodao_staff, world.duodao_congress, "掇刀区民生实事项目")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.rep)
    page = client.get(reverse("projects:rep_propose"))
    form = page.context["form"]
    assert page.status_code == 200 and [choice for choice, _label in form.fields["year"].choices] == [year.pk]  # their own congress's year
    assert form.initial["year"] == year.pk
    data = {"year": year.pk, "title": "农村公路提档升级", "text": "乡村公路年久失修，群众出行不便，建议明年提档升级。", "idempotency_key": new_idempotency_key()}
    response = client.post(reverse("projects:rep_propose"), data)
    assert client.post(reverse("projects:rep_propose"), data).status_code == 302
    assert response.status_code == 302 and response["Location"] == reverse("projects:rep_ideas")
    proposal = Proposal.objects.get()
    assert proposal.source == Proposal.Source.REPRESENTATIVE and proposal.representative == world.representative
    assert proposal.submitted_by == world.rep and proposal.phone_last4 == ""
    services.review(world.city_staff, proposal, checklist={**ALL_YES, "within_year": False}, eligible=False, note="需三年建成，请分期申报。")
    ideas = client.get(reverse("projects:rep_ideas"))
    content = ideas.content.decode()
    assert ideas.status_code == 200 and "农村公路提档升级" in content and "需三年建成，请分期申报。" in content
    assert ideas.context["items"][0]["outcome"]["key"] == "rejected"
    # The tab bar offers the page once register() is wired.
    citizen.register()
    assert reverse("projects:rep_propose") in client.get(reverse("projects:rep_ideas")).content.decode()
    # Bad input keeps the text.
    bad = client.post(reverse("projects:rep_propose"), {**data, "title": "", "idempotency_key": new_idempotency_key()})
    assert bad.status_code == 400 and "乡村公路年久失修" in bad.content.decode() and "title" in bad.context["form"].errors


def test_pages_of_representatives_and_units_are_theirs(client, year, world):
    client.force_login(world.citizen)
    assert client.get(reverse("projects:rep_propose")).status_code == 403
    assert client.get(reverse("projects:unit_propose")).status_code == 403
    client.force_login(world.rep)
    assert client.get(reverse("projects:unit_ideas")).status_code == 403
    client.logout()
    assert client.get(reverse("projects:rep_ideas")).status_code == 302


def test_a_department_proposes_on_the_desk_and_sees_its_ideas(year, chamber, world, water_unit):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.unit_staff)
    page = client.get(reverse("projects:unit_propose"))
    assert page.status_code == 200 and world.city_unit.name in page.content.decode()
    data = {"year": year.pk, "unit": world.city_unit.pk, "title": "社区养老服务中心", "text": "新建十个社区养老服务中心，解决老人助餐问题。",
            "idempotency_key": new_idempotency_key()}
    response = client.post(reverse("projects:unit_propose"), data)
    assert response.status_code == 302 and response["Location"] == reverse("projects:unit_ideas")
    proposal = Proposal.objects.get()
    assert proposal.source == Proposal.Source.DEPARTMENT and proposal.unit == world.city_unit and proposal.submitted_by == world.unit_staff
    # Once chosen, the department's list shows the project and leads to its public page.
    project = _choose(year, chamber, world, water_unit, proposal)
    ideas = client.get(reverse("projects:unit_ideas"))
    item = ideas.context["items"][0]
    assert item["outcome"]["key"] == "chosen" and item["outcome"]["project_name"] == project.name
    if item["outcome"]["project_url"]:
        assert f'href="{item["outcome"]["project_url"]}"' in ideas.content.decode()
    # Another unit's staff see none of it.
    other = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    other.force_login(world.other_unit_staff)
    assert other.get(reverse("projects:unit_ideas")).context["items"] == []


def test_a_unit_cannot_propose_for_another_unit(year, world):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.unit_staff)
    data = {"year": year.pk, "unit": world.dongbao_unit.pk, "title": "校园改造", "text": "改造三所学校的操场和食堂。", "idempotency_key": new_idempotency_key()}
    response = client.post(reverse("projects:unit_propose"), data)
    assert response.status_code == 400 and not Proposal.objects.exists()


# --- The front page ---------------------------------------------------------------------------------------


def test_the_front_page_invites_ideas_while_a_year_collects(phone, year, world):
    citizen.register()
    content = phone.get(reverse("public:home")).content.decode()
    assert 'data-testid="projects-invite"' in content and year.title in content and year.collection_until.strftime("%Y-%m-%d") in content
    assert PROPOSE in content
    ProjectYear.objects.filter(pk=year.pk).update(stage=ProjectYear.Stage.REVIEWING)
    assert 'data-testid="projects-invite"' not in phone.get(reverse("public:home")).content.decode()
