"""Entity merging: aliases, abbreviations, places with and without 市, the home city."""

from __future__ import annotations

import pytest

from kg.link import DocMentions, home_name, infer_home_city, link
from kg.link.aliases import abbreviations, is_abbreviation, place_key
from kg.ner.places import city_name
from kg.types import Document, Mention


def _dm(doc_id: str, text: str, spec, home=None) -> DocMentions:
    mentions, pos = [], {}
    for surface, label in spec:
        start = text.find(surface, pos.get(surface, 0))
        assert start >= 0, surface
        pos[surface] = start + len(surface)
        mentions.append(Mention(surface, label, start, start + len(surface)))
    doc = Document(id=doc_id, text=text, raw=text)
    return DocMentions(doc=doc, articles=[], mentions=mentions, home_city=home)


def _names(linked):
    return {e.name: e for e in linked.entities.values()}


def test_short_company_name_merges_with_full_name_in_same_document():
    dm = _dm(
        "a",
        "是石科技(平湖)有限公司很快。是石科技董事长闫博文说。",
        [("是石科技(平湖)有限公司", "ORG"), ("是石科技", "ORG")],
    )
    ents = _names(link([dm]))
    assert set(ents) == {"是石科技(平湖)有限公司"}
    assert ents["是石科技(平湖)有限公司"].aliases == {"是石科技"}


def test_team_with_and_without_dui_is_one_node():
    dm = _dm("a", "火箭队主场。火箭赢了。", [("火箭队", "ORG"), ("火箭", "ORG")])
    ents = _names(link([dm]))
    assert set(ents) == {"火箭队"} and ents["火箭队"].aliases == {"火箭"}


def test_entities_carry_evidence_and_confidence():
    from kg.ner.confidence import confidence_of

    text = "周军波致辞。周军波说。"
    first = Mention("周军波", "PERSON", 0, 3, "kg", {"evidence": "model"})
    again = Mention("周军波", "PERSON", 6, 9, "rules", {"evidence": "rules"})
    doc = Document(id="a", text=text, raw=text)
    ent = _names(link([DocMentions(doc=doc, articles=[], mentions=[first, again])]))["周军波"]
    assert ent.attrs["evidence"] == "model+rules"
    assert ent.attrs["confidence"] == confidence_of("PERSON", "model+rules", again=True)


def test_short_company_name_merges_across_documents_when_unambiguous():
    a = _dm("a", "是石科技(平湖)有限公司。", [("是石科技(平湖)有限公司", "ORG")])
    b = _dm("b", "是石科技发布新品。", [("是石科技", "ORG")])
    ents = _names(link([a, b]))
    assert set(ents) == {"是石科技(平湖)有限公司"}
    assert ents["是石科技(平湖)有限公司"].docs == {"a", "b"}


def test_abbreviation_merges_with_full_form():
    dm = _dm(
        "a",
        "落户平湖经济技术开发区。平湖经开已集聚企业。",
        [("平湖经济技术开发区", "ORG"), ("平湖经开", "ORG")],
    )
    assert set(_names(link([dm]))) == {"平湖经济技术开发区"}


@pytest.mark.parametrize(
    "short,full,expected",
    [
        ("平湖经开", "平湖经济技术开发区", True),
        ("平湖经开区", "平湖经济技术开发区", True),
        ("平湖", "平湖市妇幼保健院", False),
        ("湖经开发", "平湖经济技术开发区", False),
        ("平湖经济技术开发区", "平湖经济技术开发区", False),
    ],
)
def test_is_abbreviation(short, full, expected):
    assert is_abbreviation(short, full) is expected


def test_abbreviations_from_data():
    assert "平湖经开" in abbreviations("平湖经济技术开发区")


@pytest.mark.parametrize("name,key", [("平湖市", "平湖"), ("平湖", "平湖"), ("沪市", "沪市")])
def test_place_key(name, key):
    assert place_key(name) == key


def test_place_with_and_without_suffix_is_one_node():
    dm = _dm("a", "平湖是好地方。平湖市妇幼保健院在平湖市。", [("平湖", "LOC"), ("平湖市", "LOC")])
    ents = _names(link([dm]))
    assert set(ents) == {"平湖市"} and ents["平湖市"].aliases == {"平湖"}


