"""Find amounts (money, percentages, counted quantities) in Chinese text and parse their values.

The patterns are built once from ``kg/data/lexicons/amounts.json`` (units,
currencies, approximation markers, Chinese numerals) into one compiled regular
expression; a small parser turns each match into a value.

>>> [(m.label, m.text, m.attrs["value"], m.attrs["unit"]) for m in find_amounts("总投资约30亿元")]
[('MONEY', '约30亿元', 3000000000.0, 'CNY')]
>>> parse_amount("3亿元至5亿元")["value_max"]
500000000.0
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import RuleError
from kg.types import Mention

__all__ = ["find_amounts", "parse_amount", "load_amount_lexicon", "AmountLexicon"]

SOURCE = "amounts"

# Same-length character mapping, so offsets in the mapped text are offsets in the original.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"


@dataclass(frozen=True)
class AmountLexicon:
    """The validated contents of an amounts data file."""

    digits: dict[str, int]
    small_units: dict[str, int]
    big_units: dict[str, int]
    vague_digits: tuple[str, ...]
    multipliers: dict[str, float]
    bare_multipliers: frozenset[str]
    bare_currency: str
    currencies: dict[str, str]
    currency_prefixes: dict[str, str]
    percent_units: tuple[str, ...]
    percent_prefix: str
    quantity_units: tuple[str, ...]
    prefix_markers: dict[str, dict]
    marker_not_after: dict[str, str]
    inner_markers: dict[str, dict]
    suffix_markers: dict[str, dict]
    range_separators: tuple[str, ...]
    bound_joiners: tuple[str, ...]
    per_units: tuple[str, ...]
    not_followed_by: dict[str, tuple[str, ...]]
    arabic_only_units: frozenset[str]
    cn_quantity_not: frozenset[str]
    never_after: tuple[str, ...]


def load_amount_lexicon(path: str | Path | None = None) -> AmountLexicon:
    """Read and validate an amounts data file (the packaged one by default).

    Raises :class:`kg.errors.RuleError` naming the file and the bad entry.
    """
    if path is None:
        where = "kg/data/lexicons/amounts.json"
        text = resources.files("kg").joinpath("data/lexicons/amounts.json").read_text("utf-8")
    else:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise RuleError(f"{where}: cannot read the amounts lexicon ({exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RuleError(f"{where}: not valid JSON ({exc})") from exc
    return _validate(data, where)


@lru_cache(maxsize=1)
def _schema_validator():
    import jsonschema

    text = resources.files("kg").joinpath("data/lexicons/amounts.schema.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def _validate(data: object, where: str) -> AmountLexicon:
    """The lexicon, checked against amounts.schema.json and then for agreement between keys."""

    def fail(msg: str) -> RuleError:
        return RuleError(f"{where}: {msg}")

    error = next(iter(sorted(_schema_validator().iter_errors(data), key=str)), None)
    if error is not None:
        place = "/".join(map(str, error.absolute_path)) or "top level"
        raise fail(f"{place}: {error.message}")
    multipliers = {w: float(v) for w, v in data["multipliers"].items()}
    for word in data["bare_multipliers"]:
        if word not in multipliers:
            raise fail(f"'bare_multipliers': {word!r} is not in 'multipliers'")
    currencies = dict(data["currencies"])
    quantity_units = tuple(data["quantity_units"])
    percent_units = tuple(data["percent_units"])
    clash = (set(currencies) & set(quantity_units)) | (
        set(percent_units) & (set(currencies) | set(quantity_units))
    )
    if clash:
        raise fail(f"unit(s) {', '.join(map(repr, sorted(clash)))} are listed under two labels")
    for marker in data["marker_not_after"]:
        if marker not in data["prefix_markers"]:
            raise fail(f"'marker_not_after': {marker!r} is not in 'prefix_markers'")
    units = set(currencies) | set(quantity_units) | set(percent_units)
    for unit in data["not_followed_by"]:
        if unit not in units:
            raise fail(
                f"'not_followed_by': {unit!r} is not a unit in 'currencies', "
                "'quantity_units' or 'percent_units'"
            )

    def markers(key: str) -> dict[str, dict]:
        defaults = {"bound": "", "bare_only": False, "range_only": False}
        return {word: {**defaults, **spec} for word, spec in data[key].items()}

    return AmountLexicon(
        digits={ch: int(v) for ch, v in data["digits"].items()},
        small_units={w: int(v) for w, v in data["small_units"].items()},
        big_units={w: int(v) for w, v in data["big_units"].items()},
        vague_digits=tuple(data["vague_digits"]),
        multipliers=multipliers,
        bare_multipliers=frozenset(data["bare_multipliers"]),
        bare_currency=data["bare_currency"],
        currencies=currencies,
        currency_prefixes=dict(data["currency_prefixes"]),
        percent_units=percent_units,
        percent_prefix=data["percent_prefix"],
        quantity_units=quantity_units,
        prefix_markers=markers("prefix_markers"),
        marker_not_after=dict(data["marker_not_after"]),
        inner_markers=markers("inner_markers"),
        suffix_markers=markers("suffix_markers"),
        range_separators=tuple(data["range_separators"]),
        bound_joiners=tuple(data["bound_joiners"]),
        per_units=tuple(data["per_units"]),
        not_followed_by={u: tuple(f) for u, f in data["not_followed_by"].items()},
        arabic_only_units=frozenset(data["arabic_only_units"]),
        cn_quantity_not=frozenset(data["cn_quantity_not"]),
        never_after=tuple(data["never_after"]),
    )


def _alt(items) -> str:
    """A regex alternation, longest first so 不超过 wins over 不超."""
    return "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))


class _Matcher:
    """The compiled pattern and the number parser for one lexicon."""

    def __init__(self, lex: AmountLexicon):
        self.lex = lex
        cn_chars = "".join(
            sorted(
                set(lex.digits) | set(lex.small_units) | set(lex.big_units) | set(lex.vague_digits)
            )
        )
        cn = f"[{re.escape(cn_chars)}]+"
        unit_words = list(lex.currencies) + list(lex.quantity_units) + list(lex.percent_units)
        unit_alts = []
        for unit in sorted(set(unit_words), key=lambda w: (-len(w), w)):
            stop = lex.not_followed_by.get(unit, ())
            unit_alts.append(re.escape(unit) + (f"(?!{_alt(stop)})" if stop else ""))
        unit = "|".join(unit_alts)
        mult_alts = []
        for mult in sorted(lex.multipliers, key=lambda w: (-len(w), w)):
            # 千 in 千克 is part of the unit, not a multiplier.
            clash = [u[len(mult) :] for u in unit_words if u.startswith(mult) and u != mult]
            mult_alts.append(re.escape(mult) + (f"(?!{_alt(clash)})" if clash else ""))
        mult = "|".join(mult_alts)
        pre = "|".join(
            (f"(?<![{re.escape(lex.marker_not_after[w])}])" if w in lex.marker_not_after else "")
            + re.escape(w)
            for w in sorted(lex.prefix_markers, key=lambda w: (-len(w), w))
        )
        cur = _alt(lex.currency_prefixes)
        inner = _alt(lex.inner_markers)
        post = _alt(lex.suffix_markers)
        per = _alt(lex.per_units)
        sep = _alt(lex.range_separators)
        pct = re.escape(lex.percent_prefix)
        never = "".join(f"(?<!{re.escape(w)})" for w in lex.never_after)
        cn_digits = re.escape("".join(sorted(set(lex.digits))))
        yuan_frac = f"(?P<jiao>[{cn_digits}\\d]角)?(?P<fen>[{cn_digits}\\d]分)?"

        def part(i: int, first: bool) -> str:
            guard = r"(?<![0-9.])" + never if first else ""
            # a Chinese numeral never starts inside another one (the 二 of 第十二)
            cn_guard = f"(?<![{re.escape(cn_chars)}])" if first else ""
            return (
                f"(?P<pre{i}>{pre})?(?:[(（]含[)）])?\\s?(?P<cur{i}>{cur})?\\s?(?P<preb{i}>{pre})?"
                f"(?P<pct{i}>{pct})?"
                f"{guard}(?:(?P<num{i}>{_ARABIC})|{cn_guard}(?P<cn{i}>{cn}))?"
                f"(?P<in{i}>{inner})?\\s?(?P<mult{i}>{mult})?(?P<inb{i}>{inner})?"
                f"\\s?(?P<unit{i}>{unit})?"
            )

        self.pattern = re.compile(
            part(1, True)
            + f"(?:\\s?(?P<sep>{sep})\\s?{part(2, False)})?"
            + yuan_frac
            + f"(?:/(?P<per>{per}))?"
            + f"(?P<post>{post})?(?P<post2>{post})?"
        )
        self.starts = re.compile("[0-9" + re.escape(cn_chars) + "]|" + pct + "|" + pre + "|" + cur)
        self.joiner = re.compile(f"\\s?(?:[(（]含[)）])?\\s?(?:{_alt(lex.bound_joiners)})?\\s?$")

    # --- numbers -------------------------------------------------------

    def chinese(self, s: str) -> tuple[float, float] | None:
        """Parse a Chinese numeral (一亿两千万, 三百二十, 十几) into (low, high)."""
        lex = self.lex
        lows, highs = [0.0, 0.0, None], [0.0, 0.0, None]  # result, section, digit
        prev = ""
        vague = False
        for ch in s:
            if ch in lex.digits or ch in lex.vague_digits:
                if prev and (prev in lex.digits or prev in lex.vague_digits):
                    if lex.digits.get(prev) != 0:
                        # two digits in a row (二〇二五, 一一): a year or a code, not an amount
                        return None
                if ch in lex.vague_digits:
                    vague = True
                    lows[2], highs[2] = 1.0, 9.0
                else:
                    lows[2] = highs[2] = float(lex.digits[ch])
            elif ch in lex.small_units:
                u = lex.small_units[ch]
                for acc in (lows, highs):
                    acc[1] += (1.0 if acc[2] is None else acc[2]) * u
                    acc[2] = None
            else:  # a big unit: 万 or 亿
                u = lex.big_units[ch]
                for acc in (lows, highs):
                    group = acc[1] + (acc[2] or 0.0)
                    if u >= 1e8:
                        acc[0] = (acc[0] + (group or 1.0)) * u
                    else:
                        acc[0] += (group or 1.0) * u
                    acc[1], acc[2] = 0.0, None
            prev = ch
        low = lows[0] + lows[1] + (lows[2] or 0.0)
        high = highs[0] + highs[1] + (highs[2] or 0.0)
        return (low, high) if vague or low == high else None

    def number(self, m: re.Match, i: int) -> tuple[float, float, bool] | None:
        """(low, high, vague) of part ``i``'s number before its multiplier, or None."""
        num, cn = m.group(f"num{i}"), m.group(f"cn{i}")
        if num is not None:
            v = float(num.replace(",", ""))
            return v, v, False
        if cn is not None:
            parsed = self.chinese(cn)
            if parsed is None:
                return None
            return parsed[0], parsed[1], parsed[0] != parsed[1]
        return None


