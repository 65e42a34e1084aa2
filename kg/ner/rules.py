"""Rule components of the entity layer: titles, organisations and events by their endings,
people after titles or in leader lists, and 《works》. Every word list is a data file."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.errors import RuleError
from kg.ner.words import splits_a_word, whole_word, word_tags, words_of
from kg.text.chars import HAN, is_han
from kg.types import Mention

__all__ = [
    "Lexicons",
    "lexicons",
    "find_rule_mentions",
    "find_titles",
    "find_market_orgs",
    "find_media",
    "find_teams",
    "names_one_thing",
    "word_start",
]

_SOURCE = "rules"


def _read_list(name: str) -> list[str]:
    text = resources.files("kg").joinpath(f"data/lexicons/{name}").read_text(encoding="utf-8")
    items = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            items.extend(line.split())
    if not items:
        raise RuleError(f"lexicon {name} is empty")
    return items


def _read_json(name: str) -> dict:
    text = resources.files("kg").joinpath(f"data/lexicons/{name}").read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RuleError(f"lexicon {name} is not valid JSON: {exc}") from exc


def _alternation(words: list[str]) -> re.Pattern:
    literal = sorted({w for w in words if not w.startswith("re:")}, key=len, reverse=True)
    regexes = [w[3:] for w in words if w.startswith("re:")]
    parts = regexes + [re.escape(w) for w in literal]
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class Lexicons:
    titles: re.Pattern
    org_suffixes: re.Pattern
    event_suffixes: re.Pattern
    stop_chars: frozenset
    event_stop_chars: frozenset
    stop_words: tuple
    keep_words: tuple
    not_org: frozenset
    not_event: frozenset
    false_endings: tuple
    org_min_name: int
    org_max_len: int
    event_min_name: int
    event_max_len: int
    surnames: frozenset
    double_surnames: frozenset
    follow_words: tuple
    follow_chars: frozenset
    role_words: re.Pattern
    list_re: re.Pattern
    not_person: frozenset
    org_titles: frozenset = frozenset()
    name_end_not: str = ""
    title_prefixes: tuple = ()
    org_title_max_len: int = 12
    market_code: re.Pattern | None = None
    market_cues: re.Pattern | None = None
    market_name_max_len: int = 6
    market_name_not_end: str = ""
    market_name_not_start: tuple = ()
    market_name_drop_end: tuple = ()
    founded_name: re.Pattern | None = None
    founded_name_not: frozenset = frozenset()
    function_word_tags: frozenset = frozenset()
    leading_word_tags: frozenset = frozenset()
    name_word_tags: frozenset = frozenset()
    generic_event_suffixes: frozenset = frozenset()
    not_third: str = ""
    verb_tags: frozenset = frozenset()
    events_alone: frozenset = frozenset()
    long_function_word_tags: frozenset = frozenset()
    unit_end: re.Pattern | None = None
    committee_endings: tuple = ()


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """Load and validate the rule lexicons once."""
    titles = _read_list("titles.txt")
    bounds = _read_json("boundaries.json")
    persons = _read_json("persons.json")
    for key in ("stop_chars", "stop_words", "keep_words", "not_org", "not_event"):
        if key not in bounds:
            raise RuleError(f"boundaries.json: missing key {key!r}")
    for key in ("name_follow_words", "name_follow_chars", "list_prefixes", "list_ends"):
        if key not in persons:
            raise RuleError(f"persons.json: missing key {key!r}")
    units = _read_json("units.json")
    for key in ("unit_endings", "committee_endings"):
        if not units.get(key):
            raise RuleError(f"units.json: missing or empty key {key!r}")
    surnames = _read_list("surnames.txt")
    name = f"[{HAN}]{{2,3}}"
    list_re = re.compile(
        "(?:" + "|".join(map(re.escape, persons["list_prefixes"])) + ")"
        rf"((?:{name}、)*{name})"
        "(?=" + "|".join(map(re.escape, persons["list_ends"])) + ")"
    )
    role_words = persons.get("role_words", [])
    return Lexicons(
        titles=_alternation(titles),
        org_suffixes=_alternation(_read_list("org_suffixes.txt")),
        event_suffixes=_alternation(_read_list("event_suffixes.txt")),
        stop_chars=frozenset(bounds["stop_chars"]),
        event_stop_chars=frozenset(bounds.get("event_stop_chars", bounds["stop_chars"])),
        stop_words=tuple(sorted(bounds["stop_words"], key=len, reverse=True)),
        keep_words=tuple(bounds["keep_words"]),
        not_org=frozenset(bounds["not_org"]),
        not_event=frozenset(bounds["not_event"]),
        false_endings=tuple(bounds.get("false_endings", [])),
        org_min_name=int(bounds.get("org_min_name", 2)),
        org_max_len=int(bounds.get("org_max_len", 32)),
        event_min_name=int(bounds.get("event_min_name", 2)),
        event_max_len=int(bounds.get("event_max_len", 48)),
        surnames=frozenset(s for s in surnames if len(s) == 1),
        double_surnames=frozenset(s for s in surnames if len(s) == 2),
        follow_words=tuple(sorted(persons["name_follow_words"], key=len, reverse=True)),
        follow_chars=frozenset(persons["name_follow_chars"]),
        role_words=_alternation(role_words) if role_words else re.compile(r"(?!x)x"),
        function_word_tags=frozenset(bounds.get("function_word_tags", [])),
        leading_word_tags=frozenset(bounds.get("leading_word_tags", [])),
        name_word_tags=frozenset(bounds.get("name_word_tags", [])),
        generic_event_suffixes=frozenset(bounds.get("generic_event_suffixes", [])),
        not_third=persons.get("not_third_chars", ""),
        verb_tags=frozenset(bounds.get("verb_tags", [])),
        events_alone=frozenset(bounds.get("events_alone", [])),
        long_function_word_tags=frozenset(bounds.get("long_function_word_tags", [])),
        list_re=list_re,
        unit_end=re.compile(f"(?:{_alternation(units['unit_endings']).pattern})$"),
        committee_endings=tuple(units["committee_endings"]),
        not_person=frozenset(persons.get("not_person", [])),
        org_titles=frozenset(bounds.get("org_titles", [])),
        name_end_not=persons.get("name_end_not", ""),
        title_prefixes=tuple(sorted(bounds.get("title_prefixes", []), key=len, reverse=True)),
        org_title_max_len=int(bounds.get("org_title_max_len", 12)),
        market_code=_compile(bounds.get("market_code"), "market_code"),
        market_cues=_compile("|".join(bounds.get("market_cues", [])) or None, "market_cues"),
        market_name_max_len=int(bounds.get("market_name_max_len", 6)),
        market_name_not_end=bounds.get("market_name_not_end", ""),
        market_name_not_start=tuple(bounds.get("market_name_not_start", [])),
        founded_name=_compile(
            f"(?:{bounds['founded_name_cue']})([{HAN}]{{2,4}})(?=[，。；,;！!]|$)"
            if bounds.get("founded_name_cue")
            else None,
            "founded_name_cue",
        ),
        founded_name_not=frozenset(bounds.get("founded_name_not", [])),
        market_name_drop_end=tuple(
            sorted(bounds.get("market_name_drop_end", []), key=len, reverse=True)
        ),
    )


def _compile(pattern: str | None, key: str) -> re.Pattern | None:
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RuleError(f"boundaries.json: bad regular expression in {key!r}: {exc}") from exc


# --------------------------------------------------------------------------- helpers


class _Spans:
    """Spans ``(start, end)`` sorted by start, asked about one place at a time.

    Every question looks only at the spans that start within the longest span's length of
    the place asked about, so a page with thousands of titles is not read once per name.
    """

    def __init__(self, spans=()):
        self._items = sorted(spans)
        self._longest = max((e - s for s, e in self._items), default=0)

    def add(self, span: tuple[int, int]) -> None:
        bisect.insort(self._items, span)
        self._longest = max(self._longest, span[1] - span[0])

    def _near(self, lo: int, hi: int):
        """The spans that start in ``[lo, hi]``."""
        items = self._items
        k = bisect.bisect_left(items, (lo,))
        while k < len(items) and items[k][0] <= hi:
            yield items[k]
            k += 1

    def covers(self, i: int, *, skip_end: int | None = None) -> bool:
        """A span holds position ``i`` (spans ending at ``skip_end`` left out)."""
        return any(i < e and e != skip_end for _s, e in self._near(i - self._longest, i))

    def overlaps(self, start: int, end: int) -> bool:
        """A span overlaps ``[start, end)``."""
        return any(e > start for _s, e in self._near(start - self._longest, end - 1))

    def contains(self, start: int, end: int) -> bool:
        """A span holds all of ``[start, end)``."""
        return any(end <= e for _s, e in self._near(end - self._longest, start))

    def reaches(self, pos: int) -> bool:
        """A span starts before ``pos`` and ends at or after it."""
        return any(pos <= e for _s, e in self._near(pos - self._longest, pos - 1))


def _keep_word_at(text: str, i: int, lex: Lexicons) -> bool:
    for word in lex.keep_words:
        lo = max(0, i - len(word) + 1)
        for j in range(lo, i + 1):
            if text.startswith(word, j):
                return True
    return False


def _stop_word_ending_at(text: str, i: int, lex: Lexicons) -> bool:
    for word in lex.stop_words:
        j = i - len(word) + 1
        if j >= 0 and text.startswith(word, j):
            return True
    return False


_NAME_PUNCT = set("()（）·-—&")


def _inside_names(text: str, lower: int, pos: int, lex: Lexicons) -> set[int]:
    """Positions of ``text[lower:pos]`` inside a place or proper name of jieba's dictionary
    (成都, 京都): a stop character there (都) is the name's."""
    out, at = set(), lower
    for word, tag in words_of(text[lower:pos]):
        if len(word) > 1 and tag in ("ns", "nt", "nz"):
            out.update(range(at, at + len(word)))
        at += len(word)
    return out


