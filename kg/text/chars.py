"""What counts as a Chinese character, in one place for every stage."""

from __future__ import annotations

__all__ = ["HAN", "is_han"]

#: Han ideographs for a regex character class: Extension A and the URO (CJK Unified
#: Ideographs), e.g. ``re.compile(f"[{HAN}]{{2,3}}")``.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"


def is_han(ch: str) -> bool:
    """True for a Han ideograph of Extension A or the unified block (not 〇, not punctuation)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
