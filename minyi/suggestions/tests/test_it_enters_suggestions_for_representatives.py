"""Staff enter a suggestion handed in on paper for a representative: the lead chosen among the
congress's current representatives, co-signers invited, a session or none, the area, documents;
bad input comes back as typed with the reasons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minyi.suggestions.models import Signer, Suggestion

from .conftest import pdf_letter

pytestmark = pytest.mark.django_db

TEXT = "我市部分老旧小区雨污合流，雨季污水外溢，建议市住建局会同水务局制定三年改造计划，优先安排资金。"


def test_staff_enter_a_joint_session_suggestion(client, world, city):
    client.force_login(world.city_staff)
    page = client.get(reverse("suggestions:desk_new")).content.decode()
    assert "李春梅" in page and "王建军" in page and f'value="{city.session.pk}"' in page
    response = client.post(reverse("suggestions:desk_new"), {
        "congress": world.city_congress.pk, "lead": world.representative.pk, "co_signers": [city.wang.pk], "session": city.session.pk,
        "category": "urban", "title": "关于加快老旧小区雨污分流改造的建议", "text": TEXT, "publish_consent": "on",
        "documents": [pdf_letter("代表建议纸质稿.pdf")],
    })
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert response["Location"] == reverse("suggestions:desk_detail", args=[suggestion.pk])
    assert suggestion.entered_by_staff and suggestion.session == city.session
    assert suggestion.matter.representative == world.representative and suggestion.matter.status == "collecting"
    assert Signer.objects.get(suggestion=suggestion, representative=city.wang).state == Signer.State.INVITED
    assert suggestion.matter.attachments.filter(kind="document").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "代表建议纸质稿.pdf" in page


def test_bad_input_is_kept_with_the_reasons(client, world, city):
    client.force_login(world.city_staff)
    response = client.post(reverse("suggestions:desk_new"), {
        "congress": world.city_congress.pk, "lead": world.representative.pk, "co_signers": [world.representative.pk],
        "category": "urban", "title": "关于加快老旧小区雨污分流改造的建议", "text": "太短了",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "关于加快老旧小区雨污分流改造的建议" in html and "太短了" in html
    assert not Suggestion.objects.exists()
    # A too short text is the service's reason (shown on the field), the lead chosen again.
    response = client.post(reverse("suggestions:desk_new"), {
        "congress": world.city_congress.pk, "lead": world.representative.pk, "category": "urban",
        "title": "关于加快老旧小区雨污分流改造的建议", "text": "太短了",
    })
    assert response.status_code == 400 and not Suggestion.objects.exists()
    assert 'class="mb-3 app-field app-field--textarea has-error"' in response.content.decode()


def test_a_file_that_is_not_a_document_is_refused(client, world, city):
    client.force_login(world.city_staff)
    response = client.post(reverse("suggestions:desk_new"), {
        "congress": world.city_congress.pk, "lead": world.representative.pk, "category": "urban",
        "title": "关于加快老旧小区雨污分流改造的建议", "text": TEXT,
        "documents": [SimpleUploadedFile("病毒.exe", b"MZ\x90\x00" * 10, content_type="application/octet-stream")],
    })
    assert response.status_code == 400 and not Suggestion.objects.exists()


def test_another_congress_cannot_enter_for_city_representatives(client, world, city):
    client.force_login(world.dongbao_staff)
    page = client.get(reverse("suggestions:desk_new")).content.decode()
    assert "王建军" not in page
    response = client.post(reverse("suggestions:desk_new"), {
        "congress": world.city_congress.pk, "lead": world.representative.pk, "category": "urban",
        "title": "关于加快老旧小区雨污分流改造的建议", "text": TEXT,
    })
    assert response.status_code == 400 and not Suggestion.objects.exists()
