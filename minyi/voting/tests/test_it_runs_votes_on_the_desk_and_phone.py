"""The pages of a vote: staff prepare and run it, members check in and vote on the phone, tellers
enter paper ballots, the public sees the published result and checks receipts. Refusals are shown
in Chinese and lose nothing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from minyi.voting import services
from minyi.voting.models import Ballot, Vote

from .conftest import new_vote

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_staff_prepare_a_vote_and_bad_input_keeps_what_they_typed(chamber):
    staff = _client(chamber.world.city_staff)
    data = {"congress": chamber.world.city_congress.pk, "title": "2027年民生实事项目票决", "kind": "differential", "body": "session",
            "session": chamber.session.pk, "places": "3", "threshold_base": "all", "quorum": "two_thirds", "secret": "on",
            "electronic": "on", "paper": "on", "options_text": "城区老旧小区改造｜改造32个小区\n农村饮水安全巩固", "tellers": [chamber.teller_a.pk]}
    response = staff.post(reverse("voting:desk_new"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "差额" in page and "城区老旧小区改造" in page and "2027年民生实事项目票决" in page
    data["options_text"] += "\n背街小巷改造\n社区养老服务中心\n中小学校园安全"
    response = staff.post(reverse("voting:desk_new"), data)
    vote = Vote.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("voting:desk_detail", args=[vote.pk])
    assert [o.label for o in vote.options.all()][:1] == ["城区老旧小区改造"] and vote.options.first().description == "改造32个小区"
    assert list(vote.tellers.values_list("user", flat=True)) == [chamber.teller_a.pk]


def test_a_vote_from_opening_to_the_public_result(chamber):
    vote = new_vote(chamber, options=("甲", "乙", "丙", "丁"), places=2)
    staff = _client(chamber.world.city_staff)
    assert staff.post(reverse("voting:desk_detail", args=[vote.pk]), {"action": "open"}).status_code == 302
    page = staff.get(reverse("voting:desk_detail", args=[vote.pk])).content.decode()
    assert 'data-testid="turnout"' in page

    receipts = []
    for user in chamber.users[:8]:
        member = _client(user)
        url = reverse("voting:rep_detail", args=[vote.pk])
        assert "签到" in member.get(url).content.decode()
        member.post(url, {"action": "check_in"})
        response = member.post(url, {"action": "cast", "mark": ["1", "2"]})
        receipts.append(re.search(r'data-testid="receipt">([A-Z0-9-]+)<', response.content.decode()).group(1))
        again = member.post(url, {"action": "cast", "mark": ["3"]})
        assert again.status_code == 400 and "已经投过票" in again.content.decode()
    assert Ballot.objects.filter(vote=vote).count() == 8

    over = _client(chamber.users[8])
    url = reverse("voting:rep_detail", args=[vote.pk])
    over.post(url, {"action": "check_in"})
    response = over.post(url, {"action": "cast", "mark": ["1", "2", "3"]})
    assert response.status_code == 400 and "最多" in response.content.decode()
    assert 'value="3" id="mark-3" checked' in response.content.decode()  # what they ticked is kept

    turnout = staff.get(reverse("voting:desk_turnout", args=[vote.pk])).content.decode()
    assert 'data-testid="voted-electronic">8<' in turnout and "甲" not in turnout
    staff.post(reverse("voting:desk_detail", args=[vote.pk]), {"action": "close"})
    staff.post(reverse("voting:desk_detail", args=[vote.pk]), {"action": "count"})
    page = staff.get(reverse("voting:desk_detail", args=[vote.pk])).content.decode()
    assert 'data-testid="result-table"' in page and "当选" in page
    assert staff.get(reverse("voting:public_detail", args=[vote.pk])).status_code == 404  # not published yet
    staff.post(reverse("voting:desk_detail", args=[vote.pk]), {"action": "publish"})

    public = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = public.get(reverse("voting:public_detail", args=[vote.pk]), {"receipt": receipts[2]}).content.decode()
    assert 'data-testid="receipt-counted"' in page
    page = public.get(reverse("voting:public_detail", args=[vote.pk]), {"receipt": "ZZZZ-ZZZZ-ZZZZ"}).content.decode()
    assert 'data-testid="receipt-unknown"' in page


def test_the_hall_hands_out_paper_ballots_and_tellers_enter_them(chamber):
    vote = new_vote(chamber)
    staff = _client(chamber.world.city_staff)
    services.print_paper_ballots(chamber.world.city_staff, vote, 9)
    services.open_vote(chamber.world.city_staff, vote)
    hall = reverse("voting:desk_electorate", args=[vote.pk])
    staff.post(hall, {"action": "paper", "position": ["1", "2"]})
    staff.post(hall, {"action": "present", "position": [str(n) for n in range(3, 9)]})
    page = staff.get(hall).content.decode()
    assert page.count("已领取纸质选票") == 2
    services.close_vote(chamber.world.city_staff, vote)

    a, b = _client(chamber.teller_a), _client(chamber.teller_b)
    entry = reverse("voting:paper_entry", args=[vote.pk])
    assert _client(chamber.world.leader).get(entry).status_code in (403, 404)
    a.post(entry, {"number": "1", "mark": ["1", "2"]})
    b.post(entry, {"number": "1", "mark": ["1", "3"]})
    page = a.get(entry).content.decode()
    assert 'data-testid="mismatches"' in page
    response = a.post(entry, {"number": "30", "mark": ["1"]})
    assert response.status_code == 400 and "30" in response.content.decode()
    b.post(entry, {"number": "1", "mark": ["1", "2"]})
    a.post(entry, {"number": "2", "spoilt": "on"})
    b.post(entry, {"number": "2", "spoilt": "on"})
    staff.post(reverse("voting:desk_detail", args=[vote.pk]), {"action": "count"})
    vote.refresh_from_db()
    assert vote.result["cast"] == 2 and vote.result["invalid"] == 1 and vote.result["counts"]["1"] == 1


def test_nobody_outside_sees_or_runs_the_vote(chamber):
    vote = new_vote(chamber)
    services.open_vote(chamber.world.city_staff, vote)
    other = _client(chamber.world.dongbao_staff)
    assert other.get(reverse("voting:desk_detail", args=[vote.pk])).status_code == 404
    assert other.post(reverse("voting:desk_detail", args=[vote.pk]), {"action": "close"}).status_code == 404
    leader = _client(chamber.world.leader)
    assert leader.get(reverse("voting:desk_detail", args=[vote.pk])).status_code == 200
    assert leader.post(reverse("voting:desk_detail", args=[vote.pk]), {"action": "close"}).status_code == 403
    citizen = _client(chamber.world.citizen)
    assert citizen.get(reverse("voting:rep_detail", args=[vote.pk])).status_code == 403
    assert Vote.objects.get(pk=vote.pk).state == Vote.State.OPEN
