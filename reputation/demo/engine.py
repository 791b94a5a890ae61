"""Thread mechanics of the simulation: mentions, replies, shares, support answers and day flushing.

Every original post grows its whole thread (replies, nested replies, shares, brand answers) when it is
created, so a post's counters are final before any day containing it is written. Mentions are kept
in per-UTC-day buckets; once day ``d`` has been simulated no later post can land in it, so it is
flushed (sorted, engagement computed) and its memory released: memory stays flat in the period length.
"""

from __future__ import annotations

import math
import random
import re
import time
from collections.abc import Callable

from . import vocab as V
from .compose import Composer
from .ids import IdFactory
from .population import BRAND_ACCOUNTS, COMMENT_ONLY, AuthorTable
from .timeline import Timeline
from .weights import CRISIS_REPLY, INTENT, MAX_DEPTH, NEST_MU, REPLY_MU, REPLY_SENTIMENT, SHARE_MU, SUPPORT_RATE, Mix

COLUMNS = (
    "platform",
    "platform_id",
    "url",
    "author_id",
    "author_handle",
    "author_followers",
    "title",
    "text",
    "lang",
    "published_at",
    "parent_id",
    "share_of_id",
    "likes",
    "shares",
    "replies",
    "views",
    "source",
)
TRUTH_COLUMNS = (
    "platform",
    "platform_id",
    "lang",
    "topic",
    "sentiment",
    "intent",
    "brands_true",
    "is_crisis",
    "is_contest",
)

# Brand named at a word start (like the pipeline's "nexora*" query): "#Nexora", "@NexoraHelp", "nexora".
_BRAND_RE = re.compile(r"(?<![0-9a-zà-ÿ])(" + "|".join(b.lower() for b in V.BRANDS) + ")")


class M:
    """One mention under construction (slots: millions of them may pass through)."""

    __slots__ = (
        "aidx",
        "brand",
        "contest",
        "crisis",
        "depth",
        "intent",
        "kind",
        "lang",
        "n_rep",
        "n_sh",
        "parent",
        "pid",
        "platform",
        "root_url",
        "sentiment",
        "share_of",
        "text",
        "title",
        "topic",
        "ts",
        "url",
    )

    def __init__(
        self,
        platform: str,
        aidx: int,
        ts: int,
        lang: str,
        topic: str,
        sentiment: str,
        intent: str,
        brand: str | None,
        kind: str,
        depth: int,
        crisis: bool,
        contest: bool,
    ) -> None:
        self.platform, self.aidx, self.ts, self.lang, self.topic = platform, aidx, ts, lang, topic
        self.sentiment, self.intent, self.brand, self.kind, self.depth = sentiment, intent, brand, kind, depth
        self.crisis, self.contest = crisis, contest
        self.n_rep = self.n_sh = 0
        self.parent: M | None = None
        self.share_of: M | None = None
        self.pid = self.url = self.root_url = self.text = ""
        self.title: str | None = None


