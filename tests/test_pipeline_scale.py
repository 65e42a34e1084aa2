"""Processes, a Dask cluster and the extraction store give the graph a plain build gives.

The documents are the paragraphs of the seed page (real news), in batches of two so that
every engine gets several batches.
"""

from __future__ import annotations

import json
import os
import sqlite3

import networkx as nx
import pytest
from click.testing import CliRunner

import kg.pipeline
import kg.store
from kg.cli import main
from kg.errors import InputError, KGError
from kg.pipeline import BuildOptions, build_graph_from_documents
from kg.store import STORE_FILE
from kg.text import make_document, read_inputs


@pytest.fixture(scope="module")
def paragraphs(seed_path):
    (page,) = read_inputs([str(seed_path)])
    parts = [p for p in page.text.split("\n") if len(p) > 20]
    assert len(parts) >= 6
    return [make_document(f"p{i:02d}", text) for i, text in enumerate(parts)]


def _same(G) -> str:
    """The graph as JSON, its creation time left out."""
    data = nx.node_link_data(G, edges="links")
    data["graph"].pop("created", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def plain(paragraphs):
    return _same(build_graph_from_documents(paragraphs, BuildOptions(batch_docs=2)))


@pytest.fixture
def count_analyses(monkeypatch):
    """How many documents the model analysed in this process."""
    calls = []
    real = kg.pipeline.analyze_batch

    def counting(docs, options):
        calls.extend(d.id for d in docs)
        return real(docs, options)

    monkeypatch.setattr(kg.pipeline, "analyze_batch", counting)
    return calls


@pytest.mark.slow
def test_two_processes_make_the_same_graph(paragraphs, plain):
    G = build_graph_from_documents(paragraphs, BuildOptions(batch_docs=2, jobs=2))
    assert G.number_of_nodes() > 10
    assert _same(G) == plain


@pytest.mark.slow
def test_a_dask_cluster_makes_the_same_graph(paragraphs, plain):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        G = build_graph_from_documents(
            paragraphs, BuildOptions(batch_docs=2, scheduler=cluster.scheduler_address)
        )
    assert _same(G) == plain


@pytest.mark.slow
def test_update_equals_a_full_build_and_a_rerun_analyses_nothing(
    tmp_path, paragraphs, plain, count_analyses
):
    old, new = paragraphs[:-3], paragraphs[-3:]
    build_graph_from_documents(old, BuildOptions(batch_docs=2, store=str(tmp_path)))
    assert sorted(count_analyses) == sorted(d.id for d in old)
    count_analyses.clear()
    G = build_graph_from_documents(
        new, BuildOptions(batch_docs=2, store=str(tmp_path), update=True)
    )
    assert sorted(count_analyses) == sorted(d.id for d in new)  # the old ones came from the store
    assert _same(G) == plain
    count_analyses.clear()
    again = build_graph_from_documents(paragraphs, BuildOptions(batch_docs=2, store=str(tmp_path)))
    assert count_analyses == []
    assert _same(again) == plain


@pytest.mark.slow
def test_a_changed_document_is_analysed_again_and_replaces_the_old_one(
    tmp_path, paragraphs, count_analyses
):
    build_graph_from_documents(paragraphs, BuildOptions(store=str(tmp_path)))
    count_analyses.clear()
    changed = make_document(paragraphs[0].id, "国务院总理温家宝在北京会见了美国总统奥巴马。")
    G = build_graph_from_documents([changed], BuildOptions(store=str(tmp_path), update=True))
    assert count_analyses == [changed.id]
    assert G.graph["sources"] == len(paragraphs)
    assert "PERSON:温家宝" in G


@pytest.mark.slow
def test_new_code_or_data_invalidates_the_store(tmp_path, paragraphs, monkeypatch, count_analyses):
    build_graph_from_documents(paragraphs[:2], BuildOptions(store=str(tmp_path)))
    count_analyses.clear()
    monkeypatch.setattr(kg.store, "_code_and_data_digest", lambda: "another model")
    build_graph_from_documents(paragraphs[:2], BuildOptions(store=str(tmp_path)))
    assert sorted(count_analyses) == [d.id for d in paragraphs[:2]]


def test_the_fingerprint_depends_on_the_options():
    a = BuildOptions().analysis_key
    assert BuildOptions(backend="jieba").analysis_key != a
    assert BuildOptions(backend_options={"style": "cluener"}).analysis_key != a
    assert BuildOptions(home_city="平湖").analysis_key != a
    assert BuildOptions(jobs=4, cooccurrence=True).analysis_key == a  # these change no analysis


def test_update_without_a_store_and_zero_jobs_are_refused():
    with pytest.raises(InputError):
        build_graph_from_documents([], BuildOptions(update=True))
    with pytest.raises(InputError):
        build_graph_from_documents([], BuildOptions(jobs=0))


def test_a_file_that_is_not_a_store_is_a_one_line_error(tmp_path, seed_path):
    (tmp_path / STORE_FILE).write_text("not sqlite at all", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(seed_path), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a kg store" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "graph.graphml").exists()


def test_cli_refuses_update_without_store_and_bad_jobs(tmp_path, seed_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["build", str(seed_path), "-o", str(tmp_path), "--update", "--no-store"]
    )
    assert result.exit_code == 2 and "--update needs the store" in result.output
    result = runner.invoke(main, ["build", str(seed_path), "-o", str(tmp_path), "--jobs", "0"])
    assert result.exit_code == 2


def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path, seed_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(kg.pipeline, "DASK_CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(
        main, ["build", str(seed_path), "-o", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"]
    )
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "graph.graphml").exists()


@pytest.mark.slow
def test_cli_update_adds_documents(tmp_path, paragraphs):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for path, docs in ((first, paragraphs[:-2]), (second, paragraphs[-2:])):
        path.write_text(
            "".join(
                json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n" for d in docs
            ),
            encoding="utf-8",
        )
    out = tmp_path / "out"
    runner = CliRunner()
    assert (
        runner.invoke(main, ["build", str(first), "-o", str(out), "--no-progress"]).exit_code == 0
    )
    result = runner.invoke(main, ["build", str(second), "-o", str(out), "--update", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    G = nx.read_graphml(out / "graph.graphml")
    assert int(G.graph["sources"]) == len(paragraphs)
    with sqlite3.connect(out / STORE_FILE) as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == len(paragraphs)


_PARENT = os.getpid()
_real_analyze_batch = kg.pipeline.analyze_batch


def _dies_in_a_worker(docs, options):
    if os.getpid() != _PARENT:
        os._exit(1)  # as the kernel's OOM killer would end it
    return _real_analyze_batch(docs, options)


@pytest.mark.slow
def test_a_dead_worker_is_a_one_line_error(tmp_path, paragraphs, monkeypatch):
    monkeypatch.setattr(kg.pipeline, "analyze_batch", _dies_in_a_worker)
    with pytest.raises(KGError, match="worker process died"):
        build_graph_from_documents(paragraphs, BuildOptions(batch_docs=2, jobs=2))
