"""Entity linking: names found again, mentions merged into entities (aliases, abbreviations,
the home city)."""

from kg.link.home import home_name, infer_home_city
from kg.link.propagate import propagate_names, short_forms
from kg.link.resolve import DocMentions, Linked, Linker, link

__all__ = [
    "DocMentions",
    "Linked",
    "Linker",
    "home_name",
    "infer_home_city",
    "link",
    "propagate_names",
    "short_forms",
]
