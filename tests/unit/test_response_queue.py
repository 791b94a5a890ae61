"""The response queue: which questions and complaints still need an answer, and in which order."""

from __future__ import annotations

import pandas as pd
import pytest

from reputation.response_queue import QUEUE_COLUMNS, QueueSettings, answered, build_queue, urgent_terms

OWN = ["NexoraHelp", "Nexora"]
ALL = [*OWN, "TelviaCares"]
T0 = pd.Timestamp("2026-10-10 12:00")


def mention(
    mid: str,
    author: str,
    hours: float,
    *,
    handle: str | None = None,
    intent: str = "other",
    text: str = "Nexora?",
    brands: tuple[str, ...] = ("Nexora",),
    parent: str | None = None,
    share: str | None = None,
    flags: tuple[str, ...] = (),
    sentiment: str = "neutral",
    likes: int = 0,
    shares: int = 0,
    replies: int = 0,
) -> dict:
    """A mention `hours` after T0 (UTC)."""
    return {
        "mention_id": mid,
        "platform": "twitter",
        "author_id": author,
        "author_handle": handle if handle is not None else author,
        "text": text,
        "url": f"https://x.com/{author}/status/{mid}",
        "published_at": T0 + pd.Timedelta(hours=hours),
        "brands": list(brands),
        "intent": intent,
        "sentiment": sentiment,
        "moderation_flags": list(flags),
        "parent_id": parent,
        "share_of_id": share,
        "likes": likes,
        "shares": shares,
        "replies": replies,
    }


def queue(rows: list[dict], **kw) -> pd.DataFrame:
    args = {"brand": "Nexora", "own_accounts": OWN, "all_accounts": ALL} | kw
    return build_queue(pd.DataFrame(rows), **args).items


def test_answered_questions_leave_the_queue():
    rows = [
        mention("q1", "ann", 0, intent="question"),
        mention("b1", "help", 2, handle="NexoraHelp", parent="q1", text="DM us"),  # direct answer
        mention("q2", "bob", 0, intent="complaint"),  # nobody answers
        mention("q3", "cat", 0, intent="question"),
        mention("r3", "dan", 1, parent="q3", text="same here"),  # a member answers...
        mention("b3", "help", 3, handle="@nexorahelp", parent="r3"),  # ...and the brand answers in the thread
        mention("q4", "eve", 0, intent="complaint", brands=("Nexora", "Telvia")),
        mention("t4", "telvia", 1, handle="TelviaCares", parent="q4"),  # a competitor's answer does not count
        mention("q5", "fay", 0, intent="question"),
        mention("b5", "help", 30, handle="NexoraHelp", parent="q5"),  # answered, but after the queue's time
        mention("later", "gus", 31, intent="other"),
    ]
    q = queue(rows, now=T0 + pd.Timedelta(hours=10))
    assert set(q["mention_id"]) == {"q2", "q4", "q5"}
    assert set(queue(rows)["mention_id"]) == {"q2", "q4"}  # default now: the latest mention (b5 has come)
    # the helper on its own: depth 1 is the direct reply only
    m = pd.DataFrame(rows)
    by_brand = m["author_id"] == "help"
    assert set(m["mention_id"][answered(m, by_brand, depth=1)]) == {"q1", "r3", "q5"}
    assert set(m["mention_id"][answered(m, by_brand)]) == {"q1", "r3", "q3", "q5"}


def test_only_members_questions_and_complaints_about_the_own_brand():
    rows = [
        mention("own", "help", 0, handle="NexoraHelp", intent="question"),  # the brand's own account
        mention("rival", "tc", 0, handle="TelviaCares", intent="complaint"),  # a competitor's account
        mention("pseudo", "au_brand", 0, handle=None, intent="question"),  # known as a brand account by its id
        mention("spam", "s", 0, intent="question", flags=("spam",)),
        mention("insult", "i", 0, intent="complaint", flags=("insult",)),  # flagged, but not spam: kept
        mention("praise", "p", 0, intent="praise"),
        mention("other", "o", 0, intent="other"),
        mention("telvia", "t", 0, intent="complaint", brands=("Telvia",)),  # about a competitor only
        mention("post", "help", 0, handle="Nexora", text="Service is back"),
        mention("followup", "u", 1, intent="complaint", brands=(), parent="post", text="still down here"),
        mention("orig", "v", 0, intent="complaint"),
        mention("rt", "w", 1, intent="complaint", share="orig", text="RT @v: Nexora down"),  # a plain repost
        mention("quote", "x", 1, intent="complaint", share="orig", text="Same for me, Nexora"),  # own words: kept
    ]
    q = queue(rows, brand_authors=["au_brand"])
    assert set(q["mention_id"]) == {"insult", "followup", "orig", "quote"}
    result = build_queue(pd.DataFrame(rows), brand="Nexora", own_accounts=OWN, all_accounts=ALL)
    assert result.to_answer == 5 and result.answered == 0  # 'pseudo' counts: its id was not given here


