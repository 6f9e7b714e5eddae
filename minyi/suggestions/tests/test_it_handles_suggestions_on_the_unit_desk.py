"""The handling unit's suggestion pages, through the views: the list (lead and co), another unit's
assignment is a 404, the generic inbox leads here, signing, a contact, a reply refused without a
contact (typed text kept), a non-PDF or too large letter, re-assignment refused after the window,
the co-unit's opinion read by the lead, the longer period asked with the congress's rule, the
reply letter as Word (opened with python-docx), and the judgements back to back."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from minyi.matters import services as engine
from minyi.matters.models import Assignment, DeadlineExtension, Matter, ReassignmentRequest
from minyi.suggestions import policy, services
from minyi.suggestions.models import Contact, ReplyLetter
from minyi.workdays.calendar import CHINA

from .conftest import pdf_letter

pytestmark = pytest.mark.django_db


def at(monkeypatch, *moment):
    value = datetime.datetime(*moment, 10, 0, tzinfo=CHINA)
    monkeypatch.setattr("django.utils.timezone.now", lambda: value)
    return value


def parts(suggestion):
    return suggestion.matter.assignments.get(role=Assignment.Role.LEAD), suggestion.matter.assignments.get(role=Assignment.Role.CO)


def url(assignment):
    return reverse("suggestions:unit_detail", args=[assignment.pk])


def post(client, assignment, action, files=None, **fields):
    data = {"action": action, "version": Matter.objects.get(pk=assignment.matter_id).version}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    data.update({f"{action}-{name}": value for name, value in (files or {}).items()})
    return client.post(url(assignment), data)


def record_contact(world, lead):
    return services.record_contact(lead, actor=world.unit_staff, representative=world.representative, method=Contact.Method.PHONE,
                                   stage=Contact.Stage.BEFORE, happened_on=timezone.localdate(), note="电话听取代表意见，约定现场查看。")


def test_the_list_shows_lead_and_co_assignments_and_another_units_is_a_404(client, world, city, assigned):
    suggestion = assigned()
    suggestion.refresh_from_db()
    assert suggestion.number_label
    lead, co = parts(suggestion)
    client.force_login(world.unit_staff)
    page = client.get(reverse("suggestions:unit_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert suggestion.matter.title in html and suggestion.number_label in html
    assert client.get(url(co)).status_code == 404  # the water bureau's
    assert client.get(reverse("suggestions:unit_list") + "?role=co").content.decode().count(suggestion.matter.title) == 0
    client.force_login(city.water_staff)
    assert suggestion.matter.title in client.get(reverse("suggestions:unit_list") + "?role=co").content.decode()
    assert client.get(url(lead)).status_code == 404
    client.force_login(world.other_unit_staff)
    assert client.get(url(lead)).status_code == 404
    # The engine's generic page sends a suggestion here.
    client.force_login(world.unit_staff)
    response = client.get(reverse("matters:unit_assignment", args=[lead.pk]))
    assert response.status_code == 302 and response["Location"] == url(lead)


def test_the_page_shows_text_and_signers_names_without_phones(client, world, city, assigned):
    suggestion = assigned()
    lead, _co = parts(suggestion)
    world.representative.phone = "13912345678"
    world.representative.save()
    client.force_login(world.unit_staff)
    html = client.get(url(lead)).content.decode()
    assert suggestion.matter.text in html
    assert "李春梅" in html and "王建军" in html
    assert "13912345678" not in html


def test_sign_contact_then_reply_refused_without_contact_keeps_the_text(client, world, city, assigned):
    suggestion = assigned()
    lead, _co = parts(suggestion)
    client.force_login(world.unit_staff)
    assert post(client, lead, "sign").status_code == 302
    lead.refresh_from_db()
    assert lead.state == Assignment.State.SIGNED

    typed = "经研究，已将该小区雨污分流改造纳入2027年计划。"
    refused = post(client, lead, "reply", files={"letter": pdf_letter()}, reply_class="B", text=typed, signed_by="张局长",
                   publish_consent="on")
    assert refused.status_code == 400
    form = refused.context["forms"]["reply"]
    expected = gettext("Record your contact with the representative before replying: the law asks the unit to hear them first.")
    assert expected in form.non_field_errors()
    html = refused.content.decode()
    assert typed in html and "张局长" in html
    assert not lead.replies.exists()

    done = post(client, lead, "contact", representative=world.representative.pk, method="visit", stage="before",
                happened_on=timezone.localdate().isoformat(), note="到社区现场查看并与代表座谈。")
    assert done.status_code == 302
    contact = Contact.objects.get(assignment=lead)
    assert contact.method == "visit" and contact.confirmation == Contact.Confirmation.PENDING
    services.confirm_contact(contact, actor=world.rep, happened=True)
    html = client.get(url(lead)).content.decode()
    assert str(Contact.Confirmation.CONFIRMED.label) in html

    sent = post(client, lead, "reply", files={"letter": pdf_letter()}, reply_class="B", text=typed, signed_by="张局长",
                publish_consent="on")
    assert sent.status_code == 302
    answer = lead.replies.get()
    assert answer.reply_class == "B" and answer.text == typed
    letter = ReplyLetter.objects.get(reply=answer)
    assert letter.signed_by == "张局长" and letter.publish_consent and letter.letter is not None


def test_a_letter_that_is_not_a_pdf_or_too_large_is_refused_with_the_text_kept(client, world, city, assigned):
    lead, _co = parts(assigned())
    engine.sign(lead, actor=world.unit_staff)
    record_contact(world, lead)
    client.force_login(world.unit_staff)
    typed = "我局已会同水务局制定三年改造计划，今年先行实施两个小区。"
    word = SimpleUploadedFile("答复函.docx", b"PK\x03\x04 not a pdf", content_type="application/octet-stream")
    refused = post(client, lead, "reply", files={"letter": word}, reply_class="A", text=typed, signed_by="张局长")
    assert refused.status_code == 400
    assert refused.context["forms"]["reply"].errors.get("letter")
    assert typed in refused.content.decode()
    big = post(client, lead, "reply", files={"letter": pdf_letter(size=21 * 1024 * 1024)}, reply_class="A", text=typed, signed_by="张局长")
    assert big.status_code == 400 and big.context["forms"]["reply"].errors.get("letter")
    assert not lead.replies.exists()


def test_re_assignment_within_the_window_and_refused_after_it(client, world, city, assigned, monkeypatch):
    at(monkeypatch, 2026, 9, 25)
    lead, co = parts(assigned())
    client.force_login(city.water_staff)
    asked = post(client, co, "reassign", reason="排水管网不属于我局职责范围，应由住建部门负责。")
    assert asked.status_code == 302 and ReassignmentRequest.objects.filter(assignment=co).count() == 1

    at(monkeypatch, 2026, 10, 13)  # the window (7 working days across National Day) ended on 12 October
    client.force_login(world.unit_staff)
    page = client.get(url(lead))
    assert 'value="reassign"' not in page.content.decode()
    refused = post(client, lead, "reassign", reason="该建议不属于我局职责范围，请改派。")
    assert refused.status_code == 400
    shown = [str(m) for m in refused.context["messages"]]
    assert gettext(str(policy.SuggestionPolicy.reassignment_closed_message)) in shown
    assert not ReassignmentRequest.objects.filter(assignment=lead).exists()


def test_co_unit_opinion_reaches_the_lead_and_extension_uses_the_congress_rule(client, world, city, assigned):
    lead, co = parts(assigned())
    client.force_login(city.water_staff)
    assert 'value="extend"' not in client.get(url(co)).content.decode()  # the lead unit asks for the longer period
    opinion = "水务局意见：管网改造纳入排水专项规划，2027年安排资金。"
    assert post(client, co, "contribute", text=opinion).status_code == 302
    client.force_login(world.unit_staff)
    assert opinion in client.get(url(lead)).content.decode()
    assert post(client, lead, "extend", reason="涉及多个部门和资金安排，情况复杂，需要更长办理时间。").status_code == 302
    extension = DeadlineExtension.objects.get(assignment=lead)
    assert extension.rule == "months:6" and extension.state == DeadlineExtension.State.REQUESTED
    assert 'value="extend"' not in client.get(url(lead)).content.decode()


def test_the_reply_letter_word_draft_carries_number_title_names_and_text(client, world, city, assigned):
    from docx import Document

    suggestion = assigned()
    suggestion.refresh_from_db()
    lead, co = parts(suggestion)
    client.force_login(world.unit_staff)
    typed = "一、已完成现场查看。\n二、改造纳入2027年计划。"
    response = client.get(reverse("suggestions:unit_letter", args=[lead.pk]),
                          {"reply-text": typed, "reply-reply_class": "B", "reply-signed_by": "张局长"})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in (suggestion.number_label, suggestion.matter.title, "李春梅", "王建军", "一、已完成现场查看。", "二、改造纳入2027年计划。",
                     "张局长", world.city_unit.name):
        assert expected in text, expected
    client.force_login(city.water_staff)
    assert client.get(reverse("suggestions:unit_letter", args=[co.pk])).status_code == 403
    client.force_login(world.other_unit_staff)
    assert client.get(reverse("suggestions:unit_letter", args=[lead.pk])).status_code == 404


def test_judgements_are_back_to_back_until_the_round_is_settled(client, world, city, assigned):
    suggestion = assigned()
    lead, _co = parts(suggestion)
    engine.sign(lead, actor=world.unit_staff)
    record_contact(world, lead)
    services.reply(lead, actor=world.unit_staff, text="已纳入明年改造计划，分三年实施。", reply_class="A", letter=pdf_letter(), signed_by="张局长")
    services.evaluate(suggestion, actor=city.wang_user, rating="unsatisfied", comment="co-signer comment 不同意")
    client.force_login(world.unit_staff)
    html = client.get(url(lead)).content.decode()
    assert "co-signer comment" not in html and "王建军" in html
    assert "1" in html and gettext("Unsatisfied") not in html
    services.evaluate(suggestion, actor=world.rep, rating="satisfied")
    html = client.get(url(lead)).content.decode()
    assert "co-signer comment" in html