class ThreadEngine:
    """Creates mentions and grows their threads; subclasses decide what is posted each day."""

    def __init__(self, seed: int, timeline: Timeline, tables: dict[str, AuthorTable]) -> None:
        self.rng = random.Random(seed)
        self.r = self.rng.random
        self.tl = timeline
        self.tables = tables
        self.text = Composer(random.Random(seed * 31 + 7))  # own stream: text edits keep the structure
        self.ids = IdFactory()
        self.buckets: dict[int, list[M]] = {}
        self.created = 0
        self.support_idx = {
            (a.platform, a.brand): tables[a.platform].planted[a.handle] for a in BRAND_ACCOUNTS if a.role == "support"
        }
        self.received: dict[tuple[str, int], list[int]] = {}  # planted (platform, idx) -> [posts, received]
        self.repliers: dict[tuple[str, int], set[int]] = {}

    # ------------------------------------------------------------ sampling
    def choose(self, table: Mix) -> str:
        x = self.r()
        cum, values = table
        for c, v in zip(cum, values, strict=True):
            if x < c:
                return v
        return values[-1]

    def poisson(self, mu: float) -> int:
        """Knuth's method for small means, a rounded normal beyond (announcements with dozens of shares)."""
        if mu <= 0:
            return 0
        if mu > 30:
            return max(0, round(self.rng.gauss(mu, math.sqrt(mu))))
        limit, k, p = math.exp(-mu), 0, self.r()
        while p > limit:
            k += 1
            p *= self.r()
        return k

    def delay(self, median_s: float, sigma: float) -> int:
        return max(30, int(median_s * math.exp(sigma * self.rng.gauss(0.0, 1.0))))

    def author(self, platform: str, lang: str, group: str = "user") -> int:
        return self.tables[platform].pool(lang, group).draw(self.r())

    def responder(self, platform: str, lang: str, group: str) -> int:
        """Who replies or shares: readers on news sites and blogs, the crowd elsewhere."""
        if platform in COMMENT_ONLY:
            return self.author(platform, lang, "commenter")
        return self.author(platform, lang, group if self.r() < 0.7 else "user")

    # ------------------------------------------------------------ creation
    def new(self, m: M, title: str | None, text: str, parent: M | None = None, share_of: M | None = None) -> M:
        """Register a composed mention: ids, URL, thread links, counters, bucket."""
        table = self.tables[m.platform]
        m.title, m.text = title, text
        ms = int(self.r() * 1000)
        if parent is None and share_of is None:
            m.pid, m.url = self.ids.root(
                m.platform, m.ts, ms, table.handles[m.aidx], table.ids[m.aidx], title, m.lang, int(self.r() * 1_000_000)
            )
            m.root_url = m.url
        else:
            link = parent or share_of
            assert link is not None
            m.pid, m.url = self.ids.child(
                m.platform, m.ts, ms, table.handles[m.aidx], link.root_url, share_of is not None
            )
            m.root_url = link.root_url if parent is not None else m.url
            if parent is not None:
                m.parent = parent
                parent.n_rep += 1
            else:
                m.share_of = share_of
                link.n_sh += 1
            key = (m.platform, link.aidx)
            if key in self.received:
                self.received[key][1] += 1
                self.repliers[key].add(m.aidx)
        key = (m.platform, m.aidx)
        if key in self.received:
            self.received[key][0] += 1
        self.buckets.setdefault(self.tl.day_of(m.ts), []).append(m)
        self.created += 1
        return m

    def addressee(self, m: M) -> str:
        """How a reply names the person it answers on this platform."""
        handle = self.tables[m.platform].handles[m.aidx]
        if m.platform in ("twitter", "instagram"):
            return "@" + handle
        if m.platform == "reddit":
            return "u/" + handle
        return handle.split(" ")[0]

    # -------------------------------------------------------------- threads
    def grow(
        self,
        m: M,
        reply_mu: float,
        share_mu: float,
        limit: int | None = None,
        sentiment_mix: Mix | None = None,
        group: str = "user",
    ) -> list[M]:
        """Shares, replies (recursively) and brand support answers of ``m``; returns the direct replies."""
        limit = limit or self.tl.end_epoch
        for _ in range(self.poisson(share_mu)):
            self.share(m, limit, group)
        replies = [self.reply(m, limit, sentiment_mix, group) for _ in range(self.poisson(reply_mu))]
        self.maybe_support(m, limit)
        return [c for c in replies if c is not None]

    def share(self, m: M, limit: int, group: str = "user") -> None:
        ts = m.ts + self.delay(1500, 1.2)
        if ts >= limit:
            return
        lang = m.lang if self.r() < 0.8 else ("en" if m.lang == "fr" else "fr")
        aidx = self.responder(m.platform, lang, group)
        handle = self.tables[m.platform].handles[m.aidx]
        # Angry customers quote-tweet an outage statement rather than retweet it as is.
        if m.platform == "twitter" and self.r() < (0.25 if m.kind == "statement" else 0.75):
            s = M(
                m.platform,
                aidx,
                ts,
                m.lang,
                m.topic,
                m.sentiment,
                m.intent,
                m.brand,
                "rt",
                m.depth,
                m.crisis,
                m.contest,
            )
            self.new(s, None, f"RT @{handle}: {m.text}", share_of=m)
            return
        if m.crisis:
            sentiment = "negative" if self.r() < 0.85 else "neutral"
        else:
            sentiment = m.sentiment if self.r() < 0.75 else "neutral"
        intent = {"negative": "complaint", "positive": "praise"}.get(sentiment, "other")
        s = M(m.platform, aidx, ts, m.lang, m.topic, sentiment, intent, m.brand, "share", m.depth, m.crisis, m.contest)
        text = self.text.quote(lang=m.lang, topic=m.topic, sentiment=sentiment, brand=m.brand, platform=m.platform)
        self.new(s, None, text, share_of=m)

    def reply(
        self,
        m: M,
        limit: int,
        sentiment_mix: Mix | None = None,
        group: str = "user",
        aidx: int | None = None,
        sentiment: str | None = None,
        noisy: bool = True,
    ) -> M | None:
        depth = m.depth + 1
        ts = m.ts + self.delay(2400 if depth == 1 else 1200, 1.1)
        if ts >= limit or depth > MAX_DEPTH:
            return None
        if aidx is None:
            op = m.parent
            if op is not None and self.r() < 0.35 and self.tables[m.platform].kinds[op.aidx] != "brand":
                aidx = op.aidx  # the original poster answers back: real back-and-forth threads
            else:
                lang = m.lang if self.r() < 0.88 else ("en" if m.lang == "fr" else "fr")
                aidx = self.responder(m.platform, lang, group)
        lang = (
            m.lang
            if self.tables[m.platform].langs[aidx] == m.lang or self.r() < 0.7
            else self.tables[m.platform].langs[aidx]
        )
        default = CRISIS_REPLY if m.crisis else REPLY_SENTIMENT[m.sentiment]
        sentiment = sentiment or self.choose(sentiment_mix or default)
        if m.crisis and sentiment == "positive":
            sentiment = "negative"  # nobody is cheerful under an outage post
        intent = self.choose(INTENT[sentiment])
        r = M(m.platform, aidx, ts, lang, m.topic, sentiment, intent, m.brand, "reply", depth, m.crisis, m.contest)
        to = self.tables[m.platform].handles[m.aidx]
        if m.contest:  # under a giveaway post people enter, tag friends or ask about the rules
            text = self.contest_text(r, friends=m.kind == "announce", to=to)
        else:
            text = self.text.reply(
                lang=lang,
                topic=m.topic,
                sentiment=sentiment,
                intent=intent,
                brand=m.brand,
                platform=m.platform,
                to_handle=to,
                crisis=m.crisis,
                noisy=noisy,
            )
        self.new(r, None, text, parent=m)
        nested = NEST_MU[m.platform] * 0.5 ** (depth - 1)
        for _ in range(self.poisson(nested)):
            self.reply(r, limit, None, group)
        if depth == 1 and self.r() < 0.3:
            self.maybe_support(r, limit)
        return r

    def maybe_support(self, m: M, limit: int) -> None:
        """Brand accounts answer a share of complaints and questions about their brand, in their language."""
        if m.brand is None or m.intent not in ("complaint", "question") or m.kind in ("rt", "share"):
            return
        sidx = self.support_idx.get((m.platform, m.brand))
        if sidx is None or sidx == m.aidx:
            return
        rate = SUPPORT_RATE[m.brand] * (0.3 if m.crisis else 1.0)  # swamped during the outage
        if self.r() >= rate:
            return
        wait = self.delay(9000, 0.8) if m.crisis else self.delay(3300, 0.8)
        ts = self.tl.next_business_time(m.ts + wait, self.r())
        if ts >= limit:
            return
        kind = "crisis" if m.crisis else m.intent
        s = M(
            m.platform,
            sidx,
            ts,
            m.lang,
            m.topic,
            "neutral",
            "other",
            m.brand,
            "support",
            m.depth + 1,
            m.crisis,
            m.contest,
        )
        text = self.text.support(lang=m.lang, kind=kind, brand=m.brand, platform=m.platform, user=self.addressee(m))
        self.new(s, None, text, parent=m)
        if self.r() < 0.35 and s.ts + 600 < limit:
            pos = 0.2 if m.crisis else 0.5
            sentiment = "positive" if self.r() < pos else "negative"
            ts2 = s.ts + self.delay(1800, 1.0)
            if ts2 >= limit:
                return
            f = M(
                m.platform,
                m.aidx,
                ts2,
                m.lang,
                m.topic,
                sentiment,
                "praise" if sentiment == "positive" else "complaint",
                m.brand,
                "reply",
                s.depth + 1,
                m.crisis,
                m.contest,
            )
            support_user = "@" + V.SUPPORT_HANDLE[m.brand] if m.platform == "twitter" else ""
            self.new(
                f,
                None,
                self.text.after_support(
                    lang=m.lang, sentiment=sentiment, brand=m.brand, platform=m.platform, support_user=support_user
                ),
                parent=s,
            )

    def contest_text(self, m: M, friends: bool, to: str | None = None) -> str:
        """Participation text for a contest mention whose sentiment/intent are already drawn."""
        kind = {"positive": "love", "negative": "doubt"}.get(m.sentiment, "rules" if m.intent == "question" else "join")
        tags = []
        if friends and m.sentiment != "negative":
            table = self.tables[m.platform]
            picks = {self.author(m.platform, m.lang) for _ in range(int(self.r() * 3.2))} - {m.aidx}
            tags = [table.handles[i] for i in sorted(picks) if " " not in table.handles[i]]
        text = self.text.contest(
            lang=m.lang,
            kind=kind,
            platform=m.platform,
            brand=V.OWN_BRAND,
            prize=V.CONTEST_PRIZE,
            friends=tags,
            sentiment=m.sentiment,
        )
        return f"@{to} {text}" if to and m.platform in ("twitter", "instagram") else text

    # ---------------------------------------------------------------- flush
    def flush(self, d: int, on_row: Callable[[tuple, tuple], None]) -> None:
        """Write day ``d``: sort by time, compute engagement, hand each (row, truth) to ``on_row``."""
        bucket = self.buckets.pop(d, [])
        bucket.sort(key=lambda m: (m.ts, m.platform, m.pid))
        r = self.r
        for m in bucket:
            table = self.tables[m.platform]
            followers = table.followers[m.aidx]
            kind = table.kinds[m.aidx]
            if m.kind == "rt":
                likes = shares = replies = 0
                views = None
            else:
                if m.depth == 0:
                    reach = 0.004 + 0.02 * r() if kind in ("influencer", "detractor", "brand") else 0.002 + 0.02 * r()
                else:
                    reach = 0.0 if m.kind == "support" else 0.0003 + 0.002 * r()  # replies reach few people
                likes = int(followers * reach + m.n_rep * (1 + 2 * r()) + m.n_sh * (2 + 3 * r()) + 4 * r() ** 3)
                if m.sentiment == "positive":
                    likes = int(likes * 1.3)
                extra = self.poisson(0.15) if REPLY_MU.get(m.platform) else 0
                replies = m.n_rep + extra
                shares = m.n_sh + (self.poisson(0.1) if m.platform in SHARE_MU else 0)
                views = self._views(m, followers, likes, replies)
            text_l = m.text.lower() if m.title is None else (m.title + " " + m.text).lower()
            found = set(_BRAND_RE.findall(text_l))
            brands = ";".join(b for b in V.BRANDS if b.lower() in found)
            row = (
                m.platform,
                m.pid,
                m.url,
                table.ids[m.aidx],
                table.handles[m.aidx],
                followers,
                m.title,
                m.text,
                None,
                time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(m.ts)),
                m.parent.pid if m.parent else None,
                m.share_of.pid if m.share_of else None,
                likes,
                shares,
                replies,
                views,
                "demo",
            )
            truth = (m.platform, m.pid, m.lang, m.topic, m.sentiment, m.intent, brands, m.crisis, m.contest)
            on_row(row, truth)

    def _views(self, m: M, followers: int, likes: int, replies: int) -> int | None:
        r = self.r
        if m.platform == "twitter":
            return int(followers * (0.05 + 0.5 * r()) + likes * (20 + 40 * r()) + 20 + 200 * r())
        if m.platform == "youtube" and m.title is not None:
            return int(followers * (0.05 + 0.5 * r()) + likes * 30)
        if m.platform == "forum" and m.depth == 0:
            return int((40 + 600 * r()) * (1 + replies))
        return None
