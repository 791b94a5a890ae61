"""Intent, the "voice of the community" relayed to management: complaint, question, suggestion, praise, other.

Weighted French and English cues (rules a community manager can read and extend), with the mention's sentiment
as one more cue. Precision and recall on a hand-labeled set: tests/data/intent_labeled.csv, figures in
docs/enrichment.md.
"""

from __future__ import annotations

import re

import pandas as pd

from reputation.query import normalize_series

MODEL_NAME = "intent-rules"
MODEL_VERSION = "1"
INTENTS = ("complaint", "question", "suggestion", "praise", "other")

# Cues on normalised text (lower case, no accents). Each intent's score is the sum of the weights that match.
CUES: dict[str, list[tuple[str, float]]] = {
    "question": [
        (r"\?", 2.0),
        (
            r"^(est-ce que|est ce que|quelqu'?un|comment|pourquoi|quand|combien|ou est|quel(le)?s?|savez-vous|"
            r"pouvez-vous|peut-on|y a-t-il|how|why|when|where|what|which|who|does|do you|is there|can i|can you|"
            r"could you|anyone|any idea)\b",
            1.5,
        ),
        (r"\b(quelqu'?un sait|qqn sait|des infos|une idee|anyone know|does anyone|is it normal|c'est normal)\b", 1.5),
    ],
    "suggestion": [
        (
            r"\b(ce serait bien|ca serait bien|il faudrait|vous devriez|pourquoi ne pas|pourquoi pas|suggestion|"
            r"je suggere|je propose|j'aimerais que|ce serait (top|genial|pratique)|idee pour|svp ajoutez|"
            r"ajoutez|merci d'ajouter|it would be (great|nice|good)|you should|please add|i wish|"
            r"feature request|idea for|would love (to see|if)|why not|how about|consider adding)\b",
            3.0,
        ),
    ],
    "complaint": [
        (
            r"\b(toujours pas|encore une fois|inacceptable|honteux|honte|scandale|scandaleux|arnaque|nul|pourri|"
            r"decu|en panne|panne|ne marche pas|marche pas|fonctionne pas|aucun (reseau|signal)|rembourse|"
            r"remboursement|plainte|attente|j'attends|depuis \d+ (jours|heures|semaines)|facture.*(erreur|double)|"
            r"still no|still not|again|unacceptable|ridiculous|scam|rip-?off|worst|terrible|awful|useless|"
            r"disappointed|outage|not working|doesn'?t work|down again|refund|on hold|waiting for|overcharged|"
            r"fed up|sick of|cancel(ling)? my)\b",
            2.0,
        ),
    ],
    "praise": [
        (
            r"\b(merci|bravo|excellent|genial|super|top|parfait|au top|je recommande|tres satisfait|impeccable|"
            r"rapide et efficace|love|great|awesome|amazing|excellent|perfect|thank you|thanks|kudos|"
            r"recommend|impressed|best (service|network)|well done|shout ?out)\b",
            2.0,
        ),
    ],
}
# groups made non-capturing: pandas warns on capturing groups in a contains() test
_COMPILED = {intent: [(re.compile(re.sub(r"\((?!\?)", "(?:", p)), w) for p, w in cues] for intent, cues in CUES.items()}
SENTIMENT_BOOST = {"negative": ("complaint", 1.0), "positive": ("praise", 1.0)}
MIN_SCORE = 2.0  # below this, no intent is clear enough: "other"


def classify_intents(texts: pd.Series, sentiments: pd.Series | None = None) -> pd.DataFrame:
    """Columns `intent` and `confidence` (share of the winning score among all cues that matched)."""
    normalized = normalize_series(texts)
    scores = pd.DataFrame(0.0, index=texts.index, columns=list(INTENTS[:-1]))
    for intent, cues in _COMPILED.items():
        for pattern, weight in cues:
            scores[intent] += normalized.str.contains(pattern, regex=True).to_numpy() * weight
    if sentiments is not None:
        for sentiment, (intent, weight) in SENTIMENT_BOOST.items():
            has_cue = scores[intent] > 0  # sentiment confirms a cue, it does not create an intent on its own
            scores.loc[has_cue & (sentiments == sentiment).to_numpy(), intent] += weight
    # a question that asks for something ("pourquoi ne pas...?") is a suggestion; a suggestion outranks a complaint
    best = scores.idxmax(axis=1)
    top = scores.max(axis=1)
    total = scores.sum(axis=1)
    intent = best.where(top >= MIN_SCORE, "other")
    confidence = (top / total.where(total > 0, 1)).where(top >= MIN_SCORE, 1.0)
    return pd.DataFrame({"intent": intent, "confidence": confidence.round(3)}, index=texts.index)
