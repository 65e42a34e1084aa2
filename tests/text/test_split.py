"""Articles, bylines and sentences: golden expectations on the seed page and rule tables."""

from pathlib import Path

import pytest

from kg.text import parse_byline, read_inputs, split_articles, split_sentences
from kg.text.split import PHOTO_TITLE, find_bylines, is_person_name
from kg.types import Document

SEED = Path(__file__).parents[2] / "seeds" / "000_56421505ce6c9c76.txt"

SEED_ARTICLES = [
    (
        "全力打造人工智能 全场景应用试验场 2025中日机器人产业合作对接会举行",
        [("记者", "胡佳英", 41, 44)],
    ),
    (
        "仲旭东在亲清沙龙·政企恳谈暨商协会会长和企业家座谈会上强调"
        " 坚定信心抢抓机遇 政企携手共进共赢",
        [("记者", "荣怡婷", 1168, 1171)],
    ),
    ("投产在即", [("摄影", "王强", 2305, 2307), ("摄影", "郑凯欣", 2308, 2311)]),
    (
        "用真心实干作答“民生考题” “民生大优享”突破行动、重点民生实事项目推进会召开",
        [("记者", "王茹彤", 2356, 2359)],
    ),
    (
        PHOTO_TITLE,
        [
            ("摄影", "王强", 3108, 3110),
            ("摄影", "沈思凡", 3111, 3114),
            ("摄影", "顾秋叶", 3115, 3118),
        ],
    ),
    (
        "一份代表建议催生一个职工驿站 平湖将“娘家人”关爱送到田间地头",
        [("记者", "徐玉霞", 3155, 3158)],
    ),
    (
        "“平湖造”机器人，阔步向前",
        [
            ("记者", "胡佳英", 4052, 4055),
            ("通讯员", "曹金凤", 4060, 4063),
            ("通讯员", "朱国平", 4064, 4067),
        ],
    ),
]


@pytest.fixture(scope="module")
def seed():
    [doc] = read_inputs([str(SEED)])
    return doc, split_articles(doc)


def test_seed_titles_and_bylines(seed):
    doc, articles = seed
    assert [(a.title, a.bylines) for a in articles] == SEED_ARTICLES
    assert [a.index for a in articles] == list(range(len(SEED_ARTICLES)))
    for article in articles:
        for _role, name, start, end in article.bylines:
            assert doc.text[start:end] == name


def test_seed_article_spans(seed):
    doc, articles = seed
    assert articles[0].start == 0
    assert articles[-1].end == len(doc.text)
    for before, after in zip(articles, articles[1:], strict=False):
        assert before.end < after.start
        assert doc.text[before.end : after.start] == "\n"
    assert doc.text[articles[2].start : articles[2].end].startswith("投产在即\n近日")
    assert doc.text[articles[4].start : articles[4].end] == (
        "近日，在新埭镇的水月湾农场，黄桃喜获丰收，迎来最佳采摘季，一个个圆润饱满、色泽金黄的黄桃"
        "挂满枝头，果香四溢。\n■摄影 王强 沈思凡 顾秋叶"
    )


def test_seed_sentences(seed):
    doc, articles = seed
    for article in articles:
        assert article.sentences
        for sentence in article.sentences:
            assert doc.text[sentence.start : sentence.end] == sentence.text
            assert sentence.doc_id == doc.id
            assert sentence.article == article.index
            assert article.start <= sentence.start < sentence.end <= article.end
            # bylines, datelines and headlines are not body sentences
            assert "■" not in sentence.text
            assert not sentence.text.startswith("本报讯")
            assert sentence.text != article.title
    first = [s.text for s in articles[0].sentences[:3]]
    assert first == [
        "昨天，以“智汇机器人 共创中日合作美好未来”为主题的2025中日机器人产业合作对接会暨平湖"
        "人工智能产业发展对接会举行。",
        "商务部投资促进事务局局长刘民强、日本驻上海总领事馆经济领事梶原敬、省商务厅副厅长胡真筋、"
        "中国机械工业联合会秘书长宋晓刚等嘉宾、企业家、投资商应邀出席，我市领导周军波、何健、"
        "陈之超、金一出席活动。",
        "刘民强致辞。",
    ]
    texts = [s.text for a in articles for s in a.sentences]
    assert "“终于能喘口气了。”" in texts
    assert (
        "“市镇两级工会的工作人员多次与我交流，充分考量农业产业分布、人口密度及交通状况，"
        "积极推进农业产业职工流动服务站选址工作。”张丽燕说。"
    ) in texts
    assert any("到平湖创业、创新、创造" in t for t in texts)
    assert any("人大代表、人民群众" in t for t in texts)
    assert texts[-1] == "链式发展，不仅是向高而攀的发展方式，也是向高而攀的发展方式，"
    assert [len(a.sentences) for a in articles] == [20, 18, 3, 13, 1, 19, 22]


