"""Seeded demo data: a bilingual (fr/en) stream of telecom mentions with the ground truth it planted.

Use :func:`reputation.demo.generator.generate` for a DataFrame or :func:`~reputation.demo.generator.write_demo`
for ``mentions.jsonl`` + ``ground_truth.json`` + ``ground_truth_mentions.csv``.
"""