def _bare(p: dict, lex: AmountLexicon) -> bool:
    """True for a number written with no digit at all (亿 in 超亿元, 上万)."""
    return p["cn"] is not None and not any(c in lex.digits for c in p["cn"])


@lru_cache(maxsize=1)
def _default_matcher() -> _Matcher:
    return _Matcher(load_amount_lexicon())


def _label(unit_word: str | None, lex: AmountLexicon) -> tuple[str, str]:
    if unit_word is None:
        return "MONEY", lex.bare_currency
    if unit_word in lex.currencies:
        return "MONEY", lex.currencies[unit_word]
    if unit_word in lex.percent_units:
        return "PERCENT", unit_word
    return "QUANTITY", unit_word


def _part(m: re.Match, i: int, mt: _Matcher) -> dict | None:
    """The pieces of amount ``i`` (1 or 2) of a match; None if it has no number."""
    lex = mt.lex
    g = m.group
    pre = g(f"pre{i}") or g(f"preb{i}")
    cn = g(f"cn{i}")
    parsed = mt.number(m, i)
    if g(f"num{i}") is None and cn is None:
        return None
    if parsed is None:
        return None
    if cn is not None and g(f"mult{i}") is None:
        digits = [c for c in cn if c in lex.digits or c in lex.vague_digits]
        if not digits and not any(c in lex.small_units for c in cn):
            # 万元, 亿元 with no numeral at all: only after a marker (超亿元, 逾亿元)
            if not pre:
                return None
    return {
        "low": parsed[0],
        "high": parsed[1],
        "vague": parsed[2],
        "cn": cn,
        "pre": pre,
        "cur": g(f"cur{i}"),
        "pct": g(f"pct{i}"),
        "inner": g(f"in{i}") or g(f"inb{i}"),
        "mult": g(f"mult{i}"),
        # a Chinese numeral carries its own 万/亿 (三千万, 千亿)
        "big": cn is not None and any(c in lex.big_units for c in cn),
        "unit": g(f"unit{i}"),
        "end": max(
            (
                m.end(name)
                for name in (f"num{i}", f"cn{i}", f"in{i}", f"mult{i}", f"inb{i}", f"unit{i}")
                if m.group(name) is not None
            ),
        ),
    }


