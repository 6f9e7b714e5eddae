"""The representative's phone pages for suggestions, through the test client on a real database:
raising one (alone, jointly, with errors kept), co-signers confirming on their page, the lead
sending without a silent co-signer, revising a returned one, confirming or disputing a unit's
contact, judging the reply (the lead settles it, co-signers beside), nobody else seeing it, and a
double tap on 发送 making one suggestion."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minyi.matters.models import Assignment, Evaluation, Matter
from minyi.suggestions import services
from minyi.suggestions.models import Contact, Signer, Suggestion

from .conftest import pdf_letter
from .test_it_handles_suggestions import contact

pytestmark = pytest.mark.django_db

NEW = reverse("suggestions:rep_new")
LIST = reverse("suggestions:rep_list")


def detail(suggestion):
    return reverse("suggestions:rep_detail", args=[suggestion.pk])


def form_data(**kwargs):
    data = {"category": "urban", "title": "关于加快老旧小区雨污分流改造的建议",
            "text": "我市部分老旧小区雨污合流，雨季污水外溢，建议市住建局会同水务局制定三年改造计划，优先安排资金。",
            "publish_consent": "on", "token": "a" * 32}
    data.update(kwargs)
    return data


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def fresh_tokens(fresh_cache):
    return None


def test_raising_alone_goes_to_review_with_a_document(world, city, client_for, fresh_tokens):
    client = client_for(world.rep)
    page = client.get(NEW)
    assert page.status_code == 200 and "王建军" in page.content.decode()  # co-signers of the same congress
    document = SimpleUploadedFile("调研报告.pdf", pdf_letter().read(), content_type="application/pdf")
    response = client.post(NEW, form_data(session=str(city.session.pk), documents=[document]))
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(suggestion)
    assert suggestion.matter.status == "submitted" and suggestion.session == city.session
    assert suggestion.matter.attachments.filter(kind="document", original_name="调研报告.pdf").exists()
    page = client.get(detail(suggestion)).content.decode()
    assert "调研报告.pdf" in page and 'data-testid="number"' in page


def test_errors_keep_what_was_typed_in_chinese(world, city, client_for, fresh_tokens):
    client = client_for(world.rep)
    response = client.post(NEW, form_data(title="短", category="", co_signers=[str(city.wang.pk)],
                                          text="我市部分老旧小区雨污合流，雨季污水外溢，建议制定三年改造计划，优先安排资金。" * 2))
    assert response.status_code == 200 and not Suggestion.objects.exists()
    page = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) >= {"title", "category"}
    assert "雨季污水外溢" in page  # the text is kept
    assert f'value="{city.wang.pk}"' in page and "checked" in page  # the chosen co-signer stays chosen
    bad = SimpleUploadedFile("说明.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post(NEW, form_data(documents=[bad]))
    assert "documents" in response.context["form"].errors and not Suggestion.objects.exists()


def test_a_joint_suggestion_is_confirmed_by_the_co_signer_on_their_page(world, city, client_for, fresh_tokens):
    client = client_for(world.rep)
    client.post(NEW, form_data(co_signers=[str(city.wang.pk), str(city.zhao.pk)]))
    suggestion = Suggestion.objects.get()
    assert suggestion.matter.status == "collecting"

    wang = client_for(city.wang_user)
    listing = wang.get(LIST)
    assert listing.status_code == 200 and suggestion.matter.title in listing.content.decode()
    assert suggestion.pk in [item["suggestion"].pk for item in listing.context["items"]]
    page = wang.get(detail(suggestion))
    assert page.context["may_answer"]
    wang.post(detail(suggestion), {"action": "accept", "version": suggestion.matter.version})
    assert Signer.objects.get(suggestion=suggestion, representative=city.wang).state == Signer.State.CONFIRMED

    zhao = client_for(city.zhao_user)
    zhao.post(detail(suggestion), {"action": "decline"})
    assert Signer.objects.get(suggestion=suggestion, representative=city.zhao).state == Signer.State.DECLINED
    suggestion.matter.refresh_from_db()
    assert suggestion.matter.status == "submitted"  # everyone answered: to review by itself
    assert zhao.get(detail(suggestion)).status_code == 404  # declined: no longer theirs


def test_the_lead_sends_without_a_silent_co_signer(world, city, client_for, fresh_tokens):
    client = client_for(world.rep)
    client.post(NEW, form_data(co_signers=[str(city.wang.pk)]))
    suggestion = Suggestion.objects.get()
    page = client.get(detail(suggestion))
    assert page.context["may_submit"] and "王建军" in page.content.decode()
    response = client.post(detail(suggestion), {"action": "submit_without", "version": suggestion.matter.version}, follow=True)
    suggestion.matter.refresh_from_db()
    assert suggestion.matter.status == "submitted"
    assert Signer.objects.get(suggestion=suggestion, representative=city.wang).state == Signer.State.DECLINED
    assert response.status_code == 200 and any(m.level_tag == "success" for m in response.context["messages"])


def test_revising_a_returned_suggestion_shows_the_reasons(world, city, raise_one, client_for):
    suggestion = raise_one()
    services.return_for_revision(suggestion, actor=world.city_staff, reasons=["several"], note="请拆分为两件建议。")
    client = client_for(world.rep)
    listing = client.get(LIST + "?tab=action")
    assert [item["suggestion"].pk for item in listing.context["items"]] == [suggestion.pk]
    page = client.get(detail(suggestion)).content.decode()
    assert "请拆分为两件建议" in page and "data-testid=\"revise-form\"" in page
    suggestion.matter.refresh_from_db()
    # Too short a text: the error shows, the title typed stays.
    response = client.post(detail(suggestion), {"action": "revise", "version": suggestion.matter.version, "revise-category": "urban",
                                                "revise-title": "关于老旧小区雨污分流改造的建议（修改）", "revise-text": "太短"})
    assert response.status_code == 200 and "text" in response.context["forms"].revise.errors
    assert "（修改）" in response.content.decode()
    response = client.post(detail(suggestion), {
        "action": "revise", "version": suggestion.matter.version, "revise-category": "urban",
        "revise-title": "关于老旧小区雨污分流改造的建议（修改）",
        "revise-text": "我市部分老旧小区雨污合流，雨季污水外溢，建议市住建局制定三年改造计划并优先安排资金。"})
    assert response.status_code == 302
    suggestion.matter.refresh_from_db()
    assert suggestion.matter.status == "submitted" and suggestion.matter.title.endswith("（修改）")


def test_confirming_and_disputing_a_units_contact(world, city, assigned, client_for):
    from minyi.matters import services as engine

    suggestion = assigned()
    lead = suggestion.matter.assignments.get(role=Assignment.Role.LEAD)
    engine.sign(lead, actor=world.unit_staff)
    first, second = contact(world, city, lead), contact(world, city, lead)
    client = client_for(world.rep)
    assert client.get(LIST).context["tab"] == "action"
    client.post(detail(suggestion), {"action": "confirm_contact", "contact": first.pk, "contact-contact": first.pk})
    first.refresh_from_db()
    assert first.confirmation == Contact.Confirmation.CONFIRMED
    # Disputing needs a remark: kept on the page with the error, nothing recorded.
    response = client.post(detail(suggestion), {"action": "dispute_contact", "contact": second.pk, "contact-contact": second.pk,
                                                "contact-note": ""})
    assert response.status_code == 200 and "note" in response.context["forms"].contact.errors
    second.refresh_from_db()
    assert second.confirmation == Contact.Confirmation.PENDING
    client.post(detail(suggestion), {"action": "dispute_contact", "contact": second.pk, "contact-contact": second.pk,
                                     "contact-note": "当天并未见面，只通了短信。"})
    second.refresh_from_db()
    assert second.confirmation == Contact.Confirmation.DISPUTED and second.confirmation_note == "当天并未见面，只通了短信。"
    # The co-signer cannot answer for the lead's contact.
    wang = client_for(city.wang_user)
    assert wang.post(detail(suggestion), {"action": "confirm_contact", "contact": first.pk}).status_code == 404


def test_judging_the_reply_lead_settles_co_signer_beside(world, city, assigned, client_for):
    from minyi.matters import services as engine

    suggestion = assigned()
    lead = suggestion.matter.assignments.get(role=Assignment.Role.LEAD)
    engine.sign(lead, actor=world.unit_staff)
    contact(world, city, lead)
    services.reply(lead, actor=world.unit_staff, text="已纳入2027年老旧小区改造计划，分三年实施。", reply_class="A", letter=pdf_letter(),
                   signed_by="张局长")
    wang = client_for(city.wang_user)
    page = wang.get(detail(suggestion))
    body = page.content.decode()
    assert 'data-testid="reply-class"' in body and "已纳入2027年老旧小区改造计划" in body
    assert 'data-testid="letter"' in body and page.context["may_evaluate"]
    suggestion.matter.refresh_from_db()
    wang.post(detail(suggestion), {"action": "evaluate", "version": suggestion.matter.version, "rate-rating": "satisfied",
                                   "rate-comment": "答复具体"})
    suggestion.matter.refresh_from_db()
    assert suggestion.matter.status == "replied"  # beside, not settling
    page = wang.get(detail(suggestion))
    assert not page.context["may_evaluate"] and 'data-testid="judged"' in page.content.decode()

    rep = client_for(world.rep)
    # Unsatisfied without a reason: kept, with the error.
    response = rep.post(detail(suggestion), {"action": "evaluate", "version": suggestion.matter.version, "rate-rating": "unsatisfied"})
    assert response.status_code == 200 and "comment" in response.context["forms"].evaluate.errors
    # A stale page: the version moved on.
    response = rep.post(detail(suggestion), {"action": "evaluate", "version": suggestion.matter.version - 1,
                                             "rate-rating": "satisfied"}, follow=True)
    assert not Evaluation.objects.filter(matter=suggestion.matter, by=world.rep).exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])
    rep.post(detail(suggestion), {"action": "evaluate", "version": suggestion.matter.version, "rate-rating": "basically_satisfied",
                                  "rate-comment": "基本解决"})
    suggestion.matter.refresh_from_db()
    assert suggestion.matter.status == "closed"
    listing = rep.get(LIST + "?tab=lead")
    row = next(item for item in listing.context["items"] if item["suggestion"].pk == suggestion.pk)
    assert row["reply_class"] == "A" and row["mine"].rating == "basically_satisfied"
    row = next(item for item in client_for(city.wang_user).get(LIST + "?tab=cosigned").context["items"] if item["suggestion"].pk == suggestion.pk)
    assert row["mine"].rating == "satisfied" and row["lead"].rating == "basically_satisfied"


def test_another_representative_gets_404(world, city, raise_one, client_for):
    suggestion = raise_one()
    zhao = client_for(city.zhao_user)
    assert zhao.get(detail(suggestion)).status_code == 404
    assert zhao.post(detail(suggestion), {"action": "withdraw"}).status_code == 404
    assert suggestion.pk not in [item["suggestion"].pk for tab in ("action", "lead", "cosigned")
                                 for item in zhao.get(LIST + f"?tab={tab}").context["items"]]
    assert client_for(world.unit_staff).get(detail(suggestion)).status_code in (403, 404)


def test_a_double_post_with_the_same_token_makes_one_suggestion(world, city, client_for, fresh_tokens):
    client = client_for(world.rep)
    first = client.post(NEW, form_data(token="b" * 32))
    second = client.post(NEW, form_data(token="b" * 32))
    assert Suggestion.objects.count() == 1 and Matter.objects.filter(kind="suggestion").count() == 1
    assert first["Location"] == second["Location"] == detail(Suggestion.objects.get())
    client.post(NEW, form_data(token="c" * 32))
    assert Suggestion.objects.count() == 2  # a new form, a new suggestion


def test_adopting_citizens_opinions(world, city, client_for, fresh_tokens):
    from minyi.opinions import services as opinion_services

    matter, _created = opinion_services.submit(
        opinion_services.Submission(text="小区雨污合流，一下雨就污水横流，希望尽快改造。", region_code=world.city.code),
        representative=world.representative)
    client = client_for(world.rep)
    page = client.get(NEW + f"?adopt={matter.pk}")
    assert matter.title in page.content.decode()
    client.post(NEW, form_data(adopt=[str(matter.pk)]))
    suggestion = Suggestion.objects.get()
    matter.refresh_from_db()
    assert matter.converted_to_id == suggestion.pk


def test_the_tab_bar_counts_what_waits(world, city, raise_one, client_for):
    from minyi.accounts import access
    from minyi.suggestions.views.representative import waiting_badge

    raise_one(city.wang)
    assert waiting_badge(access.actor_for(city.wang_user)) == 1
    assert waiting_badge(access.actor_for(world.rep)) is None
    page = client_for(city.wang_user).get(LIST)
    assert "建议" in page.content.decode()