def test_home_city_is_inferred_and_takes_bare_city_words():
    text = "本报讯 平湖发展快。平湖人多。我市召开会议。平湖市妇幼保健院。"
    dm = _dm("a", text, [("平湖", "LOC"), ("平湖", "LOC"), ("平湖市", "LOC")])
    assert infer_home_city(dm.doc, dm.mentions) == "平湖市"
    dm.home_city = "平湖市"
    linked = link([dm])
    assert linked.home["a"] == "LOC:平湖市"
    assert "我市" in linked.entities["LOC:平湖市"].aliases


@pytest.mark.parametrize(
    "before,place,after,why",
    [
        ("", "平湖", "我市召开会议。", "not a local paper: no 本报讯"),
        ("本报讯 ", "平湖", "平湖市场大。", "市 of 市场 is not 我市"),
        ("本报讯 ", "中国", "我市召开会议。", "a country is no city"),
        ("本报讯 ", "台湾", "我市召开会议。", "a province is no city"),
        ("本报讯 ", "尼康", "我市召开会议。", "a company is no city"),
        ("本报讯 ", "嘉善", "我市召开会议。", "嘉善 is a county"),
    ],
)
def test_no_invented_home_city(before, place, after, why):
    text = f"{before}{place}发展快。{place}人多。{place}好。{after}"
    dm = _dm("a", text, [(place, "LOC")] * 3)
    assert infer_home_city(dm.doc, dm.mentions) is None, why


@pytest.mark.parametrize(
    "name,city", [("平湖", "平湖市"), ("嘉兴市", "嘉兴市"), ("北京", "北京市"), ("嘉善", None)]
)
def test_real_cities(name, city):
    assert city_name(name) == city


def test_no_home_city_without_city_words():
    dm = _dm("a", "杭州发展快。杭州人多。杭州好。", [("杭州", "LOC")] * 3)
    assert infer_home_city(dm.doc, dm.mentions) is None


def test_home_city_given_overrides_and_prefixes_city_organisations():
    dm = _dm("a", "市总工会召开会议。", [("市总工会", "ORG")])
    linked = link([dm], home_city="平湖")
    assert "ORG:平湖市总工会" in linked.entities
    assert linked.entities["ORG:平湖市总工会"].aliases == {"市总工会"}
    assert linked.home["a"] == "LOC:平湖市"


@pytest.mark.parametrize(
    "given,name", [("平湖", "平湖市"), ("平湖市", "平湖市"), ("嘉善县", "嘉善县")]
)
def test_home_name(given, name):
    assert home_name(given) == name


def test_shorter_event_name_merges_with_the_containing_event():
    text = (
        "2025中日机器人产业合作对接会举行。"
        "2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会举行。"
    )
    dm = _dm(
        "a",
        text,
        [
            ("2025中日机器人产业合作对接会", "EVENT"),
            ("2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会", "EVENT"),
        ],
    )
    assert set(_names(link([dm]))) == {"2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会"}


def test_event_names_differing_by_year_and_quotes_merge():
    text = "“民生大优享”推进会召开。我市召开2025年“民生大优享”推进会。"
    dm = _dm("a", text, [("“民生大优享”推进会", "EVENT"), ("2025年“民生大优享”推进会", "EVENT")])
    assert len(link([dm]).entities) == 1


def test_events_of_different_years_stay_apart():
    a = _dm("a", "2008年香港金像奖颁奖。", [("2008年香港金像奖", "EVENT")])
    b = _dm("b", "2007年香港金像奖颁奖。", [("2007年香港金像奖", "EVENT")])
    assert set(_names(link([a, b]))) == {"2008年香港金像奖", "2007年香港金像奖"}


def test_a_short_event_name_joins_the_event_the_dated_ones_contain():
    text = "香港金像奖风向标。2008年香港金像奖、2007年香港金像奖都有。金像奖很重要。"
    spec = [("香港金像奖", "EVENT"), ("2008年香港金像奖", "EVENT"), ("2007年香港金像奖", "EVENT")]
    dm = _dm("a", text, spec)
    start = text.index("。金像奖") + 1
    dm.mentions.append(Mention("金像奖", "EVENT", start, start + 3))
    assert _names(link([dm]))["香港金像奖"].aliases == {"金像奖"}