def _complete(p: dict) -> bool:
    """Whether a part can stand alone: it has a unit, a % or a big multiplier."""
    return bool(p["unit"] or p["pct"] or p["mult"] or p["big"])


def _interpret(m: re.Match, text: str, mt: _Matcher) -> Mention | None:
    """Turn one regex match into a Mention, or None when it is not an amount."""
    lex = mt.lex
    parts = _parts(m, mt)
    if parts is None:
        return None
    first, second = parts
    last = second or first
    unit_word = last["unit"] or (first["unit"] if second is None else None)
    start = _span_start(m, first, last, lex)
    kind = _label_and_unit(first, second, unit_word, lex)
    if kind is None:
        return None
    label, unit = kind
    if label == "QUANTITY" and not _is_count(first, second, start, text, lex):
        return None
    if any(
        p and p["cn"] is not None and (p["unit"] or unit_word) in lex.arabic_only_units
        for p in (first, second)
    ):
        return None  # 一块土地: with a Chinese numeral 块 counts pieces, it is not 块 (yuan)
    value, value_max = _values(first, second, lex)
    end = last["end"]
    if label == "MONEY" and unit == "CNY":
        value, value_max, end = _add_jiao_fen(m, value, value_max, end, lex)
    markers = _prefix_qualifiers(first, second, unit_word, lex)
    if markers is None:
        return None
    approx, qualifiers = markers
    per = bool(m.group("per")) and end == m.start("per") - 1
    if per:
        end = m.end("per")
    end, approx = _suffix_qualifiers(m, end, second, lex, approx, qualifiers)
    raw = text[start:end].rstrip()  # trailing whitespace never belongs to the span
    end = start + len(raw)
    return Mention(
        text=raw,
        label=label,
        start=start,
        end=end,
        source=SOURCE,
        attrs={
            "value": float(value),
            "value_max": float(value_max),
            "unit": unit,
            "approx": bool(approx),
            "raw": raw,
            "qualifier": "".join(qualifiers),
            "per": m.group("per") if per else "",
            "bound": _bound(first, second, lex),
        },
    )


