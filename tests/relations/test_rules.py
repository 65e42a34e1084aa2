"""Each relation rule on hand-built sentences and mentions, so no model is involved."""

from __future__ import annotations

import re

import pytest

from kg.errors import RuleError
from kg.link import DocMentions, link
from kg.ner.amounts import find_amounts
from kg.relations import compile_pattern, extract_relations, load_rules
from kg.schema import vocabulary
from kg.text import split_articles
from kg.types import Document, Mention


def _mentions(text: str, spec: list[tuple[str, str]]) -> list[Mention]:
    out, pos = [], {}
    for surface, label in spec:
        start = text.find(surface, pos.get(surface, 0))
        assert start >= 0, f"{surface!r} not in {text!r}"
        pos[surface] = start + len(surface)
        out.append(Mention(surface, label, start, start + len(surface), source="test"))
    return out


def run_rules(text, spec, *, home=None, amounts=True, enabled=frozenset()):
    doc = Document(id="t.txt", text=text, raw=text)
    mentions = _mentions(text, spec)
    if amounts:
        mentions += find_amounts(text)
    dm = DocMentions(doc=doc, articles=split_articles(doc), mentions=mentions, home_city=home)
    linked = link([dm])
    # strict: an edge whose ends break vocabulary.json's head/tail types fails the test
    rels = extract_relations(dm, linked, enabled=enabled, strict=True)
    name = {eid: e.name for eid, e in linked.entities.items()}
    return {(name[r.head], r.relation, name[r.tail], r.title, r.rule) for r in rels}


P, O, L, E, T = "PERSON", "ORG", "LOC", "EVENT", "TITLE"  # noqa: E741

