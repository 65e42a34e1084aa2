"""``kg path``, ``kg neighbors``, ``kg show`` run in-process with exact output and exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import graphml

MEETING = "2025中日机器人产业合作对接会暨平湖人工智能产业发展对接会"
S1 = "商务部投资促进事务局局长刘民强、日本驻上海总领事馆经济领事梶原敬等嘉宾应邀出席。"
COMMANDS = ["path", "neighbors", "show"]


@pytest.fixture
def graph_file(sample_graph, tmp_path):
    path = tmp_path / "graph.graphml"
    graphml.write(sample_graph, path)
    return str(path)


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_path(graph_file):
    result = run("path", "刘民强", "周军波", "-g", graph_file)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"刘民强 —出席→ {MEETING} ←致辞— 周军波\n"
        f"  出席: {S1} (seed.txt:100-140, rule test)\n"
        "  致辞: 市委副书记、市长周军波致辞。 (seed.txt:300-314, rule test)\n"
    )


def test_several_paths_are_separated_by_a_blank_line(sample_graph, tmp_path):
    sample_graph.add_edge(
        "PERSON:刘民强",
        "LOC:平湖市",
        relation="attends",
        label="到访",
        title="",
        sentence="刘民强到访平湖。",
        doc="b.txt",
        start=0,
        end=8,
        rule="r2",
        confidence=0.5,
    )
    graphml.write(sample_graph, tmp_path / "graph.graphml")
    result = run("path", "刘民强", "周军波", "-g", str(tmp_path), "--limit", "5")
    assert result.exit_code == 0
    chains = [block.splitlines()[0] for block in result.output.split("\n\n")]
    assert chains == [
        f"刘民强 —出席→ {MEETING} ←致辞— 周军波",
        "刘民强 —到访→ 平湖市 ←市长— 周军波",
    ]
    result = run("path", "刘民强", "周军波", "-g", str(tmp_path), "--limit", "1")
    assert "\n\n" not in result.output


def test_path_against_edge_direction(graph_file):
    result = run("path", "周军波", "是石科技", "-g", graph_file, "--max-hops", "3")
    assert result.output.splitlines()[0] == "周军波 —市长→ 平湖市 ←落户— 是石科技(平湖)有限公司"


def test_path_accepts_a_build_folder(graph_file, tmp_path):
    assert run("path", "刘民强", "周军波", "-g", str(tmp_path)).exit_code == 0


def test_no_path_within_max_hops(graph_file):
    result = run("path", "闫博文", "周军波", "-g", graph_file, "--max-hops", "2")
    assert result.exit_code == 1
    assert result.output == "Error: no path between 闫博文 and 周军波 within 2 hops\n"


def test_neighbors(graph_file):
    result = run("neighbors", "周军波", "-g", graph_file)
    assert result.exit_code == 0
    assert result.output == (
        "周军波 —市长→ 平湖市\n"
        "  市委副书记、市长周军波致辞。 (seed.txt:300-314, rule test) [市委副书记、市长]\n"
        f"周军波 —致辞→ {MEETING}\n"
        "  市委副书记、市长周军波致辞。 (seed.txt:300-314, rule test)\n"
    )


def test_neighbors_by_relation_and_direction(graph_file):
    result = run("neighbors", "是石科技", "-g", graph_file, "-r", "located_in")
    assert result.output.splitlines() == [
        "是石科技(平湖)有限公司 —落户→ 平湖市",
        "  去年企业将总部落户至我市市创园。 (seed.txt:850-866, rule test)",
    ]
    result = run("neighbors", "是石科技", "-g", graph_file, "--direction", "out", "-r", "works_for")
    assert (result.exit_code, result.output) == (
        0,
        "是石科技(平湖)有限公司: no relations (works_for)\n",
    )


def test_show(graph_file):
    result = run("show", "周军波", "-g", graph_file)
    assert result.exit_code == 0
    assert result.output == (
        "周军波 (PERSON 人物)\n"
        "  id: PERSON:周军波\n"
        "  aliases: -\n"
        "  mentions: 4 in 1 doc(s)\n"
        "Relations (2):\n"
        "  holds_position 任职\n"
        "    周军波 —市长→ 平湖市\n"
        "      市委副书记、市长周军波致辞。 (seed.txt:300-314, rule test) [市委副书记、市长]\n"
        "  speaks_at 致辞\n"
        f"    周军波 —致辞→ {MEETING}\n"
        "      市委副书记、市长周军波致辞。 (seed.txt:300-314, rule test)\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["show", "周军"],
        ["neighbors", "周军"],
        ["path", "刘民强", "周军"],
        ["path", "周军", "刘民强"],
    ],
)
def test_unknown_name_suggests(graph_file, args):
    result = run(*args, "-g", graph_file)
    assert result.exit_code == 1
    assert result.output == "Error: no entity named '周军' in the graph; did you mean: 周军波?\n"


def test_unknown_name_without_suggestions(graph_file):
    result = run("show", "张三", "-g", graph_file)
    assert (result.exit_code, result.output) == (1, "Error: no entity named '张三' in the graph\n")


def test_unknown_relation_lists_known_ones(graph_file):
    result = run("neighbors", "周军波", "-g", graph_file, "-r", "boss_of")
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown relation 'boss_of'; known: attends, co_occurs,")
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("args", [["show", "周军波"], ["neighbors", "周军波"], ["path", "a", "b"]])
def test_missing_graph_file(tmp_path, args):
    missing = tmp_path / "nope.graphml"
    result = run(*args, "-g", str(missing))
    assert result.exit_code == 1
    assert result.output == f"Error: graph file not found: {missing}\n"
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit


def test_default_graph_is_out_graph_graphml(sample_graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("show", "周军波").output == "Error: graph file not found: out/graph.graphml\n"
    graphml.write(sample_graph, tmp_path / "out" / "graph.graphml")
    assert run("show", "周军波").exit_code == 0


def test_invalid_graph_file(tmp_path):
    bad = tmp_path / "bad.graphml"
    bad.write_text("not xml", encoding="utf-8")
    result = run("show", "周军波", "-g", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: not a valid GraphML file: {bad} (")
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert main.commands[command].help
    assert "Example:" in result.output
    assert f"\n      kg {command} " in result.output  # \b keeps the example lines as written


# --------------------------------------------------------------------- --json

HOP_FIELDS = {
    "head",
    "head_label",
    "relation",
    "label",
    "tail",
    "tail_label",
    "title",
    "sentence",
    "doc",
    "start",
    "end",
    "rule",
    "confidence",
    "forward",
}


def run_json(*args):
    result = CliRunner().invoke(main, [*args, "--json"])
    return result, json.loads(result.stdout)


def test_path_json(graph_file):
    result, doc = run_json("path", "刘民强", "周军波", "-g", graph_file)
    assert result.exit_code == 0 and result.stderr == ""
    assert (doc["source"], doc["target"]) == ("PERSON:刘民强", "PERSON:周军波")
    [path] = doc["paths"]
    assert path["nodes"] == ["刘民强", MEETING, "周军波"]
    assert path["ids"] == ["PERSON:刘民强", f"EVENT:{MEETING}", "PERSON:周军波"]
    assert path["chain"] == f"刘民强 —出席→ {MEETING} ←致辞— 周军波"
    first, second = path["hops"]
    assert set(first) == HOP_FIELDS
    assert (first["relation"], first["sentence"], first["start"], first["end"]) == (
        "attends",
        S1,
        100,
        140,
    )
    assert (first["forward"], second["forward"]) == (True, False)
    assert second["head_label"] == "周军波" and second["confidence"] == 0.9


def test_path_json_without_a_path_is_an_empty_list_and_exit_1(graph_file):
    result, doc = run_json("path", "闫博文", "平湖市", "-g", graph_file, "--max-hops", "1")
    assert result.exit_code == 1
    assert doc == {"source": "PERSON:闫博文", "target": "LOC:平湖市", "paths": []}
    assert result.stderr.startswith("Error: no path between 闫博文 and 平湖市")


def test_neighbors_json(graph_file):
    result, doc = run_json("neighbors", "周军波", "-g", graph_file, "--direction", "out")
    assert result.exit_code == 0
    assert (doc["id"], doc["label"]) == ("PERSON:周军波", "周军波")
    rows = [(h["relation"], h["tail_label"], h["title"], h["forward"]) for h in doc["relations"]]
    assert rows == [
        ("holds_position", "平湖市", "市委副书记、市长", True),
        ("speaks_at", MEETING, "", True),
    ]
    assert all(set(h) == HOP_FIELDS for h in doc["relations"])


def test_neighbors_json_with_no_relations(graph_file):
    result, doc = run_json("neighbors", "周军波", "-g", graph_file, "-r", "founded")
    assert result.exit_code == 0
    assert doc == {"id": "PERSON:周军波", "label": "周军波", "relations": []}


def test_show_json_of_an_amount(graph_file):
    result, doc = run_json("show", "约30亿元", "-g", graph_file)
    assert result.exit_code == 0
    assert doc["id"] == "MONEY:约30亿元@seed.txt:512" and doc["type"] == "MONEY"
    assert doc["attributes"] == {
        "value": 3e9,
        "value_max": 3e9,
        "unit": "CNY",
        "approx": True,
        "raw": "约30亿元",
    }
    assert set(doc) == {
        "id",
        "label",
        "type",
        "aliases",
        "mentions",
        "docs",
        "attributes",
        "relations",
        "cooccurrences",
    }


def test_show_json_aliases_are_a_list(graph_file):
    result, doc = run_json("show", "是石科技", "-g", graph_file)
    assert result.exit_code == 0
    assert (doc["label"], doc["aliases"]) == ("是石科技(平湖)有限公司", ["是石科技"])


@pytest.mark.parametrize("command", COMMANDS)
def test_json_errors_are_one_line_and_print_nothing_on_stdout(graph_file, command):
    args = [command, "某某某", "平湖市"] if command == "path" else [command, "某某某"]
    result = CliRunner().invoke(main, [*args, "-g", graph_file, "--json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: no entity named '某某某'")
    assert result.stderr.count("\n") == 1
