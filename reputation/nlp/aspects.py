"""Aspect-based sentiment: what a mention talks about (price, customer service, network...) and how it feels about
each, from the clause around each aspect term ("Great network but the price is outrageous": network positive,
price negative).

Aspects are terms from a lexicon (built-in consumer-brand aspects, the project's own, the brands' products), matched
case- and accent-insensitively on word boundaries, a trailing ``*`` matching any ending (``factur*``). French terms
are looked for in French mentions, English terms in English ones, both in any other language. Optionally, spaCy's
noun chunks add aspects the lexicon does not know. Each hit's clause (the text between sentence punctuation and
contrast words such as "mais", "but", "par contre") is scored by the project's sentiment model, all clauses of a
batch in one call.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from reputation.nlp.sentiment import SentimentModel

MODEL_NAME = "aspect-lexicon"
MODEL_VERSION = "1"
KINDS = ("aspect", "product", "noun_chunk")
LANGS = ("fr", "en")

# Built-in aspects for a consumer brand (telecom, retail, services). Terms are written as people write them; accents
# and case do not matter. Bare forms rather than wildcards where a stem would catch other words ("cher" but not
# "cher*", which would match "chercher").
# fmt: off
DEFAULT_ASPECTS: dict[str, dict[str, tuple[str, ...]]] = {
    "price": {
        "fr": (
            "prix", "tarif*", "cher", "chère", "chers", "chères", "coût*", "coûte", "coûtent", "coûteux", "factur*",
            "frais", "rabais", "rembours*", "payer", "hausse", "augmentation de prix", "trop payé", "promo*",
            "aubaine*", "rapport qualité-prix",
        ),
        "en": (
            "price*", "pricing", "expensive", "cheap", "cheaper", "cost", "costs", "costly", "bill", "bills",
            "billing", "billed", "fee", "fees", "overcharg*", "double charged", "hidden charge*", "refund*",
            "hike", "hikes", "afford*", "promo*", "deal", "deals", "discount*", "value for money", "best value",
        ),
    },
    "customer_service": {
        "fr": (
            "service client", "service clientèle", "service à la clientèle", "relation client", "conseiller*",
            "conseillère*", "téléconseiller*", "support", "assistance", "hotline", "agent*", "technicien*", "sav",
            "centre d'appel*", "temps d'attente", "en attente", "service de rétention", "service après-vente",
            "clavardage", "boutique", "magasin",
        ),
        "en": (
            "customer service", "customer support", "customer care", "support", "helpdesk", "help desk", "hotline",
            "agent*", "rep", "reps", "representative*", "call center*", "call centre*", "on hold", "wait time*",
            "waiting time*", "technician*", "chat", "live chat", "callback", "retention", "store", "in-store",
        ),
    },
    "network": {
        "fr": (
            "réseau*", "couverture", "signal", "débit", "panne*", "coupure*", "connexion*", "connectivité", "4g",
            "5g", "lte", "antenne*", "données mobiles", "internet", "wifi", "wi-fi", "fibre", "hors service",
            "lenteur*", "itinérance", "zone morte", "zéro barre", "aucune barre", "barres",
        ),
        "en": (
            "network*", "coverage", "signal", "outage*", "speed*", "bandwidth", "connection*", "connectivity",
            "reception", "4g", "5g", "lte", "mobile data", "internet", "wifi", "wi-fi", "fiber", "fibre", "latency",
            "dropped call*", "no service", "dead zone*", "roaming", "zero bars", "no bars", "tower*",
        ),
    },
    "product": {
        "fr": (
            "app", "appli*", "application*", "appareil*", "forfait*", "abonnement*", "téléphone*", "cellulaire*",
            "cell", "modem*", "routeur*", "box", "carte sim", "sim", "esim", "offre*",
        ),
        "en": (
            "app", "apps", "application*", "device*", "plan", "plans", "phone", "phones", "smartphone*", "handset*",
            "modem*", "router*", "sim", "esim", "sim card*", "subscription*",
        ),
    },
    "delivery": {
        "fr": (
            "livraison*", "livré", "livrée", "livrés", "livrées", "livrer", "livreur*", "colis", "expédition*",
            "expédié*", "commande*", "transporteur*", "installation*",
        ),
        "en": (
            "delivery", "deliveries", "deliver*", "shipping", "shipment*", "shipped", "parcel*", "courier*",
            "tracking", "installation*", "install",
        ),
    },
}
# fmt: on

# Where a clause ends: sentence punctuation (a period only before a space, so "45.99" and "nexora.example" stay
# whole), a line break, or a contrast word, which also starts the next clause ("bon réseau mais prix abusif").
# fmt: off
CONTRAST = {
    "fr": ("mais", "cependant", "pourtant", "par contre", "en revanche", "toutefois", "néanmoins", "sauf que",
           "alors que", "tandis que", "quoique", "même si"),
    "en": ("but", "however", "although", "though", "whereas", "except", "nevertheless", "on the other hand",
           "even though", "even if"),
}
# fmt: on
_TRIM = " \t\r\n,:-–—"  # around a clause: "Le réseau est excellent, | mais..." -> "Le réseau est excellent"
_SEP = "\x00"  # joins a batch's texts into one string: not a word character, and a clause boundary
_NOISE = re.compile(r"https?://[^\s\x00]+|www\.[^\s\x00]+|(?<!\w)@\w+")  # URLs and handles, never past a _SEP


class AspectTerms(Protocol):
    """An aspect as the project file gives it (config.Aspect)."""

    @property
    def name(self) -> str: ...
    @property
    def fr(self) -> Sequence[str]: ...
    @property
    def en(self) -> Sequence[str]: ...
    @property
    def replace(self) -> bool: ...


@dataclass(frozen=True)
class AspectDef:
    """One aspect of the lexicon: its name, kind (aspect | product) and terms per language."""

    name: str
    kind: str
    fr: tuple[str, ...]
    en: tuple[str, ...]


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: how terms are compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def check_term(term: str) -> str:
    """A term as the lexicon stores it (stripped); ValueError saying what is wrong with a bad one."""
    value = " ".join(term.split())
    if not any(c.isalnum() for c in value):
        raise ValueError(f"a term needs at least one letter or digit, got {term!r}")
    if "*" in value[:-1]:
        raise ValueError(f"'*' is only allowed at the end of a term (a wildcard suffix like factur*), got {term!r}")
    if value.endswith("*") and sum(c.isalnum() for c in value[:-1]) < 3:
        raise ValueError(f"a wildcard needs at least 3 letters before '*' (it would match too much), got {term!r}")
    return value


def lexicon(
    custom: Iterable[AspectTerms] = (),
    *,
    defaults: bool = True,
    drop: Iterable[str] = (),
    products: Iterable[str] = (),
) -> tuple[AspectDef, ...]:
    """The aspects to look for: the built-in ones (less `drop`), extended by `custom` ones of the same name (or
    replaced, with `replace`), new custom ones, and each product name as an aspect of kind product."""
    found: dict[str, AspectDef] = {}
    if defaults:
        dropped = set(drop)
        found = {n: AspectDef(n, "aspect", t["fr"], t["en"]) for n, t in DEFAULT_ASPECTS.items() if n not in dropped}
    for a in custom:
        fr, en = tuple(check_term(t) for t in a.fr), tuple(check_term(t) for t in a.en)
        base = found.get(a.name)
        if base is not None and not a.replace:
            fr, en = base.fr + fr, base.en + en
        found[a.name] = AspectDef(a.name, "aspect", fr, en)
    for p in dict.fromkeys(products):  # a product listed under two brands is one aspect
        term = check_term(p)
        found.setdefault(p, AspectDef(p, "product", (term,), (term,)))
    return tuple(found.values())


# -- matching ----------------------------------------------------------------------------------------------------


@cache
def _accented() -> dict[str, str]:
    """Each plain letter -> a regex class of it and its accented forms (e -> [eéèêë...])."""
    forms: dict[str, set[str]] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp).lower()
        base = fold(ch)
        if len(base) == 1 and base.isascii() and base.isalpha() and base != ch:
            forms.setdefault(base, {base}).add(ch)
    return {b: "[" + "".join(sorted(f)) + "]" for b, f in forms.items()}


def _atoms(term: str) -> list[str]:
    """A term as regex pieces, accent- and spacing-tolerant ("wi-fi" also matches "wifi" and "wi fi")."""
    accented = _accented()
    out = []
    for ch in fold(term.removesuffix("*")):
        if ch.isspace():
            out.append(r"[\s-]+")
        elif ch == "-":
            out.append(r"[\s-]?")
        elif ch == "'":
            out.append("['’]")
        else:
            out.append(accented.get(ch, re.escape(ch)))
    return [*out, r"\w*"] if term.endswith("*") else out


def _trie_regex(terms: Iterable[str]) -> str:
    """One regex for many terms, factored by common prefix: the engine tests a few letters at each position instead
    of every term (about 7 times faster than a flat alternation on the demo). A longer match is tried first and the
    shorter one is the fallback, so "service client" wins over "service" and "Nexora Box" over "box"."""
    end = ""  # marks a complete term; no atom is empty
    root: dict[str, dict] = {}
    for term in terms:
        node = root
        for atom in _atoms(term):
            node = node.setdefault(atom, {})
        node[end] = {}

    def emit(node: dict[str, dict]) -> str:
        alternatives = [atom + emit(child) for atom, child in node.items() if atom != end]
        if not alternatives:
            return ""
        if end in node:
            return "(?:" + "|".join(alternatives) + ")?"
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return emit(root)


def _key(text: str) -> str:
    return re.sub(r"[\s-]+", "", fold(text))


@dataclass(frozen=True)
class _Compiled:
    pattern: re.Pattern[str] | None
    exact: dict[str, tuple[tuple[str, str], ...]]  # term key -> (aspect, kind) pairs
    prefixes: tuple[tuple[str, tuple[str, str]], ...]  # wildcard stem key, (aspect, kind)

    def aspects_of(self, matched: str) -> tuple[tuple[str, str], ...]:
        key = _key(matched)
        found = list(self.exact.get(key, ()))
        found += [a for stem, a in self.prefixes if key.startswith(stem) and a not in found]
        return tuple(found)


def _compile(pairs: Sequence[tuple[str, AspectDef]]) -> _Compiled:
    exact: dict[str, list[tuple[str, str]]] = {}
    prefixes: list[tuple[str, tuple[str, str]]] = []
    for term, aspect in pairs:
        target = (aspect.name, aspect.kind)
        if term.endswith("*"):
            prefixes.append((_key(term[:-1]), target))
        elif target not in exact.setdefault(_key(term), []):
            exact[_key(term)].append(target)
    if not exact and not prefixes:
        return _Compiled(None, {}, ())
    body = _trie_regex(sorted({t for t, _ in pairs}))
    pattern = re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)
    return _Compiled(pattern, {k: tuple(v) for k, v in exact.items()}, tuple(prefixes))


class AspectFinder:
    """The lexicon compiled once: one regex for French mentions, one for English, one for the others (both)."""

    def __init__(self, aspects: Sequence[AspectDef]) -> None:
        self.aspects = tuple(aspects)
        fr = [(t, a) for a in aspects for t in a.fr]
        en = [(t, a) for a in aspects for t in a.en]
        self._by_lang = {"fr": _compile(fr), "en": _compile(en), None: _compile(fr + en)}

    def find(self, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
        """One row per (text, aspect term found): `row` (position in `texts`), `aspect`, `kind`, `term` (as
        written), `start`, `end`. URLs and @handles are not searched."""
        groups: dict[str | None, list[int]] = {}
        for i, lang in enumerate(langs):
            groups.setdefault(lang if lang in LANGS else None, []).append(i)
        parts = [self._find_group(texts, rows, self._by_lang[lang]) for lang, rows in groups.items()]
        out = pd.concat([_hits_frame(), *parts], ignore_index=True) if parts else _hits_frame()
        return out.sort_values(["row", "start", "aspect"], kind="stable", ignore_index=True)

    def _find_group(self, texts: Sequence[str], rows: list[int], compiled: _Compiled) -> pd.DataFrame:
        if compiled.pattern is None:
            return _hits_frame()
        # One scan over the group's texts joined, not one per text: the regex engine's loop stays in C.
        chunk = [texts[i] for i in rows]
        big = _mask_noise(_SEP.join(chunk))
        offsets = _offsets(chunk)
        matches = [(m.start(), m.end(), m.group()) for m in compiled.pattern.finditer(big)]
        if not matches:
            return _hits_frame()
        starts = np.fromiter((m[0] for m in matches), dtype=np.int64, count=len(matches))
        which = (np.searchsorted(offsets, starts, side="right") - 1).tolist()
        base = offsets[which].tolist()
        lookup = lru_cache(maxsize=None)(compiled.aspects_of)  # the same few terms come up again and again
        found = [
            (rows[k], aspect, kind, term, start - b, end - b)
            for (start, end, term), k, b in zip(matches, which, base, strict=True)
            for aspect, kind in lookup(term)
        ]
        return _hits_frame(found)


def _hits_frame(rows: list[tuple[int, str, str, str, int, int]] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows or [], columns=["row", "aspect", "kind", "term", "start", "end"])
    return frame.astype({"row": "int64", "start": "int64", "end": "int64"})


def _offsets(texts: Sequence[str]) -> np.ndarray:
    """Start of each text in `_SEP.join(texts)`."""
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    return np.concatenate([[0], np.cumsum(lengths)[:-1]])


def _mask_noise(text: str) -> str:
    """URLs and @handles blanked out, same length (offsets stay valid): "/facture" in a link is not an aspect."""
    return _NOISE.sub(lambda m: " " * len(m.group()), text)


# -- clauses and their sentiment ---------------------------------------------------------------------------------


@cache
def _boundary() -> re.Pattern[str]:
    """Clause boundaries. Sentence punctuation (`p`, kept with the clause it ends; a period only before a space, so
    "45.99" and "nexora.example" stay whole) unless only emoji, hashtags, handles or links follow on that line: they
    belong to the sentence before. Line breaks, text separators and contrast words are hard boundaries."""
    tail = r"(?:[#@]\w+|https?://[^\s\x00]+|[^\w\n\r\x00#@])*(?:[\n\r\x00]|$)"
    punct = r"(?P<p>(?:[!?;]+|[.…]+(?=[\s\x00]|$))(?!" + tail + "))"
    contrast = _trie_regex(sorted({w for ws in CONTRAST.values() for w in ws}))
    return re.compile(punct + r"|[\n\r\x00]+|(?<!\w)" + contrast + r"(?!\w)", re.IGNORECASE)


def clauses(texts: Sequence[str], hits: pd.DataFrame) -> list[str]:
    """For each hit (`row`, `start`, `end` in its text), the clause around it: from the previous boundary (sentence
    punctuation, line break, contrast word) to the next one, with the punctuation that ends it."""
    if hits.empty:
        return []
    big = _SEP.join(texts)
    spans = [(m.start(), m.end(), m.end() if m.group("p") else m.start()) for m in _boundary().finditer(big)]
    bounds = np.array([(0, 0, 0), *spans, (len(big), len(big), len(big))], dtype=np.int64)
    offsets = _offsets(texts)[hits["row"].to_numpy()]
    h_start, h_end = offsets + hits["start"].to_numpy(), offsets + hits["end"].to_numpy()
    # boundaries do not overlap, so their starts and ends are both sorted: a clause runs from the end of the last
    # boundary before the hit to the first one after it; text separators are boundaries, so it stays in its text
    left = bounds[np.searchsorted(bounds[:, 1], h_start, side="right") - 1, 1]
    right = bounds[np.searchsorted(bounds[:, 0], h_end, side="left"), 2]
    return [big[a:b].strip(_TRIM) for a, b in zip(left.tolist(), right.tolist(), strict=True)]


Known = Sequence[tuple[str, str, float] | None]  # per text: (the text the model scored, sentiment, score)


def score_hits(
    texts: Sequence[str],
    langs: Sequence[str | None],
    hits: pd.DataFrame,
    model: SentimentModel,
    known: Known | None = None,
) -> pd.DataFrame:
    """One row per (row, aspect): the hit with the strongest opinion when an aspect comes up more than once, its
    `term`, `clause`, `sentiment` and `score` (polarity in [-1, 1]). Each distinct clause is scored once, all in one
    `predict` call. `known`: per text, what the same model already said of it (or of its body, without the title),
    reused for a clause that is that whole text."""
    columns = ["row", "aspect", "kind", "term", "clause", "sentiment", "score"]
    if hits.empty:
        types = {"row": "int64", "score": "float64"}
        return pd.DataFrame({c: pd.Series(dtype=types.get(c, object)) for c in columns})
    rows = hits["row"].tolist()
    scored = hits.assign(clause=clauses(texts, hits), lang=[langs[r] for r in rows])
    reuse = [None] * len(rows) if known is None else [known[r] for r in rows]
    whole = [k is not None and c == k[0].strip() for c, k in zip(scored["clause"], reuse, strict=True)]
    scored["sentiment"] = [k[1] if w else None for k, w in zip(reuse, whole, strict=True)]  # type: ignore[index]
    scored["score"] = [k[2] if w else np.nan for k, w in zip(reuse, whole, strict=True)]  # type: ignore[index]
    todo = scored.loc[~np.asarray(whole, dtype=bool), ["clause", "lang"]].drop_duplicates(ignore_index=True)
    if not todo.empty:
        pred = model.predict(todo["clause"].tolist(), todo["lang"].where(todo["lang"].notna(), None).tolist())
        todo = todo.assign(new_sentiment=pred["sentiment"].to_numpy(), new_score=pred["score"].to_numpy())
        scored = scored.merge(todo, on=["clause", "lang"], how="left", sort=False)
        scored["sentiment"] = scored["sentiment"].fillna(scored["new_sentiment"])
        scored["score"] = scored["score"].fillna(scored["new_score"]).astype(float)
    # strongest opinion first, then earliest; one row per mention and aspect (the table's key)
    scored = scored.assign(strength=-scored["score"].abs()).sort_values(["row", "aspect", "strength", "start"])
    best = scored.drop_duplicates(["row", "aspect"], keep="first").sort_values(["row", "start", "aspect"])
    return best[columns].reset_index(drop=True)


def aspect_sentiment(
    texts: Sequence[str],
    langs: Sequence[str | None],
    finder: AspectFinder,
    model: SentimentModel,
    *,
    known: Known | None = None,
    noun_chunks: bool = False,
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """Aspects of each text with the sentiment of their clause (see :func:`score_hits`); with `noun_chunks`, also
    spaCy's noun chunks not already covered by a term (and not in `exclude`, e.g. brand names)."""
    hits = finder.find(texts, langs)
    if noun_chunks:
        hits = pd.concat([hits, noun_chunk_hits(texts, langs, hits, exclude)], ignore_index=True)
    return score_hits(texts, langs, hits, model, known)