def test_a_short_event_name_of_two_unrelated_events_joins_neither():
    text = "华盛顿峰会和伦敦峰会之后，峰会成果要落实。"
    dm = _dm("a", text, [("华盛顿峰会", "EVENT"), ("伦敦峰会", "EVENT")])
    start = text.index("，峰会") + 1
    dm.mentions.append(Mention("峰会", "EVENT", start, start + 2))
    assert "峰会" in _names(link([dm]))


def test_an_abbreviated_event_joins_the_event_it_abbreviates():
    text = "中央军委举行晋升上将军衔仪式。晋衔仪式在国歌声中开始。"
    dm = _dm("a", text, [("晋升上将军衔仪式", "EVENT"), ("晋衔仪式", "EVENT")])
    assert _names(link([dm]))["晋升上将军衔仪式"].aliases == {"晋衔仪式"}


def test_a_known_short_form_is_its_organisation():
    a = _dm("a", "央行行长周小川表示。", [("央行", "ORG")])
    b = _dm("b", "中国人民银行发布公告。", [("中国人民银行", "ORG")])
    names = _names(link([a, b]))
    assert set(names) == {"中国人民银行"} and names["中国人民银行"].aliases == {"央行"}


def test_a_known_short_form_alone_names_its_node():
    dm = _dm("a", "此前，工商银行与江西省政府牵头组建。", [("工商银行", "ORG")])
    assert set(_names(link([dm]))) == {"工商银行"}


def test_two_known_organisations_stay_apart():
    text = "工行、建行、中行全面上线。"
    dm = _dm("a", text, [("工行", "ORG"), ("建行", "ORG"), ("中行", "ORG")])
    assert set(_names(link([dm]))) == {"工行", "建行", "中行"}


def test_same_person_name_in_two_documents_is_one_node():
    a = _dm("a", "周军波致辞。", [("周军波", "PERSON")])
    b = _dm("b", "周军波调研。", [("周军波", "PERSON")])
    ents = _names(link([a, b]))
    assert ents["周军波"].docs == {"a", "b"} and len(ents["周军波"].mentions) == 2


def _wang(doc_id: str, org: str, title: str = "董事长") -> DocMentions:
    text = f"{org}{title}王强出席。"
    return _dm(doc_id, text, [(org, "ORG"), (title, "TITLE"), ("王强", "PERSON")])


def test_namesakes_in_conflicting_organisations_are_kept_apart():
    linked = link([_wang("a", "甲科技有限公司"), _wang("b", "乙银行", "行长")])
    assert {"PERSON:王强", "PERSON:王强#2"} <= set(linked.entities)
    first, second = linked.entities["PERSON:王强"], linked.entities["PERSON:王强#2"]
    assert first.name == second.name == "王强"
    assert (first.docs, second.docs) == ({"a"}, {"b"})
    assert "乙银行" in first.attrs["disambiguation"]
    assert "甲科技有限公司" in second.attrs["disambiguation"]


def test_namesake_ids_are_stable_in_document_order():
    docs = [
        _wang("a", "甲科技有限公司"),
        _wang("b", "乙银行", "行长"),
        _wang("c", "丙大学", "校长"),
    ]
    linked = link(docs)
    ids = {
        d.doc.id: linked.by_mention[(d.doc.id, d.mentions[-1].start, d.mentions[-1].end)]
        for d in docs
    }
    assert ids == {"a": "PERSON:王强", "b": "PERSON:王强#2", "c": "PERSON:王强#3"}


def test_same_person_in_same_organisation_under_its_short_name_is_one_node():
    a = _wang("a", "是石科技(平湖)有限公司")
    b = _dm(
        "b",
        "是石科技总经理王强说。是石科技(平湖)有限公司很好。",
        [
            ("是石科技", "ORG"),
            ("总经理", "TITLE"),
            ("王强", "PERSON"),
            ("是石科技(平湖)有限公司", "ORG"),
        ],
    )
    ents = _names(link([a, b]))
    assert ents["王强"].docs == {"a", "b"}
    assert "disambiguation" not in ents["王强"].attrs


def test_person_without_organisation_stays_with_the_first_namesake():
    c = _dm("c", "王强说。", [("王强", "PERSON")])
    linked = link([_wang("a", "甲科技有限公司"), _wang("b", "乙银行", "行长"), c])
    assert linked.entities["PERSON:王强"].docs == {"a", "c"}
    assert "no organisation" in linked.entities["PERSON:王强"].attrs["disambiguation"]