def test_priority_order_components_and_reason():
    rows = [
        mention("calm", "a", 0, intent="question"),
        mention("angry", "b", 0, intent="complaint", sentiment="negative"),
        mention(
            "urgent",
            "c",
            0,
            intent="complaint",
            sentiment="negative",
            text="Ça fait 3 jours sans service, je veux un remboursement, Nexora!",
        ),
        mention("loud", "d", 0, intent="question", likes=200, shares=100, replies=50),
        mention("famous", "e", 0, intent="question"),
    ]
    influence = pd.Series({"e": 90.0, "a": 10.0})
    q = queue(rows, influence=influence, now=T0 + pd.Timedelta(hours=6)).set_index("mention_id")
    assert list(q.columns) == [c for c in QUEUE_COLUMNS if c != "mention_id"]
    assert q.sort_values("rank").index.tolist() == ["urgent", "famous", "loud", "angry", "calm"]
    assert q["rank"].sort_values().tolist() == [1, 2, 3, 4, 5]
    parts = q[["urgency_points", "influence_points", "engagement_points", "age_points"]].sum(axis=1)
    assert (parts - q["priority"]).abs().max() < 1e-9 and q["priority"].between(0, 100).all()
    assert q.loc["urgent", "urgency_points"] == pytest.approx(35.0)  # complaint, negative, urgent words: full
    assert q.loc["calm", "urgency_points"] == pytest.approx(35 * 0.25)
    assert q.loc["famous", "influence"] == 90 and q.loc["angry", "influence"] == 0  # unknown authors count 0
    assert q.loc["loud", "engagement"] == 200 + 2 * 100 + 3 * 50
    assert q["waiting_hours"].eq(6).all() and q["age_points"].to_numpy() == pytest.approx([20 * 6 / 72] * 5)
    assert q.loc["urgent", "urgent_terms"] == "ca fait 3 jours, remboursement"
    assert q.loc["urgent", "reason"] == (
        "complaint, negative; urgent: ca fait 3 jours, remboursement; influence 0; waiting 6 h"
    )
    assert q.loc["loud", "reason"] == "question; influence 0; engagement 550; waiting 6 h"


def test_waiting_raises_priority_then_old_items_drop_off():
    rows = [mention("q", "a", 0, intent="question")]
    at = {h: queue(rows, now=T0 + pd.Timedelta(hours=h)) for h in (1, 24, 13 * 24, 14 * 24, 14 * 24 + 1)}
    assert at[1]["priority"].iloc[0] < at[24]["priority"].iloc[0] < at[13 * 24]["priority"].iloc[0]
    assert at[13 * 24]["reason"].iloc[0].endswith("waiting 13.0 days")
    assert len(at[14 * 24]) == 1 and at[14 * 24 + 1].empty  # 14 days and an hour: off the active queue
    assert len(queue(rows, now=T0 + pd.Timedelta(days=20), settings=QueueSettings(active_days=30))) == 1
    assert queue(rows, now=T0 - pd.Timedelta(hours=1)).empty  # not written yet at that time


def test_times_and_who():
    rows = [mention("q", "au_1", 0, handle=None, intent="question")]
    q = queue(rows, timezone="America/Toronto").iloc[0]
    assert q["who"] == "au_1" and q["as_of"] == T0 and q["waiting_hours"] == 0
    assert q["published_local"] == pd.Timestamp("2026-10-10 08:00")  # EDT, UTC-4


def test_urgent_words_french_and_english():
    texts = pd.Series(
        [
            "URGENT: plus de réseau",
            "Mon dossier traîne depuis 10 jours, toujours rien",
            "Still no answer after 3 calls, I want a refund",
            "No signal for two days now",
            "Nexora m'a remboursé, merci",  # a refund that came: not urgent
            "They refunded me quickly",
            "Je vais résilier et appeler un avocat",
            None,
        ]
    )
    assert urgent_terms(texts).tolist() == [
        "urgent",
        "depuis 10 jours, toujours rien",
        "still no, refund",
        "no signal, for two days",
        "",
        "",
        "resilier, avocat",
        "",
    ]


def test_empty_input():
    empty = pd.DataFrame([mention("x", "a", 0)]).iloc[0:0]
    result = build_queue(empty, brand="Nexora", own_accounts=OWN)
    assert result.items.empty and list(result.items.columns) == QUEUE_COLUMNS and result.to_answer == 0