def test_section_marker_stays_inside_the_feature(seed):
    _, articles = seed
    feature = [s.text for s in articles[-1].sentences]
    assert "叠加赋能破局。" in feature
    assert "二" not in feature


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("刘民强致辞。他说，两国是大国。", ["刘民强致辞。", "他说，两国是大国。"]),
        ("真的吗？是的！好。", ["真的吗？", "是的！", "好。"]),
        ("第一段没有句号\n第二段。", ["第一段没有句号", "第二段。"]),
        # closing quotes stay with the sentence they close
        (
            "“终于能喘口气了。”她一边说着，一边放松。",
            ["“终于能喘口气了。”", "她一边说着，一边放松。"],
        ),
        ("他说：“我们要做好A。做好B。”大家鼓掌。", ["他说：“我们要做好A。做好B。”", "大家鼓掌。"]),
        ("（本报讯。）下文。", ["（本报讯。）", "下文。"]),
        # a short attribution after a quote stays with it
        (
            "“选址已经完成。”张丽燕说。他们走遍多个村。",
            ["“选址已经完成。”张丽燕说。", "他们走遍多个村。"],
        ),
        # book titles and short quotes are never split inside
        ("学习了《什么？为什么！》。然后散会。", ["学习了《什么？为什么！》。", "然后散会。"]),
        # semicolons and ellipses do not end sentences by default
        ("功不可没；民营经济是名片。", ["功不可没；民营经济是名片。"]),
        ("总投资约30亿元……昨天举行。", ["总投资约30亿元……昨天举行。"]),
        # runs of terminators stay together; whitespace is trimmed; empty pieces are skipped
        ("什么？！  好。", ["什么？！", "好。"]),
        ("。。\n\n  \n”", []),
        ("", []),
        # a long quote is split inside
        (
            "“" + "很长的一句话。" * 15 + "”",
            ["“很长的一句话。"] + ["很长的一句话。"] * 13 + ["很长的一句话。”"],
        ),
    ],
)
def test_split_sentences(text, expected):
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == expected