def _parts(m: re.Match, mt: _Matcher) -> tuple[dict, dict | None] | None:
    """The amount's one or two numbers (a range: 3亿元至5亿元), or None if incomplete."""
    lex = mt.lex
    first = _part(m, 1, mt)
    if first is None:
        return None
    second = _part(m, 2, mt) if m.group("sep") else None
    if second is not None and not _complete(second):
        second = None
    if second is None and not _complete(first):
        return None
    if second is not None and first["unit"] and second["unit"]:
        # 3亿元至5亿美元 would be odd; keep both only when the labels agree
        if _label(first["unit"], lex)[0] != _label(second["unit"], lex)[0]:
            second = None
    return first, second


def _span_start(m: re.Match, first: dict, last: dict, lex: AmountLexicon) -> int:
    if first["cur"] and not m.group("pre1") and last["unit"] in lex.currencies:
        # 人民币15万元: the currency word repeats what 元 says and is left out of the span
        return min(m.start(g) for g in ("preb1", "pct1", "num1", "cn1") if m.group(g))
    return m.start()


def _label_and_unit(
    first: dict, second: dict | None, unit_word: str | None, lex: AmountLexicon
) -> tuple[str, str] | None:
    """``(label, unit)``: PERCENT, MONEY in a currency, or the unit word's label; None for a
    bare number that is no amount."""
    last = second or first
    if first["pct"] or (second and second["pct"]):
        return "PERCENT", "%"
    currency = last["cur"] or first["cur"]
    if last["unit"] is None and currency:
        return "MONEY", lex.currency_prefixes[currency]
    if unit_word is None:
        # bare amount: only the big multipliers (3亿, 500万) count, and then as yuan
        if last["mult"] not in lex.bare_multipliers and not last["big"]:
            return None
        if last["cn"] is not None and _bare(last, lex) and not last["pre"]:
            return None
    label, unit = _label(unit_word, lex)
    if label == "MONEY" and unit == lex.bare_currency and unit_word is None and currency:
        unit = lex.currency_prefixes[currency]
    return label, unit


