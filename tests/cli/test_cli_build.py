"""``kg build`` through click's CliRunner: outputs, summary, and every bad input."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main

SEED_TEXT_START = "全力打造人工智能"


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("build") / "out"
    result = CliRunner().invoke(main, ["build", str(seed_path), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.mark.slow
def test_build_writes_every_output(built):
    out, _ = built
    assert sorted(p.name for p in out.iterdir()) == [
        "graph.gexf",
        "graph.graphml",
        "graph.html",
        "graph.json",
        "graph.png",
        "kg-store.sqlite",  # each document's analysis, for the next build (kg.store)
    ]


@pytest.mark.slow
def test_build_prints_a_summary(built):
    _, output = built
    assert "Entities by type:" in output and "PERSON" in output and "周军波" not in output[:0]
    assert "Wrote " in output


@pytest.mark.slow
def test_graphml_output_reads_back_with_networkx(built):
    out, _ = built
    G = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert G.nodes["PERSON:周军波"]["type"] == "PERSON"
    assert G.graph["kg_schema"] == "1" and G.graph["sources"] == 1


@pytest.mark.slow
def test_nodes_carry_a_confidence_that_reads_back_as_a_float(built):
    out, _ = built
    G = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    person = G.nodes["PERSON:周军波"]
    assert isinstance(person["confidence"], float) and 0 < person["confidence"] < 1
    assert person["evidence"] in ("lexicon", "model+rules", "byline", "model", "rules")
    assert all(isinstance(d["confidence"], float) for _n, d in G.nodes(data=True))


@pytest.mark.slow
def test_min_confidence_leaves_out_unsure_entities(built, tmp_path, seed_path):
    out, _ = built
    every = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    args = ["build", str(seed_path), "-o", str(tmp_path), "--format", "graphml"]
    result = CliRunner().invoke(main, [*args, "--min-confidence", "0.85", "--no-progress"])
    assert result.exit_code == 0, result.output
    sure = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    assert set(sure) == {n for n, d in every.nodes(data=True) if d["confidence"] >= 0.85}
    assert 0 < len(sure) < len(every)


def test_min_confidence_outside_0_1_is_refused(tmp_path, seed_path):
    args = ["build", str(seed_path), "-o", str(tmp_path / "out"), "--min-confidence", "-1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "--min-confidence" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_json_output_is_node_link(built):
    out, _ = built
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert any(n["id"] == "PERSON:周军波" for n in data["nodes"])


@pytest.mark.slow
def test_gbk_input_builds_the_same_people(tmp_path, seed_path):
    gbk = tmp_path / "page.txt"
    gbk.write_bytes(seed_path.read_text(encoding="utf-8").encode("gbk"))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(gbk), "-o", str(out), "--format", "graphml", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    G = nx.read_graphml(out / "graph.graphml")
    assert "PERSON:周军波" in G and "PERSON:刘民强" in G


@pytest.mark.slow
def test_stdin_input(tmp_path):
    out = tmp_path / "out"
    text = "市委书记仲旭东主持召开民营企业座谈会。市领导沈志林出席。"
    result = CliRunner().invoke(
        main,
        ["build", "-", "-o", str(out), "--format", "json", "--no-progress"],
        input=text.encode("utf-8"),
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert {"PERSON:仲旭东", "PERSON:沈志林"} <= {n["id"] for n in data["nodes"]}


def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes(b"\x80\xff\x80\xff" * 50 + "平湖".encode() + b"\xc3\x28" * 40)
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "notes.md").write_text("# not text input", encoding="utf-8")
    return {
        "missing": (str(tmp_path / "nope.txt"), "nope.txt"),
        "empty": (str(empty), "empty"),
        "binary": (str(binary), "binary"),
        "undecodable": (str(garbled), "garbled.txt"),
        "empty-folder": (str(folder), "nothing"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "undecodable", "empty-folder"])
def test_bad_input_gives_one_line_error_and_no_output(tmp_path, case):
    path, expected = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", path, "-o", str(out), "--no-progress"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert expected in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_build_requires_an_input():
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2 and "INPUT" in result.output


def test_unknown_backend_is_a_one_line_error(tmp_path, seed_path):
    result = CliRunner().invoke(
        main, ["build", str(seed_path), "--backend", "nope", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown NER backend 'nope'")


def test_output_path_that_is_a_file_is_refused(tmp_path, seed_path):
    target = tmp_path / "out"
    target.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(seed_path), "-o", str(target), "--no-progress"])
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_teaches_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_top_level_help_has_an_example():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "kg build seeds/" in result.output


@pytest.mark.slow
@pytest.mark.parametrize(
    "args,home", [([], "平湖市"), (["--no-home-city"], ""), (["--home-city", ""], "")]
)
def test_home_city_inference_can_be_turned_off(tmp_path, seed_path, args, home):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(seed_path), "-o", str(out), "--format", "graphml", *args]
    )
    assert result.exit_code == 0, result.output
    G = nx.read_graphml(out / "graph.graphml")
    assert G.graph["home_city"] == home
