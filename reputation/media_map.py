"""The media map: who talks about each brand (social accounts and web sites, by volume, reach and sentiment, with
the ones new in the report week), and which web domains the mentions link to, flagging the ones no source of the
project collects yet (definitions: docs/response-queue.md, "Media map").

Functions over a mentions frame, vectorised (the only Python loops run over distinct domains, never over mentions);
the outlets are aggregated by DuckDB (reputation.media_outlets), from a frame or from the warehouse. :func:`compute`
reads the warehouse and returns the map of one report week, writing nothing (the weekly
report uses it for a week the marts do not hold); :func:`refresh` writes it to `mart_media_outlets` and
`mart_linked_domains`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

import duckdb
import numpy as np
import pandas as pd

from reputation import media_outlets as media_outlets_sql
from reputation.config import Project
from reputation.query import normalize_series
from reputation.response_queue import contains, normalize_handles
from reputation.warehouse import Warehouse, sql_strings, utcnow
from reputation.warehouse.mentions_view import narrowed

MEDIA_VERSION = "1"

# Platforms whose mentions are pages of a web site: their outlet is the site (the domain of the mention's url).
# Every other platform (twitter, facebook, instagram, reddit, youtube, mastodon, bluesky...) is social: its outlet
# is the account that wrote the mention.
SITE_PLATFORMS = frozenset({"news", "blog", "forum", "review", "web"})

# Domains left out of the linked domains (a domain and all its subdomains): the platforms themselves, link
# shorteners (they hide where a link goes) and image hosts (a picture, not a publication).
PLATFORM_DOMAINS = (
    "twitter.com", "x.com", "t.co", "twimg.com", "facebook.com", "fb.com", "fb.me", "fb.watch", "fbcdn.net",
    "instagram.com", "instagr.am", "cdninstagram.com", "reddit.com", "redd.it", "redditmedia.com", "youtube.com",
    "youtu.be", "ytimg.com", "tiktok.com", "linkedin.com", "lnkd.in", "bsky.app", "bsky.social", "threads.net",
    "threads.com", "mastodon.social", "pinterest.com", "pin.it", "snapchat.com", "whatsapp.com", "wa.me",
    "messenger.com", "t.me", "telegram.me", "discord.gg", "discord.com", "twitch.tv",
)  # fmt: skip
SHORTENER_DOMAINS = (
    "bit.ly", "bitly.com", "ow.ly", "buff.ly", "tinyurl.com", "goo.gl", "dlvr.it", "ift.tt", "is.gd", "t.ly",
    "rebrand.ly", "shorturl.at", "cutt.ly", "tiny.cc", "s.id", "rb.gy", "trib.al", "amzn.to", "lnk.to",
)  # fmt: skip
IMAGE_DOMAINS = ("imgur.com", "gyazo.com", "giphy.com", "tenor.com", "flickr.com", "staticflickr.com")
NOT_MEDIA = PLATFORM_DOMAINS + SHORTENER_DOMAINS + IMAGE_DOMAINS

# A link in a text: http(s):// or a bare www., up to a space or a closing bracket or quote; `host` is its domain.
_LINK = r"(?P<url>(?:https?://|(?<![\w./@-])(?=www\.))(?P<host>[\w.-]+\.[\w-]+)[^\s<>\"'()\[\]{}]*)"
_TRAILING = ".,;:!?…»"
# Second-level labels under which the registrable name is one label further left (nexora.co.uk, nexora.com.au)
_GENERIC_SLD = frozenset({"co", "com", "org", "net", "gov", "gouv", "ac", "edu", "qc", "on"})

OUTLET_COLUMNS = [
    "brand", "rank", "outlet", "kind", "platform", "name", "author_id", "mentions", "authors", "reach", "positive",
    "negative", "net_sentiment", "share_of_brand", "first_seen", "last_seen", "week_mentions", "new_this_week",
    "week_start", "week_end",
]  # fmt: skip
DOMAIN_COLUMNS = [
    "brand", "rank", "domain", "mentions", "linked", "published", "authors", "net_sentiment", "first_seen",
    "last_seen", "example_url", "covered", "candidate", "week_end",
]  # fmt: skip


def normalize_domains(hosts: pd.Series) -> pd.Series:
    """Domains compared as one: lower case, no 'www.', no port or trailing dot ('' when missing)."""
    return (
        hosts.fillna("")
        .astype(str)
        .str.lower()
        .str.replace(r":\d+$", "", regex=True)
        .str.strip(".")
        .str.replace(r"^www\d?\.", "", regex=True)
    )


def url_domains(urls: pd.Series) -> pd.Series:
    """The domain of each URL ('' when there is none or it is not a web URL), normalised."""
    hosts = urls.fillna("").astype(str).str.extract(media_outlets_sql.HOST, expand=False)
    return normalize_domains(hosts)


def _suffixes(domain: str) -> list[str]:
    """'a.b.c' -> ['a.b.c', 'b.c', 'c']: the domain and each parent it is a subdomain of."""
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def under(domains: pd.Series, parents: Iterable[str]) -> pd.Series:
    """Whether each domain is one of `parents` or a subdomain of one (loops over distinct domains only; each looks
    its own suffixes up in a set, so the cost does not grow with the number of parents)."""
    roots = {d for d in normalize_domains(pd.Series(list(parents), dtype=object)) if d}
    distinct = pd.unique(domains.fillna(""))
    hit = {d: not roots.isdisjoint(_suffixes(d)) for d in distinct}
    return domains.fillna("").map(hit).astype(bool)


def brand_slugs(names: Iterable[str]) -> set[str]:
    """Brand names as a domain label would write them: lower case, no accents, letters and digits only."""
    return {s for s in normalize_series(pd.Series(list(names), dtype=object)).str.replace(r"[\W_]+", "", regex=True)}


def brand_sites(domains: pd.Series, own_sites: Iterable[str], slugs: Iterable[str]) -> pd.Series:
    """The brands' own sites: the listed ones (and their subdomains), and domains whose registrable name is a
    brand's (nexora.ca, www.nexora.com, aide.nexora.co.uk; not nexora-fans.blog.example)."""
    names = set(slugs)
    distinct = pd.unique(domains.fillna(""))

    def registrable(d: str) -> str:
        labels = d.split(".")
        if len(labels) >= 3 and labels[-2] in _GENERIC_SLD and len(labels[-1]) == 2:
            return labels[-3]
        return labels[-2] if len(labels) >= 2 else ""

    named = {d: registrable(d) in names for d in distinct}
    return under(domains, own_sites) | domains.fillna("").map(named).astype(bool)


