"""Boolean brand queries: parse once, match vectorised over a frame of mentions (docs/queries.md).

Grammar (operators upper-case; adjacent terms mean AND; NEAR binds tighter than AND, AND than OR)::

    query  := or
    or     := and ("OR" and)*
    and    := near (["AND"] near)*
    near   := unary ("NEAR/" n unary)?        each side a word, a phrase, or an OR group of them
    unary  := ("NOT" | "-") unary | atom      "-" directly before a term, field or group
    atom   := "(" or ")" | field ":" value | '"' phrase '"' | term ["*"]
    field  := author | lang | platform | site | title

Matching is case- and accent-insensitive and works on word boundaries, so ``nexora*`` matches
"#Nexora", "@NexoraHelp" and "nexora" but not "anexora".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

FIELDS = ("author", "lang", "platform", "site", "title")


class QuerySyntaxError(ValueError):
    """A query that does not parse; `position` is the 0-based character offset of the problem."""

    def __init__(self, message: str, query: str, position: int) -> None:
        self.message, self.query, self.position = message, query, position
        super().__init__(f"{message} at position {position}\n  {query}\n  {' ' * position}^")

    def __reduce__(self) -> tuple[type, tuple[str, str, int]]:
        # raised in the ingest's worker process and re-raised in the caller's: pickled with its own arguments
        return type(self), (self.message, self.query, self.position)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or several for a phrase
    prefix: bool = False  # trailing * on the last word


@dataclass(frozen=True)
class Field:
    name: str  # one of FIELDS
    term: Term


@dataclass(frozen=True)
class Near:
    left: tuple[Term, ...]  # alternatives: one term, or the terms of an OR group
    right: tuple[Term, ...]
    distance: int  # at most this many words between them, in either order


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Field | Near | Not | And | Or

_TOKEN = re.compile(
    r"\s*(?:(?P<lp>\()|(?P<rp>\))|(?P<minus>-)(?=[^\s()-])"
    rf"|(?P<field>(?:{'|'.join(FIELDS)})):(?=[^\s()])"
    r'|"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+))'
)
_NEAR = re.compile(r"^NEAR/(\d+)$")
_KEYWORDS = {"AND", "OR", "NOT"}


def normalize(text: str) -> str:
    """Lower-case and strip accents (é -> e, ç -> c) so French queries match any spelling."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_series(texts: pd.Series) -> pd.Series:
    """Vectorised :func:`normalize` (pandas' NFKD is C-level; combining marks go with one regex)."""
    return (
        texts.fillna("").astype(str).str.lower().str.normalize("NFKD").str.replace(r"[\u0300-\u036f]", "", regex=True)
    )


