"""The phrase banks, parsed once at import, and the templates a brand-free mention must not use."""

from __future__ import annotations

import re

from .bank_en import TOPICS_EN
from .bank_en2 import TOPICS_EN2
from .bank_fr import TOPICS_FR
from .bank_fr2 import TOPICS_FR2
from .bank_social import SOCIAL_EN, SOCIAL_FR
from .textkit import Bank, parse_sections

TOPIC_BANK: dict[str, dict[str, Bank]] = {
    "fr": {t: parse_sections(b) for t, b in {**TOPICS_FR, **TOPICS_FR2}.items()},
    "en": {t: parse_sections(b) for t, b in {**TOPICS_EN, **TOPICS_EN2}.items()},
}
SOCIAL_BANK: dict[str, Bank] = {"fr": parse_sections(SOCIAL_FR), "en": parse_sections(SOCIAL_EN)}

# Templates where a generic "my provider" cannot replace the brand ("the {brand} app", "réseau {brand}").
_ADJUNCT = re.compile(
    r"\b(?:the|a|an|my|Another|le|la|ma|mon|réseau|Panne|panne|boutique|client) \{brand\}"
    r"|\{brand\} (?:5G|fiber|roaming|customer|support|travel|install|delivery|contests?|giveaway|agent|tech"
    r"|technician|bill|store|rep|package|outage|promo|coverage|internet|network|team|app|plans|new|hidden|chat)\b"
)


def _unsafe_ids() -> frozenset[int]:
    ids: set[int] = set()
    for bank in (*TOPIC_BANK["fr"].values(), *TOPIC_BANK["en"].values(), SOCIAL_BANK["fr"], SOCIAL_BANK["en"]):
        for templates in bank.values():
            for t in templates:
                raw = "".join(p if isinstance(p, str) else "[" + "|".join(p) + "]" for p in t)
                expanded = re.sub(r"\[([^|\]]*)[^\]]*\]", r"\1", raw)  # first alternative is enough
                if _ADJUNCT.search(raw) or _ADJUNCT.search(expanded):
                    ids.add(id(t))
    return frozenset(ids)


UNSAFE = _unsafe_ids()
