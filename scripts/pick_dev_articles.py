"""Print the THUCNews articles of the dev set (tests/dev/README.md says how they were chosen).

python scripts/pick_dev_articles.py [CNEWS_VAL_TXT]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared/corpora/thucnews_sample/cnews.val.txt"
#: lines held out for testing: never annotated, never looked at through kg
HELD_OUT = ((1, 300), (401, 420), (561, 620), (701, 720), (851, 860))
CATEGORIES = ("时政", "财经", "房产", "教育", "体育", "娱乐", "科技", "家居")


def pick(path: Path, per_category: int = 6, seed: int = 2026) -> dict[str, list[int]]:
    held = {n for a, b in HELD_OUT for n in range(a, b + 1)}
    candidates: dict[str, list[int]] = {c: [] for c in CATEGORIES}
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, 1):
        if not line or number in held:
            continue
        category, text = line.split("\t", 1)
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