def _net(positive: pd.Series, negative: pd.Series) -> pd.Series:
    opinions = positive + negative
    return ((positive - negative) / opinions.where(opinions > 0)).astype(float)


def _members(m: pd.DataFrame, accounts: Iterable[str], brand_authors: Iterable[str]) -> pd.DataFrame:
    """Mentions naming a brand, one row per (mention, brand), without the brands' own accounts and spam. A frame
    that already has a row per (mention, brand) in a `brand` column (and spam as a bool `spam`) is not exploded."""
    own = {h for h in normalize_handles(pd.Series(list(accounts), dtype=object)) if h}
    by_brand = normalize_handles(m["author_handle"]).isin(own) | m["author_id"].isin(set(brand_authors))
    if "spam" in m:
        spam = m["spam"].fillna(False).astype(bool)
    elif "moderation_flags" in m:
        spam = contains(m["moderation_flags"], "spam")
    else:
        spam = pd.Series(False, index=m.index)
    kept = m[~by_brand & ~spam]
    if "brand" in kept:
        return kept.dropna(subset=["brand"])
    return kept.explode("brands").rename(columns={"brands": "brand"}).dropna(subset=["brand"])


def media_outlets(
    m: pd.DataFrame,
    *,
    week_end: date,
    accounts: Iterable[str] = (),
    brand_authors: Iterable[str] = (),
    own_sites: Iterable[str] = (),
    brands: Iterable[str] = (),
) -> pd.DataFrame:
    """Outlets per brand (OUTLET_COLUMNS), ranked by mentions then reach, over the mentions of `m` up to `week_end`.

    `m`: mention_id, platform, author_id, author_handle, author_followers, url, source, brands, sentiment,
    moderation_flags and `local_time` (project time zone, naive); or, in place of brands and moderation_flags, a
    row per (mention, brand) with `brand` and a bool `spam`. accounts / brand_authors: the brands' handles and known
    account ids (left out); own_sites: the brands' sites (left out, with the sites named after `brands`). Aggregated
    by DuckDB (reputation.media_outlets), as :func:`compute` does on the warehouse."""
    frame = m.assign(rid=np.arange(len(m)))
    for col in ("url", "source", "author_handle"):
        if col not in frame:
            frame[col] = None
    brand = "brand" if "brand" in frame else "unnest(brands)"
    if "spam" in frame:
        spam = "spam"
    elif "moderation_flags" in frame:
        spam = "coalesce(list_contains(moderation_flags, 'spam'), false)"
    else:
        spam = "false"
    source = (
        "SELECT rid, mention_id, platform, author_id, author_handle, author_followers::BIGINT AS author_followers, "
        f"url::VARCHAR AS url, source::VARCHAR AS source, {brand} AS brand, {spam} AS spam, sentiment, "
        "local_time::TIMESTAMP AS local_time FROM _media_frame"
    )
    con = duckdb.connect(config={"pandas_analyze_sample": 2**62})  # typed from every row, as the warehouse does
    try:
        con.register("_media_frame", frame)
        params = _params(week_end, accounts, brand_authors, frame["author_handle"])
        raw = media_outlets_sql.outlets(con, media_outlets_sql.outlets_sql(source, SITE_PLATFORMS), params)
    finally:
        con.close()
    return _ranked(raw, week_end, own_sites, brands)


