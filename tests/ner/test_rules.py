"""The rule NER (kg.ner.rules) on hand-written sentences: one row per behaviour, no model."""

from __future__ import annotations

import pytest

from kg.ner import resolve_overlaps
from kg.ner.rules import find_rule_mentions


def _found(text: str, blocked=()) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in resolve_overlaps(find_rule_mentions(text, list(blocked)))}


FOUND = [
    # id, text, (surface, label) that must be found
    (
        "org-by-ending",
        "嘉兴佳莓农业科技有限公司董事长尹淑萍说。",
        ("嘉兴佳莓农业科技有限公司", "ORG"),
    ),
    ("title", "嘉兴佳莓农业科技有限公司董事长尹淑萍说。", ("董事长", "TITLE")),
    ("person-after-title", "嘉兴佳莓农业科技有限公司董事长尹淑萍说。", ("尹淑萍", "PERSON")),
    ("person-after-title-is", "该公司成立于2017年，创始人是超逸，位于杭州。", ("超逸", "PERSON")),
    ("person-after-title-still-is", "公司董事长依然是宗庆后，股东是娃哈哈。", ("宗庆后", "PERSON")),
    ("person-after-title-wei", "该公司法定代表人为王宁，注册资本100万元。", ("王宁", "PERSON")),
    ("title-party-committee-member", "现任海口市第一职业中学党委委员校长。", ("党委委员", "TITLE")),
    ("title-managing-director", "国枫移民董事总经理林少恒说。", ("董事总经理", "TITLE")),
    ("person-after-title-and-space", "暨南大学校长 宋献中讲话。", ("宋献中", "PERSON")),
    ("department-title", "市委常委、宣传部部长沈志凤出席。", ("宣传部部长", "TITLE")),
    ("org-after-verb", "学生申请美国明尼苏达大学。", ("美国明尼苏达大学", "ORG")),
    ("org-of-embassy", "日本驻上海总领事馆经济领事梶原敬。", ("日本驻上海总领事馆", "ORG")),
    ("title-with-its-function", "K2海棠湾销售总监杨君说。", ("销售总监", "TITLE")),
    ("org-before-function-title", "K2海棠湾销售总监杨君说。", ("K2海棠湾", "ORG")),
    ("team-short-name", "马刺主场迎战灰熊。", ("马刺", "ORG")),
    ("team-with-its-city", "华盛顿奇才主教练桑德斯说。", ("华盛顿奇才", "ORG")),
    ("team-with-dui", "火箭队赢了。", ("火箭队", "ORG")),
    ("team-common-word-on-sports-page", "湖人、马刺和火箭都赢了。", ("火箭", "ORG")),
    ("org-before-chairman", "自谢毅担任通威太阳能董事长以来。", ("通威太阳能", "ORG")),
    ("org-before-chairman-after-comma", "当家人、济川药业董事长曹龙祥说。", ("济川药业", "ORG")),
    ("org-de-title", "坐在旁边的是新浪乐居的总经理罗军。", ("新浪乐居", "ORG")),
    ("org-former-title", "上海华普原董事长徐刚将兼任副董事长。", ("上海华普", "ORG")),
    ("name-not-taking-jiang", "上海华普原董事长徐刚将兼任副董事长。", ("徐刚", "PERSON")),
    ("date-ends-org", "2019年1月月星集团董事长丁佐宏表示。", ("月星集团", "ORG")),
    ("person-ends-org", "前任董事长温鹏程之妻伍翠珍减持公司股票。", ("温鹏程", "PERSON")),
    ("appointment-verb-ends-org", "丁佐宏先生荣任香港中国商会副会长。", ("香港中国商会", "ORG")),
    (
        "keep-jianshe-jituan",
        "就是山河建设集团有限公司董事长程理财。",
        ("山河建设集团有限公司", "ORG"),
    ),
    ("keep-shoudu", "首都师范大学党委书记郑萼校长孟繁华出席。", ("首都师范大学", "ORG")),
    # news outlets (media.json) where they stand as words
    ("media-dateline", "台湾昨日连续发生3次地震台海网7月20日讯 台湾", ("台海网", "ORG")),
    ("portal-channel", "新浪体育讯 北京时间4月12日", ("新浪体育", "ORG")),
    ("paper-byline", "证券时报记者 张若斌", ("证券时报", "ORG")),
    # a name starts after the last function word, and without a leading verb (jieba's tags)
    ("after-particle", "这更标志着方太集团走向全国。", ("方太集团", "ORG")),
    ("after-adverb", "届时上海证券交易所将发布公告。", ("上海证券交易所", "ORG")),
    ("after-verb", "他像爱荷华州立大学的学生。", ("爱荷华州立大学", "ORG")),
    ("event-after-verb", "他称北京奥运会办得很好。", ("北京奥运会", "EVENT")),
    ("event-after-verbs", "该片曾获柏林电影节大奖。", ("柏林电影节", "EVENT")),
    ("event-after-pronoun", "本届威尼斯电影节开幕。", ("威尼斯电影节", "EVENT")),
    ("event-with-and", "商协会会长和企业家座谈会召开。", ("商协会会长和企业家座谈会", "EVENT")),
    ("event-described", "市委书记主持召开民营企业座谈会。", ("民营企业座谈会", "EVENT")),
    ("name-before-next-title", "首都师范大学党委书记郑萼校长孟繁华出席。", ("郑萼", "PERSON")),
    ("foreign-name", "英特尔公司创始人安迪·格鲁夫说。", ("安迪·格鲁夫", "PERSON")),
    ("foreign-name-ends", "西开普大学执行校长迈克·麦吉达先后致辞。", ("迈克·麦吉达", "PERSON")),
    ("commission", "市商务委副主任张新生表示。", ("市商务委", "ORG")),
    ("company-gufen", "宝德股份购买庆汇租赁股权。", ("宝德股份", "ORG")),
    ("festival", "狮山镇第十三届孝德文化节开幕。", ("狮山镇第十三届孝德文化节", "EVENT")),
    ("event-with-year", "我市召开2025年重点项目推进会。", ("2025年重点项目推进会", "EVENT")),
    ("numbered-school", "潢川二中现任校长李耀洲同志说。", ("潢川二中", "ORG")),
    (
        "comrade-appointed",
        "刘宝山同志任岳阳市水利建设投资有限公司董事长。",
        ("岳阳市水利建设投资有限公司", "ORG"),
    ),
    ("federation", "江苏省文联党组书记王慧芬出席。", ("江苏省文联", "ORG")),
    ("leader-list", "市领导沈志林、金一出席。", ("金一", "PERSON")),
    ("work", "他写了《平湖志》一书。", ("《平湖志》", "WORK")),
    ("market-name-stock-code", "吉祥航空（603885）11月8日晚公告。", ("吉祥航空", "ORG")),
    ("market-name-announces", "2月14日，绿地宣布其以121亿元的价格收购股权。", ("绿地", "ORG")),
    ("market-name-plans", "2019年9月，多氟多拟7700万元收购洛阳蓝宝。", ("多氟多", "ORG")),
    ("market-name-notice", "近日，长盛基金公告称，自2月20日起暂停申购。", ("长盛基金", "ORG")),
    (
        "market-name-drops-adverb",
        "经过竞价，远洋地产最终以48.3亿元拿下该地块。",
        ("远洋地产", "ORG"),
    ),
    ("founded-short-name", "1999年，牛根生创建蒙牛。", ("蒙牛", "ORG")),
    ("brand-with-de", "美的集团的创始人叫做何享健。", ("美的集团", "ORG")),
    ("board-chair-title", "揭阳华侨中学董事会董事长郑建明出席。", ("董事长", "TITLE")),
    ("party-branch-secretary", "现任大寨小学党支部书记、校长。", ("党支部书记", "TITLE")),
    # leagues (teams.json) and the portals' own names (media.json) where they stand as words
    ("league", "记者：NBA赛季结束正好赶上CBA的总决赛。", ("NBA", "ORG")),
    ("league-with-its-kind", "对于NBA联盟下赛季能否正常运营。", ("NBA联盟", "ORG")),
    ("league-chinese", "这周末中超有比赛。", ("中超", "ORG")),
    ("portal-site", "刘敏/文 新浪网独家稿件", ("新浪网", "ORG")),
    # events: an ending that names one event alone; a conjunction of two characters or an
    # event joined by 和 ends the name on its left
    ("event-alone", "这套阵容并非亚锦赛的最后名单。", ("亚锦赛", "EVENT")),
    ("event-after-other-event", "落实华盛顿峰会和伦敦峰会成果。", ("伦敦峰会", "EVENT")),
    ("event-before-other-event", "落实华盛顿峰会和伦敦峰会成果。", ("华盛顿峰会", "EVENT")),
    ("event-after-award-and", "接连入围亚洲电影大奖和金像奖。", ("金像奖", "EVENT")),
    # 子公司 is no part of a name
    ("org-after-subsidiary", "被央企华润旗下子公司金絮丰公司竞得。", ("金絮丰公司", "ORG")),
    # a stop character inside a place name of the dictionary is the name's (都 of 成都)
    ("org-city-with-stop-char", "刘源、成都军区政治委员张海阳。", ("成都军区", "ORG")),
    (
        "event-of-representatives",
        "全国优秀共产党员代表座谈会今天召开。",
        ("全国优秀共产党员代表座谈会", "EVENT"),
    ),
]