CASES = [
    # id, text, mentions, home city, expected (head, relation, tail, title, rule)
    (
        "org-title-person",
        "商务部投资促进事务局局长刘民强出席。",
        [("商务部投资促进事务局", O), ("局长", T), ("刘民强", P)],
        None,
        ("刘民强", "holds_position", "商务部投资促进事务局", "局长", "position.title_chain"),
    ),
    (
        "several-titles-home-city",
        "市委副书记、市长周军波致辞。",
        [("市委副书记", T), ("市长", T), ("周军波", P)],
        "平湖市",
        ("周军波", "holds_position", "平湖市", "市委副书记、市长", "position.title_chain"),
    ),
    (
        "title-inherits-org",
        "市总工会党组成员、权益保障部部长俞一峰说。",
        [("市总工会", O), ("党组成员", T), ("权益保障部部长", T), ("俞一峰", P)],
        "平湖市",
        (
            "俞一峰",
            "holds_position",
            "平湖市总工会",
            "党组成员、权益保障部部长",
            "position.title_chain",
        ),
    ),
    (
        "chairman-and-manager",
        "某某科技有限公司董事长兼总经理王某宣布。",
        [("某某科技有限公司", O), ("董事长", T), ("总经理", T), ("王某", P)],
        None,
        ("王某", "holds_position", "某某科技有限公司", "董事长、总经理", "position.title_chain"),
    ),
    (
        "member-of-peoples-congress",
        "市人大代表、嘉兴佳莓农业科技有限公司董事长尹淑萍说。",
        [("人大代表", T), ("嘉兴佳莓农业科技有限公司", O), ("董事长", T), ("尹淑萍", P)],
        "平湖市",
        ("尹淑萍", "member_of", "平湖市人大", "人大代表", "position.title_chain"),
    ),
    (
        "founder",
        "小米科技创始人雷军表示。",
        [("小米科技", O), ("创始人", T), ("雷军", P)],
        None,
        ("雷军", "founded", "小米科技", "创始人", "position.title_chain"),
    ),
    (
        "org-de-title-person",
        "美的集团的创始人何享健表示。",
        [("美的集团", O), ("创始人", T), ("何享健", P)],
        None,
        ("何享健", "founded", "美的集团", "创始人", "position.title_chain"),
    ),
    (
        "founder-and-chairman-founded",
        "杭州全拓科技有限公司创始人兼董事长崔永庆说。",
        [("杭州全拓科技有限公司", O), ("创始人", T), ("董事长", T), ("崔永庆", P)],
        None,
        ("崔永庆", "founded", "杭州全拓科技有限公司", "创始人", "position.title_chain"),
    ),
    (
        "founder-and-chairman-position",
        "杭州全拓科技有限公司创始人兼董事长崔永庆说。",
        [("杭州全拓科技有限公司", O), ("创始人", T), ("董事长", T), ("崔永庆", P)],
        None,
        ("崔永庆", "holds_position", "杭州全拓科技有限公司", "董事长", "position.title_chain"),
    ),
    (
        "former-title",
        "天津轨道交通集团有限公司原党委书记、原董事长苗玉刚被免职。",
        [("天津轨道交通集团有限公司", O), ("党委书记", T), ("董事长", T), ("苗玉刚", P)],
        None,
        (
            "苗玉刚",
            "holds_position",
            "天津轨道交通集团有限公司",
            "党委书记、董事长",
            "position.title_chain",
        ),
    ),
    (
        "declared-short-name-before-title",
        "浙江省能源集团有限公司（浙能集团）董事长童亚辉表示。",
        [("浙江省能源集团有限公司", O), ("浙能集团", O), ("董事长", T), ("童亚辉", P)],
        None,
        ("童亚辉", "holds_position", "浙江省能源集团有限公司", "董事长", "position.title_chain"),
    ),
    (
        "dash-before-person",
        "万隆布业创始人——钟喜生，2001年来到上海。",
        [("万隆布业", O), ("创始人", T), ("钟喜生", P)],
        None,
        ("钟喜生", "founded", "万隆布业", "创始人", "position.title_chain"),
    ),
    (
        "headline",
        "珠海格力电器董事长董明珠：中国人到国外买电饭煲刺痛了我\n本报讯 昨天，发布会举行。",
        [("珠海格力电器", O), ("董事长", T), ("董明珠", P)],
        None,
        ("董明珠", "holds_position", "珠海格力电器", "董事长", "position.title_chain"),
    ),
    (
        "title-inherits-org-across-person",
        "首都师范大学党委书记郑萼、校长孟繁华看望劳模。",
        [("首都师范大学", O), ("党委书记", T), ("郑萼", P), ("校长", T), ("孟繁华", P)],
        None,
        ("孟繁华", "holds_position", "首都师范大学", "校长", "position.title_chain"),
    ),
    (
        "appointed-place-and-org",
        "刘宝山同志任岳阳市水利建设投资有限公司董事长，免去其原职务。",
        [("刘宝山", P), ("岳阳市", L), ("水利建设投资有限公司", O), ("董事长", T)],
        None,
        ("刘宝山", "holds_position", "水利建设投资有限公司", "董事长", "position.appointed"),
    ),
    (
        "is-the-chairman",
        "张三是星河科技有限公司的董事长。",
        [("张三", P), ("星河科技有限公司", O), ("董事长", T)],
        None,
        ("张三", "holds_position", "星河科技有限公司", "董事长", "position.appointed"),
    ),
    (
        "serves-as",
        "自谢毅担任通威太阳能董事长以来，公司发展很快。",
        [("谢毅", P), ("通威太阳能", O), ("董事长", T)],
        None,
        ("谢毅", "holds_position", "通威太阳能", "董事长", "position.appointed"),
    ),
    (
        "mister-currently",
        "刘积仁先生现任东软集团董事长兼CEO。",
        [("刘积仁", P), ("东软集团", O), ("董事长", T), ("CEO", T)],
        None,
        ("刘积仁", "holds_position", "东软集团", "董事长、CEO", "position.appointed"),
    ),
    (
        "apposition",
        "舒东波，合肥市第十一中学校长，中学高级物理教师。",
        [("舒东波", P), ("合肥市第十一中学", O), ("校长", T)],
        None,
        ("舒东波", "holds_position", "合肥市第十一中学", "校长", "position.apposition"),
    ),
    (
        "apposition-after-clauses",
        "郑大裕，男，大学本科学历，现任海口市第一职业中学校长。",
        [("郑大裕", P), ("海口市第一职业中学", O), ("校长", T)],
        None,
        ("郑大裕", "holds_position", "海口市第一职业中学", "校长", "position.apposition"),
    ),
    (
        "apposition-founder",
        "赖俊华，泉州市华艺新材料科技有限公司的创始人，从事化工行业。",
        [("赖俊华", P), ("泉州市华艺新材料科技有限公司", O), ("创始人", T)],
        None,
        ("赖俊华", "founded", "泉州市华艺新材料科技有限公司", "创始人", "position.apposition"),
    ),
    (
        "title-of-org",
        "如今，孙平范担任董事长的慈星股份有限公司加大投入。",
        [("孙平范", P), ("董事长", T), ("慈星股份有限公司", O)],
        None,
        ("孙平范", "holds_position", "慈星股份有限公司", "董事长", "position.title_of"),
    ),
    (
        "parenthesis",
        "其中就有邓中翰（2007年年度人物、北京中星微电子有限公司董事长）。",
        [("邓中翰", P), ("北京中星微电子有限公司", O), ("董事长", T)],
        None,
        ("邓中翰", "holds_position", "北京中星微电子有限公司", "董事长", "position.parenthesis"),
    ),
    (
        "org-person-title",
        "宝钢集团有限公司徐乐江董事长担任会长。",
        [("宝钢集团有限公司", O), ("徐乐江", P), ("董事长", T)],
        None,
        ("徐乐江", "holds_position", "宝钢集团有限公司", "董事长", "position.org_person_title"),
    ),
    (
        "founded-by",
        "东洋陶器株式会社由大仓和亲于1917年创立。",
        [("东洋陶器株式会社", O), ("大仓和亲", P)],
        None,
        ("大仓和亲", "founded", "东洋陶器株式会社", "", "founded.by"),
    ),
    (
        "founded-together",
        "崔彤哲与胡晖再度携手，在清华科技园共同创立了海纳医信有限公司。",
        [("崔彤哲", P), ("胡晖", P), ("海纳医信有限公司", O)],
        None,
        ("崔彤哲", "founded", "海纳医信有限公司", "", "founded.cue"),
    ),
    (
        "acquires-for",
        "南纺股份拟以2.72亿元收购秦淮风光51%股权。",
        [("南纺股份", O), ("秦淮风光", O)],
        None,
        ("南纺股份", "invests", "2.72亿元", "", "invests.acquires_for"),
    ),
    (
        "acquisition-price",
        "宝德股份购买庆汇租赁90%股权的价格是6.75亿元。",
        [("宝德股份", O), ("庆汇租赁", O)],
        None,
        ("宝德股份", "invests", "6.75亿元", "", "invests.acquisition_price"),
    ),
    (
        "appointed",
        "刘某某任某某集团总经理。",
        [("刘某某", P), ("某某集团", O), ("总经理", T)],
        None,
        ("刘某某", "holds_position", "某某集团", "总经理", "position.appointed"),
    ),
    (
        "founded-verb",
        "张三于2010年创办了星河科技有限公司。",
        [("张三", P), ("星河科技有限公司", O)],
        None,
        ("张三", "founded", "星河科技有限公司", "", "founded.cue"),
    ),
    (
        "attends-list",
        "昨天,星河论坛举行。市领导沈志林、金一出席。",
        [("星河论坛", E), ("沈志林", P), ("金一", P)],
        None,
        ("金一", "attends", "星河论坛", "", "attends.cue"),
    ),
    (
        "speaks-at-article-event",
        "昨天,星河论坛举行。刘民强致辞。",
        [("星河论坛", E), ("刘民强", P)],
        None,
        ("刘民强", "speaks_at", "星河论坛", "", "speaks_at.cue"),
    ),
    (
        "shortened-event-is-the-article-event",
        "星河机器人产业对接会举行。在对接会上，周军波致辞。",
        [("星河机器人产业对接会", E), ("周军波", P)],
        None,
        ("周军波", "speaks_at", "星河机器人产业对接会", "", "speaks_at.cue"),
    ),
    (
        "attends-guest-list",
        "星河论坛举行。刘民强、梶原敬、胡真筋等嘉宾应邀出席。",
        [("星河论坛", E), ("刘民强", P), ("梶原敬", P), ("胡真筋", P)],
        None,
        ("胡真筋", "attends", "星河论坛", "", "attends.cue"),
    ),
    (
        "hosts-person",
        "市委书记仲旭东主持召开民营企业座谈会。",
        [("市委书记", T), ("仲旭东", P), ("民营企业座谈会", E)],
        None,
        ("仲旭东", "hosts", "民营企业座谈会", "", "hosts.cue"),
    ),
    (
        "hosts-home-city",
        "昨天下午,我市召开重点项目推进会。",
        [("重点项目推进会", E)],
        "平湖市",
        ("平湖市", "hosts", "重点项目推进会", "", "hosts.home_city"),
    ),
    (
        "hosts-organiser",
        "由市商务局主办的投资论坛开幕。",
        [("市商务局", O), ("投资论坛", E)],
        None,
        ("市商务局", "hosts", "投资论坛", "", "hosts.organiser"),
    ),
    (
        "held-in",
        "投资论坛昨天在杭州举行。",
        [("投资论坛", E), ("杭州", L)],
        None,
        ("投资论坛", "held_in", "杭州", "", "held_in.place"),
    ),
    (
        "located-at",
        "在位于广陈镇龙萌村的嘉兴蓝城农业有限公司内。",
        [("广陈镇", L), ("龙萌村", L), ("嘉兴蓝城农业有限公司", O)],
        None,
        ("嘉兴蓝城农业有限公司", "located_in", "龙萌村", "", "located_in.located_at"),
    ),
    (
        "settled-in",
        "这是落户平湖经济技术开发区的是石科技有限公司。",
        [("平湖经济技术开发区", O), ("是石科技有限公司", O)],
        None,
        ("是石科技有限公司", "located_in", "平湖经济技术开发区", "", "located_in.settled_in"),
    ),
    (
        "org-located-at",
        "星河科技有限公司位于杭州。",
        [("星河科技有限公司", O), ("杭州", L)],
        None,
        ("星河科技有限公司", "located_in", "杭州", "", "located_in.org_located_at"),
    ),
    (
        "settled-home",
        "星河科技有限公司发展很快。去年企业将总部落户至我市。",
        [("星河科技有限公司", O)],
        "平湖市",
        ("星河科技有限公司", "located_in", "平湖市", "", "located_in.settled_home"),
    ),
    (
        "where-they-are",
        "就拿甲科技、乙技术所在的平湖经开来说。",
        [("甲科技", O), ("乙技术", O), ("平湖经开", O)],
        None,
        ("乙技术", "located_in", "平湖经开", "", "located_in.where_they_are"),
    ),
    (
        "staff",
        "在嘉兴蓝城农业有限公司内,职工庄菊英刚结束劳作。",
        [("嘉兴蓝城农业有限公司", O), ("庄菊英", P)],
        None,
        ("庄菊英", "works_for", "嘉兴蓝城农业有限公司", "", "works_for.staff"),
    ),
    (
        "signing-investment",
        "星河论坛举行。12个项目集中签约,总投资约30亿元。",
        [("星河论坛", E)],
        None,
        ("星河论坛", "invests", "约30亿元", "", "invests.project_signing"),
    ),
    (
        "this-project",
        "在德默菲换热器有限公司项目现场。该项目总投资1.55亿元。",
        [("德默菲换热器有限公司", O)],
        None,
        ("德默菲换热器有限公司", "invests", "1.55亿元", "", "invests.this_project"),
    ),
    (
        "org-invests",
        "星河集团计划投资5000万美元建设新厂。",
        [("星河集团", O)],
        None,
        ("星河集团", "invests", "5000万美元", "", "invests.org"),
    ),
    (
        "output-value-org",
        "平湖经开已集聚机器人企业30多家,年产值约90亿元。",
        [("平湖经开", O)],
        None,
        ("平湖经开", "output_value", "约90亿元", "", "output_value.zero_subject"),
    ),
    (
        "output-value-project",
        "在甲有限公司现场。该项目建成后年产值4.5亿元。",
        [("甲有限公司", O)],
        None,
        ("甲有限公司", "output_value", "4.5亿元", "", "output_value.this_project"),
    ),
    (
        "output-value-after-production",
        "在甲有限公司现场。据介绍,达产后可实现年产值4.5亿元。",
        [("甲有限公司", O)],
        None,
        ("甲有限公司", "output_value", "4.5亿元", "", "output_value.after_production"),
    ),
    (
        "revenue-org",
        "星河科技有限公司去年营收达到12亿元。",
        [("星河科技有限公司", O)],
        None,
        ("星河科技有限公司", "revenue", "12亿元", "", "revenue.org"),
    ),
    (
        "revenue-this-is",
        "营收从0上升至1.5亿元,这是落户平湖经开的是石科技有限公司的成长速度。",
        [("平湖经开", O), ("是石科技有限公司", O)],
        None,
        ("是石科技有限公司", "revenue", "1.5亿元", "", "revenue.this_is"),
    ),
    (
        "revenue-speaker-company",
        "是石科技董事长闫博文介绍。闫博文说,今年他们公司营收将达到3亿元至5亿元。",
        [("是石科技", O), ("董事长", T), ("闫博文", P), ("闫博文", P)],
        None,
        ("是石科技", "revenue", "3亿元至5亿元", "", "revenue.speaker_company"),
    ),
    (
        "subject-later-now-serves",
        "蒋卫平先生长期从事企业管理工作，现任四川天齐锂业股份公司董事长、遂宁市人大代表。",
        [("蒋卫平", P), ("四川天齐锂业股份公司", O), ("董事长", T), ("人大代表", T)],
        None,
        ("蒋卫平", "holds_position", "四川天齐锂业股份公司", "董事长", "position.subject_later"),
    ),
    (
        "subject-later-board-chair",
        "公司总经理郑建明热心教育事业，担任揭阳华侨中学董事会董事长。",
        [("总经理", T), ("郑建明", P), ("揭阳华侨中学", O), ("董事长", T)],
        None,
        ("郑建明", "holds_position", "揭阳华侨中学", "董事长", "position.subject_later"),
    ),
    (
        "led-by-title-person",
        "河北惠康食品集团在董事长王会杰同志确立的战略指导下，先后实施国际化战略。",
        [("河北惠康食品集团", O), ("董事长", T), ("王会杰", P)],
        None,
        ("王会杰", "holds_position", "河北惠康食品集团", "董事长", "position.led_by"),
    ),
    (
        "led-by-head-of-team",
        "在以李国清校长为首的校领导班子带领下，五大连池风景区高级中学稳步向前。",
        [("李国清", P), ("校长", T), ("五大连池风景区高级中学", O)],
        None,
        ("李国清", "holds_position", "五大连池风景区高级中学", "校长", "position.led_by_head"),
    ),
    (
        "led-by-head-title-first",
        "在以董事长王某为首的领导班子带领下，甲集团扭亏为盈。",
        [("董事长", T), ("王某", P), ("甲集团", O)],
        None,
        ("王某", "holds_position", "甲集团", "董事长", "position.led_by_head"),
    ),
    (
        "person-title-runs-org",
        "由学校党委领导和朱秀林校长负责的苏州大学突然出台新规定。",
        [("朱秀林", P), ("校长", T), ("苏州大学", O)],
        None,
        ("朱秀林", "holds_position", "苏州大学", "校长", "position.person_title_runs"),
    ),
    (
        "as-founder-comma-person",
        "作为宾利品牌创始人，华特·欧文·宾利生于一个中产阶级家庭。",
        [("宾利品牌", O), ("创始人", T), ("华特·欧文·宾利", P)],
        None,
        ("华特·欧文·宾利", "founded", "宾利品牌", "创始人", "position.as_title"),
    ),
    (
        "title-is-person",
        "北京泡泡玛特文化创意有限公司，法定代表人为王宁，该公司曾登陆新三板。",
        [("北京泡泡玛特文化创意有限公司", O), ("法定代表人", T), ("王宁", P)],
        None,
        (
            "王宁",
            "holds_position",
            "北京泡泡玛特文化创意有限公司",
            "法定代表人",
            "position.title_is",
        ),
    ),
    (
        "subject-org-clause-title",
        "2017年12月中旬，徽商银行发生人事变动：董事长李宏鸣辞职。",
        [("徽商银行", O), ("董事长", T), ("李宏鸣", P)],
        None,
        ("李宏鸣", "holds_position", "徽商银行", "董事长", "position.subject_org"),
    ),
    (
        "promoted-in-opening-org",
        "2017年12月中旬，徽商银行发生人事变动，吴学民升任董事长。",
        [("徽商银行", O), ("吴学民", P), ("董事长", T)],
        None,
        ("吴学民", "holds_position", "徽商银行", "董事长", "position.promoted"),
    ),
    (
        "title-of-person-after-de",
        "如今身为北京思特奇信息技术有限公司董事长的吴飞舟为何没能按时付款。",
        [("北京思特奇信息技术有限公司", O), ("董事长", T), ("吴飞舟", P)],
        None,
        (
            "吴飞舟",
            "holds_position",
            "北京思特奇信息技术有限公司",
            "董事长",
            "position.title_chain",
        ),
    ),
    (
        "chain-one-of-former",
        "温氏股份实控人之一、前任董事长温鹏程之妻伍翠珍减持公司股票。",
        [("温氏股份", O), ("实控人", T), ("董事长", T), ("温鹏程", P), ("伍翠珍", P)],
        None,
        ("温鹏程", "holds_position", "温氏股份", "董事长", "position.title_chain"),
    ),
    (
        "chain-group-and-listed-company",
        "郑州煤电公告称，郑煤集团董事长、党委书记，公司董事长孟中泽被调查。",
        [("郑煤集团", O), ("董事长", T), ("党委书记", T), ("董事长", T), ("孟中泽", P)],
        None,
        (
            "孟中泽",
            "holds_position",
            "郑煤集团",
            "董事长、党委书记、董事长",
            "position.title_chain",
        ),
    ),
    (
        "chain-board-of-directors",
        "揭阳华侨中学董事会董事长郑建明出席。",
        [("揭阳华侨中学", O), ("董事长", T), ("郑建明", P)],
        None,
        ("郑建明", "holds_position", "揭阳华侨中学", "董事长", "position.title_chain"),
    ),
    (
        "apposition-as-shown",
        "唐奕霖，微博认证资料显示其为奕华传媒董事长",
        [("唐奕霖", P), ("奕华传媒", O), ("董事长", T)],
        None,
        ("唐奕霖", "holds_position", "奕华传媒", "董事长", "position.apposition"),
    ),
    (
        "founded-cue-at-place",
        "崔彤哲与胡晖再度携手，在清华科技园共同创立了海纳医信有限公司。",
        [("崔彤哲", P), ("胡晖", P), ("清华科技园", O), ("海纳医信有限公司", O)],
        None,
        ("崔彤哲", "founded", "海纳医信有限公司", "", "founded.cue"),
    ),
    (
        "founded-by-in-place",
        "数字狗狗网，2004年7月，由李晶在北京创立。",
        [("数字狗狗网", O), ("李晶", P), ("北京", L)],
        None,
        ("李晶", "founded", "数字狗狗网", "", "founded.by"),
    ),
    (
        "invests-sold-to-buyer",
        "该公司持有的股份被作价90亿元出售给中信国安集团。",
        [("中信国安集团", O)],
        None,
        ("中信国安集团", "invests", "90亿元", "", "invests.sold_to"),
    ),
    (
        "invests-sold-to-then-price",
        "其持有的股份出售给中信国安集团，作价90亿元。",
        [("中信国安集团", O)],
        None,
        ("中信国安集团", "invests", "90亿元", "", "invests.sold_to"),
    ),
    (
        "invests-sold-to-towards",
        "大润发中国以500万美元向上海润盒出售海南盒马全部股权。",
        [("大润发中国", O), ("上海润盒", O)],
        None,
        ("上海润盒", "invests", "500万美元", "", "invests.sold_to"),
    ),
    (
        "invests-plans-amount-without-yi",
        "2019年9月，多氟多拟7700万元收购洛阳蓝宝氟业有限公司70%的股权。",
        [("多氟多", O), ("洛阳蓝宝氟业有限公司", O)],
        None,
        ("多氟多", "invests", "7700万元", "", "invests.acquires_for"),
    ),
    (
        "invests-increase-amount",
        "控股股东上海康德莱控股通过集中竞价系统增持86.73万股，增持金额651万元。",
        [("上海康德莱控股", O)],
        None,
        ("上海康德莱控股", "invests", "651万元", "", "invests.acquisition_price"),
    ),
    (
        "subject-org-title-is-past-description",
        "甲网络有限公司成立于2017年2月10日，是一家服务型的B2B电子商务公司，创始人是超逸，公司位于杭州。",
        [("甲网络有限公司", O), ("B2B电子商务公司", O), ("创始人", T), ("超逸", P)],
        None,
        ("超逸", "founded", "甲网络有限公司", "创始人", "position.subject_org"),
    ),
    (
        "unit-of-an-organisation",
        "中国人民大学经济体制改革与发展研究院院长黄泰岩说。",
        [("中国人民大学经济体制改革与发展研究院", O), ("院长", T), ("黄泰岩", P)],
        None,
        (
            "中国人民大学经济体制改革与发展研究院",
            "part_of",
            "中国人民大学",
            "",
            "part_of.unit_name",
        ),
    ),
    (
        "committee-member-list",
        "中央军委委员梁光烈、陈炳德出席。",
        [("中央军委", O), ("委员", T), ("梁光烈", P), ("陈炳德", P)],
        None,
        ("陈炳德", "member_of", "中央军委", "委员", "position.title_chain"),
    ),
    (
        "player-of-a-team",
        "湖人队前锋奥多姆恼羞成怒。",
        [("湖人队", O), ("前锋", T), ("奥多姆", P)],
        None,
        ("奥多姆", "member_of", "湖人队", "前锋", "position.title_chain"),
    ),
    (
        "attends-the-event-named-before",
        "星河论坛昨天举行。仲旭东出席活动。",
        [("星河论坛", E), ("仲旭东", P)],
        None,
        ("仲旭东", "attends", "星河论坛", "", "attends.cue"),
    ),
    (
        "held-in-place-before",
        "中央军委20日在北京八一大楼隆重举行晋升上将军衔仪式。",
        [("中央军委", O), ("北京", L), ("八一大楼", L), ("晋升上将军衔仪式", E)],
        None,
        ("晋升上将军衔仪式", "held_in", "北京", "", "held_in.place_before"),
    ),
    (
        "held-in-inner-place-before",
        "中央军委20日在北京八一大楼隆重举行晋升上将军衔仪式。",
        [("中央军委", O), ("北京", L), ("八一大楼", L), ("晋升上将军衔仪式", E)],
        None,
        ("晋升上将军衔仪式", "held_in", "八一大楼", "", "held_in.inner_place_before"),
    ),
    (
        "organisation-holds-event",
        "中央军委20日在北京隆重举行晋升上将军衔仪式。",
        [("中央军委", O), ("北京", L), ("晋升上将军衔仪式", E)],
        None,
        ("中央军委", "hosts", "晋升上将军衔仪式", "", "hosts.holds"),
    ),
    (
        "held-in-closing",
        "全球智库峰会4日在北京落幕。",
        [("全球智库峰会", E), ("北京", L)],
        None,
        ("全球智库峰会", "held_in", "北京", "", "held_in.place"),
    ),
    (
        "reporter-of-an-outlet",
        "证券时报记者 张若斌报道。",
        [("证券时报", O), ("张若斌", P)],
        None,
        ("张若斌", "works_for", "证券时报", "", "works_for.reporter"),
    ),
    (
        "reporter-of-the-dateline",
        "中广网北京7月1日消息（记者焦莹）中共中央召开座谈会。",
        [("中广网", O), ("北京", L), ("焦莹", P)],
        None,
        ("焦莹", "works_for", "中广网", "", "works_for.dateline_reporter"),
    ),
    (
        "organised-by-after-the-event",
        "上海金融论坛由上海市金融服务办公室和上海交通大学主办。",
        [("上海金融论坛", E), ("上海市金融服务办公室", O), ("上海交通大学", O)],
        None,
        ("上海交通大学", "hosts", "上海金融论坛", "", "hosts.organised_by"),
    ),
    (
        "said-at-the-event",
        "许仁寿是在当日举行的上海金融论坛上作上述表示的。",
        [("许仁寿", P), ("上海金融论坛", E)],
        None,
        ("许仁寿", "speaks_at", "上海金融论坛", "", "speaks_at.said_at"),
    ),
    (
        "place-in-place",
        "他出生在埃及亚历山大。",
        [("埃及", L), ("亚历山大", L)],
        None,
        ("亚历山大", "located_in", "埃及", "", "located_in.place_in_place"),
    ),
    (
        "apposition-titles-side-by-side",
        "郑大裕，高级教师，现任海口市第一职业中学党委委员校长，学会会员。",
        [("郑大裕", P), ("海口市第一职业中学", O), ("党委委员", T), ("校长", T)],
        None,
        (
            "郑大裕",
            "holds_position",
            "海口市第一职业中学",
            "党委委员、校长",
            "position.apposition",
        ),
    ),
]


