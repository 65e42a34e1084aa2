"""A build folder is always one whole build (issue #15, items 3, 4 and 5).

Outputs go into a fresh sibling folder, are read back, and the folder is swapped in whole;
a second build is refused while one writes; a killed build leaves the earlier build and
temporaries that the next build removes; graph.png failing is a warning; characters XML
cannot hold never reach a file.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import GraphError, OutputLocked
from kg.export import FORMATS, check_output, folder_lock, graphml, nodelink, png, write_outputs
from tests.conftest import make_sample_graph

ROOT = Path(__file__).resolve().parents[2]
ALL = tuple(FORMATS)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _leftovers(folder: Path) -> list[str]:
    """Temporary folders of ``folder`` (the lock file stays: removing it would race)."""
    prefix = f".{folder.name}.kg-"
    names = [p.name for p in folder.parent.iterdir() if p.name.startswith(prefix)]
    return [n for n in names if not n.endswith(".kg-lock")]


def _other_graph() -> nx.MultiDiGraph:
    G = make_sample_graph()
    G.remove_node("PERSON:闫博文")
    G.graph["created"] = "2026-12-01T00:00:00"
    return G


def test_a_new_build_replaces_every_kg_file_and_keeps_the_rest(tmp_path):
    out = tmp_path / "out"
    write_outputs(make_sample_graph(), out, ALL)
    (out / "notes.txt").write_text("我的笔记", encoding="utf-8")
    written = write_outputs(_other_graph(), out, ("graphml", "json"))
    assert set(written) == {"graphml", "json"}
    # the earlier build's gexf, html and png are gone: the folder is this build only
    assert sorted(p.name for p in out.iterdir()) == ["graph.graphml", "graph.json", "notes.txt"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "我的笔记"
    assert "PERSON:闫博文" not in graphml.read(out / "graph.graphml")
    assert _leftovers(out) == []


def test_a_failing_required_output_leaves_the_earlier_build(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_outputs(make_sample_graph(), out, ALL)
    before = _snapshot(out)

    def broken(G, path):
        Path(path).write_text("<graphml>half", encoding="utf-8")

    monkeypatch.setattr(graphml, "write", broken)
    with pytest.raises(GraphError, match=r"^graph.graphml did not read back: "):
        write_outputs(_other_graph(), out, ALL)
    assert _snapshot(out) == before
    assert _leftovers(out) == []


def test_an_exception_of_a_writer_is_one_line_and_writes_nothing(tmp_path, monkeypatch):
    def crash(G, path):
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(nodelink, "write", crash)
    with pytest.raises(GraphError, match=r"^cannot write graph.json: .*surrogates"):
        write_outputs(make_sample_graph(), tmp_path / "out", ALL)
    assert not (tmp_path / "out").exists()


def test_a_failing_png_is_a_warning_and_the_rest_is_written(tmp_path, monkeypatch, caplog):
    def crash(G, path):
        raise ModuleNotFoundError("No module named 'scipy'")

    monkeypatch.setattr(png, "write", crash)
    with caplog.at_level(logging.WARNING, logger="kg.export"):
        written = write_outputs(make_sample_graph(), tmp_path / "out", ALL)
    assert "png" not in written and set(written) == set(ALL) - {"png"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        FORMATS[f] for f in ALL if f != "png"
    )
    assert "graph.png not written: No module named 'scipy'" in caplog.text


def test_a_failing_png_does_not_fail_kg_build(tmp_path, monkeypatch):
    # the whole command: exit 0, a warning on stderr, the other four files
    import kg.pipeline

    monkeypatch.setattr(kg.pipeline, "build_graph", lambda *a, **k: make_sample_graph())
    monkeypatch.setattr(png, "write", lambda G, path: 1 / 0)
    src = tmp_path / "a.txt"
    src.write_text("市委书记张三主持会议。", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "graph.png not written: division by zero" in result.output
    assert not (tmp_path / "o" / "graph.png").exists()
    assert (tmp_path / "o" / "graph.graphml").is_file()


_HOLDER = """
import sys, time
from kg.export import folder_lock
with folder_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def _hold_lock(out: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(out)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_build_is_refused_with_one_line(tmp_path):
    out = tmp_path / "out"
    holder = _hold_lock(out)
    try:
        with pytest.raises(OutputLocked, match="another kg build is writing to .*out"):
            write_outputs(make_sample_graph(), out, ("json",))
        src = tmp_path / "a.txt"
        src.write_text("市委书记张三主持会议。", encoding="utf-8")
        result = CliRunner().invoke(main, ["build", str(src), "-o", str(out)])
        assert result.exit_code == 1
        assert result.output.startswith("Error: another kg build is writing to ")
        assert len(result.output.strip().splitlines()) == 1
    finally:
        holder.kill()
        holder.wait()
    write_outputs(make_sample_graph(), out, ("json",))  # free again once the holder is gone
    assert (out / "graph.json").is_file()


def test_the_lock_is_reentrant_in_one_process(tmp_path):
    with folder_lock(tmp_path / "out"):
        write_outputs(make_sample_graph(), tmp_path / "out", ("json",))
    assert (tmp_path / "out" / "graph.json").is_file()


_KILLED = """
import sys, time
from kg.export import png, write_outputs
from tests.conftest import make_sample_graph
def slow(G, path):
    print("writing png", flush=True)
    time.sleep(60)
png.write = slow
write_outputs(make_sample_graph(), sys.argv[1])
"""


def test_sigkill_while_writing_leaves_the_earlier_build(tmp_path):
    out = tmp_path / "out"
    write_outputs(_other_graph(), out, ALL)
    before = _snapshot(out)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED, str(out)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout.readline().strip() == "writing png"  # four files are written by now
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _snapshot(out) == before
    assert len(_leftovers(out)) == 1  # the killed build's folder, until the next build
    write_outputs(make_sample_graph(), out, ALL)
    assert _leftovers(out) == []
    assert "PERSON:闫博文" in graphml.read(out / "graph.graphml")


def test_a_kill_between_two_renames_is_undone(tmp_path):
    # where renameat2 is missing the swap is two renames: the old folder waits aside
    out = tmp_path / "out"
    write_outputs(make_sample_graph(), out, ALL)
    before = _snapshot(out)
    os.rename(out, tmp_path / ".out.kg-old-x1")
    (tmp_path / ".out.kg-new-x2").mkdir()
    with folder_lock(out):
        assert _snapshot(out) == before
    assert _leftovers(out) == []


def test_two_renames_swap_when_exchange_is_missing(tmp_path, monkeypatch):
    from kg.export import _atomic

    monkeypatch.setattr(_atomic, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    write_outputs(make_sample_graph(), out, ALL)
    write_outputs(_other_graph(), out, ALL)
    assert "PERSON:闫博文" not in graphml.read(out / "graph.graphml")
    assert _leftovers(out) == []


@pytest.mark.parametrize(
    "bad", ["\ufffe", "\uffff", "\ud800", "\udfff", "\x00", "\x07", "\x1b", "\x1f"]
)
def test_characters_xml_cannot_hold_never_reach_a_file(tmp_path, bad):
    G = make_sample_graph()
    name = f"PERSON:刘{bad}并"
    G.add_node(name, label=f"刘{bad}并", type="PERSON", aliases=f"刘{bad}", mentions=1, docs=1)
    G.add_edge(
        name,
        "ORG:商务部投资促进事务局",
        relation="works_for",
        label="职工",
        title="",
        sentence=f"市委书记刘{bad}并主持会议。",
        doc=f"d{bad}",
        start=0,
        end=10,
        rule="test",
        confidence=0.5,
        **{f"note{bad}": f"x{bad}"},
    )
    G.graph["sources_note"] = f"a{bad}b"
    written = write_outputs(G, tmp_path / "out", ALL)
    assert set(written) == set(ALL)
    for fmt, path in written.items():
        check_output(fmt, path)
    back = graphml.read(written["graphml"])
    assert back.nodes["PERSON:刘并"]["label"] == "刘并"
    (edge,) = [d for u, _, d in back.edges(data=True) if u == "PERSON:刘并"]
    assert edge["sentence"] == "市委书记刘并主持会议。" and edge["note"] == "x"
    assert nodelink.read(written["json"]).nodes["PERSON:刘并"]["aliases"] == "刘"
    assert bad not in written["html"].read_text(encoding="utf-8")


def _star(n: int) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("ORG:中心", type="ORG", label="中心")
    for i in range(n):
        G.add_node(f"PERSON:人{i}", type="PERSON", label=f"人{i}")
        G.add_edge("ORG:中心", f"PERSON:人{i}")
    return G


def test_png_of_a_big_component_needs_no_scipy(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)  # import scipy fails, as where it is missing
    path = png.write(_star(1200), tmp_path / "g.png")
    check_output("png", path)
    H, U = png.drawn_subgraph(_star(1200))
    assert H.number_of_nodes() == 1201 and U.number_of_nodes() == png.MAX_DRAWN
    assert "ORG:中心" in U


_PNG = """
import sys, hashlib, networkx as nx
from kg.export import png
names = {f"PERSON:人{i}" for i in range(40)} | {f"ORG:公司{i}" for i in range(5)}
G = nx.MultiDiGraph()
for n in names:  # a set: the order of the nodes follows PYTHONHASHSEED
    G.add_node(n, type=n.split(":")[0], label=n.split(":")[1])
for n in names:
    if n.startswith("PERSON"):
        G.add_edge(n, f"ORG:公司{int(n[len('PERSON:人'):]) % 5}")
for n in names:
    if n.startswith("ORG") and n != "ORG:公司0":
        G.add_edge(n, "ORG:公司0")
png.write(G, sys.argv[1])
print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())
"""


def test_png_is_the_same_whatever_pythonhashseed(tmp_path):
    digests = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", _PNG, str(tmp_path / f"{seed}.png")],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_files_kept_in_the_folder_survive_many_builds(tmp_path):
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    for i in range(200):
        (out / f"keep{i}.txt").write_text(f"保留{i}", encoding="utf-8")
    (out / "sub" / "deep.txt").write_text("深", encoding="utf-8")
    for _ in range(3):
        write_outputs(make_sample_graph(), out, ("json",))
    assert len(list(out.iterdir())) == 202
    assert (out / "keep7.txt").read_text(encoding="utf-8") == "保留7"
    assert (out / "sub" / "deep.txt").read_text(encoding="utf-8") == "深"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("f.txt", "市委书记刘并\ufffe主持会议。\n".encode()),  # the issue's printf reproducer
        ("s.jsonl", b'{"id":"s","text":"\\u5e02\\u59d4\\u4e66\\u8bb0\\ud800\\u5f20\\u4e09"}\n'),
    ],
)
def test_the_issue_reproducers_build_and_read_back(tmp_path, name, data):
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "o"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(src), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    for fmt, file in FORMATS.items():
        check_output(fmt, out / file)
    person = "刘并" if name == "f.txt" else "张三"
    shown = runner.invoke(main, ["show", person, "-g", str(out)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith(f"{person} (PERSON")


_FORKS = """
import os, sys, time
from kg.export import folder_lock
with folder_lock(sys.argv[1]):
    child = os.fork()
    if child == 0:  # a worker forked during the build outlives it
        time.sleep(60)
        os._exit(0)
    print(child, flush=True)
    time.sleep(60)
"""


def test_a_worker_left_by_a_killed_build_does_not_hold_the_lock(tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", _FORKS, str(out)], stdout=subprocess.PIPE, text=True, env=env
    )
    worker = int(proc.stdout.readline())
    with pytest.raises(OutputLocked):
        write_outputs(make_sample_graph(), out, ("json",))
    proc.send_signal(signal.SIGKILL)  # the build dies; its forked worker sleeps on
    proc.wait()
    try:
        write_outputs(make_sample_graph(), out, ("json",))
        assert (out / "graph.json").is_file()
    finally:
        os.kill(worker, signal.SIGKILL)


@pytest.mark.parametrize(
    "fmt, text",
    [
        ("gexf", '<?xml version="1.0"?><gexf><graph><nodes><node id="ORG:是石"'),
        ("gexf", "<gexf><graph></gexf>"),
        ("graphml", "<graphml><graph>"),
        ("json", '{"nodes": ['),
        ("html", "<!DOCTYPE html><html><body>图"),
    ],
)
def test_a_cut_or_broken_file_does_not_read_back(tmp_path, fmt, text):
    path = tmp_path / f"graph.{fmt}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GraphError, match=rf"^graph.{fmt} did not read back: "):
        check_output(fmt, path)
