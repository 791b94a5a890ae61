"""Syndication feeds: RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom.

Rules:

- platform is "blog" when the feed's site or generator is a blog platform (WordPress, Blogger, Ghost, Medium,
  Substack, ... or a host or path with "blog"), else "news".
- The site is the account: author_id is the host of the feed's site link (channel `link`, Atom
  `link rel="alternate"`, else the self link, else the first item's link); author_handle is the item's
  `dc:creator` / `author` / Atom author name.
- platform_id = guid / Atom id / RDF `rdf:about`, else the link; url = link (or a permalink guid).
- text = html_to_text(content:encoded, Atom content, description or summary); titles are HTML-decoded too.
- published_at = pubDate (RFC 822) / dc:date / published / updated; an item without any date takes the feed's
  own date (pubDate, lastBuildDate, dc:date, updated) as an upper bound; without either it is rejected.
- lang = first two letters of the item's or feed's xml:lang / language / dc:language.
- Security: a DOCTYPE declaring entities (billion laughs, external entities) fails the whole file; HTML named
  entities that real feeds use without declaring them (&nbsp;, &eacute;) are read as characters.
- A document that is not well-formed XML fails the whole file with the parser's line and column.

Positions are item numbers (1-based, in document order).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.entities import name2codepoint
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reputation.schema import SchemaError
from reputation.sources.formats.base import Parsed, html_to_text

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
SLASH = "{http://purl.org/rss/1.0/modules/slash/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Prolog (declaration, comments, processing instructions, DOCTYPE with its internal subset), then the root tag
_PROLOG = re.compile(r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.DOTALL)
_ROOT = re.compile(r"<([\w.-]+:)?(rss|RDF|feed)\b[^>]*>")
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_NS_PREFIX = re.compile(r"<(/?)[\w.-]+:")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_BLOG = re.compile(
    r"blog|wordpress|ghost|medium\.com|substack|tumblr|typepad|livejournal|hashnode|hugo|jekyll|hexo|dotclear",
    re.IGNORECASE,
)


def _root_tag(head: str) -> str | None:
    """The root start tag of an XML document's head, or None when the head does not start like a feed."""
    text = head.lstrip("\ufeff")
    prolog = _PROLOG.match(text)
    match = _ROOT.match(text, prolog.end() if prolog else 0)
    return match.group(0) if match else None


def is_feed(head: str) -> bool:
    tag = _root_tag(head)
    if tag is None:
        return False
    if re.match(r"<([\w.-]+:)?feed\b", tag):
        return "http://www.w3.org/2005/Atom" in tag
    if re.match(r"<([\w.-]+:)?RDF\b", tag):
        return "http://purl.org/rss/1.0/" in head  # RSS 1.0's namespace, declared on the root or the channel
    return tag.startswith("<rss")


def _html_entities_as_chars(text: str) -> str:
    """Replace HTML named entities that XML does not define by character references (undefined ones stay)."""

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES or name not in name2codepoint:
            return match.group(0)
        return f"&#{name2codepoint[name]};"

    return _HTML_ENTITY.sub(repl, text)


def parse_xml(text: str) -> ET.Element:
    """The document's root; SchemaError for entity declarations (expansion attacks) or malformed XML."""
    # Entities can only be declared in a DOCTYPE; both markers anywhere is checked, not just a parsed prolog, so
    # that no unusual DOCTYPE syntax can slip a declaration past the check (a false alarm needs both in CDATA).
    if _DOCTYPE.search(text) and _ENTITY_DECL.search(text):
        raise SchemaError("feed declares XML entities in its DOCTYPE (refused: entity expansion attack risk)")
    try:
        return ET.fromstring(_html_entities_as_chars(text.lstrip("\ufeff")))
    except ET.ParseError as err:
        line, column = err.position
        raise SchemaError(f"not well-formed XML (line {line}, column {column}): {err}") from None