def test_split_sentences_offset_and_semicolons():
    text = "功不可没；民营经济是名片。"
    assert split_sentences(text, 100) == [(100, 113)]
    assert split_sentences(text, 100, semicolons=True) == [(100, 105), (105, 113)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("■记者 胡佳英", [("记者", "胡佳英", 4, 7)]),
        ("■记者胡佳英", [("记者", "胡佳英", 3, 6)]),
        ("通讯员 曹金凤 朱国平", [("通讯员", "曹金凤", 4, 7), ("通讯员", "朱国平", 8, 11)]),
        (
            "■摄影 王强 沈思凡 顾秋叶",
            [("摄影", "王强", 4, 6), ("摄影", "沈思凡", 7, 10), ("摄影", "顾秋叶", 11, 14)],
        ),
        ("本报记者 张三 见习记者 李四", [("记者", "张三", 5, 7), ("见习记者", "李四", 13, 15)]),
        ("■记者 胡佳英 通讯员 曹金凤", [("记者", "胡佳英", 4, 7), ("通讯员", "曹金凤", 12, 15)]),
        ("王强 摄", [("摄影", "王强", 0, 2)]),
        # a trailing role without names is ignored ("记者 X 摄": the reporter took the photo)
        ("记者 胡佳英 摄影", [("记者", "胡佳英", 3, 6)]),
        ("记者 买买提·艾力", [("记者", "买买提·艾力", 3, 9)]),
        # web news: a colon after the marker, a qualifier before it, a spaced-out name
        ("作者：陈伟飞", [("作者", "陈伟飞", 3, 6)]),
        ("记者：章咪佳", [("记者", "章咪佳", 3, 6)]),
        ("证券时报记者 张若斌", [("记者", "张若斌", 7, 10)]),
        ("华盛顿特派记者 沈洋", [("记者", "沈洋", 8, 10)]),
        ("证券时报记者 徐 飞", [("记者", "徐飞", 7, 10)]),
        (
            "记者 常燕 实习生 任茜茜 魏梅竹",
            [("记者", "常燕", 3, 5), ("实习生", "任茜茜", 10, 13), ("实习生", "魏梅竹", 14, 17)],
        ),
        # slash units: the role after the name, or before it; a site before the name
        ("刘敏/文", [("作者", "刘敏", 0, 2)]),
        ("樊绕/视频", [("视频", "樊绕", 0, 2)]),
        ("文/马焱", [("作者", "马焱", 2, 4)]),
        ("本报摄影记者/吴军", [("摄影", "吴军", 7, 9)]),
        ("全景网/雷鸣", [("记者", "雷鸣", 4, 6)]),
        (
            "覃覃/文赵欣/图 辛军/视频",
            [("作者", "覃覃", 0, 2), ("摄影", "赵欣", 4, 6), ("视频", "辛军", 9, 11)],
        ),
        # a pen name is no person, the byline's other names are
        ("yehui/文 樊绕/视频", [("视频", "樊绕", 8, 10)]),
        # not bylines
        ("投产在即", None),
        ("■记者", None),
        ("记者节 活动丰富多彩的一天", None),
        ("王强 郑凯欣", None),
        ("jzb/文", None),
        ("■记者 雯子", None),  # no surname: a pen name
        ("记者 新疆和广东", None),
        ("中文/韩文", None),
        ("TCP/IP", None),
        ("这样持卡人便可以足不出户轻松还款。商报记者孟凡霞王丹/文陈伟/摄", None),
    ],
)
def test_parse_byline(line, expected):
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after a role marker, with a qualifier, a dateline or body text around it
        ("我们还是要内外兼顾。（华盛顿特派记者 林海 前方报道）", [("记者", "林海", 19, 21)]),
        ("新浪体育讯北京时间4月10日，奇才迎战老鹰。记者 林海 报道", [("记者", "林海", 25, 27)]),
        (
            "产业基金证券时报记者 周若斌本报讯 随着商业银行进入直投领域",
            [("记者", "周若斌", 11, 14)],
        ),
        (
            "座谈会举行中广网北京7月1日消息（记者方莹） 在建党88周年之际",
            [("记者", "方莹", 19, 21)],
        ),
        ("峰会发布倡议国际在线消息(记者常昕)：峰会4日在北京落幕。", [("记者", "常昕", 15, 17)]),
        ("要有的放矢地进行申请准备。”（记者：章咪佳）", [("记者", "章咪佳", 18, 21)]),
        (
            "业主将就托管物业表决□记者 冯兰蔺晚报讯 昨天，开发商发出意见函。",
            [("记者", "冯兰蔺", 14, 17)],
        ),
        (
            "寒冬中逆势扩张本报讯(记者 常燕 实习生 任茜茜 魏梅竹)在大环境不景气的情况下",
            [("记者", "常燕", 14, 16), ("实习生", "任茜茜", 21, 24), ("实习生", "魏梅竹", 25, 28)],
        ),
        (
            "新华网北京7月3日电（记者李亚杰、李菲）自强不息谱写时代赞歌。",
            [("记者", "李亚杰", 13, 16), ("记者", "李菲", 17, 19)],
        ),
        ("追求收益⊙本报记者 徐婧婧 昨日，证监会签署备忘录。", [("记者", "徐婧婧", 10, 13)]),
        (
            "全面上线□本报记者 易非 深圳报道长盛基金自2月20日起增加代销机构。",
            [("记者", "易非", 10, 12)],
        ),
        ("实现低碳经济目标。记者 肖明", [("记者", "肖明", 12, 14)]),
        ("完善基金法证券时报记者 徐 飞本报讯全国人大代表表示", [("记者", "徐飞", 12, 15)]),
        ("（本报记者李舸摄）主席和总理出席。", [("记者", "李舸", 5, 7)]),
        # a name run into the body: a surname and two characters ...
        ("基金去年获净利⊙本报记者 谢卫国国元证券今日披露年报。", [("记者", "谢卫国", 13, 16)]),
        (
            "套装仅售1389元作者：邓伟飞技术和时尚的无缝结合是它的理念。",
            [("作者", "邓伟飞", 12, 15)],
        ),
        # ... or two, when the two after them are named again (银华)
        (
            "主题基金发行⊙本报记者 潘琦银华基金今日发布公告，银华和谐主题基金将发行。",
            [("记者", "潘琦", 12, 14)],
        ),
        # slash units
        ("愿他在天堂安息！（刘敏/文）声明：独家稿件。", [("作者", "刘敏", 9, 11)]),
        ("只是不会沟通”。（前方报道组yehui/文 樊绕/视频）", [("视频", "樊绕", 22, 24)]),
        ("可以给我们来信。”文/马焱 摄/滚叔", [("作者", "马焱", 11, 13)]),
        ("两市基金全线下挫。（全景网/罗鸣）", [("记者", "罗鸣", 14, 16)]),
        ("贷款风险张媛媛/文地王频出、囤地不止", [("作者", "张媛媛", 4, 7)]),
        (
            "的好几倍。”覃覃/文赵欣/图 辛军/视频",
            [("作者", "覃覃", 6, 8), ("摄影", "赵欣", 10, 12), ("视频", "辛军", 15, 17)],
        ),
        (
            "新快报记者 刘嫣 贺雅佳/文 龚吉林/图由最会挑美女的导演执导。",
            [("记者", "刘嫣", 6, 8), ("记者", "贺雅佳", 9, 12), ("摄影", "龚吉林", 15, 18)],
        ),
        # not bylines: questions of an interview, prose about reporters and authors
        ("记者：新疆和广东杀进最后的决赛你有没有关注？易建联：有关注。", []),
        ("旺季赴德早准备记者：由于现在是旺季，要注意什么？答：提前申请。记者：还有呢？", []),
        ("他告诉记者，价格下跌了。", []),
        ("记者从相关渠道获悉，机制将出台。", []),
        ("原版动画作者李阳担任影片的动画导演。", []),
        ("看到建议能为农业工作者带去一丝清凉。", []),
        ("表彰优秀工作者王某、李某。", []),
        ("召开记者会 宣布消息", []),
        ("——美联社记者 蒂姆-雷诺兹从比赛一开始就看好热火", []),
        # ... pen names and garbled names, labels, qualifiers, words with slashes
        ("给予观众全新的思考。”jzb/文", []),
        ("（中国龙珠论坛供稿 心之洛/文）", []),
        ("（记者：张？）", []),
        ("女儿（组图）视频：成奎安新浪专访 否认传闻", []),
        ("□本版撰文 信息时报记者 周昭第15届电影节昨日开幕", []),
        ("记者高嵩报道 北京时间4月17日", []),
        ("支持中文/韩文 两种界面", []),
        ("按下开始/停止按钮", []),
        ("送SD卡/相机包", []),
    ],
)
def test_find_bylines(text, expected):
    assert find_bylines(text) == expected
    for _role, name, start, end in find_bylines(text, 100):
        assert text[start - 100 : end - 100].replace(" ", "") == name