def _scan_left(
    text: str,
    pos: int,
    lex: Lexicons,
    *,
    limit: int,
    blocked: _Spans,
    event: bool = False,
    skip_end: int | None = None,
) -> int:
    """Return where a name that ends its name part at ``pos`` starts."""
    stop_chars = lex.event_stop_chars if event else lex.stop_chars
    i = pos - 1
    lower = max(0, pos - limit)
    depth = 0  # open “” quotes while scanning right to left
    inside = _inside_names(text, lower, pos, lex)  # 都 of 成都 is no stop
    while i >= lower:
        ch = text[i]
        if blocked.covers(i, skip_end=skip_end):
            break
        if ch.isalnum() and not is_han(ch):
            i -= 1
            continue
        if not event and ch in "年月日号" and i > 0 and text[i - 1].isdigit():
            break  # 2019年1月月星集团: a date ends the name
        if not is_han(ch):
            if ch in _NAME_PUNCT:
                i -= 1
                continue
            if event and ch == "”":
                depth += 1
                i -= 1
                continue
            if event and ch == "“" and depth:
                depth -= 1
                i -= 1
                continue
            if event and ch == "、" and _enumerated_event_part(text, i, lex):
                i -= 1
                continue
            break
        if _stop_word_ending_at(text, i, lex) and not _keep_word_at(text, i, lex):
            break
        if ch in stop_chars and i not in inside and not _keep_word_at(text, i, lex):
            break
        i -= 1
    start = i + 1
    # never start a name inside an unclosed quote or with a bracket
    while start < pos and text[start] in "”)）、·":
        start += 1
    return start