def _is_count(first: dict, second: dict | None, start: int, text: str, lex) -> bool:
    """A quantity that really counts something: not 一个/一家 (articles), not 人民币3个, not a
    model number (A320台, iPhone15个)."""
    for p in (first, second):
        if p and p["cn"] is not None:
            if (
                p["cn"] in lex.cn_quantity_not
                or p["high"] == 0
                or not any(c in lex.digits for c in p["cn"])
            ):
                return False
    after_latin = start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()
    return not (first["cur"] or after_latin)


def _values(first: dict, second: dict | None, lex: AmountLexicon) -> tuple[float, float]:
    """``(value, value_max)`` with multipliers applied; a range's first part may borrow the
    second's multiplier (3至5亿元)."""

    def scaled(p: dict, mult: str | None) -> tuple[float, float]:
        factor = lex.multipliers[mult] if mult else 1.0
        return p["low"] * factor, p["high"] * factor

    if second is None:
        return scaled(first, first["mult"])
    mult1 = first["mult"] or (second["mult"] if not first["unit"] else None)
    lo, lo_hi = scaled(first, mult1)
    hi_lo, hi = scaled(second, second["mult"])
    return min(lo, hi_lo), max(lo_hi, hi)


def _add_jiao_fen(m: re.Match, value: float, value_max: float, end: int, lex):
    """Yuan amounts with 角 and 分 (3元5角): the fractions added, the span extended."""
    for name, frac in (("jiao", 0.1), ("fen", 0.01)):
        d = m.group(name)
        if d:
            digit = int(d[0]) if d[0].isdigit() else lex.digits[d[0]]
            value += digit * frac
            value_max += digit * frac
            end = max(end, m.end(name))
    return value, value_max, end


def _prefix_qualifiers(first: dict, second: dict | None, unit_word, lex: AmountLexicon):
    """``(approx, qualifiers)`` from the words before and inside the numbers (约, 近, 多),
    or None when a marker rules the amount out (上 only in 上亿元, 上万人)."""
    approx = any(p and p["vague"] for p in (first, second))
    qualifiers = []
    for p in (first, second):
        if p is None:
            continue
        if p["pre"]:
            spec = lex.prefix_markers[p["pre"]]
            if spec["bare_only"] and not (_bare(p, lex) and unit_word):
                return None
            approx |= spec["approx"]
            qualifiers.append(p["pre"])
        if p["inner"]:
            approx |= lex.inner_markers[p["inner"]]["approx"]
            qualifiers.append(p["inner"])
    return approx, qualifiers


