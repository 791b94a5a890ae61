"""Compose mention texts (and titles) from the phrase banks, with per-platform length and style.

The caller decides *what* a mention says (language, topic, sentiment, intent, brands); this module
decides *how* it is written: openers, closers, details, emojis, hashtags, @mentions, URLs and typos.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable

from . import vocab as V
from .banks import SOCIAL_BANK, TOPIC_BANK, UNSAFE
from .textkit import Slots, Template, add_typo, capitalise_sentences, pick, render, strip_accents, tidy

SECTION = {
    ("negative", "complaint"): "neg",
    ("negative", "question"): "negq",
    ("positive", "praise"): "pos",
    ("neutral", "question"): "q",
    ("neutral", "suggestion"): "sug",
    ("neutral", "other"): "info",
}
_OPENER = {
    "complaint": "open_complaint",
    "question": "open_question",
    "praise": "open_praise",
    "suggestion": "open_suggestion",
    "other": "open_other",
}
_OPENER_P = {"complaint": 0.35, "question": 0.3, "praise": 0.3, "suggestion": 0.45, "other": 0.12}
_TITLE = {"negative": "tneg", "neutral": "tneu", "positive": "tpos"}
_SHORT = {"negative": "neg", "neutral": "neu", "positive": "pos"}
_ENDS = {"negative": (".", "!", "!!", "", "...", "!!!"), "neutral": (".", "", "."), "positive": (".", "!", "", "!!")}
# Long-form platforms: (neutral detail sentences, extra main sentences) added to the main sentence.
_LONG = {"reddit": (2, 1), "forum": (2, 1), "blog": (3, 2), "news": (2, 2), "review": (1, 1)}
_EMOJI_P = {
    "twitter": 0.45,
    "instagram": 0.85,
    "facebook": 0.4,
    "youtube": 0.35,
    "reddit": 0.04,
    "forum": 0.1,
    "review": 0.1,
    "blog": 0.0,
    "news": 0.0,
}
_TAG_P = {"twitter": 0.35, "instagram": 0.9, "facebook": 0.1, "youtube": 0.05}
_URL_P = {"twitter": 0.06, "facebook": 0.05, "reddit": 0.08, "forum": 0.06}
_CASUAL = frozenset({"twitter", "instagram", "youtube", "facebook"})
_PROTECTED = (*(b.lower() for b in V.BRANDS), "http", "help", "cares", "support", "aide")
_ELISION = re.compile(r"\b([Dd]e|[Qq]ue|[Ll]e) (orbix|Orbix|ORBIX|iPhone)\b")
_ALNUM = string.ascii_letters + string.digits
# News and consumer sites that people link to and that the demo's sources do not collect: the media map's candidate
# sources. (Domains under .example, reserved for documentation.)
LINKED_SITES = (
    "www.lactualite-telecom.example/nouvelles",
    "www.consumerwatch-canada.example/reports",
    "protegez-vous-mobile.example/dossiers",
    "www.techinsider-north.example/news",
    "www.radio-nord-info.example/articles",
)


class Composer:
    """Stateful text factory; all randomness comes from the ``random.Random`` it is given."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.r = rng.random
        self._factories = {lang: self._slot_factories(lang) for lang in ("fr", "en")}

    # ----------------------------------------------------------------- slots
    def _slot_factories(self, lang: str) -> dict[str, Callable[[], str]]:
        r = self.r

        def num(lo: int, hi: int) -> Callable[[], str]:
            return lambda: str(lo + int(r() * (hi - lo + 1)))

        def one(values: tuple[str, ...]) -> Callable[[], str]:
            return lambda: pick(values, r)

        return {
            "city": one(V.CITIES[lang]),
            "city2": one(V.CITIES[lang]),
            "n": num(2, 9),
            "nn": num(12, 95),
            "hours": num(2, 30),
            "days": num(2, 20),
            "minutes": num(5, 45),
            "wait": num(45, 240),
            "amount": num(5, 40),
            "price": num(35, 140),
            "price2": num(35, 140),
            "device": one(V.DEVICES),
            "plan": one(V.PLANS[lang]),
            "speed": one(V.SPEEDS),
            "month": one(V.MONTHS[lang]),
            "weekday": one(V.WEEKDAYS[lang]),
            "time": one(V.TIMES[lang]),
            "country": one(V.COUNTRIES[lang]),
            "prize": one(V.PRIZES[lang]),
            "agent": one(V.AGENTS),
            "nth": lambda: f"{4 + int(r() * 6)}th",
            "tag": lambda: V.CONTEST_TAGS[lang],
            "infl": lambda: "",
            "user": lambda: "",
        }

    def _brand_form(self, brand: str, platform: str) -> str:
        """How people type a brand: mostly plain, sometimes lower-case, shouted, a hashtag or a mention."""
        x = self.r()
        if x < 0.1:
            return brand.lower()
        if x < 0.12:
            return brand.upper()
        if platform in ("twitter", "instagram") and x < 0.18:
            return "#" + brand
        if platform == "twitter" and x < 0.22:
            return "@" + (V.SUPPORT_HANDLE[brand] if self.r() < 0.5 else brand)
        return brand

    def _slots(self, lang: str, brand: str | None, platform: str, brand2: str | None = None, **fixed: str) -> Slots:
        r = self.r
        if brand is None:
            values = {
                "brand": pick(V.GENERIC_BRAND[lang], r),
                "brand2": pick(V.GENERIC_OTHER[lang], r),
                "box": pick(V.GENERIC_BOX[lang], r),
                "support": "",
            }
        else:
            if brand2 is None:
                others = [b for b in V.BRANDS if b != brand]
                brand2 = others[int(r() * len(others))]
            values = {
                "brand": self._brand_form(brand, platform),
                "brand2": brand2,
                "box": V.BOX[brand],
                "support": "@" + V.SUPPORT_HANDLE[brand],
            }
        values.update(fixed)
        return Slots(self._factories[lang], **values)

    # ----------------------------------------------------------- small parts
    def _draw(self, items: tuple[Template, ...], generic: bool, avoid: set[int] | None = None) -> str:
        """Render one template, skipping brand-adjunct ones for brand-free mentions and already used ones."""
        t = items[int(self.r() * len(items))]
        for _ in range(8):
            if not ((generic and id(t) in UNSAFE) or (avoid is not None and id(t) in avoid)):
                break
            t = items[int(self.r() * len(items))]
        if avoid is not None:
            avoid.add(id(t))
        return render(t, self.r)

    def _emojis(self, sentiment: str) -> str:
        k = 1 if self.r() < 0.7 else 2 + int(self.r() * 2)
        e = pick(V.EMOJIS[sentiment], self.r)
        return e * k if self.r() < 0.4 else "".join(pick(V.EMOJIS[sentiment], self.r) for _ in range(k))

    def _hashtags(self, lang: str, topic: str, brand: str | None, k: int) -> str:
        tags = V.HASHTAGS[lang]
        out = [pick(tags[topic], self.r) for _ in range(k)]
        if brand is not None and self.r() < 0.35:
            out.append("#" + brand)
        if self.r() < 0.25:
            out.append(pick(tags["_"], self.r))
        return " ".join(dict.fromkeys(out))

    def _url(self, platform: str) -> str:
        code = "".join(pick(_ALNUM, self.r) for _ in range(10 if platform == "twitter" else 7))
        if platform == "twitter":
            return "https://t.co/" + code
        if platform == "reddit":
            return f"https://i.imgur.com/{code}.png"
        if code[0] in _ALNUM[:20]:  # a third of the other links go to an article; drawn from the code, so the
            # random stream (and so the rest of the demo) is the same as when every link was a short link
            return f"https://{LINKED_SITES[_ALNUM.index(code[1]) % len(LINKED_SITES)]}/{code.lower()}"
        return "https://bit.ly/" + code

    def _end(self, sentence: str, sentiment: str, strict: bool = False) -> str:
        """Terminal punctuation; ``strict`` when another sentence follows (no run-on sentences)."""
        last = sentence[-1:]
        if not last or not (last.isalnum() or last in "}$%"):
            return sentence  # already punctuated, or ends with an emoji
        end = pick(_ENDS[sentiment], self.r)
        return sentence + (end or ".") if strict else sentence + end

    def _lower_after(self, opener: str, sentence: str) -> str:
        """After "Franchement," the sentence continues in lower case (but never "I" or a slot)."""
        if opener[-1:] in ",:" and sentence[:1].isupper() and not sentence.startswith(("I ", "I'")):
            return sentence[0].lower() + sentence[1:]
        return sentence

    def _noise(self, text: str, lang: str, sentiment: str, platform: str) -> str:
        r = self.r
        if lang == "fr" and r() < 0.16:
            text = strip_accents(text)
        if r() < 0.16:
            text = add_typo(text, self.rng, _PROTECTED)
            if r() < 0.2:
                text = add_typo(text, self.rng, _PROTECTED)
        if platform in _CASUAL:
            x = r()
            if sentiment == "negative" and x < 0.04:
                text = text.upper()
            elif x < 0.1:
                text = text.lower()
        if r() < 0.06:
            text = f"{text} {pick(V.SLANG[lang][sentiment], r)}"
        return text

    def _finish(self, raw: str, slots: Slots, brand: str | None, lang: str) -> str:
        text = tidy(raw.format_map(slots))
        if lang == "fr" and ("rbix" in text or "iPhone" in text):
            text = _ELISION.sub(lambda m: m.group(1)[:-1] + "'" + m.group(2), text)
        return capitalise_sentences(text) if brand is None else text

    def _ensure_brand(self, text: str, title: str | None, brand: str | None, platform: str) -> str:
        """Keep the planted brand findable when a brand-free template was drawn."""
        if brand is None:
            return text
        low = (text + " " + (title or "")).lower()
        if brand.lower() in low:
            return text
        if platform in _CASUAL and platform != "youtube":
            if platform == "twitter" and self.r() < 0.4:
                return f"{text} @{V.SUPPORT_HANDLE[brand]}"
            return f"{text} #{brand}"
        return f"{brand}: {text}"

    def _decorate(
        self,
        text: str,
        *,
        lang: str,
        topic: str,
        sentiment: str,
        brand: str | None,
        platform: str,
        noisy: bool,
        reply: bool = False,
    ) -> str:
        """Noise on the words, then emojis / hashtags / URL that people add at the end."""
        r = self.r
        if noisy:
            text = self._noise(text, lang, sentiment, platform)
        tail: list[str] = []
        if r() < _EMOJI_P[platform]:
            tail.append(self._emojis(sentiment))
        tag_p = _TAG_P.get(platform, 0.0) * (0.2 if reply else 1.0)  # few hashtags in conversations
        if r() < tag_p:
            k = 1 if platform != "instagram" or reply else 2 + int(r() * 3)
            tail.append(self._hashtags(lang, topic, brand, k))
        if r() < _URL_P.get(platform, 0.0):
            tail.append(self._url(platform))
        return f"{text} {' '.join(tail)}" if tail else text

    def _fit(self, text: str, platform: str) -> str:
        if platform == "twitter" and len(text) > 280:
            cut = text.rfind(" ", 0, 276)
            return text[: cut if cut > 0 else 276] + "…"
        return text

    # ------------------------------------------------------------------ API
    def root(
        self,
        *,
        lang: str,
        topic: str,
        sentiment: str,
        intent: str,
        brand: str | None,
        platform: str,
        style: str = "user",
        brand2: str | None = None,
        ask: str | None = None,
        title: bool = False,
    ) -> tuple[str | None, str]:
        """An original post. ``style``: user, detractor, influencer or news. Returns (title, text)."""
        r = self.r
        tb = TOPIC_BANK[lang][topic]
        sb = SOCIAL_BANK[lang]
        generic = brand is None
        used: set[int] = set()
        slots = self._slots(lang, brand, platform, brand2)
        section = SECTION.get((sentiment, intent), "info")
        n_detail, n_more = _LONG.get(platform, (0, 0))
        if platform in ("facebook", "youtube", "instagram") or style == "influencer":
            n_detail, n_more = (1 if r() < 0.5 else 0), (1 if r() < 0.3 else 0)
        elif platform == "twitter":
            n_detail = 1 if r() < 0.25 else 0
        parts: list[str] = []
        if style == "news":
            # Articles state facts; the sentiment comes from the customers they quote.
            if r() < 0.3 and platform != "news":
                parts.append(render(pick(sb["news_open"], r), r))
            parts.append(self._end(self._draw(tb["info"], generic, used), "neutral", strict=True))
            if sentiment != "neutral":
                said = self._draw(tb["neg" if sentiment == "negative" else "pos"], generic, used)
                parts.append(self._quote_customers(lang, sentiment, said))
            for _ in range(n_more):
                parts.append(self._end(self._draw(tb["info"], generic, used), "neutral", strict=True))
        else:
            if brand2 is not None:
                main = self._draw(sb["cmp_" + _SHORT[sentiment]], False, used)
            else:
                main = self._draw(tb[section], generic, used)
            if style == "influencer" and platform in _CASUAL and r() < 0.4:  # "New video:" is not for Reddit
                parts.append(render(pick(sb["infl_open"], r), r))
            elif ":" not in main[:32] and r() < _OPENER_P[intent] + (0.2 if n_more else 0.0):
                parts.append(self._draw(sb[_OPENER[intent]], generic))
            if parts:
                main = self._lower_after(parts[-1], main)
            parts.append(self._end(main, sentiment, strict=True))
            for _ in range(n_detail):
                parts.append(self._draw(tb["detail"], generic, used))
            for _ in range(n_more):
                parts.append(self._end(self._draw(tb[section], generic, used), sentiment, strict=True))
            if intent == "question" and sentiment == "neutral":
                closer = "close_q"
            else:
                closer = {"negative": "close_neg", "positive": "close_pos"}.get(sentiment, "close_neu")
            if r() < (0.5 if sentiment != "neutral" else 0.3):
                parts.append(self._draw(sb[closer], generic))
        if ask:
            slots["infl"] = ask
            parts.append(render(pick(sb["ask_infl"], r), r))
        if platform == "twitter" and not generic and intent in ("complaint", "question") and r() < 0.3:
            if r() < 0.5:
                parts.insert(0, "{support}")
            else:
                parts.append("{support}")
        head = None
        if title:
            head = self._finish(self._draw(tb[_TITLE[sentiment]], generic), slots, brand, lang)
        text = self._finish(" ".join(parts), slots, brand, lang)
        if platform in _CASUAL and text.endswith(".") and not text.endswith("..") and r() < 0.35:
            text = text[:-1]  # people often skip the final full stop
        if platform == "review" and r() < 0.35:
            stars = {"negative": "1" if r() < 0.6 else "2", "neutral": "3", "positive": "5" if r() < 0.6 else "4"}
            text = f"{'Note' if lang == 'fr' else 'Rating'}: {stars[sentiment]}/5. {text}"
        noisy = style in ("user", "detractor")
        text = self._decorate(
            text, lang=lang, topic=topic, sentiment=sentiment, brand=brand, platform=platform, noisy=noisy
        )
        return head, self._fit(self._ensure_brand(text, head, brand, platform), platform)

    def _quote_customers(self, lang: str, sentiment: str, said: str) -> str:
        if lang == "fr":
            lead = "Des clients dénoncent" if sentiment == "negative" else "Des clients saluent"
            return f"{lead}: « {said} »."
        lead = "Customers are furious" if sentiment == "negative" else "Customers are happy"
        return f'{lead}: "{said}."'

    def reply(
        self,
        *,
        lang: str,
        topic: str,
        sentiment: str,
        intent: str,
        brand: str | None,
        platform: str,
        to_handle: str | None,
        crisis: bool = False,
        noisy: bool = True,
    ) -> str:
        """A reply in a thread; on Twitter and Instagram it starts with the @handle it answers."""
        r = self.r
        sb = SOCIAL_BANK[lang]
        generic = brand is None
        used: set[int] = set()
        section = TOPIC_BANK[lang][topic][SECTION[(sentiment, intent)]]
        slots = self._slots(lang, brand, platform)
        if crisis and sentiment == "negative" and r() < 0.6:
            body = self._end(self._draw(sb["crisis_reply"], generic), sentiment, strict=True)
            if r() < 0.4:
                body += " " + self._end(self._draw(sb["crisis_neg"], generic), sentiment)
        elif r() < 0.55:
            body = self._end(self._draw(sb["reply_" + _SHORT[sentiment]], generic), sentiment, strict=True)
            if r() < 0.5:
                body += " " + self._end(self._draw(section, generic, used), sentiment)
        else:
            body = self._end(self._draw(section, generic, used), sentiment, strict=True)
            if platform in _LONG and r() < 0.6:
                body += " " + self._draw(TOPIC_BANK[lang][topic]["detail"], generic)
        text = self._finish(body, slots, brand, lang)
        text = self._decorate(
            text, lang=lang, topic=topic, sentiment=sentiment, brand=brand, platform=platform, noisy=noisy, reply=True
        )
        if platform in _CASUAL and r() < 0.85:
            # Threads on forums/Reddit/YouTube often never name the brand again; social replies mostly do.
            text = self._ensure_brand(text, None, brand, platform)
        if to_handle and platform in ("twitter", "instagram"):
            text = f"@{to_handle} {text}"
        return self._fit(text, platform)

    def quote(self, *, lang: str, topic: str, sentiment: str, brand: str | None, platform: str) -> str:
        """The comment someone adds when quote-tweeting or sharing a post."""
        r = self.r
        generic = brand is None
        slots = self._slots(lang, brand, platform)
        body = self._draw(SOCIAL_BANK[lang]["quote_" + _SHORT[sentiment]], generic)
        if r() < 0.75:
            intent = {"negative": "complaint", "positive": "praise"}.get(sentiment, "question")
            body = (
                self._end(body, sentiment, strict=True)
                + " "
                + self._end(self._draw(TOPIC_BANK[lang][topic][SECTION[(sentiment, intent)]], generic), sentiment)
            )
        text = self._decorate(
            self._finish(body, slots, brand, lang),
            lang=lang,
            topic=topic,
            sentiment=sentiment,
            brand=brand,
            platform=platform,
            noisy=True,
        )
        return self._fit(self._ensure_brand(text, None, brand, platform), platform)

    def support(self, *, lang: str, kind: str, brand: str, platform: str, user: str) -> str:
        """A brand support account answering a complaint, a question or a crisis post."""
        r = self.r
        slots = self._slots(lang, brand, platform, user=user)
        slots["brand"] = brand
        text = self._finish(render(pick(SOCIAL_BANK[lang]["support_" + kind], r), r), slots, brand, lang)
        return self._ensure_brand(text, None, brand, platform)

    def after_support(self, *, lang: str, sentiment: str, brand: str, platform: str, support_user: str) -> str:
        """The customer's answer to a support reply (thanks, or still broken)."""
        r = self.r
        slots = self._slots(lang, brand, platform, user=support_user)
        text = render(pick(SOCIAL_BANK[lang]["after_" + _SHORT[sentiment]], r), r)
        text = self._decorate(
            self._finish(text, slots, brand, lang),
            lang=lang,
            topic="customer_service",
            sentiment=sentiment,
            brand=brand,
            platform=platform,
            noisy=True,
        )
        return self._ensure_brand(text, None, brand, platform)

    def crisis(
        self, *, lang: str, sentiment: str, intent: str, platform: str, brand: str, title: bool = False
    ) -> tuple[str | None, str]:
        """A customer post about the own-brand outage (new vocabulary: panne générale, refund...)."""
        r = self.r
        sb = SOCIAL_BANK[lang]
        slots = self._slots(lang, brand, platform)
        section = {"complaint": "crisis_neg", "question": "crisis_negq" if sentiment == "negative" else "crisis_neu"}
        body = self._end(render(pick(sb[section.get(intent, "crisis_neg")], r), r), sentiment)
        if platform in _LONG or r() < 0.3:
            body += " " + render(pick(sb["crisis_detail"], r), r)
            if platform in _LONG:
                body += " " + self._end(render(pick(sb["crisis_neg"], r), r), sentiment)
        if sentiment == "negative" and r() < 0.4:
            body += " " + render(pick(sb["close_neg"], r), r)
        head = None
        if title:
            head = self._finish(render(pick(TOPIC_BANK[lang]["network_outage"]["tneg"], r), r), slots, brand, lang)
        text = self._finish(body, slots, brand, lang)
        text = self._decorate(
            text, lang=lang, topic="network_outage", sentiment=sentiment, brand=brand, platform=platform, noisy=True
        )
        if platform in ("twitter", "instagram", "facebook") and r() < 0.45:
            text += " " + V.CRISIS_TAGS[lang]
        return head, self._fit(self._ensure_brand(text, head, brand, platform), platform)

    def statement(self, *, lang: str, stage: int, brand: str, platform: str) -> str:
        """Official crisis communication from the brand (stage 0 = acknowledged, 2 = restored)."""
        slots = self._slots(lang, brand, platform)
        slots["brand"] = brand
        tpl = SOCIAL_BANK[lang]["crisis_statement"][min(stage, 2)]
        return self._finish(render(tpl, self.r), slots, brand, lang) + " " + V.CRISIS_TAGS[lang]

    def contest(
        self, *, lang: str, kind: str, platform: str, brand: str, prize: str, friends: list[str], sentiment: str
    ) -> str:
        """A contest post: announce (brand), join, love, doubt or rules."""
        r = self.r
        slots = self._slots(lang, brand, platform, prize=prize)
        body = render(pick(SOCIAL_BANK[lang]["contest_" + kind], r), r)
        if kind == "announce":
            slots["brand"] = brand
            return self._finish(body, slots, brand, lang) + " " + pick(V.EMOJIS["positive"], r)
        if lang == "fr" and r() < 0.25:
            body += " " + V.CONTEST_TAGS["en"]
        text = self._finish(body, slots, brand, lang)
        if friends:
            text += " " + " ".join("@" + f for f in friends)
        text = self._decorate(
            text, lang=lang, topic="contest", sentiment=sentiment, brand=brand, platform=platform, noisy=True
        )
        return self._fit(self._ensure_brand(text, None, brand, platform), platform)

    def promo(self, *, lang: str, brand: str, platform: str) -> str:
        """A corporate promotional post by a brand account."""
        slots = self._slots(lang, brand, platform)
        slots["brand"] = brand
        text = self._finish(render(pick(SOCIAL_BANK[lang]["corp_promo"], self.r), self.r), slots, brand, lang)
        return f"{text} {pick(V.EMOJIS['positive'], self.r)}"
