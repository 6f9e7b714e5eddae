"""Hot-topic words say what a matter is about: never who raised it or where."""

import pytest

from minyi.figures import keywords
from minyi.matters.search import words_of


@pytest.mark.parametrize(
    "text, wanted, unwanted",
    [
        ("楼下张建国家的狗天天叫，王芳也反映过，扰民严重", {"扰民"}, {"张建国", "建国", "王芳"}),
        ("刘德华小区停车场收费不合理", {"停车场"}, {"刘德华", "德华", "车场"}),
        ("老旧小区加装电梯，希望尽快解决问题", {"加装电梯", "老旧小区"}, {"希望", "问题", "电梯"}),
        ("子陵村路灯不亮，电话13812345678", {"路灯"}, {"子陵村", "子陵"}),
    ],
)
def test_words_leave_out_names_places_pieces_and_filler(text, wanted, unwanted):
    found = set(keywords.of(words_of(text), places=frozenset({"子陵", "子陵村"})))
    assert wanted <= found and not (found & unwanted), found
    assert len(found) <= keywords.MAX_WORDS
