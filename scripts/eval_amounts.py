"""Evaluate kg.ner.amounts.find_amounts on the FewFC money/amount arguments.

For every distinct (sentence, span) whose role is "money" or "amount" in
fewfc/test_base.json and fewfc/test_trans.json, it reports span recall (exact
and overlapping), whether the value found equals the value of the gold text
computed by an independent, deliberately simple parser (Arabic numbers with
万/亿/千 only; gold spans in Chinese numerals are counted as "not judged"),
and the label given. It lists the most frequent misses and false hits (amounts
found in sentences with gold money annotations that overlap no gold span).

Example:
    python scripts/eval_amounts.py                  # corpora in ../shared/corpora
    python scripts/eval_amounts.py --corpora /data/corpora --top 30
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from kg.ner.amounts import find_amounts

ROLES = ("money", "amount")
SPLITS = ("test_base", "test_trans")
REPO = Path(__file__).resolve().parent.parent

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")
_NUM = re.compile(r"(\d+(?:\.\d+)?)\s*[多余]?((?:[十百千万亿兆])*)")
_MULT = {"十": 10, "百": 100, "千": 1e3, "万": 1e4, "亿": 1e8, "兆": 1e12}


def reference_value(word: str) -> tuple[float, float] | None:
    """(low, high) of a gold amount, by an independent simple parse; None if not judged.

    Only Arabic numerals are read: each number times the product of the
    multiplier characters right after it; a range's first number borrows the
    second's multipliers when it has none (3至5亿元).
    """
    text = word.translate(_FULLWIDTH).replace(",", "")
    if re.search(r"[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖拾佰仟]", text):
        return None
    found = _NUM.findall(text)
    if not found:
        # 超亿元, 逾千亿: a bare multiplier
        mults = re.findall(r"[十百千万亿兆]+", text)
        if len(mults) != 1:
            return None
        found = [("1", mults[0])]
    if len(found) > 2:
        return None

    def scale(mult: str) -> float:
        factor = 1.0
        for ch in mult:
            factor *= _MULT[ch]
        return factor

    values = []
    for i, (num, mult) in enumerate(found):
        if not mult and len(found) == 2 and i == 0:
            mult = found[1][1]
        values.append(float(num) * scale(mult))
    return min(values), max(values)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def load_gold(path: Path) -> list[tuple[str, list[tuple[int, int, str, str]]]]:
    """Sentences with their distinct money/amount spans: (start, end, role, word)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            spans = {}
            for event in record["events"]:
                for mention in event["mentions"]:
                    if mention["role"] in ROLES:
                        s, e = mention["span"]
                        spans.setdefault((s, e), (s, e, mention["role"], mention["word"]))
            out.append((record["content"], sorted(spans.values())))
    return out


def shape(text: str) -> str:
    """A miss's shape: digits folded to 0, so 3.5亿元 and 12亿元 count together."""
    return re.sub(r"0(?:[.,]0)+", "0", re.sub(r"\d+", "0", text.translate(_FULLWIDTH)))