CASES += [
    (
        "descriptive-part-kept-in-title",
        "新展银行直投业务总经理张在荣表示。",
        [("新展银行", O), ("总经理", T), ("张在荣", P)],
        None,
        ("张在荣", "holds_position", "新展银行", "直投业务总经理", "position.title_chain"),
    ),
    (
        "appointed-by-verb",
        "胡东良正式出任宝盈基金总经理。",
        [("胡东良", P), ("宝盈基金", O), ("总经理", T)],
        None,
        ("胡东良", "holds_position", "宝盈基金", "总经理", "position.appointed"),
    ),
    (
        "elected",
        "李明当选为北京青年联合会副主席。",
        [("李明", P), ("北京青年联合会", O), ("副主席", T)],
        None,
        ("李明", "holds_position", "北京青年联合会", "副主席", "position.appointed"),
    ),
    (
        "left-post",
        "黄光裕辞去国美电器董事局主席一职。",
        [("黄光裕", P), ("国美电器", O), ("董事局主席", T)],
        None,
        ("黄光裕", "holds_position", "国美电器", "董事局主席", "position.left"),
    ),
    (
        "org-appoints-title-after",
        "宝盈基金聘任胡东良任公司总经理。",
        [("宝盈基金", O), ("胡东良", P), ("总经理", T)],
        None,
        ("胡东良", "holds_position", "宝盈基金", "总经理", "position.org_appoints"),
    ),
    (
        "org-appoints-title-before",
        "西部证券已任命副总经理徐剑钧为工作组组长。",
        [("西部证券", O), ("副总经理", T), ("徐剑钧", P), ("组长", T)],
        None,
        ("徐剑钧", "holds_position", "西部证券", "副总经理", "position.org_appoints"),
    ),
    (
        "joined-company",
        "高群书最近加盟银润传媒。",
        [("高群书", P), ("银润传媒", O)],
        None,
        ("高群书", "works_for", "银润传媒", "", "works_for.joined"),
    ),
    (
        "founded-by-verb",
        "李国庆和俞渝创办当当网。",
        [("李国庆", P), ("俞渝", P), ("当当网", O)],
        None,
        ("俞渝", "founded", "当当网", "", "founded.cue"),
    ),
    (
        "joint-venture",
        "工商银行与江西省政府牵头组建的“江西鄱阳湖产业投资管理公司”已成立。",
        [("工商银行", O), ("江西省政府", O), ("江西鄱阳湖产业投资管理公司", O)],
        None,
        ("江西省政府", "founded", "江西鄱阳湖产业投资管理公司", "", "founded.joint_venture"),
    ),
    (
        "subsidiary-after-parent",
        "中国航空工业集团旗下的中航投资和中航咨询参与其中。",
        [("中国航空工业集团", O), ("中航投资", O), ("中航咨询", O)],
        None,
        ("中航咨询", "part_of", "中国航空工业集团", "", "part_of.subsidiary"),
    ),
    (
        "is-a-subsidiary",
        "宝钢金属是宝钢集团下属的全资子公司。",
        [("宝钢金属", O), ("宝钢集团", O)],
        None,
        ("宝钢金属", "part_of", "宝钢集团", "", "part_of.is_subsidiary"),
    ),
    (
        "headquarters-set-in",
        "华为总部设在深圳。",
        [("华为", O), ("深圳", L)],
        None,
        ("华为", "located_in", "深圳", "", "located_in.org_located_at"),
    ),
]