@pytest.mark.parametrize(
    ("name", "is_person"),
    [
        ("胡佳英", True),
        ("沈洋", True),
        ("欧阳小明", True),
        ("买买提·艾力", True),
        ("jzb", False),
        ("心之洛", False),  # no surname
        ("王", False),
        ("王小明明啊", False),
    ],
)
def test_is_person_name(name, is_person):
    assert is_person_name(name) is is_person


def _articles(text: str, title: str = "") -> list:
    return split_articles(Document(id="d", text=text, title=title))


def test_plain_document_is_one_article():
    [article] = _articles("刘民强致辞。他说，两国是大国。\n他们将持续打造品牌活动。", title="致辞")
    assert (article.title, article.start, article.end) == ("致辞", 0, 28)
    assert [s.text for s in article.sentences] == [
        "刘民强致辞。",
        "他说，两国是大国。",
        "他们将持续打造品牌活动。",
    ]


def test_plain_document_title_falls_back_to_short_first_line():
    [article] = _articles("平湖召开推进会。\n会议强调要抓好落实。")
    assert article.title == "平湖召开推进会。"
    [article] = _articles("平湖" * 20 + "。\n会议强调。")
    assert article.title == ""


def test_single_headline_then_body():
    [article] = _articles("平湖召开推进会\n会议强调要抓好落实。")
    assert article.title == "平湖召开推进会"
    assert [s.text for s in article.sentences] == ["会议强调要抓好落实。"]


