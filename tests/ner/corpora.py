"""A tiny MSRA + CLUENER corpus written by the tests (never data from ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

from kg.model.tags import spans_to_tags

TINY_MSRA = [
    ("张三在北京工作。", [(0, 2, "PER"), (3, 5, "LOC")]),
    ("李四访问上海。", [(0, 2, "PER"), (4, 6, "LOC")]),
    ("王五加入华为公司。", [(0, 2, "PER"), (4, 8, "ORG")]),
    ("赵六离开广州。", [(0, 2, "PER"), (4, 6, "LOC")]),
] * 5


def write_tiny_corpora(root: Path) -> Path:
    (root / "msra_ner").mkdir(parents=True)
    (root / "cluener2020").mkdir()
    lines = []
    for text, spans in TINY_MSRA:
        for ch, tag in zip(text, spans_to_tags(len(text), spans), strict=True):
            lines.append(f"{ch} {tag}\r")
        lines.append("\r")
    (root / "msra_ner" / "msra_train_bmes.txt").write_text("\n".join(lines) + "\n")
    bio = []
    for text, spans in TINY_MSRA[:4]:
        tags = [
            t.replace("M-", "I-").replace("E-", "I-").replace("S-", "B-")
            for t in spans_to_tags(len(text), spans)
        ]
        bio += [f"{ch}\t{tag}" for ch, tag in zip(text, tags, strict=True)] + [""]
    (root / "msra_ner" / "msra_test_bio.txt").write_text("\n".join(bio) + "\n")
    records = [
        {
            "text": "孙七是腾讯公司员工",
            "label": {"name": {"孙七": [[0, 1]]}, "company": {"腾讯公司": [[3, 6]]}},
        },
        {"text": "周八读了三体", "label": {"name": {"周八": [[0, 1]]}, "book": {"三体": [[4, 5]]}}},
    ] * 5
    for name in ("train.json", "dev.json"):
        with (root / "cluener2020" / name).open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return root