def word_start(text: str, start: int, end: int, lex: Lexicons, *, after_verbs: bool = False) -> int:
    """Where a name found by scanning ``text[start:end]`` (its name part) really starts.

    After the last function word in it (更标志着方太 → 方太), and without the verbs or
    counters it opens with (拷问银行, 称北京奥运会). With ``after_verbs``, also after the
    last verb that a name follows (学生申请美国明尼苏达双子城大学 → 美国明尼苏达双子城大学);
    an event's name may hold verbs (产业合作对接会). Returns ``end`` when nothing is left.
    """
    words = words_of(text[start:end])
    pos, cut = start, start
    for word, tag in words:
        pos += len(word)
        if word in lex.keep_words:
            continue
        if tag in lex.function_word_tags or (len(word) > 1 and tag in lex.long_function_word_tags):
            cut = pos
        elif after_verbs and tag in lex.verb_tags and names_one_thing(text[pos:end], lex):
            cut = pos  # 学生申请美国明尼苏达双子城大学: a verb with a name after it
    i = 0
    offset = start
    for word, _tag in words:  # skip to the word at ``cut``
        if offset >= cut:
            break
        offset += len(word)
        i += 1
    while i < len(words) and words[i][1] in lex.leading_word_tags:
        if words[i][0] in lex.keep_words:
            break
        offset += len(words[i][0])
        i += 1
    if i < len(words) and not words[i][1] and words[i][0][0] in lex.stop_chars:
        return word_start(
            text, offset + 1, end, lex, after_verbs=after_verbs
        )  # 他称北京奥运会: a word jieba guessed
    while (
        offset < end
        and text[offset] in lex.stop_chars
        and not text.startswith(lex.keep_words, offset)
    ):
        offset += 1  # 经公司第二届董事会: jieba glued the preposition to the name
    return offset


