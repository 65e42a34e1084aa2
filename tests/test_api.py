"""The public Python API: cheap to import, the five-line README example works."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kg


def test_import_is_cheap():
    heavy = "('spacy', 'torch', 'pyvis', 'jieba', 'pycrfsuite')"
    code = f"import sys, kg; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        kg.nope  # noqa: B018


@pytest.mark.slow
def test_build_graph_accepts_one_path_string(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("市委书记仲旭东主持召开民营企业座谈会。市领导沈志林出席。", encoding="utf-8")
    G = kg.build_graph(str(page))
    assert G.graph["sources"] == 1
    hosts = [(u, v) for u, v, d in G.edges(data=True) if d["relation"] == "hosts"]
    assert hosts == [("PERSON:仲旭东", "EVENT:民营企业座谈会")]


@pytest.mark.slow
def test_readme_example(tmp_path, seed_path):
    G = kg.build_graph([str(seed_path)])
    paths = kg.paths(G, "刘民强", "周军波", max_hops=3)
    assert paths and "刘民强" in str(paths[0])
    card = kg.entity_card(G, "是石科技")
    assert card.type == "ORG" and "是石科技" in card.aliases
    from kg.export import write_outputs

    written = write_outputs(G, tmp_path, ("graphml",))
    G2 = kg.load_graph(written["graphml"])
    assert sorted(G2.nodes) == sorted(G.nodes)
    assert G2.number_of_edges() == G.number_of_edges()


def test_python_m_kg_is_the_command_line():
    out = subprocess.run(
        [sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("Usage: kg ")


def test_the_document_api_is_exported_lazily():
    # kg's benchmark and users with documents in memory use these; import kg stays cheap
    code = (
        "import sys, kg; heavy = ('spacy', 'torch', 'jieba', 'pycrfsuite', 'kg.ner', 'kg.model'); "
        "print(sorted(m for m in sys.modules if m.startswith(heavy))); "
        "print(kg.Document.__module__, kg.BuildOptions.__module__, "
        "kg.build_graph_from_documents.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "kg.types kg.pipeline kg.pipeline"]
    assert {"Document", "BuildOptions", "build_graph_from_documents"} <= set(kg.__all__)


@pytest.mark.slow
def test_build_graph_from_documents_in_memory():
    docs = [kg.Document(id="a1", text="市委书记仲旭东主持召开民营企业座谈会。市领导沈志林出席。")]
    G = kg.build_graph_from_documents(docs, kg.BuildOptions(home_city="平湖"))
    hosts = [(u, v, d["doc"]) for u, v, d in G.edges(data=True) if d["relation"] == "hosts"]
    assert hosts == [("PERSON:仲旭东", "EVENT:民营企业座谈会", "a1")]
