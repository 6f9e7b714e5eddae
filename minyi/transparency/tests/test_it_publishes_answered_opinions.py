"""The published opinions: only those whose citizens agreed and that were answered, each with its
answer and the public steps, with names, phones, ID numbers and addresses masked, and without signing in."""

import pytest

from minyi.opinions import publication

from .conftest import ADDRESS, ID_NUMBER, NAME, PHONE, assert_no_personal_data

pytestmark = pytest.mark.django_db


def test_the_scrubber_masks_numbers_names_and_the_address():
    opinion = type("Opinion", (), {"citizen_name": "王 芳", "address": ADDRESS})()
    private = publication.private_words(opinion, account_name="王芳芳")
    text = (f"王芳，王 芳和王芳芳：+86 138-1234-5678、{PHONE}、{ID_NUMBER}、42080219900101123X、420802900101123、"
            f"wang@example.com，住{ADDRESS}。热线12345，订单号20260301。")
    scrubbed = publication.scrub(text, private)
    for word in ("王芳", "王 芳", "1234-5678", PHONE, ID_NUMBER, "42080219900101123X", "420802900101123", "wang@example.com", ADDRESS):
        assert word not in scrubbed, word
    assert "王某" in scrubbed and "138****5678" in scrubbed and "热线12345" in scrubbed and "订单号20260301" in scrubbed
    # A short address ("东门") would mask ordinary words: it is left alone.
    assert publication.scrub("东门口", publication.private_words(type("O", (), {"citizen_name": "", "address": "东门"})())) == "东门口"


def test_the_list_holds_only_consented_and_answered_opinions(client, published):
    page = client.get("/open/opinions/")
    assert page.status_code == 200
    listed = {pk for pk in (published.bad.pk, published.anonymous.pk, published.private.pk, published.handling.pk)
              if f"/open/opinions/{pk}/" in page.content.decode()}
    assert listed == {published.bad.pk, published.anonymous.pk}
    assert_no_personal_data(page.content.decode())
    assert "路灯恢复照明" in page.content.decode() and "下水道" not in page.content.decode()

    # Filters: the category and the region narrow the list.
    traffic = client.get("/open/opinions/", {"category": "traffic"}).content.decode()
    assert f"/open/opinions/{published.anonymous.pk}/" in traffic and f"/open/opinions/{published.bad.pk}/" not in traffic
    township = client.get("/open/opinions/", {"region": published.township.pk}).content.decode()
    assert f"/open/opinions/{published.bad.pk}/" in township
    other = client.get("/open/opinions/", {"region": "420804000000"}).content.decode()
    assert f"/open/opinions/{published.bad.pk}/" not in other


def test_an_opinion_page_shows_the_answer_and_steps_without_personal_data(client, published):
    page = client.get(f"/open/opinions/{published.bad.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert_no_personal_data(body)
    assert "张某" in body and "路灯恢复照明" in body and "138****5678" in body
    assert "东宝区教育局" in body and page.context["row"].region_name == "龙泉街道"  # the township, not the village
    steps = [step["label"] for step in page.context["steps"]]
    assert steps == ["提出", "已受理", "已交办承办单位", "承办单位已签收", "已答复", "已评价：满意"]

    anonymous = client.get(f"/open/opinions/{published.anonymous.pk}/").content.decode()
    assert_no_personal_data(anonymous)
    assert "井盖缺失" in anonymous and "***" in anonymous

    assert client.get(f"/open/opinions/{published.private.pk}/").status_code == 404
    assert client.get(f"/open/opinions/{published.handling.pk}/").status_code == 404
    assert client.get("/open/opinions/999999/").status_code == 404


def test_open311_lists_the_same_opinions_scrubbed(client, published):
    listed = client.get("/open311/v2/requests.json").json()
    ids = {row["service_request_id"] for row in listed}
    assert published.bad.tracking_code in ids and published.private.tracking_code not in ids
    # Open311 lists consented opinions still being handled too (its own status filter), never their people.
    assert published.handling.tracking_code in ids
    assert_no_personal_data(client.get("/open311/v2/requests.json").content.decode())
    assert_no_personal_data(client.get(f"/open311/v2/requests/{published.bad.tracking_code}.json").content.decode())
    assert NAME not in client.get("/open311/v2/requests.xml").content.decode()


def test_bad_filters_get_a_message_not_an_error(client, published):
    for params in ({"region": "abc"}, {"region": "999999999999"}, {"region": "420802001001"}, {"category": "nothing"},
                   {"region": "4208" * 10}):
        page = client.get("/open/opinions/", params)
        assert page.status_code == 400, params
        assert page.context["message"], params
    assert client.get("/open/opinions/", {"page": "x"}).status_code == 200
    assert client.get("/open/opinions/", {"page": "999"}).status_code == 200
