"""Moderation against a community charter: insults, spam and self-promotion, personal data (French and English).

Rules, not a model: a moderator must be able to read why a mention was flagged, and the charter is the project's
own (extra terms, allowed domains, categories switched off in the project file). A flagged mention is kept and
marked with its reasons; nothing is deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from reputation.query import normalize_series

MODEL_NAME = "charter-rules"
MODEL_VERSION = "1"

# Insults and slurs people aim at a brand, its staff or each other (accent-free, lower case: texts are normalised
# the same way). Word stems: "connard" also catches "connards", "connasse".
INSULTS = {
    "fr": [
        "connard",
        "connasse",
        "conasse",
        "encule",
        "salope",
        "salaud",
        "batard",
        "abruti",
        "debile",
        "cretin",
        "imbecile",
        "idiot",
        "pauvre con",
        "ferme ta gueule",
        "ta gueule",
        "fdp",
        "fils de pute",
        "ntm",
        "nique",
        "pute",
        "merde a toi",
        "tabarnak",
        "calisse",
        "osti de",
        "mange de la marde",
        "trou de cul",
        "mongol",
        "attarde",
        "gros porc",
        "sale chien",
    ],
    "en": [
        "idiot",
        "moron",
        "stupid",
        "dumbass",
        "asshole",
        "bastard",
        "bitch",
        "fuck you",
        "fuck off",
        "fucking",
        "motherfucker",
        "scumbag",
        "retard",
        "shut up",
        "loser",
        "piece of shit",
        "jackass",
        "douchebag",
        "go to hell",
        "kill yourself",
        "kys",
        "wanker",
        "twat",
        "cunt",
    ],
}
SPAM_CUES = [
    r"\b(promo|discount|coupon) ?code\b",
    r"\bcode promo\b",
    r"\bfollow (me|back)\b",
    r"\bsuivez[- ]moi\b",
    r"\bdm (me|for)\b",
    r"\bcheck (out )?my (profile|channel|page|bio)\b",
    r"\blink in (my )?bio\b",
    r"\blien dans (ma )?bio\b",
    r"\babonnez[- ]vous\b",
    r"\bsubscribe to my\b",
    r"\bwork from home\b",
    r"\bearn \$?\d+",
    r"\bgagnez \d+",
    r"\bcrypto\b",
    r"\bbitcoin\b",
    r"\bforex\b",
    r"\bonlyfans\b",
    r"\bfree (followers|iphone|gift)\b",
    r"\bclick (here|the link)\b",
    r"\bcliquez ici\b",
    r"\bwhatsapp\b",
]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
# North American (514-555-0199, (438) 555 0199, +1 514 555 0199) and French (06 12 34 56 78, +33 6 12 34 56 78)
PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\w)"
    r"|(?<![\w+])(?:\+33[ .]?|0)[1-9](?:[ .-]?\d{2}){4}(?!\w)"
)
URL = re.compile(r"https?://([^/\s]+)|\bwww\.([^/\s]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Charter:
    """What the project moderates (the `moderation` section of the project file)."""

    insults: bool = True
    spam: bool = True
    personal_data: bool = True
    extra_terms: tuple[str, ...] = ()  # the project's own banned words or phrases
    allowed_domains: tuple[str, ...] = ()  # links here are never spam (the brand's own sites)
    max_links: int = 2  # more links than this in one mention is spam-like


def _term_pattern(terms: list[str] | tuple[str, ...]) -> re.Pattern[str] | None:
    words = [re.escape(t.lower()) for t in terms if t.strip()]
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")\w*") if words else None


_INSULTS = _term_pattern([t for terms in INSULTS.values() for t in terms])
_SPAM = re.compile("|".join(SPAM_CUES), re.IGNORECASE)


def _foreign_links(text: str, allowed: tuple[str, ...]) -> int:
    lower = text.lower()
    if "http" not in lower and "www." not in lower:  # no link: skip the regex (most mentions)
        return 0
    hosts = [(a or b).lower().removeprefix("www.") for a, b in URL.findall(text)]
    return sum(1 for h in hosts if not any(h == d or h.endswith("." + d) for d in allowed))


def moderate(texts: pd.Series, charter: Charter = Charter()) -> pd.DataFrame:
    """Columns `flags` (list of categories: insult, spam, personal_data, banned_term) and `reasons` (what was
    found, for the moderator), aligned with `texts`."""
    raw = texts.fillna("").astype(str)
    normalized = normalize_series(raw)
    extra = _term_pattern(charter.extra_terms)
    allowed = tuple(d.lower().removeprefix("www.") for d in charter.allowed_domains)
    flags, reasons = [], []
    for text, norm in zip(raw, normalized, strict=True):
        found: list[str] = []
        why: list[str] = []
        if charter.insults and _INSULTS is not None and (m := _INSULTS.search(norm)):
            found.append("insult")
            why.append(f"insult: {m.group(0)!r}")
        if extra is not None and (m := extra.search(norm)):
            found.append("banned_term")
            why.append(f"banned term: {m.group(0)!r}")
        if charter.spam:
            links = _foreign_links(text, allowed)
            cue = _SPAM.search(text)
            if cue or links > charter.max_links:
                found.append("spam")
                why.append(f"spam: {cue.group(0)!r}" if cue else f"spam: {links} links")
        if charter.personal_data:
            # cheap exact pre-checks first: an address needs an @, a phone number ten digits
            email = "@" in text and EMAIL.search(text)
            phone = sum(text.count(d) for d in "0123456789") >= 10 and PHONE.search(text)
            pii = [("e-mail", email), ("phone number", phone)]
            kinds = [kind for kind, hit in pii if hit]
            if kinds:
                found.append("personal_data")
                why.append("personal data: " + ", ".join(kinds))
        flags.append(found)
        reasons.append("; ".join(why))
    return pd.DataFrame({"flags": flags, "reasons": reasons}, index=texts.index)
