"""``kg build`` and ``kg ner`` inputs through CliRunner: skipped documents and their exit
status, lines and tables, encodings, JSON Lines from stdin, hostile bytes. The jieba
backend keeps these quick (no model)."""

from __future__ import annotations

import json
import os

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.cli.build import EXIT_SKIPPED


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


def _build(args, **kwargs):
    return _runner().invoke(
        main,
        ["build", *args, "--backend", "jieba", "--no-progress", "--format", "graphml"],
        **kwargs,
    )


def test_skipped_files_are_named_and_set_the_exit_status(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(100):
        data = b"\x00\x01binary" * 30 if i in (7, 50, 93) else f"市委书记张{i}主持会议。".encode()
        (folder / f"{i:03d}.txt").write_bytes(data)
    out = tmp_path / "out"
    result = _build([str(folder), "-o", str(out)])
    assert result.exit_code == EXIT_SKIPPED == 3, result.output
    assert "Documents: 97 read, 3 skipped (binary file: 3)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert [line.split(": ")[0].rsplit("/", 1)[1] for line in skipped] == [
        "007.txt",
        "050.txt",
        "093.txt",
    ]
    G = nx.read_graphml(out / "graph.graphml")
    assert G.graph["sources"] == 97 and G.graph["skipped"] == 3
    assert G.graph["skipped_docs"].count("binary file") == 3


def test_nothing_skipped_is_exit_zero_and_says_so(tmp_path):
    (tmp_path / "a.txt").write_text("市委书记张三主持会议。", encoding="utf-8")
    result = _build([str(tmp_path / "a.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Documents: 1 read, 0 skipped" in result.stdout
    G = nx.read_graphml(tmp_path / "out" / "graph.graphml")
    assert (G.graph["skipped"], G.graph.get("skipped_docs", "")) == (0, "")


def test_one_article_a_line_with_its_category(tmp_path):
    path = tmp_path / "cnews.txt"
    path.write_text(
        "体育\t市委书记张三主持会议。\n娱乐\t市长李四出席。\n坏行没有制表符\n", encoding="utf-8"
    )
    result = _build([str(path), "--columns", "category,text", "-o", str(tmp_path / "o")])
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert "Documents: 2 read, 1 skipped (wrong number of fields: 1)" in result.stdout
    assert f"skipped {path}:3: wrong number of fields on line 3: 1, expected 2" in result.stderr


def test_lines_flag_and_csv_text_column(tmp_path):
    lines = tmp_path / "lines.txt"
    lines.write_text("市委书记张三主持会议。\n市长李四出席。\n", encoding="utf-8")
    result = _build([str(lines), "--lines", "-o", str(tmp_path / "a")])
    assert result.exit_code == 0 and "Documents: 2 read" in result.stdout, result.output
    table = tmp_path / "news.csv"
    table.write_text("id,body\nn1,市委书记张三主持会议。\n", encoding="gbk")
    result = _build([str(table), "--text-column", "body", "-o", str(tmp_path / "b")])
    assert result.exit_code == 0 and "Documents: 1 read" in result.stdout, result.output


def test_jsonl_from_stdin(tmp_path):
    feed = "\n".join(
        json.dumps({"id": f"n{i}", "text": f"市委书记张{i}主持会议。"}, ensure_ascii=False)
        for i in range(3)
    )
    result = _build(["-", "-o", str(tmp_path / "o")], input=feed.encode())
    assert result.exit_code == 0, result.output
    assert "Documents: 3 read, 0 skipped" in result.stdout


def test_noncharacter_in_a_name_reads_back_and_is_found(tmp_path):
    # printf '市委书记刘并\xef\xbf\xbe主持会议。\n' > f.txt; kg build f.txt -o o; kg show 刘并 -g o
    path = tmp_path / "f.txt"
    path.write_bytes("市委书记刘并".encode() + b"\xef\xbf\xbe" + "主持会议。\n".encode())
    out = tmp_path / "o"
    result = _build([str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "replaced 1 invalid code point" in result.stderr
    G = nx.read_graphml(out / "graph.graphml")
    assert not any("\ufffe" in str(n) for n in G)


def test_lone_surrogate_in_json_builds_and_reads_back(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id":"s","text":"市委书记\\ud800张三主持会议。"}\n', encoding="utf-8")
    out = tmp_path / "o"
    result = _runner().invoke(
        main, ["build", str(path), "-o", str(out), "--backend", "jieba", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    for name in ("graph.graphml", "graph.gexf", "graph.json"):
        assert (out / name).is_file()
    nx.read_graphml(out / "graph.graphml")
    nx.read_gexf(out / "graph.gexf")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--encoding", "klingon"], "unknown encoding 'klingon'"),
        (["--columns", "category,body"], "no text column 'text'"),
        (["--lines", "--input-format", "csv"], "--lines and --input-format csv disagree"),
    ],
)
def test_bad_input_options_are_usage_errors(tmp_path, args, message):
    (tmp_path / "a.txt").write_text("好。", encoding="utf-8")
    result = _build([str(tmp_path / "a.txt"), *args, "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_shift_jis_is_refused_unless_named(tmp_path):
    path = tmp_path / "ja.txt"
    path.write_bytes("東京都は日本の首都であり、最大の都市である。".encode("shift_jis"))
    result = _build([str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {path}: cannot decode the bytes as Chinese text in UTF-8, GB18030, UTF-16 or "
        "Big5; it looks like shift_jis, not Chinese; give the encoding with --encoding if you "
        "know it"
    ]
    result = _build([str(path), "--encoding", "shift_jis", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output


def test_build_help_documents_the_exit_status():
    result = _runner().invoke(main, ["build", "--help"])
    assert "3 built, but some inputs were skipped" in result.output
    assert "--lines --columns category,text" in result.output


# --------------------------------------------------------------------------- kg ner


def _ner(data: bytes, *args):
    return _runner().invoke(main, ["ner", "-", "--backend", "jieba", *args], input=data)


@pytest.mark.parametrize(
    "data",
    [
        "张三在北京工作。\n".encode(),
        "张三在北京工作。\n".encode("gbk"),
        "张三在北京工作。\n".encode("utf-16"),
        "张三在北京工作。\n".encode("utf-8-sig"),
        "张三在北京工作。\r\n".encode(),
    ],
    ids=["utf-8", "gbk", "utf-16-bom", "utf-8-bom", "crlf"],
)
def test_ner_reads_as_build_does(data):
    result = _ner(data)
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    record = json.loads(line)
    assert record["text"] == "张三在北京工作。"
    assert {(e["start"], e["end"], e["text"]) for e in record["entities"]} >= {(0, 2, "张三")}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("张三在北京".encode() + b"\xff" + "工作。\n".encode(), "invalid UTF-8 at byte 15"),
        (os.urandom(64) + b"\x00" * 8, "binary"),
        ("東京都は日本の首都である。".encode("shift_jis"), "looks like shift_jis"),
    ],
)
def test_ner_bad_bytes_are_one_line_errors(data, message):
    result = _ner(data)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: stdin: ") and message in lines[0]
    assert result.stdout == ""


def test_ner_line_separators_inside_a_line_stay():
    result = _ner("张三\u2028在北京。\n李四\n".encode())
    assert [json.loads(x)["text"] for x in result.stdout.rstrip("\n").split("\n")] == [
        "张三\u2028在北京。",
        "李四",
    ]


def test_ner_encoding_option():
    data = "東京都".encode("shift_jis")
    result = _ner(data, "--encoding", "shift_jis")
    assert result.exit_code == 0 and json.loads(result.stdout)["text"] == "東京都"
