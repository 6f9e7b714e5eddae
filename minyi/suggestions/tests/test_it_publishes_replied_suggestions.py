"""The public pages: only replied suggestions with both consents appear (list, detail, letter), searchable
in Chinese and filtered; unpublished ones are 404; no citizen's personal data appears anywhere."""

import pytest
from django.urls import reverse

from minyi.matters.models import Channel
from minyi.suggestions import services
from minyi.suggestions.models import ReplyLetter

from .test_it_judges_replies_and_follows_up import replied

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen_opinion(world):
    from minyi.opinions import services as opinions
    from minyi.opinions.models import Category as OpinionCategory
    from minyi.opinions.services import Submission
    from minyi.testing import region

    OpinionCategory.objects.create(code="city", name="城市管理")
    township = region("420802001000", "龙泉街道", 4, world.dongbao)
    opinion, _created = opinions.submit(
        Submission(text="小区雨天污水倒灌进一楼，希望改造管网。", region_code=township.pk, category="city", citizen_name="张秀英",
                   phone="13912345678", address="龙泉街道象山社区5栋"),
        representative=world.representative, channel=Channel.REPRESENTATIVE_CODE)
    return opinion


@pytest.fixture
def published_set(world, city, assigned, citizen_opinion):
    """public: replied B, both consents, one adopted opinion; private: the representative refused publication;
    sealed: the unit's letter refuses publication; open: assigned, not replied yet."""
    public = assigned(adopted_matter_ids=[citizen_opinion.pk])
    replied(world, city, public, reply_class="B", text="已纳入2027年老旧小区改造计划，分三年实施雨污分流。")
    services.evaluate(public, actor=world.rep, rating="basically_satisfied")
    private = assigned(title="关于增设社区养老服务站点的建议", publish_consent=False)
    replied(world, city, private, reply_class="A")
    sealed = assigned(title="关于整治农贸市场周边交通秩序的建议")
    lead = replied(world, city, sealed, reply_class="C")
    ReplyLetter.objects.filter(reply__assignment=lead).update(publish_consent=False)
    still_open = assigned(title="关于加强校园周边食品安全监管的建议")
    return public, private, sealed, still_open


def test_only_published_suggestions_are_listed(client, world, city, published_set):
    public, private, sealed, still_open = published_set
    page = client.get(reverse("suggestions:public_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert public.matter.title in html and public.number_label in html
    for hidden in (private, sealed, still_open):
        assert hidden.matter.title not in html
    assert "李春梅" in html and "王建军" in html  # the representatives (public officials) are named
    assert world.city_unit.name in html and "城乡建设" in html


def test_detail_shows_reply_letter_and_judgement_but_unpublished_are_404(client, world, city, published_set):
    public, private, sealed, still_open = published_set
    page = client.get(reverse("suggestions:public_detail", args=[public.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "已纳入2027年老旧小区改造计划" in html and "B类" in html
    assert "基本满意" in html
    reply = public.matter.replies.get(kind="reply")
    letter_url = reverse("suggestions:public_letter", args=[public.pk, reply.pk])
    assert letter_url in html
    assert "/api/matters/attachments/" not in html and "/media/" not in html  # never the staff attachment URL
    letter = client.get(letter_url)
    assert letter.status_code == 200 and b"".join(letter.streaming_content).startswith(b"%PDF")
    for hidden in (private, sealed, still_open):
        assert client.get(reverse("suggestions:public_detail", args=[hidden.pk])).status_code == 404
    sealed_reply = sealed.matter.replies.get(kind="reply")
    assert client.get(reverse("suggestions:public_letter", args=[sealed.pk, sealed_reply.pk])).status_code == 404
    assert client.get(reverse("suggestions:public_letter", args=[public.pk, sealed_reply.pk])).status_code == 404


def test_no_personal_data_of_citizens_only_a_count(client, world, city, published_set, citizen_opinion):
    public = published_set[0]
    html = client.get(reverse("suggestions:public_detail", args=[public.pk])).content.decode()
    assert "taken up" in html or "吸纳" in html or "采纳" in html
    for personal in ("张秀英", "13912345678", "5678", "象山社区5栋", "小区雨天污水倒灌进一楼", citizen_opinion.tracking_code):
        assert personal not in html
    listing = client.get(reverse("suggestions:public_list")).content.decode()
    assert "张秀英" not in listing and "13912345678" not in listing
    assert "孙伟" not in html  # the unit's staff member who replied is not named


def test_search_in_chinese_and_filters(client, world, city, published_set):
    public = published_set[0]
    url = reverse("suggestions:public_list")
    assert public.matter.title in client.get(url, {"q": "雨污"}).content.decode()
    assert public.matter.title not in client.get(url, {"q": "养老"}).content.decode()
    assert public.matter.title in client.get(url, {"reply_class": "B", "area": "urban", "year": str(public.year),
                                                    "congress": world.city_congress.pk}).content.decode()
    assert public.matter.title not in client.get(url, {"reply_class": "A"}).content.decode()
    assert public.matter.title not in client.get(url, {"congress": world.dongbao_congress.pk}).content.decode()
    bad = client.get(url, {"year": "abc", "congress": "x", "page": "999"})
    assert bad.status_code == 200  # bad filters are shown as errors, never a 500
    kept = client.get(url, {"year": "abc", "reply_class": "A"}).content.decode()
    assert "has-error" in kept and public.matter.title not in kept  # the valid filter still applies


def test_front_page_links_to_the_public_list(client, world):
    assert reverse("suggestions:public_list") in client.get(reverse("public:home")).content.decode()



def test_phone_and_id_numbers_typed_into_a_published_suggestion_are_masked(client, world, city, assigned):
    suggestion = assigned(text="反映人王大妈（电话13812345678，身份证420802195001011234）家门口雨污合流，建议改造。")
    replied(world, city, suggestion, reply_class="A", text="已联系13812345678的反映人，管网已改造。")
    html = client.get(reverse("suggestions:public_detail", args=[suggestion.pk])).content.decode()
    assert "138****5678" in html and "雨污合流" in html
    assert "13812345678" not in html and "420802195001011234" not in html