def names_one_thing(name_part: str, lex: Lexicons) -> bool:
    """False for a name part of common words only (商业 of 商业银行, 新闻 of 新闻发布会):
    it needs a place, person, proper-noun or unknown word, a Latin letter or a digit."""
    if any(ch.isascii() and ch.isalnum() for ch in name_part):
        return True
    return any(not tag or tag in lex.name_word_tags for _w, tag in words_of(name_part))


def _enumerated_event_part(text: str, i: int, lex: Lexicons) -> bool:
    """``、`` joins two event names when the part before it ends like an event itself."""
    before = text[max(0, i - 6) : i]
    return (
        before.endswith(("行动", "活动", "工程", "会"))
        or bool(lex.event_suffixes.search(before[-4:]))
        and bool(re.search(lex.event_suffixes.pattern + "$", before))
    )


# --------------------------------------------------------------------------- finders


def find_titles(text: str, lex: Lexicons | None = None) -> list[Mention]:
    """Positions and titles (TITLE), with a department part kept (宣传部部长, 综管部经理)."""
    lex = lex or lexicons()
    out = []
    for m in lex.titles.finditer(text):
        out.append(Mention(m.group(), "TITLE", m.start(), m.end(), source=_SOURCE))
    return out


def _extend_department(text: str, title: Mention, stops: _Spans) -> Mention:
    """``宣传部`` + ``部长`` → ``宣传部部长`` when a short department name precedes the title."""
    s = title.start
    if s == 0 or text[s - 1] not in "部处科室办组":
        return title
    i = s - 1
    while i - 1 >= 0 and is_han(text[i - 1]) and not stops.covers(i - 1) and s - i < 8:
        i -= 1
    dept_len = s - i
    if 2 <= dept_len <= 7 and (i == 0 or not is_han(text[i - 1]) or stops.covers(i - 1)):
        return Mention(text[i : title.end], "TITLE", i, title.end, source=_SOURCE)
    return title


def find_works(text: str) -> list[Mention]:
    return [
        Mention(m.group(), "WORK", m.start(), m.end(), source=_SOURCE)
        for m in re.finditer(r"《[^《》\n]{1,40}》", text)
    ]


def find_events(text: str, blocked: list[tuple[int, int]], lex: Lexicons | None = None):
    lex = lex or lexicons()
    out = []
    index = _Spans(blocked)
    for m in lex.event_suffixes.finditer(text):
        if splits_a_word(text, m.start(), m.end()):
            continue  # 美国国会议员, 人民大会堂: the ending is part of another word
        # A "person" glued to the event word names the event (孝德文化节, 孔子文化节).
        start = _scan_left(
            text,
            m.start(),
            lex,
            limit=lex.event_max_len,
            blocked=index,
            event=True,
            skip_end=m.start(),
        )
        start = word_start(text, start, m.start(), lex)
        start = _after_other_event(text, start, m.start(), lex)
        name = text[start : m.end()]
        name_part = m.start() - start
        alone = name_part == 0 and name in lex.events_alone  # 亚锦赛, 世博会
        if (name_part < lex.event_min_name and not alone) or name in lex.not_event:
            continue
        part = text[start : m.start()]
        generic = name in word_tags() or m.group() in lex.generic_event_suffixes
        if generic and not alone and len(words_of(part)) < 2 and not names_one_thing(part, lex):
            continue  # 年会, 新闻发布会: a kind of event, not one event
        if re.fullmatch(r"[\d年届第]+", part):
            continue  # 2010年会
        out.append(Mention(name, "EVENT", start, m.end(), source=_SOURCE))
    return out


#: what joins two names in a list: 华盛顿峰会和伦敦峰会, 亚洲电影大奖和金像奖
_AND = re.compile("[和与及或]")


def _after_other_event(text: str, start: int, end: int, lex: Lexicons) -> int:
    """Where an event's name starts when its name part holds another event joined by 和/与
    (华盛顿峰会和伦敦峰会 → 伦敦峰会); ``start`` when it holds none (会长和企业家座谈会)."""
    for joiner in reversed(list(_AND.finditer(text, start, end))):
        before = text[start : joiner.start()]
        if re.search(f'(?:{lex.event_suffixes.pattern}|大奖|奖)[”"]?$', before):
            return joiner.end()
    return start


_COUNTED = re.compile(r"^\d+[位个家名多项余]")
#: a company's legal form with an optional (place): 是石科技(平湖)有限公司 → 是石科技
LEGAL_FORM = re.compile(
    r"(?:[(（][^()（）]{1,8}[)）])?(?:股份有限公司|有限责任公司|集团有限公司|有限公司)$"
)


