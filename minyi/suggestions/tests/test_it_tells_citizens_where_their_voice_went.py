"""A citizen whose opinion a representative took up into a suggestion sees, with their tracking code,
which suggestion it became and how far it has got."""

import pytest
from django.urls import reverse

from minyi.matters.models import Channel
from minyi.opinions import services as opinions
from minyi.opinions.models import Category as OpinionCategory
from minyi.opinions.services import Submission
from minyi.suggestions import services
from minyi.testing import region

pytestmark = pytest.mark.django_db


def test_the_tracking_page_shows_the_suggestion(client, world, city, draft):
    OpinionCategory.objects.create(code="city", name="城市管理")
    township = region("420802001000", "龙泉街道", 4, world.dongbao)
    opinion, _created = opinions.submit(
        Submission(text="小区雨天污水倒灌进一楼，希望改造管网。", region_code=township.pk, category="city", phone="13912345678"),
        representative=world.representative, channel=Channel.REPRESENTATIVE_CODE)
    suggestion = services.raise_suggestion(draft(adopted_matter_ids=[opinion.pk]), actor=world.rep, lead=world.representative,
                                           congress=world.city_congress)
    services.register(suggestion, actor=world.city_staff)
    client.post(reverse("opinions:track"), {"code": opinion.tracking_code, "phone_last4": "5678"})
    page = client.get(reverse("opinions:detail", args=[opinion.tracking_code]))
    content = page.content.decode()
    assert 'data-testid="taken-up"' in content
    assert "第0001号" in content and "关于加快老旧小区雨污分流改造的建议" in content and "李春梅" in content
    assert page.context["status_label"] == opinion.policy.states["converted"].label
