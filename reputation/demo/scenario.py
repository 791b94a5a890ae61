"""What happens each day: the crowd's posts, planted accounts, brand communication, the crisis and the contest."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from . import vocab as V
from .engine import M, ThreadEngine
from .population import AT_RISK, DETRACTORS, FR_SHARE, INFLUENCERS, ROOT_SHARE, AuthorTable, Planted
from .timeline import Timeline
from .weights import (
    ADVOCATE_OTHER_SENTIMENT,
    ADVOCATE_OWN_SENTIMENT,
    BRAND_MIX,
    CONTEST_ENTRY,
    CONTEST_EXTRA,
    CONTEST_PLATFORMS,
    CRISIS_DAY_OWN,
    CRISIS_EXTRA,
    CRISIS_PLATFORMS,
    CRISIS_REPLY,
    DEFAULT_N,
    DET_REPLY,
    DET_SENTIMENT,
    DET_SHARE,
    DET_TOPICS,
    INFL_BRANDS,
    INFL_REPLY,
    INFL_SHARE,
    INFL_TOPICS,
    INFORMATIVE_SENTIMENT,
    INTENT,
    NEWS_SENTIMENT,
    NEXORA_SHARE_EST,
    PLATFORM_MIX,
    PROMO_PLATFORMS,
    REPLY_MU,
    SENTIMENT,
    SHARE_MU,
    TOPIC,
    UNDER_ADVOCATE,
    UNDER_ANNOUNCE,
    UNDER_BRAND,
    UNDER_CONTEST_ENTRY,
    UNDER_CRISIS_NEWS,
    UNDER_DETRACTOR,
    UNDER_INFL_CONTEST,
)

LONG_FORM = frozenset({"reddit", "forum", "blog", "news", "review"})


class Simulation(ThreadEngine):
    """Day-by-day generator of the whole stream."""

    def __init__(self, seed: int, timeline: Timeline, tables: dict[str, AuthorTable], n_mentions: int) -> None:
        super().__init__(seed, timeline, tables)
        tl = timeline
        self.scale = n_mentions / DEFAULT_N
        per_day = n_mentions / tl.n_days
        self.crisis_budget = CRISIS_EXTRA * NEXORA_SHARE_EST * per_day
        self.contest_budget = CONTEST_EXTRA * NEXORA_SHARE_EST * per_day
        base_total = n_mentions - self.crisis_budget * tl.crisis.days - self.contest_budget * tl.contest.days
        self.base_budget = [base_total * w for w in tl.day_weight]
        self.contest_end = tl.day_start(tl.contest.last) + 86_400
        self.crisis_tail = tl.day_start(tl.crisis.last) + 2 * 86_400  # outage threads die out a day later
        rng = np.random.default_rng([seed, 4])
        self.schedule: dict[Planted, np.ndarray] = {}
        for acct in INFLUENCERS + DETRACTORS:
            self.schedule[acct] = rng.multinomial(max(3, round(acct.posts * self.scale)), tl.day_weight)
        # At-risk customers: half their posts evenly before the crisis, half from it on (at least 3 on each side),
        # so the turn shows whatever the period's length and the crisis's position.
        first = tl.crisis.first
        before, after = np.full(first, 1.0 / first), np.full(tl.n_days - first, 1.0 / (tl.n_days - first))
        for acct in AT_RISK:
            n = max(3, round(acct.posts * self.scale))
            counts = np.zeros(tl.n_days, dtype=np.int64)
            counts[:first] = rng.multinomial(max(3, n // 2), before)
            counts[first:] = rng.multinomial(max(3, n - n // 2), after)
            self.schedule[acct] = counts
        for acct in self.schedule:
            self.received[(acct.platform, self.tables[acct.platform].planted[acct.handle])] = [0, 0]
            self.repliers[(acct.platform, self.tables[acct.platform].planted[acct.handle])] = set()
        self.influencer_handles = {p: [a.handle for a in INFLUENCERS if a.platform == p] for p in ROOT_SHARE}

    def days(self, on_row: Callable[[tuple, tuple], None]) -> Iterator[int]:
        """Simulate each day and flush it; yields the day index after its rows were emitted."""
        tl = self.tl
        debt = 0.0  # mentions made beyond earlier days' budgets (planted threads on a busy day), paid back slowly
        for d in range(tl.n_days):
            repay = min(debt, 0.25 * self.base_budget[d])
            debt -= repay
            target = self.created + self.base_budget[d] - repay
            if d in tl.crisis:
                start = self.created
                self.crisis_day(d, start + self.crisis_budget)
                target += self.created - start
            if d in tl.contest:
                start = self.created
                self.contest_day(d, start + self.contest_budget)
                target += self.created - start
            self.planted_posts(d)
            self.brand_posts(d)
            while self.created < target:
                self.ordinary_post(d)
            debt += self.created - target
            self.flush(d, on_row)
            yield d

    # ---------------------------------------------------------------- crowd
    def ordinary_post(self, d: int) -> None:
        r = self.r
        platform = self.choose(PLATFORM_MIX)
        lang = "fr" if r() < FR_SHARE[platform] else "en"
        group = (
            "new"
            if d > self.tl.contest.last and platform in ("twitter", "instagram", "facebook") and r() < 0.05
            else "user"
        )
        aidx = self.author(platform, lang, group)
        lang = self.tables[platform].langs[aidx] if r() < 0.9 else lang
        brand_key = self.choose(BRAND_MIX)
        if platform == "news" and brand_key == "none":
            brand_key = "Nexora"
        brand = None if brand_key == "none" else brand_key
        if brand == V.OWN_BRAND and d in self.tl.crisis and r() < 0.9:
            self.crisis_post(d, platform, aidx)
            return
        topic = self.choose(TOPIC[brand_key])
        if platform == "news":
            sentiment, intent, style = self.choose(NEWS_SENTIMENT), "other", "news"
        else:
            sentiment = self.choose(SENTIMENT[(brand_key, topic)])
            if brand == V.OWN_BRAND and d in self.tl.crisis:
                sentiment = self.choose(CRISIS_DAY_OWN)
            intent, style = self.choose(INTENT[sentiment]), "user"
        brand2 = None
        if brand is not None and style == "user" and r() < 0.08:
            others = [b for b in V.BRANDS if b != brand]
            brand2 = others[int(r() * len(others))]
            intent = {"negative": "complaint", "positive": "praise"}.get(sentiment, "question")
        ask = None
        if platform in ("twitter", "instagram", "youtube") and self.influencer_handles[platform] and r() < 0.04:
            ask = "@" + self.influencer_handles[platform][int(r() * len(self.influencer_handles[platform]))]
        ts = self.tl.draw_time(d, r(), r())
        m = M(platform, aidx, ts, lang, topic, sentiment, intent, brand, "post", 0, False, False)
        title, text = self.text.root(
            lang=lang,
            topic=topic,
            sentiment=sentiment,
            intent=intent,
            brand=brand,
            platform=platform,
            style=style,
            brand2=brand2,
            ask=ask,
            title=platform in LONG_FORM,
        )
        self.new(m, title, text)
        followers = self.tables[platform].followers[aidx]
        self.grow_like_crowd(m, followers)

    def grow_like_crowd(self, m: M, followers: int) -> None:
        """An ordinary post's thread: bigger audiences and complaints draw more replies and shares."""
        boost = min(3.5, max(0.4, (followers / 150) ** 0.4)) * (1.25 if m.sentiment == "negative" else 1.0)
        self.grow(m, REPLY_MU[m.platform] * boost, SHARE_MU.get(m.platform, 0.0) * boost)

    # ------------------------------------------------------------- planted
    def planted_posts(self, d: int) -> None:
        tl = self.tl
        for acct, counts in self.schedule.items():
            n = int(counts[d])
            if acct.kind == "detractor" and acct.brand == V.OWN_BRAND and d in tl.crisis:
                n += max(1, round(3 * self.scale))  # Nexora's detractors pile on during the outage
            for _ in range(n):
                self.planted_post(acct, d)

    def planted_post(self, acct: Planted, d: int) -> None:
        if acct.kind == "turning":
            self.turning_post(acct, d)
            return
        r, tl = self.r, self.tl
        p = acct.platform
        aidx = self.tables[p].planted[acct.handle]
        in_crisis = d in tl.crisis
        ts = tl.draw_time(d, r(), r(), crisis=in_crisis)
        video = p == "youtube"
        titled = video or p in LONG_FORM
        if acct.kind == "detractor":
            if in_crisis and acct.brand == V.OWN_BRAND:
                m = M(
                    p,
                    aidx,
                    ts,
                    acct.lang,
                    "network_outage",
                    "negative",
                    "complaint",
                    V.OWN_BRAND,
                    "post",
                    0,
                    True,
                    False,
                )
                title, text = self.text.crisis(
                    lang=acct.lang,
                    sentiment="negative",
                    intent="complaint",
                    platform=p,
                    brand=V.OWN_BRAND,
                    title=titled,
                )
            else:
                others = [b for b in V.BRANDS if b != acct.brand]
                brand = acct.brand if r() < 0.85 else others[int(r() * len(others))]
                topic = self.choose(DET_TOPICS)
                sentiment = self.choose(DET_SENTIMENT)
                intent = self.choose(INTENT[sentiment])
                m = M(p, aidx, ts, acct.lang, topic, sentiment, intent, brand, "post", 0, False, False)
                title, text = self.text.root(
                    lang=acct.lang,
                    topic=topic,
                    sentiment=sentiment,
                    intent=intent,
                    brand=brand,
                    platform=p,
                    style="detractor",
                    title=titled,
                )
            self.new(m, title, text)
            self.grow(
                m,
                DET_REPLY.get(p, 2.0),
                DET_SHARE.get(p, 0.0),
                self.crisis_tail if m.crisis else None,
                sentiment_mix=UNDER_DETRACTOR,
            )
            return
        informative = acct.stance == "informative"
        if in_crisis and (informative or r() < 0.5):
            sentiment = "negative" if r() < 0.6 else "neutral"
            m = M(p, aidx, ts, acct.lang, "network_outage", sentiment, "other", V.OWN_BRAND, "post", 0, True, False)
            title, text = self.text.root(
                lang=acct.lang,
                topic="network_outage",
                sentiment=sentiment,
                intent="other",
                brand=V.OWN_BRAND,
                platform=p,
                style="news",
                title=titled,
            )
            mix_ = UNDER_CRISIS_NEWS
        elif d in tl.contest and ts < self.contest_end and r() < 0.45:
            m = M(p, aidx, ts, acct.lang, "contest", "positive", "praise", V.OWN_BRAND, "post", 0, False, True)
            title, text = None, self.contest_text(m, friends=False)
            mix_ = UNDER_INFL_CONTEST
        else:
            brand = self.choose(INFL_BRANDS)
            topic = self.choose(INFL_TOPICS)
            if informative:
                sentiment = self.choose(INFORMATIVE_SENTIMENT)
            elif brand == V.OWN_BRAND:
                sentiment = self.choose(ADVOCATE_OWN_SENTIMENT)
            else:
                sentiment = self.choose(ADVOCATE_OTHER_SENTIMENT)
            intent = (
                "other" if sentiment == "neutral" and (informative or r() < 0.5) else self.choose(INTENT[sentiment])
            )
            style = "news" if informative and p == "twitter" else "influencer"
            m = M(
                p,
                aidx,
                ts,
                acct.lang,
                topic,
                sentiment,
                intent if style != "news" else "other",
                brand,
                "post",
                0,
                False,
                False,
            )
            title, text = self.text.root(
                lang=acct.lang,
                topic=topic,
                sentiment=sentiment,
                intent=m.intent,
                brand=brand,
                platform=p,
                style=style,
                title=titled,
            )
            mix_ = UNDER_ADVOCATE
        self.new(m, title, text)
        limit = self.contest_end if m.contest else self.crisis_tail if m.crisis else None
        # A news feed's links get shared more than discussed; a long Reddit write-up gets discussed.
        news_feed = informative and p == "twitter"
        children = self.grow(
            m, INFL_REPLY.get(p, 3.0) * (0.45 if news_feed else 1.0), INFL_SHARE.get(p, 0.0), limit, mix_
        )
        # Influencers answer some of their commenters (they are active, not just loud).
        for child in children:
            if r() < 0.12:
                self.reply(
                    child,
                    limit or tl.end_epoch,
                    aidx=aidx,
                    sentiment="positive" if r() < 0.6 else "neutral",
                    noisy=False,
                )

    def turning_post(self, acct: Planted, d: int) -> None:
        """An at-risk customer's post: an ordinary Nexora post, positive before the crisis and negative from it on."""
        r, p = self.r, acct.platform
        aidx = self.tables[p].planted[acct.handle]
        sentiment = "positive" if d < self.tl.crisis.first else "negative"
        topic = self.choose(TOPIC[acct.brand])
        intent = self.choose(INTENT[sentiment])
        m = M(
            p,
            aidx,
            self.tl.draw_time(d, r(), r(), crisis=d in self.tl.crisis),
            acct.lang,
            topic,
            sentiment,
            intent,
            acct.brand,
            "post",
            0,
            False,
            False,
        )
        title, text = self.text.root(
            lang=acct.lang,
            topic=topic,
            sentiment=sentiment,
            intent=intent,
            brand=acct.brand,
            platform=p,
            style="user",
            title=p in LONG_FORM,
        )
        self.new(m, title, text)
        self.grow_like_crowd(m, acct.followers)

    # -------------------------------------------------------- brand accounts
    def brand_posts(self, d: int) -> None:
        """Occasional corporate promos; customers answer them with their grievances."""
        r = self.r
        if d in self.tl.crisis or r() > 0.35 * min(3.0, max(1.0, self.scale)):
            return
        p = self.choose(PROMO_PLATFORMS)
        handle = "Nexora"
        lang = "fr" if r() < 0.6 else "en"
        m = M(
            p,
            self.tables[p].planted[handle],
            self.tl.draw_time(d, r(), r()),
            lang,
            "billing_price",
            "positive",
            "other",
            V.OWN_BRAND,
            "post",
            0,
            False,
            False,
        )
        self.new(m, None, self.text.promo(lang=lang, brand=V.OWN_BRAND, platform=p))
        self.grow(m, 3.0, 1.5 if p != "instagram" else 0.0, sentiment_mix=UNDER_BRAND)

    # --------------------------------------------------------------- crisis
    def crisis_day(self, d: int, until: float) -> None:
        tl, r = self.tl, self.r
        first = d == tl.crisis.first
        base = tl.crisis_onset if first else tl.day_start(d) + 12 * 3600
        stages = ((0, 5400), (1, 6 * 3600), (1, 11 * 3600)) if first else ((1, 0), (2, 7 * 3600))
        for stage, offset in stages:
            for p, handle, lang in (
                ("twitter", "NexoraHelp", "fr"),
                ("twitter", "NexoraHelp", "en"),
                ("facebook", "Nexora", "fr"),
            ):
                if p == "facebook" and stage == 1:
                    continue
                ts = base + offset + int(r() * 600)
                m = M(
                    p,
                    self.tables[p].planted[handle],
                    ts,
                    lang,
                    "network_outage",
                    "neutral",
                    "other",
                    V.OWN_BRAND,
                    "statement",
                    0,
                    True,
                    False,
                )
                self.new(m, None, self.text.statement(lang=lang, stage=stage, brand=V.OWN_BRAND, platform=p))
                size = (until - self.created) * 0.03
                self.grow(
                    m, size, size * (0.5 if p == "twitter" else 0.2), self.crisis_tail, sentiment_mix=CRISIS_REPLY
                )
        while self.created < until:
            p = self.choose(CRISIS_PLATFORMS)
            lang = "fr" if r() < FR_SHARE[p] else "en"
            self.crisis_post(d, p, self.author(p, lang))

    def crisis_post(self, d: int, platform: str, aidx: int) -> None:
        r = self.r
        lang = self.tables[platform].langs[aidx]
        ts = self.tl.draw_time(d, r(), r(), crisis=True)
        if platform == "news":
            m = M(platform, aidx, ts, lang, "network_outage", "negative", "other", V.OWN_BRAND, "post", 0, True, False)
            title, text = self.text.root(
                lang=lang,
                topic="network_outage",
                sentiment="negative",
                intent="other",
                brand=V.OWN_BRAND,
                platform=platform,
                style="news",
                title=True,
            )
        else:
            sentiment = "negative" if r() < 0.94 else "neutral"
            intent = self.choose(INTENT[sentiment]) if sentiment == "negative" else "question"
            m = M(platform, aidx, ts, lang, "network_outage", sentiment, intent, V.OWN_BRAND, "post", 0, True, False)
            title, text = self.text.crisis(
                lang=lang,
                sentiment=sentiment,
                intent=intent,
                platform=platform,
                brand=V.OWN_BRAND,
                title=platform in LONG_FORM,
            )
        self.new(m, title, text)
        self.grow(
            m, REPLY_MU[platform] * 2.0, SHARE_MU.get(platform, 0.0) * 2.5, self.crisis_tail, sentiment_mix=CRISIS_REPLY
        )

    # -------------------------------------------------------------- contest
    def contest_day(self, d: int, until: float) -> None:
        tl, r = self.tl, self.r
        k = d - tl.contest.first
        if k in (0, tl.contest.days // 2, tl.contest.days - 1):
            accounts = [("twitter", "Nexora", "fr"), ("twitter", "Nexora", "en")]
            if k != tl.contest.days // 2:
                accounts += [("instagram", "Nexora", "fr"), ("facebook", "Nexora", "fr")]
            for p, handle, lang in accounts:
                ts = tl.day_start(d) + (13 + int(r() * 6)) * 3600 + int(r() * 3600)
                m = M(
                    p,
                    self.tables[p].planted[handle],
                    ts,
                    lang,
                    "contest",
                    "positive",
                    "other",
                    V.OWN_BRAND,
                    "announce",
                    0,
                    False,
                    True,
                )
                text = self.text.contest(
                    lang=lang,
                    kind="announce",
                    platform=p,
                    brand=V.OWN_BRAND,
                    prize=V.CONTEST_PRIZE,
                    friends=[],
                    sentiment="positive",
                )
                self.new(m, None, text)
                share = self.contest_budget * {"twitter": 0.1, "facebook": 0.04}.get(p, 0.0)
                self.grow(
                    m,
                    self.contest_budget * 0.06,
                    share,
                    self.contest_end,
                    UNDER_ANNOUNCE,
                    group="new",
                )
        while self.created < until:
            p = self.choose(CONTEST_PLATFORMS)
            lang = "fr" if r() < FR_SHARE[p] else "en"
            aidx = self.author(p, lang, "new" if r() < 0.65 else "user")
            lang = self.tables[p].langs[aidx]
            sentiment = self.choose(CONTEST_ENTRY)
            intent = {"positive": "praise", "negative": "complaint"}.get(
                sentiment, "question" if r() < 0.15 else "other"
            )
            m = M(
                p,
                aidx,
                tl.draw_time(d, r(), r()),
                lang,
                "contest",
                sentiment,
                intent,
                V.OWN_BRAND,
                "post",
                0,
                False,
                True,
            )
            self.new(m, None, self.contest_text(m, friends=True))
            self.grow(
                m,
                REPLY_MU[p] * 0.8,
                SHARE_MU.get(p, 0.0) * 1.5,
                self.contest_end,
                UNDER_CONTEST_ENTRY,
                group="new",
            )