def test_short_name_with_two_possible_full_names_is_not_merged():
    a = _dm("a", "星河科技(平湖)有限公司。", [("星河科技(平湖)有限公司", "ORG")])
    b = _dm("b", "星河科技(嘉兴)有限公司。", [("星河科技(嘉兴)有限公司", "ORG")])
    c = _dm("c", "星河科技发布新品。", [("星河科技", "ORG")])
    assert set(_names(link([a, b, c]))) == {
        "星河科技(平湖)有限公司",
        "星河科技(嘉兴)有限公司",
        "星河科技",
    }


def test_merged_node_keeps_every_alias():
    a = _dm(
        "a",
        "平湖经济技术开发区。平湖经开。平湖经开区。",
        [("平湖经济技术开发区", "ORG"), ("平湖经开", "ORG"), ("平湖经开区", "ORG")],
    )
    assert _names(link([a]))["平湖经济技术开发区"].aliases == {"平湖经开", "平湖经开区"}


@pytest.mark.parametrize(
    "text,full,short",
    [
        (
            "浙江省能源集团有限公司（浙能集团）董事长童亚辉说。",
            "浙江省能源集团有限公司",
            "浙能集团",
        ),
        ("中植资本管理有限公司（简称“中植资本”）出资。", "中植资本管理有限公司", "中植资本"),
        ("甲乙科技有限公司（以下简称甲乙科技）公告。", "甲乙科技有限公司", "甲乙科技"),
    ],
)
def test_short_name_declared_in_brackets_merges(text, full, short):
    dm = _dm("a", text, [(full, "ORG")])
    start = text.index(short, len(full))  # the short name in the brackets, not in the full one
    dm.mentions.append(Mention(short, "ORG", start, start + len(short)))
    assert _names(link([dm]))[full].aliases == {short}


def test_a_parent_organisation_is_not_a_short_name_of_its_unit():
    text = "方太集团杭州分公司总经理表示，方太集团的高端品牌。"
    dm = _dm("a", text, [("方太集团杭州分公司", "ORG"), ("方太集团", "ORG")])
    dm.mentions[1] = Mention("方太集团", "ORG", text.index("，方太") + 1, text.index("，方太") + 5)
    assert set(_names(link([dm]))) == {"方太集团杭州分公司", "方太集团"}


def test_bracketed_place_is_not_a_short_name():
    dm = _dm("a", "甲科技有限公司（杭州）研发中心。", [("甲科技有限公司", "ORG"), ("杭州", "LOC")])
    assert set(_names(link([dm]))) == {"甲科技有限公司", "杭州"}


@pytest.mark.parametrize(
    "text,spec,merged",
    [
        ("中国证监会表示，证监会将检查。", [("中国证监会", "ORG"), ("证监会", "ORG")], True),
        ("纽约尼克斯队获胜，尼克斯主场。", [("纽约尼克斯队", "ORG"), ("尼克斯", "ORG")], True),
        ("洛杉矶湖人队获胜，湖人队主场。", [("洛杉矶湖人队", "ORG"), ("湖人队", "ORG")], True),
        # 银行 is no place: 中国银行 and 银行 stay apart
        ("中国银行说，工商银行也说。", [("中国银行", "ORG"), ("工商银行", "ORG")], False),
    ],
)
def test_place_prefixed_organisations_merge(text, spec, merged):
    ents = _names(link([_dm("a", text, spec)]))
    assert (len(ents) == 1) is merged


def test_part_of_a_transliterated_name_is_that_person():
    text = "拉玛尔-奥多姆得分。奥多姆恼羞成怒。"
    ents = _names(link([_dm("a", text, [("拉玛尔-奥多姆", "PERSON"), ("奥多姆", "PERSON")])]))
    assert list(ents) == ["拉玛尔-奥多姆"] and ents["拉玛尔-奥多姆"].aliases == {"奥多姆"}


def test_merging_does_not_depend_on_the_order_of_unions():
    spec = [("中国证监会", "ORG"), ("证监会", "ORG"), ("中国证监会", "ORG")]
    text = "中国证监会表示，证监会将检查，中国证监会说。"
    first = sorted(link([_dm("a", text, spec)]).entities)
    second = sorted(link([_dm("a", text, list(reversed(spec)))]).entities)
    assert first == second == ["ORG:中国证监会"]
