"""``kg.load_nlp()``: relations on the Doc, and a saved pipeline that loads anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib import import_module, metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEXT = "市委书记仲旭东主持召开民营企业座谈会。2025中日机器人产业合作对接会在平湖举行。"


def _declared_factories() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["entry-points"]["spacy_factories"]


def test_pyproject_declares_a_spacy_factory_per_component():
    from spacy.language import Language

    declared = _declared_factories()
    assert sorted(declared) == ["kg_ner", "kg_relations"]
    for name, target in declared.items():
        module, _, func = target.partition(":")
        assert callable(getattr(import_module(module), func))
        assert Language.has_factory(name)  # importing the module registered it


@pytest.mark.slow
def test_doc_relations_carry_their_evidence():
    import kg

    doc = kg.load_nlp()(TEXT)
    found = {(r.head, r.relation, r.tail): r for r in doc._.relations}
    assert set(found) == {
        ("PERSON:仲旭东", "hosts", "EVENT:民营企业座谈会"),
        ("EVENT:2025中日机器人产业合作对接会", "held_in", "LOC:平湖"),
    }
    hosts = found["PERSON:仲旭东", "hosts", "EVENT:民营企业座谈会"]
    assert (hosts.head_name, hosts.label, hosts.tail_name) == ("仲旭东", "主持", "民营企业座谈会")
    assert hosts.evidence.text == "市委书记仲旭东主持召开民营企业座谈会。"
    assert (hosts.evidence.start_char, hosts.evidence.end_char) == (hosts.start, hosts.end)
    assert hosts.rule and 0 < hosts.confidence <= 1
    assert str(hosts) == "仲旭东 —主持→ 民营企业座谈会"
    assert kg.load_nlp()("  ")._.relations == []


@pytest.mark.slow
def test_relations_survive_serialisation():
    # msgpack carries plain data only: the relations live in doc._.kg_relations as dicts
    from spacy.tokens import Doc

    import kg

    nlp = kg.load_nlp()
    doc = nlp(TEXT)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())

    def rows(d):
        return [(r.head, r.relation, r.tail, r.evidence.text, r.rule, r.confidence) for r in d]

    assert rows(again._.relations) == rows(doc._.relations) != []


@pytest.mark.slow
def test_relations_can_be_left_out():
    import kg

    nlp = kg.load_nlp(relations=False)
    assert nlp.pipe_names == ["kg_ner"]


def _kg_entry_points() -> set[str]:
    eps = metadata.entry_points(group="spacy_factories")
    return {ep.name for ep in eps if ep.value.startswith("kg.")}


@pytest.mark.slow
def test_a_saved_pipeline_loads_in_a_fresh_process(tmp_path):
    if _kg_entry_points() != set(_declared_factories()):
        pytest.skip("kg's installed metadata predates its spacy_factories: pip install -e .")
    import kg

    kg.load_nlp().to_disk(tmp_path / "pipeline")
    code = (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipeline')!r})\n"
        f"doc = nlp({TEXT!r})\n"
        "print(json.dumps({'before': 'kg' in sys.modules, 'pipes': nlp.pipe_names,\n"
        "  'ents': [[e.text, e.label_] for e in doc.ents],\n"
        "  'relations': [[r.head, r.relation, r.tail] for r in doc._.relations]},\n"
        "  ensure_ascii=False))\n"
    )
    # the child sees the same installed metadata as this process (checked above); the script
    # never imports kg: spaCy finds kg's factories through the entry points alone
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert "import kg" not in code and result["pipes"] == ["kg_ner", "kg_relations"]
    doc = kg.load_nlp()(TEXT)
    assert result["ents"] == [[e.text, e.label_] for e in doc.ents]
    assert ["PERSON:仲旭东", "hosts", "EVENT:民营企业座谈会"] in result["relations"]
