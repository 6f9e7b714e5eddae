"""Assignment and handling: the statutory periods on the working-day calendar (across National Day
2026 and into 2027), the re-assignment window, contact with the representative before any reply,
the reply's class and signed letter, the co-unit's opinion, the extension to six months."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from minyi.matters import services as engine
from minyi.matters.models import Assignment
from minyi.suggestions import services
from minyi.suggestions.models import Contact, ReplyLetter
from minyi.workdays.calendar import CHINA

from .conftest import pdf_letter

pytestmark = pytest.mark.django_db


def at(monkeypatch, *moment):
    value = datetime.datetime(*moment, 10, 0, tzinfo=CHINA)
    monkeypatch.setattr("django.utils.timezone.now", lambda: value)
    return value


def parts(suggestion):
    lead = suggestion.matter.assignments.get(role=Assignment.Role.LEAD)
    co = suggestion.matter.assignments.get(role=Assignment.Role.CO)
    return lead, co


def test_periods_across_national_day(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 9, 25)
    lead, co = parts(assigned())
    assert (lead.sign_due, lead.sign_rule) == (datetime.date(2026, 9, 30), "workdays:3")
    assert (lead.handle_due, lead.handle_rule) == (datetime.date(2026, 12, 25), "months:3")
    # One month from 25 September is a Sunday: the next working day.
    assert (co.handle_due, co.handle_rule) == (datetime.date(2026, 10, 26), "months:1")
    assert not lead.provisional


def test_periods_into_2027_are_flagged_provisional(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 11, 30)
    lead, _co = parts(assigned())
    # 28 February 2027 is a Sunday; 2027's holidays are not known yet, so the date is provisional.
    assert lead.handle_due == datetime.date(2027, 3, 1) and lead.provisional


def test_re_assignment_is_asked_within_seven_working_days(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 9, 25)
    lead, _co = parts(assigned())
    engine.sign(lead, actor=world.unit_staff)
    at(monkeypatch, 2026, 10, 12)  # the 7th working day (National Day off, 10 October worked)
    assert engine.reassignment_window_open(lead)
    at(monkeypatch, 2026, 10, 13)
    lead.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        engine.request_reassignment(lead, reason="不属于我局职责", actor=world.unit_staff)
    assert "期限已过" in refused.value.messages[0]


def test_no_reply_without_contact_class_and_letter(world, city, assigned):
    lead, _co = parts(assigned())
    engine.sign(lead, actor=world.unit_staff)
    with pytest.raises(ValidationError) as refused:
        services.reply(lead, actor=world.unit_staff, text="已纳入明年改造计划，分三年实施。", reply_class="", letter=None)
    assert set(refused.value.message_dict) == {"reply_class", "letter", "contact"}
    assert suggestion_status(lead) == "handling"


def suggestion_status(assignment):
    assignment.matter.refresh_from_db()
    return assignment.matter.status


def test_a_letter_must_be_a_pdf_of_at_most_20_mb(world, city, assigned):
    from django.core.files.uploadedfile import SimpleUploadedFile

    lead, _co = parts(assigned())
    contact(world, city, lead)
    with pytest.raises(ValidationError) as refused:
        services.reply(lead, actor=world.unit_staff, text="已纳入明年改造计划。", reply_class="B",
                       letter=SimpleUploadedFile("答复函.docx", b"PK\x03\x04", content_type="application/octet-stream"))
    assert "letter" in refused.value.message_dict
    with pytest.raises(ValidationError) as too_big:
        services.reply(lead, actor=world.unit_staff, text="已纳入明年改造计划。", reply_class="B", letter=pdf_letter(size=21 * 1024 * 1024))
    assert "letter" in too_big.value.message_dict
    with pytest.raises(ValidationError):
        services.reply(lead, actor=world.unit_staff, text="已纳入明年改造计划。", reply_class="B",
                       letter=SimpleUploadedFile("答复函.pdf", b"not a pdf at all", content_type="application/pdf"))
    assert not lead.replies.exists()


def contact(world, city, assignment, representative=None, stage=Contact.Stage.BEFORE):
    return services.record_contact(assignment, actor=world.unit_staff, representative=representative or world.representative,
                                   method=Contact.Method.VISIT, stage=stage, happened_on=timezone.localdate(),
                                   note="到代表所在社区现场查看雨污合流情况并座谈。")


def test_the_whole_handling_with_co_unit_and_letter(world, city, assigned):
    suggestion = assigned()
    lead, co = parts(suggestion)
    engine.sign(lead, actor=world.unit_staff)
    engine.record_contribution(co, text="水务局同意配合，管网改造纳入排水专项规划。", actor=city.water_staff)
    recorded = contact(world, city, lead)
    services.confirm_contact(recorded, actor=world.rep, happened=True)
    answer = services.reply(lead, actor=world.unit_staff, text="已纳入2027年老旧小区改造计划，分三年实施。", reply_class="B",
                            letter=pdf_letter(), signed_by="张局长")
    assert answer.reply_class == "B"
    letter = ReplyLetter.objects.get(reply=answer)
    assert letter.letter.original_name == "答复函.pdf" and letter.signed_by == "张局长"
    assert suggestion_status(lead) == "replied"
    recorded.refresh_from_db()
    assert recorded.confirmation == Contact.Confirmation.CONFIRMED
    actions = list(suggestion.matter.timeline.values_list("action", flat=True))
    assert actions[-5:] == ["sign", "contribute", "contact", "contact_confirmed", "reply"]


def test_a_disputed_contact_needs_a_remark(world, city, assigned):
    lead, _co = parts(assigned())
    recorded = contact(world, city, lead)
    with pytest.raises(ValidationError):
        services.confirm_contact(recorded, actor=world.rep, happened=False)
    services.confirm_contact(recorded, actor=world.rep, happened=False, note="没有联系过我")
    recorded.refresh_from_db()
    assert recorded.confirmation == Contact.Confirmation.DISPUTED


def test_only_the_suggestions_representatives_confirm_contacts(world, city, assigned):
    from django.core.exceptions import PermissionDenied

    lead, _co = parts(assigned())
    recorded = contact(world, city, lead)
    with pytest.raises(PermissionDenied):
        services.confirm_contact(recorded, actor=city.zhao_user, happened=True)
    with pytest.raises(ValidationError):
        contact(world, city, lead, representative=city.zhao)  # not a signer


def test_a_unit_records_contacts_only_on_its_own_assignment(world, city, assigned):
    from django.core.exceptions import PermissionDenied

    lead, _co = parts(assigned())
    with pytest.raises(PermissionDenied):
        services.record_contact(lead, actor=city.water_staff, representative=world.representative, method="phone", stage="before",
                                happened_on=datetime.date.today(), note="电话沟通了解诉求。")


def test_extension_to_six_months_is_approved_by_staff(world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 9, 25)
    lead, _co = parts(assigned())
    engine.sign(lead, actor=world.unit_staff)
    request = engine.request_extension(lead, reason="涉及多部门资金协调，需纳入年度预算。", rule="months:6", actor=world.unit_staff)
    engine.decide_extension(request, approve=True, actor=world.city_staff)
    lead.refresh_from_db()
    assert (lead.handle_due, lead.handle_rule) == (datetime.date(2027, 3, 25), "months:6")
