"""Boolean brand queries: parse once, match vectorised over a column of texts.

Grammar (keywords upper-case; adjacent terms mean AND)::

    query  := or
    or     := and ("OR" and)*
    and    := unary (["AND"] unary)*
    unary  := ("NOT" | "-") unary | atom
    atom   := "(" or ")" | '"' phrase '"' | term ["*"]

Matching is case- and accent-insensitive and works on word boundaries, so ``nexora*`` matches
"#Nexora", "@NexoraHelp" and "nexora" but not "anexora".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd


class QuerySyntaxError(ValueError):
    """A query that does not parse; `position` is the 0-based character offset of the problem."""

    def __init__(self, message: str, query: str, position: int) -> None:
        self.query, self.position = query, position
        super().__init__(f"{message} at position {position}\n  {query}\n  {' ' * position}^")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or several for a phrase
    prefix: bool = False  # trailing * on the last word


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or

_TOKEN = re.compile(r'\s*(?:(?P<lp>\()|(?P<rp>\))|"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+))')
_KEYWORDS = {"AND", "OR", "NOT"}


def normalize(text: str) -> str:
    """Lower-case and strip accents (é -> e, ç -> c) so French queries match any spelling."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_series(texts: pd.Series) -> pd.Series:
    """Vectorised :func:`normalize` (pandas' NFKD is C-level; combining marks go with one regex)."""
    return texts.fillna("").str.lower().str.normalize("NFKD").str.replace(r"[\u0300-\u036f]", "", regex=True)


def _tokens(query: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(query):
        if query[pos:].strip() == "":
            break
        m = _TOKEN.match(query, pos)
        if m is None:  # only an unterminated quote gets here
            start = query.index('"', pos)
            raise QuerySyntaxError("unterminated quote", query, start)
        kind = m.lastgroup or ""
        start = m.start(kind)
        out.append((kind, m.group(kind), start))
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

    def parse(self) -> Node:
        if not self.toks:
            raise QuerySyntaxError("empty query", self.query, 0)
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:
            raise QuerySyntaxError(f"unexpected {tok[1]!r}", self.query, tok[2])
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.is_keyword("OR"):
            self.i += 1
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        children = [self.parse_unary()]
        while True:
            tok = self.peek()
            if tok is None or tok[0] == "rp" or self.is_keyword("OR"):
                break
            if self.is_keyword("AND"):
                self.i += 1
            children.append(self.parse_unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self) -> Node:
        tok = self.peek()
        if tok is not None and tok[0] == "word" and (tok[1] == "NOT" or (tok[1].startswith("-") and tok[1] != "-")):
            if tok[1] == "NOT":
                self.i += 1
            else:  # "-term": strip the minus and reparse the rest as a word
                self.toks[self.i] = ("word", tok[1][1:], tok[2] + 1)
            return Not(self.parse_unary())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise QuerySyntaxError("expected a term", self.query, len(self.query))
        kind, value, pos = tok
        self.i += 1
        if kind == "lp":
            node = self.parse_or()
            close = self.peek()
            if close is None or close[0] != "rp":
                raise QuerySyntaxError("missing closing parenthesis for '('", self.query, pos)
            self.i += 1
            return node
        if kind == "rp":
            raise QuerySyntaxError("unexpected ')'", self.query, pos)
        if kind == "phrase":
            words = tuple(normalize(value).split())
            if not words:
                raise QuerySyntaxError("empty phrase", self.query, pos)
            return Term(words)
        if value in _KEYWORDS:
            raise QuerySyntaxError(f"operator {value} needs a term before and after it", self.query, pos)
        prefix = value.endswith("*")
        word = normalize(value.rstrip("*"))
        if not word or "*" in word:
            raise QuerySyntaxError("a wildcard * goes at the end of a word", self.query, pos)
        return Term((word,), prefix)


def parse_query(query: str) -> Node:
    """Parse a query into a tree; raises :class:`QuerySyntaxError` with the position."""
    return _Parser(query).parse()


def _term_regex(term: Term) -> str:
    body = r"\s+".join(re.escape(w) for w in term.words)
    tail = r"\w*" if term.prefix else r"(?!\w)"
    return rf"(?<!\w){body}{tail}"


def match(node: Node, normalized: pd.Series) -> pd.Series:
    """Boolean Series: which normalised texts the query matches (each term is one vectorised regex pass)."""
    if isinstance(node, Term):
        return normalized.str.contains(_term_regex(node), regex=True)
    if isinstance(node, Not):
        return ~match(node.child, normalized)
    parts = [match(child, normalized) for child in node.children]
    result = parts[0]
    for part in parts[1:]:
        result = (result & part) if isinstance(node, And) else (result | part)
    return result


def match_brands(texts: pd.Series, queries: dict[str, str]) -> pd.Series:
    """For each text, the list of brand names whose query matches (in the order given)."""
    normalized = normalize_series(texts)
    hits = pd.DataFrame({name: match(parse_query(q), normalized) for name, q in queries.items()}, index=texts.index)
    names = list(queries)
    return pd.Series(
        [[n for n, hit in zip(names, row, strict=True) if hit] for row in hits.to_numpy()],
        index=texts.index,
        dtype=object,
    )