def _text(el: ET.Element | None, *paths: str) -> str | None:
    """Stripped text of the first non-empty child among `paths` (ElementTree paths), or None."""
    if el is None:
        return None
    for path in paths:
        child = el.find(path)
        if child is not None and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_date(value: str | None) -> str | None:
    """ISO 8601 from an RFC 822 date (RSS pubDate) or an ISO 8601 one (dc:date, Atom), or None."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _host(url: str | None) -> str | None:
    host = urlsplit(url).netloc.lower() if url else ""
    return host.removeprefix("www.") or None


def _lang(*values: str | None) -> str | None:
    value = next((v for v in values if v), None)
    return value[:2].lower() if value else None


def _atom_link(el: ET.Element, rel: str = "alternate") -> str | None:
    for link in el.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == rel and link.get("href"):
            return link.get("href")
    return None


def _atom_text(el: ET.Element | None) -> str | None:
    """Text of an Atom text construct: plain, HTML-escaped, or inline XHTML."""
    if el is None:
        return None
    if el.get("type") == "xhtml":
        markup = "".join(ET.tostring(child, encoding="unicode") for child in el)
        markup = _NS_PREFIX.sub(r"<\1", markup)  # "</ns0:p>" -> "</p>", so paragraph ends stay line breaks
        return html_to_text(markup) or None
    if not el.text:
        return None
    return (html_to_text(el.text) if el.get("type") == "html" else " ".join(el.text.split())) or None


class Feed:
    """What every item of a feed shares: platform, site (the account), language and fallback date."""

    def __init__(self, platform: str, site: str | None, lang: str | None, date: str | None) -> None:
        self.platform, self.site, self.lang, self.date = platform, site, lang, date

    def record(self, position: int, out: Parsed, item: dict[str, Any], raw: ET.Element) -> None:
        """Validate a mapped item and add it, or reject it with its reason."""
        link, guid = item.pop("link"), item.pop("guid")
        published = item.get("published_at") or self.date
        reason = None
        if not link and not guid:
            reason = "item without link or guid"
        elif not published:
            reason = "item without a date (and the feed has none)"
        elif not item.get("title") and not item.get("text"):
            reason = "item without title or text"
        if reason:
            out.reject(position, reason, ET.tostring(raw, encoding="unicode"))
            return
        author_id = self.site or _host(link) or _host(guid)
        out.add(
            position,
            {
                "platform": self.platform,
                "platform_id": guid or link,
                "url": link,
                "author_id": author_id,
                "title": item.get("title"),
                "text": item.get("text"),
                "author_handle": item.get("author_handle"),
                "lang": item.get("lang") or self.lang,
                "published_at": published,
                "replies": item.get("replies"),
            },
        )


def _platform(site_link: str | None, generator: str | None) -> str:
    return "blog" if _BLOG.search(f"{site_link or ''} {generator or ''}") else "news"


def _dates(raw: str | None) -> dict[str, str | None]:
    """published_at, and the raw value as bad_date when it is present but not a date (parsed once)."""
    published = parse_date(raw)
    return {"published_at": published, "bad_date": raw if raw and published is None else None}


def _rss_item(item: ET.Element, ns: str) -> dict[str, Any]:
    """Fields of an RSS 2.0 `item` (ns "") or RSS 1.0 `item` (ns RSS1); the date is parsed, or False if bad."""
    guid_el = item.find("guid") if not ns else None
    guid = guid_el.text.strip() if guid_el is not None and guid_el.text and guid_el.text.strip() else None
    guid = guid or item.get(f"{RDF}about")
    link = _text(item, f"{ns}link")
    if not link and guid_el is not None and guid and guid_el.get("isPermaLink", "true") != "false":
        link = guid if guid.startswith("http") else None
    raw_date = _text(item, f"{ns}pubDate", f"{DC}date")
    title = _text(item, f"{ns}title")
    body = _text(item, f"{CONTENT}encoded", f"{ns}description")
    replies = _text(item, f"{SLASH}comments")
    return {
        "guid": guid,
        "link": link,
        "title": html_to_text(title) or None,
        "text": html_to_text(body) or None,
        "author_handle": _text(item, f"{DC}creator", f"{ns}author"),
        "lang": _lang(item.get(XML_LANG), _text(item, f"{DC}language")),
        **_dates(raw_date),
        "replies": int(replies) if replies and replies.isdigit() else None,
    }


def _atom_entry(entry: ET.Element, feed_lang: str | None) -> dict[str, Any]:
    link = _atom_link(entry)
    raw_date = _text(entry, f"{ATOM}published", f"{ATOM}updated")
    content = entry.find(f"{ATOM}content")
    text = _atom_text(content) or _atom_text(entry.find(f"{ATOM}summary"))
    return {
        "guid": _text(entry, f"{ATOM}id"),
        "link": link,
        "title": _atom_text(entry.find(f"{ATOM}title")),
        "text": text,
        "author_handle": _text(entry, f"{ATOM}author/{ATOM}name"),
        "lang": _lang(entry.get(XML_LANG), content.get(XML_LANG) if content is not None else None, feed_lang),
        **_dates(raw_date),
    }


def _add_items(out: Parsed, feed: Feed, items: list[tuple[ET.Element, dict[str, Any]]]) -> None:
    for position, (raw, item) in enumerate(items, start=1):
        bad_date = item.pop("bad_date")
        if bad_date:
            out.reject(
                position, f"date is not an RFC 822 or ISO 8601 date: {bad_date[:50]}", ET.tostring(raw, "unicode")
            )
        else:
            feed.record(position, out, item, raw)


def _parse_rss(root: ET.Element, out: Parsed) -> None:
    channel = root.find("channel")
    channel = channel if channel is not None else root
    site = _text(channel, "link")
    items = channel.findall("item") or root.findall("item")  # RSS 0.9x put items beside the channel
    first_link = next((_text(i, "link") for i in items if _text(i, "link")), None)
    feed = Feed(
        _platform(site, _text(channel, "generator")),
        _host(site) or _host(_atom_link(channel, "self")) or _host(first_link),
        _lang(_text(channel, "language", f"{DC}language")),
        parse_date(_text(channel, "pubDate", "lastBuildDate", f"{DC}date")),
    )
    _add_items(out, feed, [(i, _rss_item(i, "")) for i in items])


def _parse_rdf(root: ET.Element, out: Parsed) -> None:
    channel = root.find(f"{RSS1}channel")
    site = _text(channel, f"{RSS1}link")
    items = root.findall(f"{RSS1}item")
    first_link = next((_text(i, f"{RSS1}link") for i in items if _text(i, f"{RSS1}link")), None)
    feed = Feed(
        _platform(site, None),
        _host(site) or _host(first_link),
        _lang(_text(channel, f"{DC}language")),
        parse_date(_text(channel, f"{DC}date")),
    )
    _add_items(out, feed, [(i, _rss_item(i, RSS1)) for i in items])


def _parse_atom(root: ET.Element, out: Parsed) -> None:
    site = _atom_link(root) or _atom_link(root, "self")
    entries = root.findall(f"{ATOM}entry")
    first_link = next((_atom_link(e) for e in entries if _atom_link(e)), None)
    lang = _lang(root.get(XML_LANG))
    feed = Feed(
        _platform(site, _text(root, f"{ATOM}generator")),
        _host(site) or _host(first_link),
        lang,
        parse_date(_text(root, f"{ATOM}updated")),
    )
    _add_items(out, feed, [(e, _atom_entry(e, lang)) for e in entries])


class SyndicationFeed:
    """RSS 2.0 / 0.9x, RSS 1.0 (RDF) and Atom 1.0 feeds, whatever the file's extension."""

    name = "feed"

    def sniff(self, path: Path, head: str) -> bool:
        return head.lstrip("\ufeff \t\r\n")[:1] == "<" and is_feed(head.lstrip("\ufeff \t\r\n"))

    def parse(self, text: str, path: Path) -> Parsed:
        root = parse_xml(text)
        out = Parsed()
        if root.tag == "rss":
            _parse_rss(root, out)
        elif root.tag == f"{RDF}RDF":
            _parse_rdf(root, out)
        elif root.tag == f"{ATOM}feed":
            _parse_atom(root, out)
        else:
            raise SchemaError(f"not an RSS or Atom feed: root element is {root.tag!r}")
        return out


FORMATS = [SyndicationFeed()]