def find_orgs(text: str, blocked: list[tuple[int, int]], titles: list[Mention], lex=None):
    lex = lex or lexicons()
    out = []
    title_spans = _Spans(t.span for t in titles)
    stops = _Spans(list(blocked) + [t.span for t in titles])
    memo: dict = {}
    for m in lex.org_suffixes.finditer(text):
        if title_spans.contains(m.start(), m.end()):
            continue  # the 局 of 局长
        if splits_a_word(text, m.end(), m.end()):
            continue  # 局 of 局限, 大学 of 大学生: the ending is part of another word
        start = _scan_left(text, m.start(), lex, limit=lex.org_max_len, blocked=stops)
        while text[start] in "(（" and not re.search(r"[)）]", text[start : m.start()]):
            start += 1  # （现邯郸市教育局: the bracket opens before the name
        home = text[start] in "市省县区"
        start = word_start(text, start, m.start(), lex, after_verbs=True)
        name_start = start
        start = _include_leading_stop_char(text, start, m.end(), lex, memo)
        kept = {"kept_stop_char": True} if start < name_start else {}
        name = text[start : m.end()]
        name_part = m.start() - start
        if not home and name_part and not names_one_thing(name[:name_part], lex):
            continue  # 商业银行, 大型国有银行, 私立大学
        min_name = lex.org_min_name if len(m.group()) > 1 else lex.org_min_name + 1
        short_ok = len(m.group()) >= 3 and len(name) >= 4  # 市总工会
        if (name_part < min_name and not short_ok) or name in lex.not_org or _COUNTED.match(name):
            continue
        if name.endswith(lex.false_endings):
            continue
        out.append(Mention(name, "ORG", start, m.end(), source=_SOURCE, attrs=kept))
    return out


def find_title_orgs(
    text: str, titles: list[Mention], orgs: list[Mention], blocked: list[tuple[int, int]], lex=None
) -> list[Mention]:
    """Organisations named only by the title after them: 通威太阳能董事长, 新浪乐居的总经理.

    Only for the titles of ``org_titles`` (boundaries.json) and only where no organisation
    found by its ending already stands before the title.
    """
    lex = lex or lexicons()
    out = []
    ends = {o.end for o in orgs}
    known = _Spans(list(blocked) + [o.span for o in orgs])
    spans = _Spans(list(blocked) + [t.span for t in titles])
    for t in titles:
        if t.text not in lex.org_titles or t.start in ends or t.start - 1 in ends:
            continue
        end = t.start - 1 if t.start > 0 and text[t.start - 1] == "的" else t.start
        start = _scan_left(text, end, lex, limit=lex.org_title_max_len, blocked=spans)
        while start < end and not (is_han(text[start]) or text[start].isalpha()):
            start += 1
        while start < end and text[start] in "现原前":  # 现邯郸市一中校长
            start += 1
        name = text[start:end]
        if name[-1:] in "任为是" and _looks_like_person(name[:-1], lex):
            continue  # 高玉峰任校长
        for former in ("原任", "前任", "时任", "现任", "原", "前"):  # 上海华普原董事长
            if name.endswith(former) and len(name) - len(former) >= 2:
                name = name[: -len(former)]
                break
        if _looks_like_person(name, lex) or re.fullmatch(r"第.{1,2}任|[A-Za-z .]+", name):
            continue  # 朱秀林校长, 第三任校长, David Turpin校长
        if known.overlaps(start, end):
            continue  # 西开普大学执行校长: a known organisation stands there already
        for prefix in lex.title_prefixes:  # 前任董事长, 公司董事长
            if name.endswith(prefix) and len(name) - len(prefix) < 2:
                name = ""
                break
        if len(name) < 2 or name in lex.not_org or name in lex.not_person:
            continue
        if not names_one_thing(name, lex):
            continue  # 市场总经理, 寺庙副主任: a common noun names no organisation
        out.append(Mention(name, "ORG", start, start + len(name), source=_SOURCE))
    return out