def evaluate(corpora: Path, top: int) -> int:
    rows = []
    misses: Counter = Counter()
    miss_example: dict[str, str] = {}
    false_hits: Counter = Counter()
    false_example: dict[str, str] = {}
    wrong_values: list[str] = []
    for split in SPLITS:
        path = corpora / "fewfc" / f"{split}.json"
        if not path.exists():
            print(f"Error: {path} not found; pass --corpora", file=sys.stderr)
            return 1
        stats: dict[str, Counter] = defaultdict(Counter)
        for content, spans in load_gold(path):
            if not spans:
                continue
            found = find_amounts(content)
            for s, e, role, word in spans:
                st = stats[role]
                st["gold"] += 1
                exact = [m for m in found if (m.start, m.end) == (s, e)]
                over = [m for m in found if m.start < e and s < m.end]
                st["exact"] += bool(exact)
                st["overlap"] += bool(over)
                if not exact:
                    key = f"{shape(word)}" if not over else f"{shape(word)} ~ {shape(over[0].text)}"
                    misses[key] += 1
                    miss_example[key] = f"{word!r} in …{content[max(0, s - 8) : e + 8]}…"
                hit = exact[0] if exact else (over[0] if over else None)
                if hit is not None:
                    st["money_label"] += hit.label == "MONEY"
                ref = reference_value(word)
                if ref is None:
                    st["not_judged"] += 1
                    continue
                st["judged"] += 1
                if exact:
                    st["judged_exact"] += 1
                    ok = _same(hit.attrs["value"], ref[0]) and _same(hit.attrs["value_max"], ref[1])
                    st["value_ok_exact"] += ok
                    if not ok:
                        wrong_values.append(
                            f"{word!r}: found {hit.attrs['value']!r}.."
                            f"{hit.attrs['value_max']!r}, reference {ref}"
                        )
                if exact or (over and _same(over[0].attrs["value"], ref[0])):
                    st["value_ok"] += 1
            for m in found:
                if not any(m.start < e and s < m.end for s, e, _, _ in spans):
                    key = f"{m.label} {shape(m.text)}"
                    false_hits[key] += 1
                    stats["_false"][m.label] += 1
                    false_example[key] = f"…{content[max(0, m.start - 8) : m.end + 8]}…"
        for role in ROLES:
            if stats[role]["gold"]:
                rows.append((split, role, stats[role]))
        rows.append((split, "false hits", stats["_false"]))

    def pct(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "-"

    header = (
        f"{'split':<11} {'role':<7} {'gold':>5} {'exact':>6} {'overlap':>7} "
        f"{'judged':>6} {'value|exact':>11} {'value':>6} {'MONEY':>6}"
    )
    print(header)
    print("-" * len(header))
    totals: Counter = Counter()
    for split, role, st in rows:
        if role == "false hits":
            print(
                f"{split:<11} false hits in gold-money sentences: "
                + ", ".join(f"{k} {v}" for k, v in sorted(st.items()))
            )
            continue
        totals.update(st)
        print(
            f"{split:<11} {role:<7} {st['gold']:>5} {pct(st['exact'], st['gold']):>6} "
            f"{pct(st['overlap'], st['gold']):>7} {st['judged']:>6} "
            f"{pct(st['value_ok_exact'], st['judged_exact']):>11} "
            f"{pct(st['value_ok'], st['judged']):>6} {pct(st['money_label'], st['overlap']):>6}"
        )
    st = totals
    print(
        f"{'all':<11} {'both':<7} {st['gold']:>5} {pct(st['exact'], st['gold']):>6} "
        f"{pct(st['overlap'], st['gold']):>7} {st['judged']:>6} "
        f"{pct(st['value_ok_exact'], st['judged_exact']):>11} "
        f"{pct(st['value_ok'], st['judged']):>6} {pct(st['money_label'], st['overlap']):>6}"
    )
    print()
    print("exact/overlap: share of gold spans found exactly / overlapped by a found amount.")
    print(
        "judged: gold spans the independent Arabic-numeral parser could read "
        f"({st['not_judged']} in Chinese numerals or with >2 numbers were not judged)."
    )
    print("value|exact: found value (and value_max) == reference value, over exact span hits.")
    print(
        "value: exact span hit with the right value, or overlapping hit whose value is right,"
        " over judged gold spans.  MONEY: share of overlapping hits labelled MONEY."
    )
    print(f"\nTop {top} misses (gold shape [~ shape found instead]):")
    for key, n in misses.most_common(top):
        print(f"{n:>4}  {key:<28} e.g. {miss_example[key]}")
    print(f"\nTop {top} false hits (found, overlapping no gold span, in gold-money sentences):")
    for key, n in false_hits.most_common(top):
        print(f"{n:>4}  {key:<28} e.g. {false_example[key]}")
    if wrong_values:
        print(f"\nValue disagreements on exact spans ({len(wrong_values)}):")
        for line in wrong_values[:top]:
            print("   ", line)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpora",
        type=Path,
        default=REPO.parent / "shared" / "corpora",
        help="folder holding fewfc/ (default: ../shared/corpora from the repo root)",
    )
    parser.add_argument(
        "--top", type=int, default=20, help="how many misses and false hits to list"
    )
    args = parser.parse_args(argv)
    return evaluate(args.corpora, args.top)


if __name__ == "__main__":
    sys.exit(main())