CASES += [
    (
        "credit-line",
        "标题\n（全景网/雷鸣）",
        [("全景网", O), ("雷鸣", P)],
        None,
        ("雷鸣", "works_for", "全景网", "", "works_for.credit"),
    ),
    (
        "signs-with",
        "昨日，中国证监会与中央国债登记结算有限责任公司签署合作监管备忘录。",
        [("中国证监会", O), ("中央国债登记结算有限责任公司", O)],
        None,
        ("中国证监会", "signs", "中央国债登记结算有限责任公司", "", "signs.with"),
    ),
]

CASES += [
    (
        "zero-subject-invests-for-the-subject",
        "2018年后，格力电器开始尝试股权投资，2019年11月又公告拟投资20亿元参与三安光电定增。",
        [("格力电器", O), ("三安光电", O)],
        None,
        ("格力电器", "invests", "20亿元", "", "invests.zero_subject"),
    ),
    (
        "zero-subject-without-subject-is-the-article's",
        "标题\n据了解，此次计划投资5亿元。",
        [],
        None,
        ("标题", "invests", "5亿元", "", "invests.zero_subject"),
    ),
    (
        "unnamed-project-is-the-article's",
        "标题\n青岛市发布消息，项目总投资30亿元。",
        [("青岛市", L)],
        None,
        ("标题", "invests", "30亿元", "", "invests.unnamed_project"),
    ),
    (
        "zero-subject-buys-for-the-subject",
        "据披露，傲农生物与常德科雄签署了协议，公司拟以2600万元收购常德科雄股权。",
        [("傲农生物", O), ("常德科雄", O), ("常德科雄", O)],
        None,
        ("傲农生物", "invests", "2600万元", "", "invests.zero_subject_buys"),
    ),
    (
        "object-gives-way-to-subject",
        "格力电器宣布参与闻泰科技定增，闻泰科技拟以30亿元收购安世半导体。",
        [("格力电器", O), ("闻泰科技", O), ("闻泰科技", O), ("安世半导体", O)],
        None,
        ("闻泰科技", "invests", "30亿元", "", "invests.acquires_for"),
    ),
]

CASES += [
    (
        "unnamed-output-is-the-article's",
        "标题\n目前德化、泉州地区的陶瓷能耗成本仍高，比如德化陶瓷年产值70亿元。",
        [("德化", L), ("泉州", L)],
        None,
        ("标题", "output_value", "70亿元", "", "output_value.unnamed"),
    ),
]

CASES += [
    (
        "output-value-org-in-its-clause",
        "甲公司去年年产值达5亿元。",
        [("甲公司", O)],
        None,
        ("甲公司", "output_value", "5亿元", "", "output_value.org"),
    ),
]

CASES += [
    (
        "relative-clause-attendee",
        "代表国家主席胡锦涛出席对话会议的国务委员戴秉国同辛格会晤。",
        [
            ("国家主席", T),
            ("胡锦涛", P),
            ("对话会议", E),
            ("国务委员", T),
            ("戴秉国", P),
            ("辛格", P),
        ],
        None,
        ("戴秉国", "attends", "对话会议", "", "attends.cue"),
    ),
]

CASES += [
    (
        "attending-too-a-list",
        "出席晋衔仪式的还有副主席李某、委员王某和张某。",
        [("晋衔仪式", E), ("副主席", T), ("李某", P), ("委员", T), ("王某", P), ("张某", P)],
        None,
        ("张某", "attends", "晋衔仪式", "", "attends.cue"),
    ),
]

CASES += [
    (
        "resume-current-posts",
        "张晓阳，男，1950年1月出生，曾任甲厂厂长，现任中国酿协酒精分会副理事长，河南天冠企业集团有限公司董事长、总经理。",
        [
            ("张晓阳", P),
            ("甲厂", O),
            ("厂长", T),
            ("中国酿协酒精分会", O),
            ("副理事长", T),
            ("河南天冠企业集团有限公司", O),
            ("董事长", T),
            ("总经理", T),
        ],
        None,
        (
            "张晓阳",
            "holds_position",
            "中国酿协酒精分会",
            "副理事长",
            "position.bio_current",
        ),
    ),
    (
        "resume-former-posts",
        "张晓阳，男，1950年1月出生，曾任甲厂厂长，现任中国酿协酒精分会副理事长，河南天冠企业集团有限公司董事长、总经理。",
        [
            ("张晓阳", P),
            ("甲厂", O),
            ("厂长", T),
            ("中国酿协酒精分会", O),
            ("副理事长", T),
            ("河南天冠企业集团有限公司", O),
            ("董事长", T),
            ("总经理", T),
        ],
        None,
        ("张晓阳", "holds_position", "甲厂", "厂长", "position.bio_former"),
    ),
]

CASES += [
    (
        "founded-by-after-a-description",
        "黑马漫画公司（Dark Horse Comics），美国最大的独立漫画公司，由迈克·理查森于1986年创办。",
        [("黑马漫画公司", O), ("Dark Horse Comics", O), ("美国", L), ("迈克·理查森", P)],
        None,
        ("迈克·理查森", "founded", "黑马漫画公司", "", "founded.by"),
    ),
]

CASES += [
    (
        "country-ministry-in-the-title",
        "中国商务部副部长陈健表示。",
        [("中国商务部副部长", T), ("陈健", P)],
        None,
        ("陈健", "holds_position", "中国商务部", "副部长", "position.title_chain"),
    ),
    (
        "ministry-and-minister-fused",
        "商务部长陈德铭表示。",
        [("部长", T), ("陈德铭", P)],
        None,
        ("陈德铭", "holds_position", "商务部", "部长", "position.title_chain"),
    ),
    (
        "spokesperson",
        "外交部发言人秦刚表示。",
        [("外交部", O), ("发言人", T), ("秦刚", P)],
        None,
        ("秦刚", "holds_position", "外交部", "发言人", "position.title_chain"),
    ),
    (
        "acting-title-as-written",
        "国美电器代理总经理王俊洲表示。",
        [("国美电器", O), ("总经理", T), ("王俊洲", P)],
        None,
        ("王俊洲", "holds_position", "国美电器", "代理总经理", "position.title_chain"),
    ),
]

CASES += [
    (
        "surname-after-title-is-a-name",
        "而建信董事长江先周是建行基金托管部总经理。",
        [("建信", O), ("董事长", T), ("江先周", P)],
        None,
        ("江先周", "holds_position", "建信", "董事长", "position.title_chain"),
    ),
]

