"""China's administrative divisions, to tell a real city from a word that ends in 市.

The data (kg/data/lexicons/divisions.tsv) lists every province-, prefecture- and
county-level division with its adcode; it comes from the cpca package (MIT licence).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.ner.words import word_tags

__all__ = ["Division", "city_name", "divisions", "is_division", "is_place_name"]

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
    or a place name in jieba's dictionary (中国, 美国, 丹佛, 洛杉矶)."""
    if is_division(name) or any(is_division(name + s) for s in ("省", "市", "县", "区")):
        return True
    return word_tags().get(name) == "ns"