def find_market_orgs(
    text: str, orgs: list[Mention], blocked: list[tuple[int, int]], lex=None
) -> list[Mention]:
    """Companies written by a short name: 吉祥航空（603885）, 绿地宣布其以121亿元…, 创建蒙牛。

    A name before a stock code, or opening a clause right before a cue of ``market_cues``
    (boundaries.json): 公告, 拟以/斥资 + an amount, 拟收购… Names that look like a person, end
    like a place (国, 省, 市…) or are words of ``not_org`` are not companies. Also a short name
    closing its clause right after 创立/创建/创办 (``founded_name_cue``): 牛根生创建蒙牛。
    """
    lex = lex or lexicons()
    taken = _Spans(list(blocked) + [o.span for o in orgs])
    ends: set[int] = set()  # where the names found here end
    out: list[Mention] = []
    cues = []
    if lex.market_code:
        cues += [(m.start(), True) for m in lex.market_code.finditer(text)]
    if lex.market_cues:
        cues += [(m.start(), False) for m in lex.market_cues.finditer(text)]
    for pos, strong in sorted(set(cues)):
        if taken.reaches(pos) or pos in ends:
            continue  # a known name ends here already
        start = _scan_left(text, pos, lex, limit=lex.market_name_max_len + 1, blocked=taken)
        end = pos
        for word in lex.market_name_drop_end:  # 远洋地产最终以48.3亿元
            if text[start:end].endswith(word):
                end -= len(word)
                break
        name = text[start:end]
        if not (2 <= len(name) <= lex.market_name_max_len) or not all(is_han(c) for c in name):
            continue
        before = text[start - 1] if start > 0 else ""
        if not strong and before and before not in '，。；：:,;“"\n ':
            continue  # only a name that opens its clause
        if (
            _looks_like_person(name, lex)
            or name in lex.not_org
            or name in lex.not_person
            or name[-1] in lex.market_name_not_end
            or lex.titles.fullmatch(name)
            or name.startswith(lex.stop_words + lex.market_name_not_start)
        ):
            continue
        out.append(Mention(name, "ORG", start, end, source=_SOURCE))
        taken.add((start, end))
        ends.add(end)
    if lex.founded_name:  # 牛根生创建蒙牛。
        for m in lex.founded_name.finditer(text):
            name, (start, end) = m.group(1), m.span(1)
            if taken.overlaps(start, end):
                continue
            if (
                name in lex.founded_name_not
                or name[-2:] in lex.founded_name_not
                or name in lex.not_org
                or name in lex.not_person
                or name[-1] in lex.market_name_not_end
            ):
                continue
            out.append(Mention(name, "ORG", start, end, source=_SOURCE))
            taken.add((start, end))
    return out


def _looks_like_person(name: str, lex: Lexicons) -> bool:
    return (
        2 <= len(name) <= 3
        and all(is_han(c) for c in name)
        and (name[0] in lex.surnames or name[:2] in lex.double_surnames)
    )


def _include_leading_stop_char(
    text: str, start: int, end: int, lex: Lexicons, memo: dict | None = None
) -> int:
    """Take the stop character before a company name into it when the page always writes it so.

    ``落户…的是石科技(平湖)有限公司``: 是 reads as a verb, but every time the page writes
    石科技 it writes 是石科技, at least once where no verb can stand (after punctuation).
    """
    if start == 0 or text[start - 1] not in lex.stop_chars:
        return start
    short = LEGAL_FORM.sub("", text[start:end])
    if len(short) < 2:
        return start
    lead = text[start - 1]
    memo = {} if memo is None else memo  # the answer per (name, lead) of this text
    if (short, lead) not in memo:
        memo[short, lead] = _always_written_with(text, short, lead)
    return start - 1 if memo[short, lead] else start


def _always_written_with(text: str, short: str, lead: str) -> bool:
    """``text`` writes ``short`` twice or more, always after ``lead``, at least once where
    no verb can stand (see :func:`_include_leading_stop_char`)."""
    positions = [m.start() for m in re.finditer(re.escape(short), text)]
    if len(positions) < 2 or any(p == 0 or text[p - 1] != lead for p in positions):
        return False
    if word_tags().get(lead) == "p":
        return False  # 在 and 于 open clauses: 在美国华盛顿大学 is no name
    return any(p < 2 or not is_han(text[p - 2]) for p in positions)


_FOREIGN_NAME = re.compile(f"[{HAN}]{{1,6}}(?:·[{HAN}]{{1,6}})+")


