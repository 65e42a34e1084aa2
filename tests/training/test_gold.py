"""kg evaluate: gold files read and checked, a build scored against them, a floor on the dev set."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.training.gold import Article, Report, load_gold, score_article

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "dev" / "thucnews"
CORPORA = Path(os.environ.get("KG_CORPORA", ROOT.parent / "shared" / "corpora"))
HAS_CORPORA = (CORPORA / "thucnews_sample" / "cnews.val.txt").is_file()

TEXT = "市委书记仲旭东主持召开民营企业座谈会。商务部部长王某出席。"
GOLD = {
    "text": TEXT,
    "entities": [
        {"name": "仲旭东", "type": "PERSON", "aliases": []},
        {"name": "王某", "type": "PERSON", "aliases": []},
        {"name": "商务部", "type": "ORG", "aliases": []},
        {"name": "民营企业座谈会", "type": "EVENT", "aliases": []},
    ],
    "relations": [
        {"head": "仲旭东", "relation": "hosts", "tail": "民营企业座谈会"},
        {"head": "王某", "relation": "holds_position", "tail": "商务部", "title": "部长"},
        {"head": "王某", "relation": "attends", "tail": "民营企业座谈会"},
    ],
    "ignore": ["平湖"],
}


def _node(G, type_, name, aliases="", mentions=1):
    G.add_node(f"{type_}:{name}", label=name, type=type_, aliases=aliases, mentions=mentions)
    return f"{type_}:{name}"


def _article(**changes) -> Article:
    data = {**GOLD, **changes}
    return Article("a", data["text"], "", data["entities"], data["relations"], set(data["ignore"]))


def test_score_counts_hits_misses_splits_and_ignored():
    G = nx.MultiDiGraph()
    p = _node(G, "PERSON", "仲旭东", mentions=2)
    split = _node(G, "PERSON", "仲旭东#2")  # a second node can't take an entity twice
    G.nodes[split]["label"] = "仲旭东"
    e = _node(G, "EVENT", "民营企业座谈会")
    _node(G, "LOC", "平湖")  # ignored
    _node(G, "ORG", "召开民营企业")  # a false hit
    G.add_edge(p, e, relation="hosts")
    report = Report()
    score_article(G, _article(), report)
    assert (report.found["PERSON"], report.predicted["PERSON"], report.gold["PERSON"]) == (1, 2, 2)
    assert report.precision(["ORG"]) == 0 and report.recall(["EVENT"]) == 1
    assert ("a", "PERSON", "仲旭东 (split)") in report.false_hits
    assert ("a", "PERSON", "王某") in report.misses
    assert (report.found["hosts"], report.gold["holds_position"]) == (1, 1)
    assert report.to_dict()["relations"]["recall"] == round(1 / 3, 4)


def test_places_match_with_or_without_their_suffix():
    G = nx.MultiDiGraph()
    _node(G, "LOC", "北京市")
    report = Report()
    score_article(G, _article(entities=[{"name": "北京", "type": "LOC"}], relations=[]), report)
    assert report.found["LOC"] == 1


def test_gold_file_naming_a_source_needs_the_corpora(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_CORPORA", raising=False)
    path = tmp_path / "0001.json"
    path.write_text(
        json.dumps({"source": "x.txt", "line": 1, "sha1": "0", "entities": [], "relations": []}),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="pass --corpora DIR or set KG_CORPORA"):
        load_gold(path)
    (tmp_path / "x.txt").write_text("类别\t别的文字\n", encoding="utf-8")
    with pytest.raises(InputError, match="is not the annotated text"):
        load_gold(path, tmp_path)
    good = hashlib.sha1("别的文字".encode()).hexdigest()
    path.write_text(path.read_text(encoding="utf-8").replace('"0"', f'"{good}"'), "utf-8")
    assert load_gold(path, tmp_path)[0].text == "别的文字"


@pytest.mark.parametrize(
    "content,message",
    [("{not json", "not a readable JSON gold file"), ('{"entities": {}}', "must be a list")],
)
def test_bad_gold_files(tmp_path, content, message):
    (tmp_path / "g.json").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_gold(tmp_path / "g.json")


def test_evaluate_cli_errors_are_one_line(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"Error: no gold files (*.json) in {tmp_path}"


@pytest.mark.slow
def test_evaluate_cli_scores_a_build(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "a.json"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output[result.output.index("{") :])
    assert scores["articles"] == 1
    assert scores["by_key"]["PERSON"]["recall"] == 1.0
    assert scores["by_key"]["hosts"]["recall"] == 1.0


def test_dev_set_files_are_well_formed():
    files = sorted(DEV.glob("*.json"))
    assert len(files) >= 40
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = {e["name"] for e in data["entities"]}
        assert {e["type"] for e in data["entities"]} <= {"PERSON", "ORG", "LOC", "EVENT"}, path
        for r in data["relations"]:
            assert r["head"] in names, (path, r)
            amount = r["relation"] in ("invests", "revenue", "output_value", "reports")
            assert r["tail"] in names or amount, (path, r)


#: Dev-set floors, a little under the figures measured when they were set (README): a change
#: that makes kg worse on the dev set fails here. Raise them as quality improves.
FLOORS = {"entities": (0.84, 0.84), "relations": (0.93, 0.68)}
#: the same for single relations and entity types (report["by_key"]); the types' after issue
#: 9's gazetteer, known organisations and event work
KEY_FLOORS = {
    "holds_position": (0.90, 0.85),
    "PERSON": (0.88, 0.95),
    "ORG": (0.82, 0.82),
    "LOC": (0.80, 0.76),
    "EVENT": (0.90, 0.74),
}


@pytest.mark.slow
@pytest.mark.skipif(not HAS_CORPORA, reason=f"the THUCNews sample is not in {CORPORA}")
def test_dev_set_quality_floor():
    from kg.training.gold import evaluate

    report = evaluate(load_gold(DEV, CORPORA)).to_dict()
    for key, (precision, recall) in FLOORS.items():
        assert report[key]["precision"] >= precision, (key, report[key])
        assert report[key]["recall"] >= recall, (key, report[key])
    for key, (precision, recall) in KEY_FLOORS.items():
        row = report["by_key"][key]
        assert row["precision"] >= precision and row["recall"] >= recall, (key, row)