# issue 10, DuIE forms: company and school heads as news and encyclopedias write them
CASES += [
    (
        "org-aside-title-person",
        "亿城集团（企业专区，旗下楼盘）董事长张丽萍认为，民企抵抗风险的能力比较弱。",
        [("亿城集团", O), ("董事长", T), ("张丽萍", P)],
        None,
        ("张丽萍", "holds_position", "亿城集团", "董事长", "position.org_aside"),
    ),
    (
        "org-aside-with-short-name",
        "上海金陵股份有限公司（以下简称“金陵”）董事长佘宝庆说。",
        [("上海金陵股份有限公司", O), ("“金陵”", O), ("董事长", T), ("佘宝庆", P)],
        None,
        ("佘宝庆", "holds_position", "上海金陵股份有限公司", "董事长", "position.org_aside"),
    ),
    (
        "org-aside-former-title",
        "北京外国语大学（微博）原校长陈乃芳教授认为，留学人员增长迅速。",
        [("北京外国语大学", O), ("校长", T), ("陈乃芳", P)],
        None,
        ("陈乃芳", "holds_position", "北京外国语大学", "校长", "position.org_aside_former"),
    ),
    (
        "title-then-line-of-work",
        "宽高教育董事长、教育专家王金战认为，两种方式各有可取之处。",
        [("宽高教育", O), ("董事长", T), ("王金战", P)],
        None,
        ("王金战", "holds_position", "宽高教育", "董事长", "position.title_description"),
    ),
    (
        "title-then-post-in-a-body",
        "由南京大学校长、校学位评定委员会主任陈骏向吴伯雄颁授学位证书。",
        [("南京大学", O), ("校长", T), ("主任", T), ("陈骏", P), ("吴伯雄", P)],
        None,
        ("陈骏", "holds_position", "南京大学", "校长", "position.title_description"),
    ),
    (
        "title-is-person-with-post",
        "比如工银瑞信的董事长是工行行长杨凯生，级别是最高级。",
        [("工银瑞信", O), ("董事长", T), ("工行", O), ("行长", T), ("杨凯生", P)],
        None,
        ("杨凯生", "holds_position", "工银瑞信", "董事长", "position.title_is_titled"),
    ),
    (
        "opening-school-past-a-place",
        "9、云霄立人学校荣登2013中国教育总评榜，荣获“示范校”，校长蔡海生被授予荣誉称号。",
        [("云霄立人学校", O), ("中国", L), ("校长", T), ("蔡海生", P)],
        None,
        ("蔡海生", "holds_position", "云霄立人学校", "校长", "position.subject_org_past_place"),
    ),
    (
        "founder-takes-post",
        "1993年11月16日，俞敏洪创办了北京市新东方学校，担任校长。",
        [("俞敏洪", P), ("北京市新东方学校", O), ("校长", T)],
        None,
        ("俞敏洪", "holds_position", "北京市新东方学校", "校长", "position.founder_takes_post"),
    ),
    (
        "first-founder-takes-post",
        "1998年，马化腾与张志东等人共同创办了腾讯公司，并担任董事会主席。",
        [("马化腾", P), ("张志东", P), ("腾讯公司", O), ("董事会主席", T)],
        None,
        ("马化腾", "holds_position", "腾讯公司", "董事会主席", "position.founder_takes_post"),
    ),
    (
        "one-post-in-each-listed-org",
        "目前，翁振杰任西南证券、重庆三峡银行、益民基金三家金融机构的董事长。",
        [("翁振杰", P), ("西南证券", O), ("重庆三峡银行", O), ("益民基金", O), ("董事长", T)],
        None,
        ("翁振杰", "holds_position", "重庆三峡银行", "董事长", "position.appointed_to_several"),
    ),
]

#: id, text, mentions, expected (head, tail, title, former) of holds_position edges
# A unit written between an organisation and a title, or as the rest of a name ([units])
CASES += [
    (
        "unit-between-org-and-title-holds",
        "中国人民大学经济体制改革与发展研究院副院长黄泰岩表示。",
        [("中国人民大学", O), ("副院长", T), ("黄泰岩", P)],
        None,
        (
            "黄泰岩",
            "holds_position",
            "中国人民大学经济体制改革与发展研究院",
            "副院长",
            "position.title_chain",
        ),
    ),
    (
        "unit-between-org-and-title-part-of",
        "中国人民大学经济体制改革与发展研究院副院长黄泰岩表示。",
        [("中国人民大学", O), ("副院长", T), ("黄泰岩", P)],
        None,
        (
            "中国人民大学经济体制改革与发展研究院",
            "part_of",
            "中国人民大学",
            "",
            "part_of.unit_name",
        ),
    ),
    (
        "unit-of-an-org-named-on-the-page",
        "发改委昨天开会。发改委财政金融司副司长曹文炼表示。",
        [("发改委", O), ("发改委财政金融司", O), ("副司长", T), ("曹文炼", P)],
        None,
        ("发改委财政金融司", "part_of", "发改委", "", "part_of.unit_name"),
    ),
    (
        "unit-of-an-organisation-word",
        "中共中央党校研究室副主任周天勇表示。",
        [("中共中央党校研究室", O), ("副主任", T), ("周天勇", P)],
        None,
        ("中共中央党校研究室", "part_of", "中共中央党校", "", "part_of.unit_name"),
    ),
]


# Dev-set classes of issue #10: the party formula, joint ventures, players of a team
CASES += [
    (
        "with-as-head",
        "以胡锦涛同志为总书记的党中央领导下。",
        [("胡锦涛", P), ("总书记", T), ("党中央", O)],
        None,
        ("胡锦涛", "holds_position", "党中央", "总书记", "position.with_as_head"),
    ),
    (
        "joint-venture-with-partners-between",
        "建银国际控股则与中国航空工业集团旗下的中航投资和中航咨询合资成立了“天津裕丰基金管理公司”。",
        [
            ("建银国际控股", O),
            ("中国航空工业集团", O),
            ("中航投资", O),
            ("中航咨询", O),
            ("天津裕丰基金管理公司", O),
        ],
        None,
        ("建银国际控股", "founded", "天津裕丰基金管理公司", "", "founded.joint_venture_with"),
    ),
    (
        "player-is-the-teams-somebody",
        "达尼罗-加里纳利无疑是掘金队今天的取胜头号功臣。",
        [("达尼罗-加里纳利", P), ("掘金队", O)],
        None,
        ("达尼罗-加里纳利", "member_of", "掘金队", "", "member_of.is_team_s"),
    ),
    (
        "a-kind-of-forward-is-a-player",
        "湖人新秀前锋德里克-卡拉克特日前被警方逮捕。",
        [("湖人", O), ("新秀前锋", T), ("德里克-卡拉克特", P)],
        None,
        ("德里克-卡拉克特", "member_of", "湖人", "新秀前锋", "position.title_chain"),
    ),
    (
        "player-of-team-named-before",
        "仅次于金州勇士的达雷尔-莱特。",
        [("金州勇士", O), ("达雷尔-莱特", P)],
        None,
        ("达雷尔-莱特", "member_of", "金州勇士", "", "member_of.team_player"),
    ),
]


# A web page's link notes between an organisation and its title; a country's envoys
CASES += [
    (
        "link-note-between-org-and-title",
        "北京外国语大学（微博）原校长陈乃芳教授认为。",
        [("北京外国语大学", O), ("校长", T), ("陈乃芳", P), ("教授", T)],
        None,
        ("陈乃芳", "holds_position", "北京外国语大学", "校长", "position.title_chain"),
    ),
    (
        "envoy-of-a-country",
        "英国驻华大使欧威廉在致辞时说。",
        [("英国", L), ("大使", T), ("欧威廉", P)],
        None,
        ("欧威廉", "holds_position", "英国", "驻华大使", "position.title_chain"),
    ),
    (
        "envoy-to-a-named-country",
        "外交部副部长王光亚、中国驻马来西亚大使刘健等出席欢迎仪式。",
        [
            ("外交部", O),
            ("副部长", T),
            ("王光亚", P),
            ("中国", L),
            ("马来西亚", L),
            ("大使", T),
            ("刘健", P),
        ],
        None,
        ("刘健", "holds_position", "中国", "驻马来西亚大使", "position.title_chain"),
    ),
]


# A company's region before a title
CASES += [
    (
        "region-of-a-company-before-title",
        "耐克公司中国体育市场总监李彤已经结束了协助调查。",
        [("耐克公司", O), ("中国", L), ("总监", T), ("李彤", P)],
        None,
        ("李彤", "holds_position", "耐克公司", "中国体育市场总监", "position.title_chain"),
    ),
]


# A company's department read into its name goes to the title
CASES += [
    (
        "department-goes-to-the-title",
        "武汉诺贝尔瓷砖市场部相关负责人祝磊称。",
        [("武汉诺贝尔瓷砖市场部", O), ("负责人", T), ("祝磊", P)],
        None,
        ("祝磊", "holds_position", "武汉诺贝尔瓷砖", "市场部相关负责人", "position.title_chain"),
    ),
    (
        "department-with-its-grade",
        "中原地产三级市场部副总经理宫萍表示。",
        [("中原地产三级市场部", O), ("副总经理", T), ("宫萍", P)],
        None,
        ("宫萍", "holds_position", "中原地产", "三级市场部副总经理", "position.title_chain"),
    ),
    (
        "department-of-an-organisation-on-the-page",
        "中原地产发布报告。中原地产三级市场部副总经理宫萍表示。",
        [("中原地产", O), ("中原地产三级市场部", O), ("副总经理", T), ("宫萍", P)],
        None,
        ("宫萍", "holds_position", "中原地产", "三级市场部副总经理", "position.title_chain"),
    ),
]


