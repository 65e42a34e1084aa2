"""The peer kg's cost is compared with: jieba.posseg names and a co-occurrence GraphML.

What a user would write in an afternoon instead of kg: cut every article with jieba's
part-of-speech tagger, keep the words tagged as person (nr), place (ns) and organisation
(nt) names, link the names that share a sentence (weighted by the number of sentences), and
write GraphML. No evidence, no relations, no entity merging.

    python benchmarks/peer_jieba_cooc.py ARTICLES.jsonl OUT.graphml
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from itertools import combinations

import jieba
import jieba.posseg
import networkx as nx

TYPES = {"nr": "PERSON", "ns": "LOC", "nt": "ORG"}
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")


def main(src: str, dst: str) -> None:
    jieba.setLogLevel(60)
    G = nx.Graph()
    pairs: Counter = Counter()
    with open(src, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            for sentence in SENTENCE_END.split(text):
                names = set()
                for pair in jieba.posseg.cut(sentence):
                    if pair.flag in TYPES and len(pair.word) > 1:
                        node = f"{TYPES[pair.flag]}:{pair.word}"
                        if node not in G:
                            G.add_node(node, label=pair.word, type=TYPES[pair.flag], mentions=0)
                        G.nodes[node]["mentions"] += 1
                        names.add(node)
                pairs.update(combinations(sorted(names), 2))
    for (a, b), weight in pairs.items():
        G.add_edge(a, b, relation="co_occurs", weight=weight)
    nx.write_graphml(G, dst)
    print(f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