def _params(
    week_end: date, accounts: Iterable[str], brand_authors: Iterable[str], handles: pd.Series
) -> dict[str, object]:
    """The outlets query's parameters; `handles`: the distinct handles of the mentions, of which those that are one
    of `accounts` once normalised (as the response queue compares them) are left out."""
    own = {h for h in normalize_handles(pd.Series(list(accounts), dtype=object)) if h}
    handles = pd.Series(handles.dropna().unique(), dtype=object)
    return {
        "next": datetime.combine(week_end + timedelta(days=1), time()),
        "week_start": datetime.combine(week_end - timedelta(days=6), time()),
        "brand_handles": sorted(handles[normalize_handles(handles).isin(own)]) if own else [],
        "brand_authors": sorted({str(a) for a in brand_authors}),
    }


def _ranked(out: pd.DataFrame, week_end: date, own_sites: Iterable[str], brands: Iterable[str]) -> pd.DataFrame:
    """The outlets of :func:`reputation.media_outlets.outlets` without the brands' own sites, with their rank, share
    of the brand, net sentiment and whether they are new in the report week."""
    week_start = week_end - timedelta(days=6)
    sites = out["kind"] == "site"
    out = out[~(sites & brand_sites(out["outlet"].where(sites, ""), own_sites, brand_slugs(brands)))]
    if out.empty:
        return pd.DataFrame(columns=OUTLET_COLUMNS)
    out = out.assign(
        net_sentiment=_net(out["positive"], out["negative"]),
        share_of_brand=out["mentions"] / out.groupby("brand")["mentions"].transform("sum"),
        new_this_week=out["first_seen"] >= pd.Timestamp(week_start),
    )
    out = out.sort_values(["brand", "mentions", "reach", "outlet"], ascending=[True, False, False, True])
    out["rank"] = out.groupby("brand").cumcount() + 1
    for col in ("mentions", "authors", "positive", "negative", "week_mentions"):
        out[col] = out[col].astype("int64")
    return out.assign(week_start=week_start, week_end=week_end)[OUTLET_COLUMNS].reset_index(drop=True)


def links(texts: pd.Series) -> pd.DataFrame:
    """The links in each text: `row` (the text's index), `url` and `domain` (normalised)."""
    texts = texts.fillna("").astype(str)
    maybe = texts.str.contains("http", case=False, regex=False) | texts.str.contains("www.", case=False, regex=False)
    found = texts[maybe].str.extractall(_LINK)  # the regex only runs on texts that may hold a link
    if found.empty:
        return pd.DataFrame({"row": pd.Series(dtype=texts.index.dtype), "url": [], "domain": []})
    found = found.reset_index(level="match", drop=True)
    url = found["url"].str.rstrip(_TRAILING)
    host = found["host"].str.rstrip(_TRAILING)
    return pd.DataFrame({"row": found.index, "url": url.to_numpy(), "domain": normalize_domains(host).to_numpy()})


