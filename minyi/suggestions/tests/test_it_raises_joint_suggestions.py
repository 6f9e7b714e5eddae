"""Raising a suggestion: alone it goes to review; jointly it waits until every co-signer has
answered in the app; staff may enter one for a representative; adopted opinions point to it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minyi.matters.models import Channel, Matter
from minyi.suggestions import services
from minyi.suggestions.models import Signer

pytestmark = pytest.mark.django_db


def test_a_suggestion_alone_goes_to_review(world, city, raise_one):
    suggestion = raise_one()
    matter = suggestion.matter
    assert (matter.kind, matter.status, matter.owner_congress, matter.channel) == (
        "suggestion", "submitted", world.city_congress, Channel.REPRESENTATIVE)
    assert suggestion.term == city.term and suggestion.session is None and suggestion.year == 2026
    assert list(suggestion.signers.values_list("representative__name", "is_lead", "state")) == [("李春梅", True, "confirmed")]


def test_a_joint_suggestion_waits_for_every_co_signer(world, city, raise_one):
    suggestion = raise_one(city.wang, city.zhao)
    assert suggestion.matter.status == "collecting"
    with pytest.raises(ValidationError) as refused:
        services.submit(suggestion, actor=world.rep)
    assert "王建军" in refused.value.messages[0] and "赵敏" in refused.value.messages[0]
    services.answer_invitation(suggestion, actor=city.wang_user, confirm=True)
    suggestion.matter.refresh_from_db()
    assert suggestion.matter.status == "collecting"
    services.answer_invitation(suggestion, actor=city.zhao_user, confirm=False)
    suggestion.matter.refresh_from_db()
    assert suggestion.matter.status == "submitted"  # nobody left to answer
    states = dict(suggestion.signers.values_list("representative__name", "state"))
    assert states == {"李春梅": "confirmed", "王建军": "confirmed", "赵敏": "declined"}
    actions = list(suggestion.matter.timeline.values_list("action", flat=True))
    assert actions == ["open", "cosign", "cosign_declined", "submit"]


def test_the_lead_may_send_it_without_a_silent_co_signer(world, city, raise_one):
    suggestion = raise_one(city.wang)
    services.submit(suggestion, actor=world.rep, drop_unanswered=True)
    suggestion.matter.refresh_from_db()
    assert suggestion.matter.status == "submitted"
    assert suggestion.signers.get(representative=city.wang).state == Signer.State.DECLINED
    with pytest.raises(ValidationError):
        services.answer_invitation(suggestion, actor=city.wang_user, confirm=True)


def test_only_the_invited_answer_and_only_once(world, city, raise_one):
    suggestion = raise_one(city.wang)
    with pytest.raises(PermissionDenied):
        services.answer_invitation(suggestion, actor=city.zhao_user, confirm=True)
    services.answer_invitation(suggestion, actor=city.wang_user, confirm=True)
    with pytest.raises(ValidationError):
        services.answer_invitation(suggestion, actor=city.wang_user, confirm=False)


def test_bad_drafts_are_refused_field_by_field_in_chinese(world, city, draft):
    with pytest.raises(ValidationError) as refused:
        services.raise_suggestion(draft(title="建议", text="太短", category="nothing"), actor=world.rep, lead=world.representative,
                                  congress=world.city_congress)
    errors = refused.value.message_dict
    assert set(errors) == {"title", "text", "category"}
    assert "标题" in errors["title"][0]
    assert not Matter.objects.filter(kind="suggestion").exists()


def test_a_representative_raises_only_where_they_hold_a_seat(world, city, draft):
    with pytest.raises(ValidationError) as refused:
        services.raise_suggestion(draft(), actor=world.rep, lead=world.representative, congress=world.dongbao_congress)
    assert "congress" in refused.value.message_dict


def test_a_session_suggestion_names_its_session(world, city, raise_one):
    suggestion = raise_one(session_id=city.session.pk)
    assert suggestion.is_session_suggestion and suggestion.session == city.session


def test_staff_enter_a_suggestion_for_a_representative(world, city, draft):
    suggestion = services.raise_suggestion(draft(), actor=world.city_staff, lead=city.wang, congress=world.city_congress)
    assert suggestion.entered_by_staff and suggestion.matter.channel == Channel.STAFF_ENTRY
    assert suggestion.matter.representative == city.wang
    with pytest.raises(PermissionDenied):
        services.raise_suggestion(draft(), actor=world.dongbao_staff, lead=city.wang, congress=world.city_congress)


def test_adopted_opinions_point_to_the_suggestion(world, city, draft):
    from minyi.opinions import services as opinions
    from minyi.opinions.models import Category as OpinionCategory
    from minyi.opinions.services import Submission
    from minyi.testing import region

    OpinionCategory.objects.create(code="city", name="城市管理")
    township = region("420802001000", "龙泉街道", 4, world.dongbao)
    opinion, _created = opinions.submit(Submission(text="小区雨天污水倒灌进一楼，希望改造管网。", region_code=township.pk, category="city"),
                                        representative=world.representative, channel=Channel.REPRESENTATIVE_CODE)
    suggestion = services.raise_suggestion(draft(adopted_matter_ids=[opinion.pk]), actor=world.rep, lead=world.representative,
                                           congress=world.city_congress)
    opinion.refresh_from_db()
    assert opinion.converted_to_id == suggestion.pk and opinion.status == "converted"
    assert opinion.timeline.filter(action="convert", visibility="public").exists()


def test_the_same_submission_key_raises_one_suggestion(world, city, draft):
    from minyi.suggestions.models import Suggestion

    first = services.raise_suggestion(draft(), actor=world.rep, lead=world.representative, congress=world.city_congress,
                                      idempotency_key="tap-0001")
    again = services.raise_suggestion(draft(), actor=world.rep, lead=world.representative, congress=world.city_congress,
                                      idempotency_key="tap-0001")
    assert first.pk == again.pk and Suggestion.objects.count() == 1
    other = services.raise_suggestion(draft(), actor=world.city_staff, lead=city.wang, congress=world.city_congress,
                                      idempotency_key="tap-0001")
    assert other.pk != first.pk  # keys are per lead representative


@pytest.mark.django_db(transaction=True)
def test_two_taps_at_the_same_moment_raise_one_suggestion(world, city, draft):
    import threading

    from django.db import connection

    from minyi.suggestions.models import Suggestion

    if connection.vendor == "sqlite":
        pytest.skip("concurrency is tested on PostgreSQL (the test SQLite database is in memory, with table locks)")
    barrier, results, errors = threading.Barrier(3), [], []

    def tap():
        try:
            barrier.wait(timeout=10)
            results.append(services.raise_suggestion(draft(), actor=world.rep, lead=world.representative, congress=world.city_congress,
                                                     idempotency_key="double-tap-1").pk)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(set(results)) == 1 and Suggestion.objects.count() == 1