# -- noun chunks (optional: a few ms a mention) ---------------------------------------------------------------------

_CHUNK_LEAD = {"DET", "PRON", "ADJ", "NUM", "ADP", "ADV", "CCONJ", "PUNCT", "SYM", "X", "SPACE"}


def _parser(lang: str):  # type: ignore[no-untyped-def]
    from reputation.nlp.entities import load_spacy

    # noun chunks need the parser and part-of-speech tags only
    return load_spacy(lang, ("ner", "lemmatizer"), "aspects.noun_chunks")


def noun_chunk_hits(
    texts: Sequence[str], langs: Sequence[str | None], known: pd.DataFrame, exclude: Iterable[str] = ()
) -> pd.DataFrame:
    """spaCy noun chunks as hits of kind noun_chunk, named by their nouns in lower case ("the battery life" ->
    "battery life", "le réseau mobile" -> "réseau mobile"); chunks that overlap a `known` hit or name something in
    `exclude` are left out."""
    skip = {fold(e) for e in exclude}
    taken: dict[int, list[tuple[int, int]]] = {}
    for r, s, e in known[["row", "start", "end"]].itertuples(index=False):
        taken.setdefault(r, []).append((s, e))
    found: list[tuple[int, str, str, str, int, int]] = []
    groups = pd.Series(["fr" if lang == "fr" else "en" for lang in langs])
    for lang, positions in groups.groupby(groups).groups.items():
        nlp = _parser(str(lang))
        rows = [int(p) for p in positions]
        masked = (_mask_noise(texts[i]) for i in rows)
        for row, doc in zip(rows, nlp.pipe(masked, batch_size=256), strict=True):
            for chunk in doc.noun_chunks:
                if chunk.root.pos_ != "NOUN":  # proper nouns are brands, people and places, not aspects
                    continue
                words = list(chunk)
                while words and words[0].pos_ in _CHUNK_LEAD:
                    words = words[1:]
                if not words:
                    continue
                start, end = words[0].idx, words[-1].idx + len(words[-1])
                name = " ".join(w.text.lower() for w in words)
                overlaps = any(s < end and start < e for s, e in taken.get(row, ()))
                if len(name) >= 3 and fold(name) not in skip and not overlaps:
                    found.append((row, name, "noun_chunk", texts[row][start:end], start, end))
    return _hits_frame(found)
