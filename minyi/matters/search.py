"""Chinese full-text search over matters.

Chinese has no spaces between words, so both the stored text and the query are cut into words
with jieba (with a small user dictionary of words citizens use: 路灯, 井盖, 加装电梯…). The stored
side uses jieba's search mode, which also keeps the shorter words inside long ones, so "电梯" finds
"加装电梯". PostgreSQL matches the words through a GIN index on a `simple` tsvector; SQLite (the
embedded mode, thousands of matters, not millions) checks that every word occurs."""

import functools
import re
from pathlib import Path

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, Value

USER_DICTIONARY = Path(__file__).parent / "data" / "userdict.txt"
_WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
MAX_QUERY_WORDS = 12


@functools.cache
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.load_userdict(str(USER_DICTIONARY))
    return jieba


def _keep(word):
    word = word.strip().lower()
    return word if word and _WORD.search(word) else ""


def words_of(*texts):
    """The words of `texts`, space-joined and de-duplicated, for the search column."""
    seen = dict.fromkeys(w for text in texts if text for w in map(_keep, _jieba().cut_for_search(text, HMM=False)) if w)
    return " ".join(seen)


def query_words(query):
    seen = dict.fromkeys(w for w in map(_keep, _jieba().cut((query or "")[:200], HMM=False)) if w)
    return list(seen)[:MAX_QUERY_WORDS]


def matching(queryset, query, *, field="search_text"):
    """`queryset` narrowed to matters containing every word of `query` (all of them when it has none)."""
    words = query_words(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        expression = _WordsMatch(F(field), Value(" & ".join(_quote(w) for w in words)))
        return queryset.alias(_words_match=expression).filter(_words_match=True)
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": word})
    return queryset.filter(condition)


class _WordsMatch(Func):
    """to_tsvector('simple', <column>) @@ to_tsquery('simple', <words>): the expression of the GIN index
    (migration 0003), with the column compiled by Django so that it holds inside subqueries too."""

    template = "to_tsvector('simple', %(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple', "
    output_field = BooleanField()


def _quote(word):
    # to_tsquery syntax: a quoted lexeme cannot inject operators.
    return "'" + word.replace("\\", "").replace("'", "") + "'"


def warm():
    """Load the dictionary now (web processes call this at start-up)."""
    _jieba().cut("预热", HMM=False)
