"""Print the THUCNews articles of the dev set (tests/dev/README.md says how they were chosen).

python scripts/pick_dev_articles.py [CNEWS_VAL_TXT]
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

#: THUCNews' cnews.val.txt in the public data sets ($KG_CORPORA, else ../shared/corpora)
CNEWS = (
    Path(os.environ.get("KG_CORPORA", Path(__file__).resolve().parents[2] / "shared/corpora"))
    / "thucnews_sample"
    / "cnews.val.txt"
)
DEFAULT = CNEWS
#: lines held out for testing: never annotated, never looked at through kg
HELD_OUT = ((1, 300), (401, 420), (561, 620), (701, 720), (851, 860))


def is_held_out(number: int) -> bool:
    """Whether line ``number`` (1-based) of cnews.val.txt is held out."""
    return any(a <= number <= b for a, b in HELD_OUT)


def open_articles(path: Path = CNEWS) -> Iterator[tuple[int, str, str]]:
    """``(line number, category, text)`` of every article of cnews.val.txt that is not
    held out."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip() and not is_held_out(number):
                category, _, text = line.rstrip("\n").partition("\t")
                yield number, category, text


CATEGORIES = ("时政", "财经", "房产", "教育", "体育", "娱乐", "科技", "家居")


def pick(path: Path, per_category: int = 6, seed: int = 2026) -> dict[str, list[int]]:
    candidates: dict[str, list[int]] = {c: [] for c in CATEGORIES}
    for number, category, text in open_articles(path):
        if category in candidates and 300 <= len(text) <= 1300:
            candidates[category].append(number)
    rng = random.Random(seed)
    chosen = {}
    for category in CATEGORIES:
        numbers = candidates[category][:]
        rng.shuffle(numbers)
        chosen[category] = sorted(numbers[:per_category])
    return chosen


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    for category, numbers in pick(source).items():
        print(category, " ".join(map(str, numbers)))
