"""Write kg/data/lexicons/common_chars.txt: the most frequent Chinese characters.

The reader uses the list to tell Chinese text from bytes decoded with the wrong codec
(kg.text.decode). Frequencies are summed over the words of jieba's dictionary (MIT
licence), weighted by each word's count, so the list follows modern written Chinese.

Usage: python scripts/make_common_chars.py [--top 2500]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "lexicons" / "common_chars.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=2500)
    args = parser.parse_args()

    import jieba

    counts: Counter[str] = Counter()
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, *_ = line.split(" ")
            for ch in word:
                if "\u4e00" <= ch <= "\u9fff":
                    counts[ch] += int(freq)
    top = [ch for ch, _ in counts.most_common(args.top)]
    header = (
        f"# The {len(top)} most frequent Chinese characters, most frequent first, 50 a line;\n"
        "# summed over the words of jieba's dict.txt (MIT licence) by their counts.\n"
        "# Written by scripts/make_common_chars.py; used by kg/text/decode.py.\n"
    )
    body = "\n".join("".join(top[i : i + 50]) for i in range(0, len(top), 50))
    OUT.write_text(header + body + "\n", encoding="utf-8")
    print(f"wrote {len(top)} characters to {OUT}")


if __name__ == "__main__":
    main()