# Names and posts paired in order (分别), and an election to a committee
CASES += [
    (
        "respectively-shared-title",
        "李克难、王俊锋分别任信达澳银、信诚基金总经理。",
        [("李克难", P), ("王俊锋", P), ("信达澳银", O), ("信诚基金", O), ("总经理", T)],
        None,
        ("王俊锋", "holds_position", "信诚基金", "总经理", "position.respectively"),
    ),
    (
        "respectively-own-titles",
        "张三、李四分别担任甲公司董事长、乙公司总经理。",
        [("张三", P), ("李四", P), ("甲公司", O), ("董事长", T), ("乙公司", O), ("总经理", T)],
        None,
        ("张三", "holds_position", "甲公司", "董事长", "position.respectively"),
    ),
    (
        "elected-committee-member",
        "李明当选北京青年联合会委员。",
        [("李明", P), ("北京青年联合会", O), ("委员", T)],
        None,
        ("李明", "member_of", "北京青年联合会", "委员", "position.appointed"),
    ),
]


# Linking read an organisation as the short name of its own unit: the name as written
CASES += [
    (
        "org-linked-into-its-unit-keeps-its-post",
        "方太集团总裁茅忠群曾表示。方太集团杭州分公司总经理表示。",
        [("方太集团", O), ("总裁", T), ("茅忠群", P), ("方太集团杭州分公司", O), ("总经理", T)],
        None,
        ("茅忠群", "holds_position", "方太集团", "总裁", "position.title_chain"),
    ),
    (
        "org-linked-into-its-unit-is-its-parent",
        "方太集团总裁茅忠群曾表示。方太集团杭州分公司总经理表示。",
        [("方太集团", O), ("总裁", T), ("茅忠群", P), ("方太集团杭州分公司", O), ("总经理", T)],
        None,
        ("方太集团杭州分公司", "part_of", "方太集团", "", "part_of.unit_name"),
    ),
]


FORMER = [
    (
        "former-after-link-note",
        "北京外国语大学（微博）原校长陈乃芳教授认为。",
        [("北京外国语大学", O), ("校长", T), ("陈乃芳", P), ("教授", T)],
        ("陈乃芳", "北京外国语大学", "校长", True),
    ),
    (
        "former-chairman",
        "国美电器前主席黄光裕说。",
        [("国美电器", O), ("主席", T), ("黄光裕", P)],
        ("黄光裕", "国美电器", "主席", True),
    ),
    (
        "former-unit-head",
        "央行金融稳定局原局长张新说。",
        [("央行金融稳定局", O), ("局长", T), ("张新", P)],
        ("张新", "央行金融稳定局", "局长", True),
    ),
    (
        "former-before-org",
        "原国家体育总局局长袁伟民说。",
        [("国家体育总局", O), ("局长", T), ("袁伟民", P)],
        ("袁伟民", "国家体育总局", "局长", True),
    ),
    (
        "current-and-former",
        "甲公司董事长、原总经理王某说。",
        [("甲公司", O), ("董事长", T), ("总经理", T), ("王某", P)],
        ("王某", "甲公司", "总经理", True),
    ),
    (
        "current-of-current-and-former",
        "甲公司董事长、原总经理王某说。",
        [("甲公司", O), ("董事长", T), ("总经理", T), ("王某", P)],
        ("王某", "甲公司", "董事长", False),
    ),
    ("now-is-not-former", "目前董事长王某说。", [("董事长", T), ("王某", P)], None),
    (
        "org-name-with-yuan-is-current",
        "中原银行行长王某说。",
        [("中原银行", O), ("行长", T), ("王某", P)],
        ("王某", "中原银行", "行长", False),
    ),
    (
        "left-is-former",
        "黄光裕辞去国美电器董事局主席一职。",
        [("黄光裕", P), ("国美电器", O), ("董事局主席", T)],
        ("黄光裕", "国美电器", "董事局主席", True),
    ),
    (
        "resume-former",
        "王某，男，曾任甲厂厂长，现任乙公司董事长。",
        [("王某", P), ("甲厂", O), ("厂长", T), ("乙公司", O), ("董事长", T)],
        ("王某", "甲厂", "厂长", True),
    ),
    (
        "resume-current",
        "王某，男，曾任甲厂厂长，现任乙公司董事长。",
        [("王某", P), ("甲厂", O), ("厂长", T), ("乙公司", O), ("董事长", T)],
        ("王某", "乙公司", "董事长", False),
    ),
    (
        "aside-former",
        "北京外国语大学（微博）原校长陈乃芳说。",
        [("北京外国语大学", O), ("校长", T), ("陈乃芳", P)],
        ("陈乃芳", "北京外国语大学", "校长", True),
    ),
    (
        "aside-current",
        "亿城集团（企业专区）董事长张丽萍说。",
        [("亿城集团", O), ("董事长", T), ("张丽萍", P)],
        ("张丽萍", "亿城集团", "董事长", False),
    ),
    (
        "appointed-is-current",
        "胡东良正式出任宝盈基金总经理。",
        [("胡东良", P), ("宝盈基金", O), ("总经理", T)],
        ("胡东良", "宝盈基金", "总经理", False),
    ),
]


@pytest.mark.parametrize("text,spec,expected", [c[1:] for c in FORMER], ids=[c[0] for c in FORMER])
def test_former_post_is_marked(text, spec, expected):
    doc = Document(id="t.txt", text=text, raw=text)
    dm = DocMentions(doc=doc, articles=split_articles(doc), mentions=_mentions(text, spec))
    linked = link([dm])
    name = {eid: e.name for eid, e in linked.entities.items()}
    found = {
        (name[r.head], name[r.tail], r.title, r.former)
        for r in extract_relations(dm, linked, strict=True)
        if r.relation == "holds_position"
    }
    if expected is None:
        assert not found
    else:
        assert expected in found


