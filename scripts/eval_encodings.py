"""How often encoding detection reads news right, misreads it, or refuses it.

Texts: the non-held-out lines 301–400 of cnews.val.txt (whole articles, and 2,000 random
2–8 character pieces of them), each encoded in GBK, UTF-8, UTF-16 without a BOM and Big5
(where it encodes); plus Korean, Japanese and French sentences in EUC-KR, Shift-JIS and
Latin-1/cp1252, which must be refused, not read as GB18030 mojibake.

Usage: python scripts/eval_encodings.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pick_dev_articles import CNEWS  # noqa: E402

from kg.errors import InputError  # noqa: E402
from kg.text.decode import decode_bytes  # noqa: E402

ENCODINGS = ("gbk", "utf-8", "utf-16-le", "utf-16-be", "big5")
FOREIGN = [
    ("euc-kr", "대한민국은 동아시아의 한반도 남부에 위치한 민주공화국이다. 서울은 수도이다."),
    ("euc-kr", "오늘 회의에서 시장은 새로운 정책을 발표했습니다."),
    ("euc-kr", "삼성전자는 내년에 새로운 반도체 공장을 건설할 계획이라고 밝혔다"),
    ("shift_jis", "日本語の文章です。東京都は日本の首都であり、最大の都市である。"),
    ("shift_jis", "今日の会議で市長は新しい政策を発表しました。"),
    ("latin-1", "Café résumé naïve façade: où est la bibliothèque? Ça va très bien."),
    ("cp1252", "Ça coûte 20 € — “très cher”, dit-il à l’hôtel."),
]


def outcome(text: str, encoding: str) -> str | None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return None
    try:
        return "right" if decode_bytes(data, "x") == text else "wrong"
    except InputError:
        return "refused"


def table(name: str, texts: list[str]) -> None:
    print(f"{name}:")
    for encoding in ENCODINGS:
        counts = {"right": 0, "wrong": 0, "refused": 0}
        for text in texts:
            result = outcome(text, encoding)
            if result:
                counts[result] += 1
        total = sum(counts.values())
        print(
            f"  {encoding:10} {total:5} texts: {counts['right']:5} right, "
            f"{counts['wrong']:4} misread, {counts['refused']:4} refused"
        )


def main() -> None:
    with CNEWS.open(encoding="utf-8") as lines:
        articles = [
            line.rstrip("\n").split("\t", 1)[1]
            for number, line in enumerate(lines, 1)
            if 301 <= number <= 400
        ]
    rng = random.Random(2)
    pieces = []
    for _ in range(2000):
        text = rng.choice(articles)
        size = rng.randint(2, 8)
        start = rng.randrange(max(1, len(text) - size))
        pieces.append(text[start : start + size])
    table("whole articles (cnews.val.txt lines 301-400)", articles)
    table("2-8 character pieces of them", pieces)
    refused = sum(outcome(text, encoding) == "refused" for encoding, text in FOREIGN)
    print(
        f"Korean, Japanese, French in EUC-KR, Shift-JIS, Latin-1, cp1252: "
        f"{refused} of {len(FOREIGN)} refused"
    )


if __name__ == "__main__":
    main()
