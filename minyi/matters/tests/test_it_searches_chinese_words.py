import pytest

from minyi.matters import search
from minyi.matters.models import Matter

pytestmark = pytest.mark.django_db


def test_words_are_found_inside_chinese_text(make_matter):
    lamp = make_matter(title="路灯不亮", text="龙井社区门口路灯不亮已经一周了。")
    lift = make_matter(title="老旧小区加装电梯", text="希望政府支持老旧小区加装电梯。")
    everything = Matter.objects.all()
    assert list(search.matching(everything, "路灯")) == [lamp]
    assert list(search.matching(everything, "电梯")) == [lift]
    assert list(search.matching(everything, "路灯 电梯")) == []
    assert set(search.matching(everything, "  ")) == {lamp, lift}


def test_operators_in_a_query_are_only_words(make_matter):
    make_matter(title="噪音扰民", text="夜间施工噪音扰民。")
    assert list(search.matching(Matter.objects.all(), "噪音 & | ! ' ( ) :*")) != []