@pytest.mark.parametrize(
    "text,spec,home,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rule_finds_relation(text, spec, home, expected):
    assert expected in run_rules(text, spec, home=home)


def test_every_rule_has_a_case():
    tested = {c[-1][-1] for c in CASES} | {"reports.byline", "co_occurs.sentence"}
    assert {r.id for r in load_rules()} <= tested


def test_co_occurs_only_when_asked():
    text = "标题\n甲公司与乙公司在北京签约。"
    spec = [("甲公司", O), ("乙公司", O), ("北京", L)]
    assert not {r for r in run_rules(text, spec) if r[1] == "co_occurs"}
    found = {r[:3] for r in run_rules(text, spec, enabled={"co_occurs"}) if r[1] == "co_occurs"}
    assert found == {
        ("乙公司", "co_occurs", "甲公司"),
        ("北京", "co_occurs", "甲公司"),
        ("北京", "co_occurs", "乙公司"),
    }


# What each pattern group and special reference can hold, for the static type check below.
_SPECIAL = {
    "@article_event": {E},
    "@home_city": {L},
    "@recent_org": {O},
    "@employer": {O},
    "@subject": {O, L, "ARTICLE"},
    "@opening_person": {P},
    "@article": {"ARTICLE"},
}


def _ref_types(rule, ref: str) -> set[str]:
    if ref.startswith("@"):
        return _SPECIAL[ref.split(":", 1)[0]]
    types = set()
    for group in ref.split("|"):
        for labels, name in re.findall(r"\{([A-Z|]+)\+?:([\w|]+)\}", rule.params["pattern"]):
            if group in name.split("|"):
                types |= set(labels.split("|"))
    return types


def _rule_types(rule) -> tuple[set[str], set[str]]:
    """The node types a rule can put at the head and the tail of its edges."""
    p = rule.params
    if rule.kind == "pattern":
        heads = _ref_types(rule, p["head"])
        if p.get("head_is_subject"):
            heads |= _SPECIAL["@subject"]
        return heads, _ref_types(rule, p["tail"])
    if rule.kind == "cue":
        fallback = _SPECIAL[p["fallback"]] if p.get("fallback") else set()
        return set(p["subjects"]), set(p["objects"]) | fallback
    if rule.kind == "title_chain":
        return {P}, {O, L}
    if rule.kind == "byline":
        return {P}, {"ARTICLE"}
    if rule.kind == "unit_name":
        return {O}, {O}
    return set(), set()  # co_occurs: any


@pytest.mark.parametrize("rule", load_rules(), ids=lambda r: r.id)
def test_rule_types_fit_the_vocabulary(rule):
    """Every type a rule can put at either end is allowed for its relation in
    vocabulary.json; a relation it derives from a title (创始人: founded, 人大代表: member_of)
    fits at least some of them (the engine drops the rest, e.g. founded → a place)."""
    heads, tails = _rule_types(rule)
    spec = vocabulary()["relations"][rule.relation]
    assert not spec["head"] or heads <= set(spec["head"]), heads
    assert not spec["tail"] or tails <= set(spec["tail"]), tails
    derived = (
        set(rule.params.get("member_relation", "").split()) if rule.kind == "title_chain" else set()
    )
    if rule.kind == "title_chain" or rule.params.get("title_group"):
        derived |= set(rule.params["title_relations"].values())
    for relation in derived:
        spec = vocabulary()["relations"][relation]
        assert heads & set(spec["head"]) and tails & set(spec["tail"]), relation


def test_an_edge_breaking_the_vocabulary_is_dropped_or_fails(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(
        '[[rule]]\nid = "bad"\nkind = "pattern"\nrelation = "attends"\n'
        'pattern = "{PERSON:p}出席{ORG:o}"\nhead = "p"\ntail = "o"\n',
        encoding="utf-8",
    )
    text = "王某出席甲公司。"
    doc = Document(id="t.txt", text=text, raw=text)
    dm = DocMentions(doc, split_articles(doc), _mentions(text, [("王某", P), ("甲公司", O)]))
    rules = load_rules(path)
    assert extract_relations(dm, link([dm]), rules) == []
    with pytest.raises(RuleError, match="'bad' made PERSON:王某 attends ORG:甲公司"):
        extract_relations(dm, link([dm]), rules, strict=True)


NEGATIVE = [
    (
        "a-description-is-no-parent",
        "获得美国一所文理学院拉法耶特学院录取。",
        [("美国一所文理学院拉法耶特学院", O)],
        ("美国一所文理学院拉法耶特学院", "part_of"),
    ),
    (
        "a-person-between-holds-another-event",
        "出席对话会议的国务委员戴秉国同印度总理辛格8日在意大利拉奎拉举行集体会晤。",
        [
            ("对话会议", E),
            ("国务委员", T),
            ("戴秉国", P),
            ("印度", L),
            ("总理", T),
            ("辛格", P),
            ("意大利", L),
            ("拉奎拉", L),
        ],
        ("对话会议", "held_in"),
    ),
    (
        "a-forward-is-no-post",
        "湖人新秀前锋德里克-卡拉克特日前被警方逮捕。",
        [("湖人", O), ("新秀前锋", T), ("德里克-卡拉克特", P)],
        ("德里克-卡拉克特", "holds_position"),
    ),
    (
        "a-teams-rival-is-no-player",
        "科比是马刺的克星。",
        [("科比", P), ("马刺", O)],
        ("科比", "member_of"),
    ),
    (
        "a-companys-somebody-is-no-player",
        "马化腾是腾讯的灵魂人物。",
        [("马化腾", P), ("腾讯", O)],
        ("马化腾", "member_of"),
    ),
    (
        "respectively-counts-differ",
        "李克难、王俊锋分别任信达澳银总经理。",
        [("李克难", P), ("王俊锋", P), ("信达澳银", O), ("总经理", T)],
        ("李克难", "holds_position", "信达澳银"),
    ),
    (
        "respectively-not-crossed",
        "李克难、王俊锋分别任信达澳银、信诚基金总经理。",
        [("李克难", P), ("王俊锋", P), ("信达澳银", O), ("信诚基金", O), ("总经理", T)],
        ("李克难", "holds_position", "信诚基金"),
    ),
    (
        "a-ministry-is-no-department",
        "中国外交部副部长武大伟启程。",
        [("中国外交部", O), ("副部长", T), ("武大伟", P)],
        ("武大伟", "holds_position", "中国"),
    ),
    (
        "a-region-of-a-company-holds-no-post",
        "耐克公司中国体育市场总监李彤说。",
        [("耐克公司", O), ("中国", L), ("总监", T), ("李彤", P)],
        ("李彤", "holds_position", "中国"),
    ),
    (
        "two-regions-side-by-side",
        "和北美欧洲同行相比。",
        [("北美", L), ("欧洲", L)],
        ("欧洲", "located_in", "北美"),
    ),
    (
        "expected-to-attend-is-not-attending",
        "上海合作组织峰会明天开幕。梅德韦杰夫表示他期待着胡锦涛主席即将出席上海合作组织峰会。",
        [
            ("上海合作组织峰会", E),
            ("梅德韦杰夫", P),
            ("胡锦涛", P),
            ("主席", T),
            ("上海合作组织峰会", E),
        ],
        ("胡锦涛", "attends"),
    ),
    (
        "one-school-two-names-is-no-unit",
        "其中有欧洲管理学院-巴黎HEC商学院。",
        [("欧洲管理学院-巴黎HEC商学院", O)],
        ("欧洲管理学院-巴黎HEC商学院", "part_of"),
    ),
    (
        "envoy-is-not-the-host-countrys",
        "中国驻马来西亚大使刘健出席。",
        [("中国", L), ("马来西亚", L), ("大使", T), ("刘健", P)],
        ("刘健", "holds_position", "马来西亚"),
    ),
    (
        "only-a-team-has-players",
        "我很看好腾讯的马化腾。",
        [("腾讯", O), ("马化腾", P)],
        ("马化腾", "member_of"),
    ),
    (
        "a-player-with-a-title-is-the-title-chains",
        "湖人的主帅杰克逊说。",
        [("湖人", O), ("主帅", T), ("杰克逊", P)],
        ("杰克逊", "member_of"),
    ),
    (
        "department-is-no-unit",
        "武汉诺贝尔瓷砖市场部经理祝磊称。",
        [("武汉诺贝尔瓷砖", O), ("经理", T), ("祝磊", P)],
        ("武汉诺贝尔瓷砖市场部", "part_of"),
    ),
    (
        "a-company-is-no-unit-of-its-first-word",
        "中国石油天然气股份有限公司总裁周吉平说。",
        [("中国石油天然气股份有限公司", O), ("总裁", T), ("周吉平", P)],
        ("中国石油天然气股份有限公司", "part_of"),
    ),
    (
        "description-is-not-a-company",
        "蒋晓云在校期间就创办了一家和重金属治理有关的环保公司。",
        [("蒋晓云", P), ("环保公司", O)],
        ("蒋晓云", "founded"),
    ),
    (
        "affiliation-is-not-attendee",
        "商务部投资促进事务局局长刘民强等嘉宾应邀出席。",
        [("商务部投资促进事务局", O), ("局长", T), ("刘民强", P)],
        ("商务部投资促进事务局", "attends"),
    ),
    (
        "listening-is-not-speaking",
        "星河论坛举行。仲旭东认真听取发言。",
        [("星河论坛", E), ("仲旭东", P)],
        ("仲旭东", "speaks_at"),
    ),
    (
        "apposition-needs-title-at-clause-end",
        "王某，甲科技有限公司董事长李某说。",
        [("王某", P), ("甲科技有限公司", O), ("董事长", T), ("李某", P)],
        ("王某", "holds_position"),
    ),
    (
        "invested-in-is-not-investor",
        "新华都在云南白药上至少投入27亿元。",
        [("新华都", O), ("云南白药", O)],
        ("云南白药", "invests"),
    ),
    (
        "seller-is-not-buyer",
        "公司拟向成都传媒集团购买其持有的股权，作价3亿元。",
        [("成都", L), ("传媒集团", O)],
        ("传媒集团", "invests"),
    ),
    (
        "one-character-person",
        "哲与胡晖共同创立了海纳医信有限公司。",
        [("哲", P), ("胡晖", P), ("海纳医信有限公司", O)],
        ("哲", "founded"),
    ),
    (
        "opening-org-not-a-state-title",
        "新华社北京电，国家主席习近平会见外宾。",
        [("新华社", O), ("国家主席", T), ("习近平", P)],
        ("习近平", "holds_position"),
    ),
    (
        "subject-later-not-across-another-person",
        "张某说，李某现任甲科技有限公司董事长。",
        [("张某", P), ("李某", P), ("甲科技有限公司", O), ("董事长", T)],
        ("张某", "holds_position"),
    ),
    (
        "acquired-target-is-not-buyer",
        "公司拟1.11亿元收购浙江恒铝科技发展有限公司部分股权，同时，公司拟8578万元认购新增注册资本。",
        [("浙江恒铝科技发展有限公司", O)],
        ("浙江恒铝科技发展有限公司", "invests"),
    ),
    (
        "legal-form-is-no-unit",
        "金州控股集团有限公司董事长王某说。",
        [("金州控股集团有限公司", O), ("董事长", T), ("王某", P)],
        ("金州控股集团有限公司", "part_of"),
    ),
    (
        "word-cut-is-no-unit",
        "中国银行业协会会长王某说。",
        [("中国银行业协会", O), ("会长", T), ("王某", P)],
        ("中国银行业协会", "part_of"),
    ),
    (
        "list-of-a-post-title-shares-nothing",
        "公司董事长张三、李四出席。",
        [("公司", O), ("董事长", T), ("张三", P), ("李四", P)],
        ("李四", "holds_position"),
    ),
    (
        "attending-what-is-no-event",
        "东亚运动会开幕。崔世安宣布辞职，参加行政长官选举。",
        [("东亚运动会", E), ("崔世安", P)],
        ("崔世安", "attends"),
    ),
    (
        "the-announcer-does-not-attend",
        "外交和贸易部宣布，哈珀将出席八国集团峰会。",
        [("外交和贸易部", O), ("哈珀", P), ("八国集团峰会", E)],
        ("外交和贸易部", "attends"),
    ),
    (
        "the-dateline-reporter-does-not-attend",
        "新华社北京电（记者刘东凯）胡锦涛出席开幕式。",
        [("新华社", O), ("北京", L), ("刘东凯", P), ("胡锦涛", P), ("开幕式", E)],
        ("刘东凯", "attends"),
    ),
    (
        "attending-an-event-held-in-the-sentence",
        "上海金融论坛开幕。台湾证券交易所将在台北举行论坛，届时上海证券交易所将应邀出席。",
        [("上海金融论坛", E), ("台湾证券交易所", O), ("台北", L), ("上海证券交易所", O)],
        ("上海证券交易所", "attends"),
    ),
    (
        "a-project-amount-is-not-the-city's",
        "标题\n青岛市发布消息，项目总投资30亿元。",
        [("青岛市", L)],
        ("青岛市", "invests"),
    ),
    (
        "the-object-of-a-verb-does-not-invest",
        "格力电器又宣布参与闻泰科技定增，拟投资20亿元。",
        [("格力电器", O), ("闻泰科技", O)],
        ("闻泰科技", "invests"),
    ),
    (
        "output-of-another-clause-is-not-the-place's",
        "标题\n目前德化、泉州地区的陶瓷能耗成本仍高，比如德化陶瓷年产值70亿元。",
        [("德化", L), ("泉州", L)],
        ("泉州", "output_value"),
    ),
    (
        "whom-one-stands-for-does-not-attend",
        "代表国家主席胡锦涛出席对话会议的国务委员戴秉国同辛格会晤。",
        [
            ("国家主席", T),
            ("胡锦涛", P),
            ("对话会议", E),
            ("国务委员", T),
            ("戴秉国", P),
            ("辛格", P),
        ],
        ("胡锦涛", "attends"),
    ),
    (
        "the-welcomed-are-named-by-the-host",
        "首届百杰大会开幕。主持人邢晓利：欢迎大家来参加我们的大会。",
        [("首届百杰大会", E), ("主持人", T), ("邢晓利", P)],
        ("邢晓利", "attends"),
    ),
    (
        "the-invited-is-no-subject",
        "论坛开幕。陈冯富珍邀请王某出席论坛。",
        [("论坛", E), ("陈冯富珍", P), ("王某", P), ("论坛", E)],
        ("陈冯富珍", "attends"),
    ),
    (
        "leaders-of-organisations-attend-not-the-organisations",
        "出席晋衔仪式的还有解放军四总部、军委办公厅的领导等。",
        [("晋衔仪式", E), ("解放军四总部", O), ("军委办公厅", O)],
        ("解放军四总部", "attends"),
    ),
    (
        "hosting-an-event-the-sentence-names",
        "香港金像奖揭晓。2010年的春茗会由香港导演会会长陈嘉上主持，近百位导演出席。",
        [("香港金像奖", E), ("香港导演会", O), ("会长", T), ("陈嘉上", P)],
        ("陈嘉上", "hosts"),
    ),
    (
        "a-state-post-is-no-party-post",
        "中共中央总书记、国家主席胡锦涛说。",
        [("中共中央", O), ("总书记", T), ("国家主席", T), ("胡锦涛", P)],
        ("胡锦涛", "holds_position", "中共中央", "总书记、国家主席"),
    ),
    (
        "electronic-is-no-dateline",
        "华商基金力推电子对账单⊙本报记者 王文清日前说。",
        [("华商基金", O), ("王文清", P)],
        ("王文清", "works_for"),
    ),
    (
        "party-and-government-side-by-side",
        "这是北京市委市政府拍板定夺的。",
        [("北京市委市政府", O)],
        ("北京市委市政府", "part_of"),
    ),
    (
        "organisations-of-the-leaders-do-not-attend",
        "启动仪式举行。世博局、团市委等领导出席了启动仪式。",
        [("启动仪式", E), ("世博局", O), ("团市委", O), ("启动仪式", E)],
        ("世博局", "attends"),
    ),
    (
        "the-writer-does-not-attend",
        "世界卫生大会开幕。晨报特约撰稿人 李思愚在此次大会上，台湾首次获邀参加。",
        [("世界卫生大会", E), ("李思愚", P), ("台湾", L)],
        ("李思愚", "attends"),
    ),
    (
        "a-title-inside-two-words-is-none",
        "CPI、PPI不会长期下降。",
        [("PPI", O), ("会长", T), ("期下降", P)],
        ("期下降", "holds_position"),
    ),
    (
        "a-title-with-its-own-department-takes-no-organisation",
        "民建中央常务副主席马培华、交通运输部部长李盛霖出席。",
        [("民建中央", O), ("常务副主席", T), ("马培华", P), ("交通运输部部长", T), ("李盛霖", P)],
        ("李盛霖", "holds_position"),
    ),
    (
        "a-department-of-the-party-is-not-fused",
        "市委宣传部部长王某表示。",
        [("市委宣传部部长", T), ("王某", P)],
        ("王某", "holds_position", "市委宣传部"),
    ),
    (
        "a-department-named-after-a-region-is-no-organisation",
        "北美中心经理周于虹、西欧部经理梁某说。",
        [("北美中心", O), ("经理", T), ("周于虹", P), ("西欧部经理", T), ("梁某", P)],
        ("梁某", "holds_position", "西欧部"),
    ),
    (
        "aside-holding-a-name-is-no-org-aside",
        "甲集团（董事长张三）总经理李四说。",
        [("甲集团", O), ("董事长", T), ("张三", P), ("总经理", T), ("李四", P)],
        ("李四", "holds_position", "甲集团", "总经理"),
    ),
    (
        "description-after-two-people-is-not-the-first-title",
        "甲公司董事长张三、行业专家李四发言。",
        [("甲公司", O), ("董事长", T), ("张三", P), ("李四", P)],
        ("李四", "holds_position", "甲公司"),
    ),
    (
        "title-is-not-company-head",
        "甲协会的秘书长是乙局局长王某。",
        [("甲协会", O), ("秘书长", T), ("乙局", O), ("局长", T), ("王某", P)],
        ("王某", "holds_position", "甲协会"),
    ),
    (
        "co-founder-takes-no-post",
        "1998年，马化腾与张志东等人共同创办了腾讯公司，并担任董事会主席。",
        [("马化腾", P), ("张志东", P), ("腾讯公司", O), ("董事会主席", T)],
        ("张志东", "holds_position"),
    ),
    (
        "opening-company-past-another-company",
        "甲公司与乙公司在北京签约，董事长王某致辞。",
        [("甲公司", O), ("乙公司", O), ("北京", L), ("董事长", T), ("王某", P)],
        ("王某", "holds_position", "甲公司"),
    ),
    (
        "opening-company-and-a-city-post",
        "甲公司在北京投资建厂，市长王某出席。",
        [("甲公司", O), ("北京", L), ("市长", T), ("王某", P)],
        ("王某", "holds_position", "甲公司"),
    ),
    (
        "description-implying-a-second-person",
        "甲公司董事长、总经理和财务总监王某出席。",
        [("甲公司", O), ("董事长", T), ("总经理", T), ("财务总监", T), ("王某", P)],
        ("王某", "holds_position", "甲公司", "董事长"),
    ),
    (
        "two-parties-are-no-list-of-employers",
        "王某任甲公司与乙公司合资企业的董事长。",
        [("王某", P), ("甲公司", O), ("乙公司", O), ("董事长", T)],
        ("王某", "holds_position", "甲公司"),
    ),
    (
        "title-far-from-person",
        "董事长们都来了,王某宣布。",
        [("董事长", T), ("王某", P)],
        ("王某", "holds_position"),
    ),
]


@pytest.mark.parametrize(
    "text,spec,forbidden", [c[1:] for c in NEGATIVE], ids=[c[0] for c in NEGATIVE]
)
def test_rule_does_not_fire(text, spec, forbidden):
    # forbidden: (head, relation) or longer, (head, relation, tail, title)
    found = {r[: len(forbidden)] for r in run_rules(text, spec)}
    assert forbidden not in found


def test_byline_reports_article():
    text = "星河论坛举行\n■记者 胡佳英\n本报讯 昨天,星河论坛举行。"
    doc = Document(id="t.txt", text=text, raw=text)
    arts = split_articles(doc)
    mentions = [Mention(n, "PERSON", s, e, "byline") for a in arts for _, n, s, e in a.bylines]
    dm = DocMentions(doc=doc, articles=arts, mentions=mentions)
    linked = link([dm])
    rels = extract_relations(dm, linked)
    assert [(r.relation, r.label, r.rule) for r in rels] == [("reports", "记者", "reports.byline")]
    assert linked.entities[rels[0].tail].type == "ARTICLE"


def test_every_relation_carries_evidence():
    text = "市委书记仲旭东主持召开民营企业座谈会。"
    doc = Document(id="d1", text=text, raw=text)
    spec = [("市委书记", T), ("仲旭东", P), ("民营企业座谈会", E)]
    dm = DocMentions(doc=doc, articles=split_articles(doc), mentions=_mentions(text, spec))
    (rel,) = extract_relations(dm, link([dm]))
    assert (rel.sentence, rel.doc, text[rel.start : rel.end]) == (text, "d1", text)
    assert 0 < rel.confidence <= 1


@pytest.mark.parametrize(
    "toml,message",
    [
        ("", "no rules"),
        ('[[rule]]\nkind = "cue"\nrelation = "attends"\ncue = "x"', "has no id"),
        ('[[rule]]\nid = "a"\nkind = "magic"\nrelation = "attends"', "unknown kind"),
        ('[[rule]]\nid = "a"\nkind = "cue"\nrelation = "likes"\ncue = "x"', "unknown relation"),
        (
            '[[rule]]\nid = "a"\nkind = "pattern"\nrelation = "attends"\npattern = "{ORG:x}"\n'
            'head = "y"\ntail = "x"',
            "is not a group",
        ),
        (
            '[[rule]]\nid = "a"\nkind = "pattern"\nrelation = "attends"\npattern = "({ORG:x}"\n'
            'head = "x"\ntail = "x"',
            "bad pattern",
        ),
        (
            '[[rule]]\nid = "a"\nkind = "byline"\nrelation = "reports"\n[[rule]]\nid = "a"\n'
            'kind = "byline"\nrelation = "reports"',
            "duplicate rule id",
        ),
        (
            '[[rule]]\nid = "a"\nkind = "pattern"\nrelation = "invests"\n'
            'pattern = "{ORG:o1}|{MONEY:a1}"\nhead = "o1|o2"\ntail = "a1"',
            "is not a group",
        ),
        (
            '[[rule]]\nid = "a"\nkind = "cue"\nrelation = "attends"\ncue = "x"\n'
            'fallback_after = "("',
            "bad fallback_after",
        ),
        (
            '[[rule]]\nid = "a"\nkind = "pattern"\nrelation = "holds_position"\n'
            'pattern = "{ORG:x}{PERSON:y}"\nhead = "y"\ntail = "x"\ntitle_filter = "(董事长"',
            "bad title_filter",
        ),
    ],
)
def test_bad_rules_file(tmp_path, toml, message):
    path = tmp_path / "rules.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        load_rules(path)


def test_pattern_macros_match_tokens():
    rx = compile_pattern("{PERSON+:who}出席")
    tagged = "\ue000PERSON0\ue001、\ue000PERSON1\ue001出席"
    assert rx.search(tagged).group("who") == tagged[: -len("出席")]


def test_evidence_reaches_back_to_the_sentence_naming_the_event():
    text = "标题\n星河论坛昨天举行。仲旭东出席活动。"
    doc = Document(id="t.txt", text=text, raw=text)
    spec = [("星河论坛", E), ("仲旭东", P)]
    dm = DocMentions(doc=doc, articles=split_articles(doc), mentions=_mentions(text, spec))
    (rel,) = [r for r in extract_relations(dm, link([dm])) if r.relation == "attends"]
    assert rel.sentence == "星河论坛昨天举行。仲旭东出席活动。" == text[rel.start : rel.end]