def test_subheadings_stay_inside_the_article():
    text = "标题\n■记者 张三\n本报讯 开头。\n叠加赋能破局\n正文。\n二、产业链式布局\n正文二。"
    [article] = _articles(text)
    assert article.title == "标题"
    assert [s.text for s in article.sentences] == [
        "开头。",
        "叠加赋能破局",
        "正文。",
        "二、产业链式布局",
        "正文二。",
    ]


def test_dateline_bylines_in_brackets():
    text = "标题\n本报讯（记者 张三 通讯员 李四）昨天开会。"
    [article] = _articles(text)
    assert article.bylines == [("记者", "张三", 10, 12), ("通讯员", "李四", 17, 19)]
    assert [s.text for s in article.sentences] == ["昨天开会。"]


def test_bylines_inside_running_text():
    # web news: headline, byline and body in one paragraph; the byline stays in the body
    text = "银行系产业基金证券时报记者 张若斌本报讯 随着商业银行进入直投领域。（刘敏/文）"
    [article] = _articles(text)
    assert article.bylines == [("记者", "张若斌", 14, 17), ("作者", "刘敏", 35, 37)]
    assert [s.text for s in article.sentences] == [text[:34], "（刘敏/文）"]


def test_dateline_bylines_are_read_once():
    text = "标题\n本报讯（记者 张三 实习生 李四 王五）昨天开会。记者 赵六"
    [article] = _articles(text)
    assert article.bylines == [
        ("记者", "张三", 10, 12),
        ("实习生", "李四", 17, 19),
        ("实习生", "王五", 20, 22),
        ("记者", "赵六", 31, 33),
    ]


def test_headline_blocks_start_articles():
    text = (
        "标题一\n■记者 张三\n本报讯 第一篇。\n肩题\n主标题\n第二篇正文。\n标题三\n本报讯 第三篇。"
    )
    articles = _articles(text)
    assert [a.title for a in articles] == ["标题一", "肩题 主标题", "标题三"]
    assert [[s.text for s in a.sentences] for a in articles] == [
        ["第一篇。"],
        ["第二篇正文。"],
        ["第三篇。"],
    ]


def test_photo_byline_after_long_caption_credits_the_article():
    caption = "近日，" + "黄桃喜获丰收，" * 30 + "果香四溢。"
    text = f"标题\n■记者 张三\n本报讯 开头。\n{caption}\n■摄影 王强"
    [article] = _articles(text)
    assert article.bylines == [("记者", "张三", 7, 9), ("摄影", "王强", len(text) - 2, len(text))]


def test_body_after_a_photo_starts_a_new_article():
    articles = _articles("投产在即\n近日，进场调试。\n■摄影 王强\n后面的正文。")
    assert [a.title for a in articles] == ["投产在即", ""]
    assert [s.text for s in articles[1].sentences] == ["后面的正文。"]


def test_empty_document():
    assert _articles("") == []