NOT_FOUND = [
    ("media-inside-a-word", "中华网友纷纷留言。", ("中华网", "ORG")),
    ("no-bare-portal-before-a-product", "新浪大片在线观看", ("新浪", "ORG")),
    ("no-event-across-conjunction", "这套阵容并非亚锦赛的最后名单。", ("阵容并非亚锦赛", "EVENT")),
    ("no-event-across-and", "落实华盛顿峰会和伦敦峰会成果。", ("华盛顿峰会和伦敦峰会", "EVENT")),
    ("no-org-subsidiary-of", "华润子公司南京拿地。", ("华润子公司", "ORG")),
    ("no-org-across-subsidiary", "华润旗下子公司金絮丰公司。", ("子公司金絮丰公司", "ORG")),
    # kinds of things are no names: a name part of common words only
    ("generic-bank", "随着商业银行进入直投领域。", ("商业银行", "ORG")),
    ("generic-glued-verb", "拷问银行系产业基金。", ("拷问银行", "ORG")),
    ("generic-big-banks", "这需要大型国有银行参与。", ("大型国有银行", "ORG")),
    ("generic-universities", "很多公立大学都接受。", ("公立大学", "ORG")),
    ("generic-event-word", "他出席了新闻发布会。", ("新闻发布会", "EVENT")),
    ("generic-annual-meeting", "公司召开2010年会。", ("2010年会", "EVENT")),
    ("verb-is-no-event", "他正在准备演唱会。", ("准备演唱会", "EVENT")),
    ("no-event-ending-inside-a-word", "美国国会议员昨天表态。", ("美国国会议", "EVENT")),
    ("no-event-great-hall", "在北京人民大会堂举行。", ("北京人民大会", "EVENT")),
    ("no-org-verb-before-name", "学生申请美国明尼苏达大学。", ("学生申请美国明尼苏达大学", "ORG")),
    (
        "no-org-ending-inside-a-word",
        "分户式供暖产品仍局限在黄河以北。",
        ("分户式供暖产品仍局", "ORG"),
    ),
    ("no-org-university-student", "武汉一大学生独自游美国。", ("武汉一大学", "ORG")),
    ("no-team-rocket-launch", "火箭发射成功，卫星入轨。", ("火箭", "ORG")),
    ("no-team-sun-on-a-page-of-one-team", "太阳升起时马刺到了。", ("太阳", "ORG")),
    # id, text, (surface, label) that must not be found
    ("no-org-former", "前任董事长温鹏程说。", ("前任", "ORG")),
    ("no-org-company-word", "公司董事长孟中泽说。", ("公司", "ORG")),
    ("no-org-person-before-title", "在以李国清校长为首的班子带领下。", ("李国清", "ORG")),
    ("no-org-ordinal", "红卫中学的第二任校长李长福老师。", ("第二任", "ORG")),
    ("no-org-person-ren", "高玉峰任校长，胡振林任副校长。", ("高玉峰任", "ORG")),
    ("no-org-issue-shares", "公司拟通过发行股份的方式购买股权。", ("发行股份", "ORG")),
    (
        "no-org-across-person",
        "前任董事长温鹏程之妻伍翠珍分别减持公司股票。",
        ("温鹏程之妻伍翠珍分别减持公司", "ORG"),
    ),
    ("no-person-zhiyi", "淘宝网湖南商盟创始人之一。", ("之一", "PERSON")),
    ("no-org-first-middle-school", "他毕业于杭州第一中学。", ("杭州第一中", "ORG")),
    ("no-org-driver", "撞上货柜车司机。", ("撞上货柜车司", "ORG")),
    ("no-org-entrust", "受中国教育部委托。", ("受中国教育部委", "ORG")),
    ("no-person-post", "免去其副总经理职务。", ("职务", "PERSON")),
    ("no-person-after-title-wei-word", "该校校长为人和善，深受爱戴。", ("人和善", "PERSON")),
    ("no-person-after-title-is-phrase", "董事长是公司的法定代表人。", ("公司的", "PERSON")),
    ("no-event-short-name", "在对接会上，周军波致辞。", ("对接会", "EVENT")),
    ("no-event-this-meeting", "本次会议明确了目标。", ("本次会议", "EVENT")),
    ("no-org-known-inside", "西开普大学执行校长迈克·麦吉达致辞。", ("西开普大学执行", "ORG")),
    ("no-founded-name-since", "自1895年创立以来，施华洛世奇。", ("以来", "ORG")),
    ("no-director-in-board", "揭阳华侨中学董事会董事长郑建明出席。", ("董事", "TITLE")),
    ("no-market-name-score", "北京时间4月12日，热火以98-90击败老鹰队。", ("热火", "ORG")),
    ("no-market-name-adverb", "苏宁易购发布公告，正式宣布斥资48亿元收购。", ("正式", "ORG")),
    ("no-market-name-each", "每个月用5000元去租房住。", ("每个月", "ORG")),
    ("no-market-name-person", "2月14日，张伟宣布其以1亿元的价格收购股权。", ("张伟", "ORG")),
    ("no-market-name-place", "同日，上海市宣布拟以10亿元设立基金。", ("上海市", "ORG")),
]


@pytest.mark.parametrize("text,item", [c[1:] for c in FOUND], ids=[c[0] for c in FOUND])
def test_rule_mention_found(text, item):
    assert item in _found(text)


@pytest.mark.parametrize("text,item", [c[1:] for c in NOT_FOUND], ids=[c[0] for c in NOT_FOUND])
def test_rule_mention_not_found(text, item):
    assert item not in _found(text)


def test_empty_text_has_no_mentions():
    assert find_rule_mentions("") == []


@pytest.mark.parametrize(
    ("text", "person", "expected"),
    [
        # a model "person" glued to the event word is part of the event's name
        ("狮山镇第十三届孝德文化节开幕。", "孝德", ("狮山镇第十三届孝德文化节", "EVENT")),
        # a person before the event's name still ends it
        ("张三出席全国重点项目推进会。", "张三", ("出席全国重点项目推进会", None)),
    ],
)
def test_model_people_and_event_names(text, person, expected):
    start = text.index(person)
    found = {(m.text, m.label) for m in find_rule_mentions(text, [(start, start + len(person))])}
    name, label = expected
    if label:
        assert (name, label) in found
    else:
        assert not any(n == name or n.startswith(person) for n, lab in found if lab == "EVENT")