def _tokens(query: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(query):
        if query[pos:].strip() == "":
            break
        m = _TOKEN.match(query, pos)
        if m is None:  # only an unterminated quote gets here
            raise QuerySyntaxError("unterminated quote", query, query.index('"', pos))
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.toks = _tokens(query)
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def is_keyword(self, word: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "word" and tok[1] == word

    def error(self, message: str, position: int) -> QuerySyntaxError:
        return QuerySyntaxError(message, self.query, position)

    def parse(self) -> Node:
        if not self.toks:
            raise self.error("empty query", 0)
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:
            raise self.error(f"unexpected {tok[1]!r}", tok[2])
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.is_keyword("OR"):
            self.i += 1
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        children = [self.parse_near()]
        while True:
            tok = self.peek()
            if tok is None or tok[0] == "rp" or self.is_keyword("OR"):
                break
            if self.is_keyword("AND"):
                self.i += 1
            children.append(self.parse_near())
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_near(self) -> Node:
        start = self.peek()
        left = self.parse_unary()
        tok = self.peek()
        near = _NEAR.match(tok[1]) if tok is not None and tok[0] == "word" else None
        if tok is not None and tok[0] == "word" and tok[1].startswith("NEAR") and near is None:
            raise self.error("NEAR needs a distance, e.g. NEAR/5", tok[2])
        if near is None or tok is None:
            return left
        self.i += 1
        right_tok = self.peek()
        right = self.parse_unary()
        sides = [_near_side(left), _near_side(right)]
        if sides[0] is None or sides[1] is None:
            bad = start if sides[0] is None else right_tok
            raise self.error("NEAR joins words, phrases or OR groups of them", bad[2] if bad else tok[2])
        return Near(sides[0], sides[1], int(near.group(1)))

    def parse_unary(self) -> Node:
        if self.is_keyword("NOT") or (self.peek() or ("",))[0] == "minus":
            self.i += 1
            return Not(self.parse_unary())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.error("expected a term", len(self.query))
        kind, value, pos = tok
        self.i += 1
        if kind == "lp":
            node = self.parse_or()
            close = self.peek()
            if close is None or close[0] != "rp":
                raise self.error("missing closing parenthesis for '('", pos)
            self.i += 1
            return node
        if kind == "rp":
            raise self.error("unexpected ')'", pos)
        if kind == "field":
            target = self.peek()
            if target is None or target[0] not in ("word", "phrase"):
                raise self.error(f"{value}: needs a value, e.g. {value}:example", pos)
            self.i += 1
            return Field(value, self.term(*target))
        return self.term(kind, value, pos)

    def term(self, kind: str, value: str, pos: int) -> Term:
        if kind == "phrase":
            words = tuple(normalize(value).split())
            if not words:
                raise self.error("empty phrase", pos)
            return Term(words)
        if value in _KEYWORDS or _NEAR.match(value):
            raise self.error(f"operator {value} needs a term before and after it", pos)
        prefix = value.endswith("*")
        word = normalize(value.rstrip("*"))
        if not word or "*" in word:
            raise self.error("a wildcard * goes at the end of a word", pos)
        if not re.search(r"\w", word):
            raise self.error(f"{value!r} has no letter or digit to search for", pos)
        return Term((word,), prefix)


def _near_side(node: Node) -> tuple[Term, ...] | None:
    if isinstance(node, Term):
        return (node,)
    if isinstance(node, Or) and all(isinstance(c, Term) for c in node.children):
        return tuple(c for c in node.children if isinstance(c, Term))
    return None


def parse_query(query: str) -> Node:
    """Parse a query into a tree; raises :class:`QuerySyntaxError` with the position."""
    return _Parser(query).parse()


class Mentions:
    """The parts of mentions that queries look at, normalised when first needed (field filters are rarer than
    words, so author, language, platform and site are only computed for queries that use them)."""

    def __init__(self, df: pd.DataFrame) -> None:
        """From any frame with some of: text, title, author_handle, lang, platform, url."""
        self._df = df

    def _col(self, name: str) -> pd.Series:
        df = self._df
        return df[name] if name in df else pd.Series("", index=df.index, dtype=object)

    @cached_property
    def title(self) -> pd.Series:
        return normalize_series(self._col("title"))

    @cached_property
    def text(self) -> pd.Series:
        """Title and text."""
        return self.title + "\n" + normalize_series(self._col("text"))

    @cached_property
    def author(self) -> pd.Series:
        """Handle without @."""
        return normalize_series(self._col("author_handle")).str.lstrip("@")

    @cached_property
    def lang(self) -> pd.Series:
        return normalize_series(self._col("lang"))

    @cached_property
    def platform(self) -> pd.Series:
        return normalize_series(self._col("platform"))

    @cached_property
    def site(self) -> pd.Series:
        """Host of the url, without www."""
        host = normalize_series(self._col("url")).str.extract(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", expand=False)
        return host.fillna("").str.removeprefix("www.")


def _words(term: Term) -> str:
    body = r"\s+".join(re.escape(w) for w in term.words)
    return body + (r"\w*" if term.prefix else "")


# Word boundaries are written (?:^|\W) ... (?:\W|$) rather than with look-arounds, which pyarrow's regex engine
# (RE2) lacks: with them every match would fall back to a Python loop, row by row. RE2's \W is ASCII, which is
# what normalised (accent-stripped) text mostly is.
def _term_regex(term: Term) -> str:
    return rf"(?:^|\W){_words(term)}" + ("" if term.prefix else r"(?:\W|$)")


def _contains(texts: pd.Series, pattern: str) -> pd.Series:
    """Regex search with Arrow's own kernel (RE2): pandas' str.contains falls back to a Python loop here, about
    ten times slower. The texts are normalised strings without nulls."""
    hits = pc.match_substring_regex(pa.array(texts, type=pa.large_string()), pattern)
    return pd.Series(hits.to_numpy(zero_copy_only=False), index=texts.index)


def _field(field: Field, m: Mentions) -> pd.Series:
    value = " ".join(field.term.words)
    if field.name == "title":
        return _contains(m.title, _term_regex(field.term))
    if field.name == "site":  # the domain or any of its subdomains
        return (m.site == value) | m.site.str.endswith("." + value)
    column = {"author": m.author, "lang": m.lang, "platform": m.platform}[field.name]
    return column.str.startswith(value) if field.term.prefix else column == value


def match(node: Node, m: Mentions) -> pd.Series:
    """Boolean Series: which mentions the query matches (each term is one vectorised regex pass)."""
    if isinstance(node, Term):
        return _contains(m.text, _term_regex(node))
    if isinstance(node, Field):
        return _field(node, m)
    if isinstance(node, Near):
        gap = rf"(?:\W+\w+){{0,{node.distance}}}\W+"
        a = "(?:" + "|".join(_words(t) for t in node.left) + ")"
        b = "(?:" + "|".join(_words(t) for t in node.right) + ")"
        return _contains(m.text, rf"(?:^|\W)(?:{a}{gap}{b}|{b}{gap}{a})(?:\W|$)")
    if isinstance(node, Not):
        return ~match(node.child, m)
    parts = [match(child, m) for child in node.children]
    result = parts[0]
    for part in parts[1:]:
        result = (result & part) if isinstance(node, And) else (result | part)
    return result


def match_brands(mentions: pd.DataFrame | Mentions, queries: dict[str, str]) -> pd.Series:
    """For each mention, the list of brand names whose query matches (in the order given)."""
    m = mentions if isinstance(mentions, Mentions) else Mentions(mentions)
    names = list(queries)
    hits = pd.DataFrame({name: match(parse_query(q), m) for name, q in queries.items()}, index=m.text.index)
    return pd.Series(
        [[n for n, hit in zip(names, row, strict=True) if hit] for row in hits.to_numpy()],
        index=m.text.index,
        dtype=object,
    )
