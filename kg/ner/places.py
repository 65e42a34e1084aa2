"""Gazetteers: China's administrative divisions (to tell a real city from a word that ends
in 市), and the places of the world, Taiwan, Hong Kong and Macau (to find the places a model
misses).

kg/data/lexicons/divisions.tsv lists every province-, prefecture- and county-level division
of China with its adcode (from the cpca package, MIT licence); world_places.tsv the countries,
regions and cities of Unicode CLDR in Chinese (Unicode License v3); places_extra.tsv, written
by hand, the county-level divisions of Taiwan and the districts of Hong Kong and Macau.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import RuleError
from kg.ner.words import whole_word, word_tags
from kg.types import Mention

__all__ = [
    "Division",
    "city_name",
    "divisions",
    "find_places",
    "gazetteer",
    "is_division",
    "is_place_name",
]

#: province-level divisions that are cities
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class Division:
    adcode: str
    name: str
    level: str  # province, prefecture or county


@lru_cache(maxsize=1)
def divisions() -> dict[str, tuple[Division, ...]]:
    """Every division by name (a name can belong to several: 朝阳区 in 北京 and 长春)."""
    text = resources.files("kg").joinpath("data/lexicons/divisions.tsv").read_text("utf-8")
    by_name: dict[str, list[Division]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            adcode, name, level = line.split("\t")
            by_name.setdefault(name, []).append(Division(adcode, name, level))
    return {name: tuple(ds) for name, ds in by_name.items()}


def is_division(name: str) -> bool:
    """True for the full name of a real division (平湖市, 浙江省, 浦东新区)."""
    return name in divisions()


def city_name(name: str) -> str | None:
    """The city ``name`` names, as written officially (平湖 → 平湖市), or None when it is no
    city: a country, a province, a county, a company (尼康) or a region (两岸)."""
    full = name if name.endswith("市") else name + "市"
    found = divisions().get(full, ())
    if any(d.level in ("prefecture", "county") for d in found) or full in MUNICIPALITIES:
        return full
    return None


def is_place_name(name: str) -> bool:
    """A place as names begin with it: a division with or without its 省/市/县 (浙江, 平湖市),
    a place of the gazetteer (台中, 撒哈拉以南非洲) or a place name in jieba's dictionary
    (中国, 美国, 丹佛, 洛杉矶)."""
    if is_division(name) or any(is_division(name + s) for s in ("省", "市", "县", "区")):
        return True
    return name in gazetteer() or word_tags().get(name) == "ns"


#: a division's short name and what it leaves off: 省, 市, 自治区 with its peoples, 特别行政区…
_DIVISION_SHORT = re.compile(
    r"(.{2,}?)(?:(?:[\u4e00-\u9fff]{1,3}族)+自治[区州]|维吾尔自治区|自治[区州]|特别行政区|地区|[省市盟])"
)
#: jieba tags of a short name that is also a common word (大同, 开封, 日照, 来宾, 白银)
_COMMON_TAGS = frozenset("n v vn d a ad an b i l m q t c p r u".split())


#: division names that are also what any city has (the urban districts of 市辖区)
_GENERIC_DIVISIONS = frozenset(("市辖区", "市中区", "县", "自治县"))


def _read_tsv(name: str) -> list[list[str]]:
    text = resources.files("kg").joinpath(f"data/lexicons/{name}").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    bad = [row for row in rows if len(row) < 2 or len(row[0]) < 2]
    if bad:
        raise RuleError(f"{name}: expected 'name<TAB>kind' with a name of two characters: {bad[0]}")
    return rows


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Place name -> kind: the divisions by their full names and the provinces and
    prefectures also by their short ones (江苏, 南京; not one that is a common word: 大同),
    the world's countries, regions and cities, and the places of Taiwan, Hong Kong and Macau."""
    out: dict[str, str] = {}
    tags = word_tags()
    for name, found in divisions().items():
        level = found[0].level
        if name in _GENERIC_DIVISIONS or (len(name) == 2 and name.endswith("区")):
            continue  # 郊区, 城区, 矿区: county-level names that are common words
        out[name] = level
        if not any(d.level in ("province", "prefecture") for d in found):
            continue
        match = _DIVISION_SHORT.fullmatch(name)
        short = match.group(1) if match else name
        if short != name and tags.get(short) not in _COMMON_TAGS:
            out.setdefault(short, level)
    for row in _read_tsv("world_places.tsv") + _read_tsv("places_extra.tsv"):
        out.setdefault(row[0], row[1])
    return out


@lru_cache(maxsize=1)
def _gazetteer_index() -> tuple[dict[str, tuple[str, ...]], str, tuple[str, ...], tuple[str, ...]]:
    """The gazetteer's names by their first character, longest first, and gazetteer.json's
    exceptions. A scan by first character costs a few dictionary lookups a character, where
    one regular expression of every name tried them all at each position."""
    text = resources.files("kg").joinpath("data/lexicons/gazetteer.json").read_text("utf-8")
    try:
        data = json.loads(text)
        after, before = tuple(data["not_followed_by"]), tuple(data["not_preceded_by"])
        market = "".join(data["city_suffix_not_followed_by"])
    except (json.JSONDecodeError, KeyError) as exc:
        raise RuleError(f"gazetteer.json: {exc}") from exc
    by_first: dict[str, list[str]] = {}
    for name in sorted(gazetteer(), key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name)
    return {k: tuple(v) for k, v in by_first.items()}, market, after, before


def _scan_places(text: str) -> list[tuple[int, int]]:
    """Leftmost-longest gazetteer names in ``text``, without overlaps; a name's 市 before
    市场, 市值… is left out (南京市场 gives 南京)."""
    by_first, market, _, _ = _gazetteer_index()
    found: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        names = by_first.get(text[i])
        end = 0
        if names:
            for name in names:
                if text.startswith(name, i):
                    end = i + len(name)
                    if name.endswith("市") and end < n and text[end] in market:
                        end -= 1
                    break
        if end:
            found.append((i, end))
            i = end
        else:
            i += 1
    return found


def find_places(text: str) -> list[Mention]:
    """The gazetteer's places in ``text`` where they stand as whole words (jieba cuts the
    text at both ends): 台中 in 台中大肚, not 中国 in 中国人, nor 美国 in 必美国际; nor
    where gazetteer.json says the name is no place (北京时间, 基金安顺)."""
    _, _, not_after, not_before = _gazetteer_index()
    from kg.ner.rules import lexicons  # the characters that start no place (boundaries.json)

    stop_chars = lexicons().stop_chars
    return [
        Mention(text[start:end], "LOC", start, end, source="gazetteer")
        for start, end in _scan_places(text)
        if text[start] not in stop_chars  # 和平, 同江: as often 和 and 同 before a word
        and not text.startswith(not_after, end)
        and not text.endswith(not_before, 0, start)
        and whole_word(text, start, end)
    ]
