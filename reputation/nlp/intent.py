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
MODEL_VERSION = "2"
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
            r"je suggere|je propose|j'aimerais que|j'aimerais qu'|ce serait (top|genial|pratique|mieux)|idee pour|"
            r"svp ajoutez|ajoutez|merci d'ajouter|il serait temps|a quand|it would be (great|nice|good|helpful)|"
            r"you should|please add|i wish|feature request|idea for|would love (to see|if)|i'd love (to see|if)|"
            r"why not|how about|what about adding|consider adding)\b",
            4.0,
        ),
        # "<brand> devrait proposer...", "X should offer...": a request addressed to someone, not "I should have"
        (
            r"\b(devrai(t|ent)|pourrai(t|ent)) (vraiment |plutot |aussi |peut-etre |enfin )?(proposer|offrir|inclure|"
            r"ajouter|mettre|afficher|permettre|publier|ameliorer|baisser|ouvrir|prolonger|revoir|envoyer|donner|"
            r"installer|etendre|creer|lancer|simplifier|sortir|garder|remettre|rendre|faire)\b",
            4.0,
        ),
        (
            r"(?<!\bi )(?<!\bwe )\b(should|needs? to|ought to) (really |also |just |finally )?"
            r"(offer|add|include|let|allow|show|publish|list|provide|bring|give|make|improve|extend|lower|open|text|send|consider|support|"
            r"release|keep|put|stop charging)\b",
            4.0,
        ),
    ],
    "complaint": [
        (
            r"\b(toujours pas|encore une fois|inacceptable|inadmissible|honteux|honte|scandale|scandaleux|arnaque|nul|"
            r"pourri|decu|decue|en panne|panne|ne marche pas|marche pas|fonctionne pas|aucun (reseau|signal)|"
            r"rembourse|remboursement|plainte|attente|j'attends|depuis \d+ (jours|heures|semaines)|"
            r"facture.*(erreur|double)|facture deux fois|j'en ai marre|ras le bol|n'importe quoi|c'est une blague|"
            r"(deuxieme|troisieme|\d+e) fois|plante|casse|cassee|abime|perdu|perdue|jamais recu|il manque|"
            r"personne ne repond|aucune reponse|"
            r"still no|still not|again|unacceptable|ridiculous|scam|rip-?off|worst|terrible|awful|useless|"
            r"disappointed|outage|not working|doesn'?t work|down again|refund|on hold|waiting for|overcharged|"
            r"fed up|sick of|cancel(ling)? my|frustrat\w*|not happy|unhappy|a joke|broken|damaged|never arrived|"
            r"lost my|(second|third|\d+th) time|lagging|keeps crashing|crashed|without an answer|no answer|"
            r"charged me)\b",
            2.0,
        ),
    ],
    "praise": [
        (
            r"\b(merci|bravo|excellent|genial|super|top|parfait|au top|je recommande|tres satisfaite?|satisfaite?|"
            r"impeccable|rapide et efficace|le meilleur|la meilleure|chapeau|"
            r"love|great|awesome|amazing|excellent|perfect|thank you|thanks|kudos|so helpful|helpful|"
            r"recommend|impressed|best|well done|shout ?out)\b",
            2.0,
        ),
    ],
}
# groups made non-capturing: pandas warns on capturing groups in a contains() test
_COMPILED = {intent: [(re.compile(re.sub(r"\((?!\?)", "(?:", p)), w) for p, w in cues] for intent, cues in CUES.items()}
SENTIMENT_BOOST = {"negative": ("complaint", 1.0), "positive": ("praise", 1.0)}
MIN_SCORE = 2.0  # below this, no intent is clear enough: "other"
# A mention about a brand that is clearly negative (positive) with no cue of any kind is still a complaint (praise):
# the cue lists cannot hold every way to say it. Only confident polarity counts (|score| from the sentiment model).
SENTIMENT_ALONE = 0.5


def classify_intents(
    texts: pd.Series, sentiments: pd.Series | None = None, sentiment_scores: pd.Series | None = None
) -> pd.DataFrame:
    """Columns `intent` and `confidence` (share of the winning score among all cues that matched).

    `sentiments` (negative/neutral/positive) confirm a complaint or praise cue; with `sentiment_scores` too
    (polarity in [-1, 1]), a confident polarity makes a complaint or praise of a mention that has no cue at all.
    """
    normalized = normalize_series(texts)
    scores = pd.DataFrame(0.0, index=texts.index, columns=list(INTENTS[:-1]))
    for intent, cues in _COMPILED.items():
        for pattern, weight in cues:
            scores[intent] += normalized.str.contains(pattern, regex=True).to_numpy() * weight
    if sentiments is not None:
        for sentiment, (intent, weight) in SENTIMENT_BOOST.items():
            has_cue = scores[intent] > 0  # sentiment confirms a cue, it does not create an intent on its own
            scores.loc[has_cue & (sentiments == sentiment).to_numpy(), intent] += weight
        if sentiment_scores is not None:
            no_cue = (scores.max(axis=1) == 0).to_numpy()
            polarity = sentiment_scores.to_numpy(dtype=float)
            scores.loc[no_cue & (polarity <= -SENTIMENT_ALONE), "complaint"] = MIN_SCORE
            scores.loc[no_cue & (polarity >= SENTIMENT_ALONE), "praise"] = MIN_SCORE
    # a question that asks for something ("pourquoi ne pas...?") is a suggestion; a suggestion outranks a complaint
    best = scores.idxmax(axis=1)
    top = scores.max(axis=1)
    total = scores.sum(axis=1)
    intent = best.where(top >= MIN_SCORE, "other")
    confidence = (top / total.where(total > 0, 1)).where(top >= MIN_SCORE, 1.0)
    return pd.DataFrame({"intent": intent, "confidence": confidence.round(3)}, index=texts.index)
