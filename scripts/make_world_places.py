"""Write kg/data/lexicons/world_places.tsv: the world's countries, regions and cities in Chinese.

The names are Unicode CLDR's Chinese (zh) display names, read through babel (the data
files carry the Unicode License v3, kept beside the list as world_places.LICENSE):
territory names (countries, continents and regions such as 东南亚) and the exemplar
cities of the time zones (纽约, 洛杉矶, 台北). kg.ner.places reads the list to find
places the model misses and to tell a place from an organisation.

Usage: pip install babel && python scripts/make_world_places.py
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kg" / "data" / "lexicons" / "world_places.tsv"

#: CLDR territory codes that name no place a text would call one: the world, unions and
#: organisations (欧盟, 联合国: organisations in kg), placeholders
SKIP_TERRITORIES = {"001", "EU", "EZ", "UN", "QO", "UM", "XA", "XB", "ZZ"}
#: time zones whose cities are research stations (戴维斯, 莫森) or placeholders
SKIP_ZONES = ("Antarctica/", "Etc/")
#: city names written as often for a person (达尔文, 索非亚, 斯坦利)
SKIP_CITIES = {
    "达尔文",
    "索非亚",
    "斯坦利",
    "林德曼",
    "朱诺",
    "诺姆",
    "威克",
    "瓦利斯",
    "图勒",
    "道森",
}
#: names with a bracket (刚果（金）) are left out
_BRACKETS = re.compile(r"[（(].*?[)）]")


def rows() -> list[tuple[str, str, str]]:
    from babel import Locale

    zh = Locale("zh")
    out: list[tuple[str, str, str]] = []
    for code, name in sorted(zh.territories.items()):
        if code in SKIP_TERRITORIES or _BRACKETS.search(name):
            continue
        kind = "region" if code.isdigit() else "territory"
        out.append((name, kind, code))
        short = name.removeprefix("中国").removesuffix("特别行政区")
        if short != name and len(short) >= 2:  # 中国香港特别行政区 → 香港
            out.append((short, kind, code))
    for zone, names in sorted(zh.time_zones.items()):
        city = names.get("city")
        if zone.startswith(SKIP_ZONES) or not city or _BRACKETS.search(city):
            continue
        if city != "未知城市" and city not in SKIP_CITIES:
            out.append((city, "city", zone))
    seen, unique = set(), []
    for row in out:
        if row[0] not in seen:
            seen.add(row[0])
            unique.append(row)
    return unique


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    import babel

    found = rows()
    header = (
        "# Countries and territories, regions and cities of the world in Chinese:\n"
        "# name, kind, CLDR code or time zone.\n"
        f"# From Unicode CLDR {babel.core.get_global('cldr')['version']} (zh), read through babel "
        f"{babel.__version__}; Unicode License v3 (world_places.LICENSE beside this file).\n"
        "# Written by scripts/make_world_places.py; read by kg/ner/places.py.\n"
    )
    body = "".join(f"{name}\t{kind}\t{code}\n" for name, kind, code in found)
    args.out.write_text(header + body, encoding="utf-8")
    print(f"{len(found)} names written to {args.out}")


if __name__ == "__main__":
    main()