def linked_domains(
    m: pd.DataFrame,
    *,
    week_end: date,
    covered: Iterable[str] = (),
    accounts: Iterable[str] = (),
    brand_authors: Iterable[str] = (),
    own_sites: Iterable[str] = (),
    brands: Iterable[str] = (),
) -> pd.DataFrame:
    """Web domains per brand (DOMAIN_COLUMNS): linked from the mentions' text, or the site a news, blog, forum or
    review mention is published on; platforms, shorteners, image hosts and the brands' sites left out. `covered`:
    the domains the project already collects mentions from (they and their subdomains are not candidates)."""
    m = m[m["local_time"] < pd.Timestamp(week_end + timedelta(days=1))].reset_index(drop=True)
    found = links(m["text"]).assign(how="linked")
    on_site = m["platform"].str.lower().isin(SITE_PLATFORMS) & m["url"].notna()
    pages = pd.DataFrame(
        {"row": m.index[on_site], "url": m.loc[on_site, "url"], "domain": url_domains(m.loc[on_site, "url"])}
    ).assign(how="published")
    hits = pd.concat([found, pages], ignore_index=True)
    hits = hits[hits["domain"].str.contains(".", regex=False)]
    hits = hits[~under(hits["domain"], NOT_MEDIA) & ~brand_sites(hits["domain"], own_sites, brand_slugs(brands))]
    # one row per (link, brand) for the mentions kept (brand accounts and spam left out); only the rows with a
    # link or a site are looked at
    about = _members(m.loc[pd.unique(hits["row"])], accounts, brand_authors)
    about = about[["brand", "mention_id", "author_id", "sentiment", "local_time"]]
    hits = hits.merge(about, left_on="row", right_index=True)
    if hits.empty:
        return pd.DataFrame(columns=DOMAIN_COLUMNS)
    hits = hits.assign(linked=hits["how"] == "linked", published=hits["how"] == "published")
    per = hits.sort_values("local_time").groupby(["brand", "domain", "mention_id"], sort=False)
    one = per.agg(
        linked=("linked", "any"),
        published=("published", "any"),
        author_id=("author_id", "first"),
        sentiment=("sentiment", "first"),
        local_time=("local_time", "first"),
        url=("url", "last"),
    ).reset_index()
    one = one.assign(positive=one["sentiment"] == "positive", negative=one["sentiment"] == "negative")
    g = one.sort_values("local_time").groupby(["brand", "domain"], sort=False)
    out = g.agg(
        mentions=("mention_id", "size"),
        linked=("linked", "sum"),
        published=("published", "sum"),
        authors=("author_id", "nunique"),
        positive=("positive", "sum"),
        negative=("negative", "sum"),
        first_seen=("local_time", "min"),
        last_seen=("local_time", "max"),
        example_url=("url", "last"),
    ).reset_index()
    out["net_sentiment"] = _net(out["positive"], out["negative"])
    out["covered"] = under(out["domain"], covered)
    out["candidate"] = ~out["covered"]
    out = out.sort_values(["brand", "mentions", "domain"], ascending=[True, False, True])
    out["rank"] = out.groupby("brand").cumcount() + 1
    for col in ("mentions", "linked", "published", "authors"):
        out[col] = out[col].astype("int64")
    return out.assign(week_end=week_end)[DOMAIN_COLUMNS].reset_index(drop=True)


def source_domains(project: Project) -> set[str]:
    """The domains the project's live sources read from: a feed's site, a Mastodon instance, and the platforms of
    the Reddit, YouTube and Bluesky connectors. File sources name no site: what they cover is known from the
    mentions they brought (see :func:`refresh`)."""
    platform = {"reddit": "reddit.com", "youtube": "youtube.com", "bluesky": "bsky.app"}
    found = set()
    for source in project.live_sources():
        if source.type in platform:
            found.add(platform[source.type])
        for attr in ("url", "instance"):
            value = getattr(source, attr, None)
            if value:
                found.add(urlsplit(value).hostname or "")
    return {d for d in normalize_domains(pd.Series(sorted(found), dtype=object)) if d}


def default_week_end(wh: Warehouse, project: Project) -> date | None:
    """The Sunday closing the last complete Monday-Sunday week of data (project time zone); None without mentions."""
    from reputation.report import last_complete_week_end  # local import: the report pulls in jinja2

    last = wh.scalar(
        "SELECT timezone($tz, max(published_at) AT TIME ZONE 'UTC')::DATE FROM raw_mentions",
        {"tz": project.timezone},  # type: ignore[arg-type]
    )
    return None if last is None else last_complete_week_end(last)


