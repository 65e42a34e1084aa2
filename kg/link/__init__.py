"""Entity linking: merge mentions into entities (aliases, abbreviations, the home city)."""

from kg.link.resolve import DocMentions, Linked, home_name, infer_home_city, link

__all__ = ["DocMentions", "Linked", "link", "infer_home_city", "home_name"]