def _name_after(text: str, pos: int, lex: Lexicons) -> int:
    """Length of a person name starting at ``pos`` (0 when there is none)."""

    def follows(end: int) -> bool:
        if end >= len(text):
            return True
        if text[end] in lex.follow_chars or text[end] in lex.name_end_not:
            return True
        return text.startswith(lex.follow_words, end)

    foreign = _FOREIGN_NAME.match(text, pos)  # 安迪·格鲁夫, 华特·欧文·宾利
    if foreign:
        last = foreign.group().rindex("·") + pos
        for end in range(last + 2, foreign.end() + 1):
            if follows(end):  # 迈克·麦吉达先后致辞: the name ends before 先后
                return end - pos

    for n in (3, 2):
        cand = text[pos : pos + n]
        if len(cand) == n and all(is_han(c) for c in cand) and follows(pos + n):
            if cand[:2] in lex.follow_words or cand in lex.not_person:
                continue
            if cand[0] in lex.follow_words or cand[0] in lex.stop_chars:
                return 0
            if n == 3 and follows(pos + 2) and cand[0] not in lex.surnames:
                continue
            if n == 3 and cand[2] in lex.name_end_not:
                continue  # 徐刚将兼任: 将 is not part of the name
            return n
    cand = text[pos : pos + 3]
    if cand[:1] in lex.follow_words or cand[:1] in lex.stop_chars:
        return 0
    if lex.titles.match(text, pos + 1):
        return 0  # 任副校长: no name before a title
    if lex.titles.match(text, pos + 2) and cand[0] in lex.surnames:
        return 2  # 郑萼校长孟繁华: the name ends where the next title starts
    if (
        len(cand) == 3
        and all(is_han(c) for c in cand)
        and (cand[0] in lex.surnames or cand[:2] in lex.double_surnames)
    ):
        return 3
    return 0


def _ends_name(text: str, end: int, lex: Lexicons) -> bool:
    """A name may end at ``end``: punctuation or a word like 说/表示 follows."""
    if end >= len(text) or text[end] in lex.follow_chars:
        return True
    return any(text.startswith(w, end) for w in lex.follow_words)


_IS = re.compile(r"(?:依然|仍然|仍|则|就|即|一直)?(?:是|为|叫做|名叫)")


def _names_after_is(text: str, titles: list[Mention], lex: Lexicons) -> list[int]:
    """Where a name starts after ``title 是/为``: 创始人是超逸， / 公司董事长依然是宗庆后，.

    The name must close its clause (2-3 characters, then punctuation or the end) and not
    start like a word that is no name; one without a known surname only after 是/叫做/名叫
    (校长为人和善 has no name).
    """
    out = []
    for t in titles:
        m = _IS.match(text, t.end)
        if not m:
            continue
        pos = m.end()
        for n in (3, 2):
            cand = text[pos : pos + n]
            after = text[pos + n : pos + n + 1]
            if (
                len(cand) == n
                and all(is_han(c) for c in cand)
                and (not after or after in "，。；、,;！？")
                and cand not in lex.not_person
                and cand[0] not in lex.stop_chars
                and not lex.titles.match(cand)
                and not lex.org_suffixes.search(cand)
                and (_looks_like_person(cand, lex) or not m.group().endswith("为"))
            ):
                out.append(pos)
                break
    return out


def find_people(text: str, titles: list[Mention], taken: list[tuple[int, int]], lex=None):
    lex = lex or lexicons()
    out = []
    taken = _Spans(taken)
    cues = [(t.end, False) for t in titles]
    cues += [(end, False) for end in _names_after_is(text, titles, lex)]
    cues += [(m.end(), True) for m in lex.role_words.finditer(text)]
    for end, weak in cues:
        if not weak and text[end : end + 1] == " " and text[end + 1 : end + 2] in lex.surnames:
            end += 1  # 暨南大学校长 宋献中: a caption's space between title and name
        n = _name_after(text, end, lex)
        # after a role word (职工, 村民) only a name with a known surname counts
        if weak and n and (text[end] not in lex.surnames or not _ends_name(text, end + n, lex)):
            n = 0
        if n and not taken.covers(end):
            out.append(Mention(text[end : end + n], "PERSON", end, end + n, source=_SOURCE))
    for m in lex.list_re.finditer(text):
        pos = m.start(1)
        for name in m.group(1).split("、"):
            if name not in lex.not_person:
                out.append(Mention(name, "PERSON", pos, pos + len(name), source=_SOURCE))
            pos += len(name) + 1
    return out


@lru_cache(maxsize=1)
def _media() -> tuple[re.Pattern, tuple[str, ...]]:
    data = _read_json("media.json")
    portals = "|".join(map(re.escape, data["portals"]))
    channels = "|".join(map(re.escape, data["channels"]))
    outlets = sorted(data["outlets"], key=len, reverse=True)
    alone = sorted(data.get("portals_alone", []), key=len, reverse=True)
    names = re.compile(f"(?:{portals})(?:{channels})|" + "|".join(map(re.escape, outlets + alone)))
    return names, tuple(data.get("glued_after", []))


