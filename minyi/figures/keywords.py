"""The words of a matter's text that say most what it is about, for hot topics.

A matter's search column already holds its words cut by jieba; a word says more the rarer it is
in jieba's dictionary (its IDF). Common filler of citizens' letters (希望, 问题, 反映…) is left out."""

import functools

MAX_WORDS = 3

# Words every letter uses: they would top every hot-topic list and say nothing.
FILLER = frozenset(
    """希望 问题 反映 建议 情况 解决 群众 居民 村民 我们 大家 有关 相关 部门 政府 领导 尽快 及时 能够 可以 没有 进行 要求
    目前 现在 一直 已经 由于 因为 所以 但是 而且 以及 还是 如果 这个 那个 这些 一些 非常 特别 严重 影响 存在 出现 发生
    市民 百姓 老百姓 同志 代表 意见 诉求 请求 恳请 给予 帮助 处理 落实 加强 提高 关于 方面 工作 时间 地方 附近 周边 小区
    今年 去年 每天 经常 多次 一下 一个 几个 很多 不能 不是 无法 需要 应该 还有 这里 那里 什么 怎么 为什么 谢谢
    人大代表 人大 多月 整改 核实 答复 办理 回复 反馈 协调 安排 现场 单位 联系 已经 正在 来信 来电""".split()
)


@functools.lru_cache(maxsize=1)
def _idf():
    from jieba.analyse import default_tfidf

    idf = default_tfidf.idf_loader.get_idf()
    return idf[0], idf[1]


# The commonest surnames (百家姓 by frequency): a short word jieba found outside its dictionary
# that starts with one is most likely a person's name (楼下张建国家的狗 → 张建国).
SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤涂")


@functools.lru_cache(maxsize=1)
def _dictionary():
    """jieba's word frequencies and its part-of-speech tags (nr… for a person's name)."""
    from minyi.matters.search import _jieba

    tokenizer = _jieba().dt
    tokenizer.check_initialized()
    import jieba.posseg

    return tokenizer.FREQ, jieba.posseg.dt.word_tag_tab


def _looks_like_a_name(word):
    frequencies, tags = _dictionary()
    if tags.get(word, "").startswith("nr"):
        return True
    return len(word) in (2, 3) and word[0] in SURNAMES and not frequencies.get(word)


def _wanted(word, places):
    return len(word) >= 2 and not word.isascii() and word not in FILLER and word not in places and not any(ch.isdigit() for ch in word)


def place_words():
    """Every piece (2–4 characters) of the deployment's region names: 钟祥市, 口镇 or 罗店 say where,
    not what about, and would fill the hot topics with the busiest places. Read again whenever
    the regions change (their count or newest code), at the cost of one small query."""
    from minyi.figures.scopes import public_root
    from minyi.regions.models import Region

    root = public_root()
    if root is None:
        return frozenset()
    regions = Region.objects.filter(code__startswith=root.prefix)
    return _place_words(root.prefix, regions.count(), regions.order_by("-code").values_list("code", flat=True).first())


@functools.lru_cache(maxsize=4)
def _place_words(prefix, _count, _newest):
    from minyi.regions.models import Region

    pieces = set()
    for name in Region.objects.filter(code__startswith=prefix).values_list("name", flat=True).iterator(chunk_size=5000):
        for length in (2, 3, 4):
            pieces.update(name[i:i + length] for i in range(len(name) - length + 1))
    return frozenset(pieces)


def of(search_text, places=None):
    """Up to MAX_WORDS words of a space-joined word list, rarest first. The search column holds
    both a word and its pieces (停车场, 停车, 车场): only words that are no piece of another count."""
    if not search_text:
        return []
    frequencies, median = _idf()
    places = place_words() if places is None else places
    words = [w for w in dict.fromkeys(search_text.split()) if _wanted(w, places)]
    # Names go after the pieces: 张建国 takes its piece 建国 with it.
    whole = [w for w in words if not any(w != other and w in other for other in words) and not _looks_like_a_name(w)]
    return sorted(whole, key=lambda w: (-frequencies.get(w, median), w))[:MAX_WORDS]
