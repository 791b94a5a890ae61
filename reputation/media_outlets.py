"""The media map's outlets, aggregated by DuckDB (definitions: reputation.media_map, docs/response-queue.md).

One query groups the mentions naming a brand by (brand, outlet), over the warehouse (reputation.media_map.compute)
or over a frame (reputation.media_map.media_outlets): at a million mentions that is a fraction of pandas' time and
memory. An outlet is the account that wrote a mention ('platform:author_id', named by its latest handle) or, for
news, blogs, forums, reviews and web pages, the site (the domain of its url, normalised as
reputation.media_map.normalize_domains does; without a url 'source:<source>', else the account). The brands' own
sites are left out afterwards, per outlet; the ranks and shares are taken after that.

Row order: `rid` orders the mentions; an outlet's `name` is its latest non-null one, its `author_id` its first, its
platform the commonest one (ties: the one seen first).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from reputation.warehouse import sql_strings

# A url's host (with any port): the same pattern in Python (media_map.url_domains) and in DuckDB.
HOST = r"^[a-zA-Z][\w+.-]*://(?:[^@/?#]*@)?([^/?#]+)"


def domain_sql(url: str) -> str:
    """SQL of the normalised domain of a url ('' when none): media_map.url_domains, step by step."""
    host = f"lower(coalesce(regexp_extract({url}, '{HOST}', 1), ''))"
    return rf"regexp_replace(trim(regexp_replace({host}, ':\d+$', ''), '.'), '^www\d?\.', '')"


def outlets_sql(source: str, site_platforms: Iterable[str]) -> str:
    """Per (brand, outlet) of `source` (a query with `rid`, mention_id, platform, author_id, author_handle,
    author_followers, url, source, brand, spam, sentiment, local_time): the outlet's figures before ranks and
    shares. Parameters: `$next` (the day after the week, local), `$week_start`, `$brand_handles` (the handles, as
    written, that are the brands' accounts: normalised in Python by the caller), `$brand_authors`."""
    sites = sql_strings(site_platforms)
    return f"""
WITH x AS (
    SELECT *, lower(platform) IN ({sites}) AS site_platform FROM ({source}) s
    WHERE local_time < $next AND brand IS NOT NULL AND NOT coalesce(spam, false)
      AND coalesce(author_handle, '') NOT IN (SELECT unnest($brand_handles::VARCHAR[]))
      AND (author_id IS NULL OR author_id NOT IN (SELECT unnest($brand_authors::VARCHAR[])))
), sited AS (
    SELECT *, CASE WHEN site_platform THEN
                  coalesce(nullif({domain_sql("url")}, ''), 'source:' || source) END AS site
    FROM x
), keyed AS (
    SELECT *, site IS NOT NULL AS is_site,
           CASE WHEN site IS NOT NULL THEN site ELSE platform || ':' || author_id END AS outlet,
           CASE WHEN site IS NOT NULL THEN site ELSE coalesce(author_handle, author_id) END AS name
    FROM sited
), platforms AS (
    SELECT brand, outlet, arg_max(platform, [n, -first]) AS platform
    FROM (SELECT brand, outlet, platform, count(*) AS n, min(rid) AS first FROM keyed GROUP BY ALL)
    GROUP BY ALL
)
SELECT brand, outlet, CASE WHEN bool_or(is_site) THEN 'site' ELSE 'account' END AS kind,
       arg_max(name, rid) FILTER (name IS NOT NULL) AS name,
       CASE WHEN bool_or(is_site) THEN NULL ELSE arg_min(author_id, rid) FILTER (author_id IS NOT NULL) END
           AS author_id,
       count(*) AS mentions, count(DISTINCT author_id) AS authors, max(author_followers) AS reach,
       count(*) FILTER (sentiment = 'positive') AS positive, count(*) FILTER (sentiment = 'negative') AS negative,
       min(local_time) AS first_seen, max(local_time) AS last_seen,
       count(*) FILTER (local_time >= $week_start) AS week_mentions, any_value(p.platform) AS platform
FROM keyed JOIN platforms p USING (brand, outlet)
GROUP BY brand, outlet
"""


def outlets(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> pd.DataFrame:
    """Run :func:`outlets_sql`; `reach` as integers (0 when unknown)."""
    out = con.execute(sql, params).df()
    out["reach"] = out["reach"].fillna(0).astype("int64")
    return out