def find_media(text: str) -> list[Mention]:
    """News outlets (media.json) where they stand as whole words: 中新网5月3日电, 新浪体育讯,
    证券时报记者."""
    names, glued = _media()
    return [
        Mention(m.group(), "ORG", m.start(), m.end(), source=_SOURCE)
        for m in names.finditer(text)
        if whole_word(text, m.start(), m.end(), glued)
    ]


@lru_cache(maxsize=1)
def _teams() -> tuple[re.Pattern, frozenset, int, re.Pattern | None]:
    data = _read_json("teams.json")
    try:
        full = [city + name for city, name in data["teams"]]
        sure, sporty = data["short_names"], data["short_names_on_sports_pages"]
        suffix, page_min = data["team_suffix"], int(data["sports_page_min"])
    except (KeyError, ValueError) as exc:
        raise RuleError(f"teams.json: missing or bad key: {exc}") from exc
    unknown = (set(sure) | set(sporty)) - {name for _city, name in data["teams"]}
    if unknown:
        raise RuleError(f"teams.json: short names of no team: {sorted(unknown)}")
    names = sorted(set(full) | set(sure) | set(sporty), key=len, reverse=True)
    pattern = re.compile("(?:" + "|".join(map(re.escape, names)) + f")(?:{re.escape(suffix)})?")
    leagues = sorted(data.get("leagues", []), key=len, reverse=True)
    league_re = None
    if leagues:  # NBA联盟 is NBA
        kinds = "|".join(map(re.escape, data.get("league_kinds", [])))
        league_re = re.compile("(?:" + "|".join(map(re.escape, leagues)) + f")(?:{kinds})?")
    return pattern, frozenset(sporty), page_min, league_re


def find_teams(text: str) -> list[Mention]:
    """Sports teams and leagues (teams.json): 圣安东尼奥马刺, 马刺, 火箭队, NBA where they stand
    as whole words, a short name that is also a common word (火箭, 国王) only on a page naming
    other teams."""
    pattern, sporty, page_min, leagues = _teams()
    found = [m for m in pattern.finditer(text) if whole_word(text, m.start(), m.end())]
    sure = {m.group() for m in found if m.group() not in sporty}
    sports_page = len(sure) >= page_min
    found = [m for m in found if sports_page or m.group() not in sporty]
    if leagues:  # NBA, 中超: a league is an organisation wherever it stands as a word
        found += [m for m in leagues.finditer(text) if whole_word(text, m.start(), m.end())]
    return [Mention(m.group(), "ORG", m.start(), m.end(), source=_SOURCE) for m in found]


def find_rule_mentions(
    text: str, blocked: list[tuple[int, int]] = (), model_orgs: list[tuple[int, int]] = ()
) -> list[Mention]:
    """All rule mentions of ``text`` (they may overlap; :func:`kg.ner.resolve_overlaps` decides).

    ``blocked`` spans (people found by a model) end the names that scanning finds; a title
    inside one of ``model_orgs`` (organisations found by a model) is part of that name
    (常委 of 人大常委会, 书记 of 团中央书记处), and no person is looked for after it.
    """
    lex = lexicons()
    works = find_works(text)
    outside = [w.span for w in works]
    titles = find_titles(text, lex)
    inside = _Spans(model_orgs)
    titles = [t for t in titles if not inside.contains(*t.span)]
    # people after titles and the model's people end the organisations found by scanning
    # (温鹏程之妻…公司, 谢启光叫纪委)
    early = [p.span for p in find_people(text, titles, outside, lex)]
    media = find_media(text)
    orgs = find_orgs(text, outside + early + list(blocked), titles, lex)
    orgs += media + find_teams(text)
    # a title inside an organisation's name is part of the name (委员 in 委员会)
    org_spans = _Spans(o.span for o in orgs)
    titles = [t for t in titles if not org_spans.overlaps(*t.span)]
    # people end the organisation named before a title (爱格板材董事长钟红文科宝博洛尼董事长蔡明)
    orgs += find_title_orgs(text, titles, orgs, outside + early + list(blocked), lex)
    orgs += find_market_orgs(text, orgs, outside + early + [t.span for t in titles], lex)
    people = find_people(text, titles, outside, lex)
    person_spans = [p.span for p in people] + list(blocked)
    events = find_events(text, person_spans, lex)
    event_spans = _Spans(e.span for e in events)
    titles = [t for t in titles if not event_spans.overlaps(*t.span)]
    stops = _Spans([o.span for o in orgs] + person_spans)
    titles = [_extend_department(text, t, stops) for t in titles]
    return works + events + orgs + titles + people
