"""The representative's phone inbox: only opinions addressed to them or their stations; settle one
on the spot (it goes to the citizen's evaluation), pass one to the staff, record an evaluation the
citizen gave in person; stale pages are refused with the typed text kept."""

import pytest
from django.urls import reverse

from minyi.accounts.models import Role
from minyi.matters.models import Channel, Evaluation
from minyi.opinions import services
from minyi.representatives.models import Representative
from minyi.testing import person

pytestmark = pytest.mark.django_db
INBOX = reverse("opinions:rep_inbox")


@pytest.fixture
def other_rep(world):
    representative = Representative.objects.create(name="周其他", public_code="RTEST002")
    return person("other_rep", Role.REPRESENTATIVE, representative=representative, full_name="周其他")


def addressed(world, submission, **kwargs):
    matter, _created = services.submit(submission(**kwargs), channel=Channel.REPRESENTATIVE_CODE, representative=world.representative)
    return matter


def test_the_inbox_lists_what_waits_and_all(client, world, places, submission):
    to_me = addressed(world, submission)
    at_station, _created = services.submit(submission(text="联络站附近的公交站台顶棚破损，下雨没法躲。"), channel=Channel.STATION_CODE,
                                           station=places.station)
    elsewhere, _created = services.submit(submission(text="与本代表无关的一条意见，直接交给人大。"))
    services.forward(at_station, actor=world.rep)
    client.force_login(world.rep)
    waiting = client.get(INBOX)
    assert [item["matter"] for item in waiting.context["items"]] == [to_me]
    everything = client.get(INBOX, {"tab": "all"})
    assert {item["matter"] for item in everything.context["items"]} == {to_me, at_station}
    assert elsewhere not in {item["matter"] for item in everything.context["items"]}
    # The tab bar shows the entry with what waits.
    nav = [item for item in waiting.context["mobile_nav"] if item["url"] == INBOX]
    assert nav and nav[0]["badge"] == 1


def test_another_representative_gets_404(client, world, submission, other_rep):
    matter = addressed(world, submission)
    client.force_login(other_rep)
    assert client.get(reverse("opinions:rep_detail", args=[matter.pk])).status_code == 404
    assert client.post(reverse("opinions:rep_detail", args=[matter.pk]), {"action": "forward", "version": matter.version}).status_code == 404
    assert client.get(INBOX, {"tab": "all"}).context["items"] == []


def test_citizens_and_units_cannot_open_the_inbox(client, world):
    for user in (world.citizen, world.unit_staff):
        client.force_login(user)
        assert client.get(INBOX).status_code == 403


def test_the_detail_shows_the_contact_masked_and_hides_it_when_anonymous(client, world, submission):
    named = addressed(world, submission)
    hidden = addressed(world, submission, anonymous=True)
    client.force_login(world.rep)
    content = client.get(reverse("opinions:rep_detail", args=[named.pk])).content.decode()
    assert "王芳" in content and "139****5678" in content and "13912345678" not in content
    content = client.get(reverse("opinions:rep_detail", args=[hidden.pk])).content.decode()
    assert "王芳" not in content and "5678" not in content


def test_resolving_on_the_spot_goes_to_the_citizen(client, world, submission):
    from .test_it_takes_intake_on_phones import jpeg_with_gps

    matter = addressed(world, submission)
    client.force_login(world.rep)
    detail = reverse("opinions:rep_detail", args=[matter.pk])
    page = client.get(detail)
    assert page.context["resolve_form"] is not None and page.context["forward_form"] is not None
    response = client.post(detail, {"action": "resolve_on_spot", "version": matter.version, "resolve-text": "已联系社区电工，当场更换灯泡。",
                                    "resolve-photos": [jpeg_with_gps()]})
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.status == "replied" and matter.replied_at is not None
    event = matter.timeline.get(action="resolve_on_spot")
    assert event.attachments.count() == 1


def test_forwarding_passes_it_to_the_staff(client, world, submission):
    matter = addressed(world, submission)
    client.force_login(world.rep)
    response = client.post(reverse("opinions:rep_detail", args=[matter.pk]),
                           {"action": "forward", "version": matter.version, "forward-note": "需要区城管局协调处理。"})
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.status == "submitted" and matter.timeline.get(action="forward").note == "需要区城管局协调处理。"


def test_a_stale_page_is_refused_and_the_text_kept(client, world, submission):
    matter = addressed(world, submission)
    old_version = matter.version
    services.forward(matter, actor=world.rep)  # done meanwhile on another phone
    client.force_login(world.rep)
    response = client.post(reverse("opinions:rep_detail", args=[matter.pk]),
                           {"action": "resolve_on_spot", "version": old_version, "resolve-text": "已当场处理完毕。"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "已当场处理完毕。" in content
    assert response.context["resolve_form"] is None  # no longer possible: the matter moved on
    matter.refresh_from_db()
    assert matter.status == "submitted"


def test_too_short_a_resolution_is_explained(client, world, submission):
    matter = addressed(world, submission)
    client.force_login(world.rep)
    response = client.post(reverse("opinions:rep_detail", args=[matter.pk]),
                           {"action": "resolve_on_spot", "version": matter.version, "resolve-text": "好"})
    assert response.status_code == 200 and "text" in response.context["resolve_form"].errors


def test_the_representative_records_an_evaluation_given_in_person(client, world, submission):
    matter = addressed(world, submission)
    services.resolve_on_spot(matter, actor=world.rep, text="已联系社区电工，当场更换灯泡。")
    client.force_login(world.rep)
    detail = reverse("opinions:rep_detail", args=[matter.pk])
    assert client.get(detail).context["evaluation_form"] is not None
    response = client.post(detail, {"action": "evaluate", "version": matter.version, "rate-rating": "satisfied"})
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.status == "closed"
    evaluation = Evaluation.objects.get(matter=matter)
    assert evaluation.rating == "satisfied" and "李春梅" in evaluation.by_label


def test_no_in_person_evaluation_for_a_citizen_with_an_account(client, world, submission):
    matter, _created = services.submit(submission(), actor=world.citizen, channel=Channel.REPRESENTATIVE_CODE, representative=world.representative)
    services.resolve_on_spot(matter, actor=world.rep, text="已联系社区电工，当场更换灯泡。")
    client.force_login(world.rep)
    detail = reverse("opinions:rep_detail", args=[matter.pk])
    assert client.get(detail).context["evaluation_form"] is None
    client.post(detail, {"action": "evaluate", "version": matter.version, "rate-rating": "satisfied"})
    matter.refresh_from_db()
    assert matter.status == "replied" and not Evaluation.objects.exists()


def test_an_opinion_the_representative_enters_for_a_citizen_is_judged_by_the_citizen_not_the_representative(client, world, submission):
    matter, _created = services.submit(submission(), actor=world.rep, channel=Channel.REPRESENTATIVE_ON_BEHALF, representative=world.representative)
    assert matter.raised_by is None
    services.resolve_on_spot(matter, actor=world.rep, text="已联系社区电工，当场更换灯泡。")
    client.force_login(world.rep)
    assert client.get(reverse("opinions:rep_detail", args=[matter.pk])).context["evaluation_form"] is not None
