"""Properties of a real build: the 1,000 THUCNews articles of ../shared/corpora.

Nothing here prints a node or an edge of the build (part of it is a held-out test set): a
failure reports counts and the rule ids involved, and scripts/check_build.py lists the cases
on data one may look at.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPORA = Path(os.environ.get("KG_CORPORA", ROOT.parent / "shared" / "corpora"))
CNEWS = CORPORA / "thucnews_sample" / "cnews.val.txt"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CNEWS.is_file(), reason=f"the THUCNews sample is not at {CNEWS}"),
]


@pytest.fixture(scope="module")
def build():
    from kg.pipeline import build_graph_from_documents
    from kg.text import make_document

    docs = []
    for number, line in enumerate(CNEWS.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            docs.append(make_document(f"cnews.val:{number}", line.split("\t", 1)[1]))
    return build_graph_from_documents(docs), docs


def test_every_edge_names_both_ends(build):
    from kg.graph.quality import names_both_ends

    G, _ = build
    bad = Counter(d["rule"] for u, v, d in G.edges(data=True) if not names_both_ends(G, u, v, d))
    if bad:  # counts only: no content of the build is shown
        pytest.fail(f"{sum(bad.values())} edges whose evidence misses an end, by rule: {bad}")


def test_no_invented_city(build):
    from kg.graph.quality import invented_cities

    G, docs = build
    count = len(invented_cities(G, docs))
    if count:
        pytest.fail(f"{count} places ending in 市 that are no city and not in the text")


def test_no_name_with_spaces_or_function_words_at_its_ends(build):
    from kg.graph.quality import badly_bounded

    G, docs = build
    bad = badly_bounded(G, docs)
    if bad:
        pytest.fail(f"{len(bad)} badly bounded names, by type: {Counter(t for t, _ in bad)}")