def compute(wh: Warehouse, project: Project, week_end: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The media map of the report week ending on `week_end` (project time zone): (outlets, domains), frames of
    OUTLET_COLUMNS and DOMAIN_COLUMNS for every brand. Only reads the warehouse (a read-only one will do), so the
    weekly report can show any week's map without touching the marts."""
    # A row per (mention, brand) with its position (`rid`) and spam as a bool: DuckDB unnests, and aggregates the
    # outlets itself (reputation.media_outlets). The linked domains need the text of the mentions with a link or a
    # site only.
    enriched = narrowed("SELECT mention_id, sentiment, moderation_flags FROM mentions")
    source = (
        "SELECT r.rowid AS rid, r.mention_id, r.platform, r.author_id, r.author_handle, r.author_followers, r.url, "
        "r.source, unnest(r.brands) AS brand, e.sentiment, "
        "coalesce(list_contains(e.moderation_flags, 'spam'), false) AS spam, "
        "timezone($tz, r.published_at AT TIME ZONE 'UTC') AS local_time, "
        "CASE WHEN r.text ILIKE '%http%' OR r.text ILIKE '%www.%' THEN r.text ELSE '' END AS text "
        f"FROM raw_mentions r JOIN ({enriched}) e USING (mention_id) WHERE len(r.brands) > 0"
    )
    brand_authors = wh.df("SELECT author_id FROM community_authors WHERE is_brand_account")["author_id"]
    accounts = [a for b in project.brands.all for a in b.accounts]
    handles = wh.df("SELECT DISTINCT author_handle FROM raw_mentions WHERE author_handle IS NOT NULL")["author_handle"]
    params = {"tz": project.timezone, **_params(week_end, accounts, brand_authors, handles)}
    raw = media_outlets_sql.outlets(wh.con, media_outlets_sql.outlets_sql(source, SITE_PLATFORMS), params)
    sites = sql_strings(SITE_PLATFORMS)
    m = wh.df(
        f"SELECT * EXCLUDE (rid) FROM ({source}) WHERE local_time < $next "
        f"AND (text <> '' OR (lower(platform) IN ({sites}) AND url IS NOT NULL)) ORDER BY rid",
        {"tz": project.timezone, "next": params["next"]},
    )
    collected = wh.df(
        f"SELECT DISTINCT regexp_extract(url, '{media_outlets_sql.HOST}', 1) AS host FROM raw_mentions "
        "WHERE url IS NOT NULL"
    )["host"]
    covered = source_domains(project) | set(normalize_domains(collected)) - {""}
    common = {
        "week_end": week_end,
        "accounts": accounts,
        "brand_authors": brand_authors,
        "own_sites": project.moderation.allowed_domains,
        "brands": [b.name for b in project.brands.all],
    }
    outlets = _ranked(raw, week_end, common["own_sites"], common["brands"])
    return outlets, linked_domains(m, covered=covered, **common)


def refresh(wh: Warehouse, project: Project, week_end: date | None = None) -> dict:
    """Rebuild `mart_media_outlets` and `mart_linked_domains` for the report week ending on `week_end` (a Sunday,
    project time zone; default: the last complete week of data), from :func:`compute`. Returns a summary."""
    if week_end is None:
        week_end = default_week_end(wh, project)
        if week_end is None:
            wh.replace("mart_media_outlets", pd.DataFrame(columns=OUTLET_COLUMNS), [], where="true")
            wh.replace("mart_linked_domains", pd.DataFrame(columns=DOMAIN_COLUMNS), [], where="true")
            return {"week_end": None, "outlets": 0, "new_this_week": 0, "domains": 0, "candidates": 0}
    outlets, domains = compute(wh, project, week_end)
    now = utcnow()
    wh.replace("mart_media_outlets", outlets.assign(computed_at=now), [], where="true")
    wh.replace("mart_linked_domains", domains.assign(computed_at=now), [], where="true")
    own = project.brands.own.name
    return {
        "week_end": week_end,
        "outlets": int((outlets["brand"] == own).sum()),
        "new_this_week": int(((outlets["brand"] == own) & outlets["new_this_week"]).sum()),
        "domains": int((domains["brand"] == own).sum()),
        "candidates": int(((domains["brand"] == own) & domains["candidate"]).sum()),
    }