def _suffix_qualifiers(m: re.Match, end: int, second, lex, approx: bool, qualifiers: list):
    """The words right after the amount (余, 以上, 左右): the span extended over them."""
    for name in ("post", "post2"):
        word = m.group(name)
        if word is None or m.start(name) != end:
            break
        spec = lex.suffix_markers[word]
        if spec["range_only"] and second is None:
            break
        approx |= spec["approx"]
        if word not in ("整", "(含)", "（含）"):
            qualifiers.append(word)
        end = m.end(name)
    return end, approx


def _bound(first: dict, second: dict | None, lex: AmountLexicon) -> str:
    if second is not None:
        return ""
    return lex.prefix_markers[first["pre"]]["bound"] if first["pre"] else ""


def _merge_bounds(mentions: list[Mention], text: str, mt: _Matcher) -> list[Mention]:
    """Join 不低于3亿元、不超过6亿元 (a lower and an upper bound) into one range."""
    out: list[Mention] = []
    for mention in mentions:
        if out:
            prev = out[-1]
            bounds = {prev.attrs["bound"], mention.attrs["bound"]}
            gap = text[prev.end : mention.start]
            if (
                bounds == {"min", "max"}
                and prev.label == mention.label
                and prev.attrs["unit"] == mention.attrs["unit"]
                and mt.joiner.match(gap)
            ):
                raw = text[prev.start : mention.end]
                low, high = sorted((prev.attrs["value"], mention.attrs["value"]))
                out[-1] = Mention(
                    text=raw,
                    label=prev.label,
                    start=prev.start,
                    end=mention.end,
                    source=SOURCE,
                    attrs={
                        **prev.attrs,
                        "value": low,
                        "value_max": high,
                        "raw": raw,
                        "approx": prev.attrs["approx"] or mention.attrs["approx"],
                        "qualifier": prev.attrs["qualifier"] + mention.attrs["qualifier"],
                        "bound": "",
                    },
                )
                continue
        out.append(mention)
    return out


def _find(text: str, mt: _Matcher) -> list[Mention]:
    if not text:
        return []
    mapped = text.translate(_FULLWIDTH)
    found: list[Mention] = []
    pos = 0
    n = len(mapped)
    while pos < n:
        hit = mt.starts.search(mapped, pos)
        if hit is None:
            break
        m = mt.pattern.match(mapped, hit.start())
        mention = _interpret(m, mapped, mt) if m and m.end() > m.start() else None
        if mention is None:
            pos = hit.start() + 1
            continue
        mention.text = mention.attrs["raw"] = text[mention.start : mention.end]
        found.append(mention)
        pos = mention.end
    return _merge_bounds(found, text, mt)


def find_amounts(text: str) -> list[Mention]:
    """Every amount in ``text``, in order, as non-overlapping Mentions.

    Labels: ``MONEY`` (``unit`` an ISO code, ``value`` in that currency's base
    unit), ``PERCENT`` (``unit`` "%", ``value`` the number as written) and
    ``QUANTITY`` (``unit`` the measure word as written, ``value`` scaled by
    万/亿). ``attrs`` also carries ``value_max`` (upper end of a range, else
    ``value``), ``approx``, ``raw`` (the span's text), ``qualifier`` (the
    markers as written, e.g. "约" or "不超过") and ``bound`` ("min", "max" or "").

    Examples
    --------
    >>> [(m.text, m.attrs["value"], m.attrs["approx"]) for m in find_amounts("300多位代表")]
    [('300多位', 300.0, True)]
    >>> find_amounts("2025年7月")
    []
    """
    return _find(text, _default_matcher())


def parse_amount(raw: str) -> dict:
    """Parse one amount string such as "约30亿元" into its attributes.

    Returns a dict with ``label``, ``value``, ``value_max``, ``unit``, ``approx``,
    ``raw``, ``qualifier`` and ``bound``. Raises ``ValueError`` naming ``raw``
    when the whole string is not one amount.

    >>> parse_amount("5000万美元")["value"]
    50000000.0
    """
    if not isinstance(raw, str):
        raise ValueError(f"not an amount: {raw!r} (expected a string)")
    text = raw.strip()
    found = _find(text, _default_matcher())
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(text):
        raise ValueError(f"not an amount: {raw!r}")
    return {"label": found[0].label, **found[0].attrs}
