"""Tiny, real Hugging Face classifiers built on the spot, for tests and benchmarks of the transformers backend.

A 2-layer BERT with random weights and a WordPiece tokenizer over a small French/English vocabulary (whole words
plus single letters, so every text tokenizes into pieces of varying length). Same arguments and seed give the same
weights. Its predictions mean nothing: what is tested is the plumbing around the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
_BRANDS = "nexora telvia orbix fibrea"
_ENGLISH = "the a is not very good bad great love hate service network slow fast price support"
_FRENCH = "le la les est pas très bon mauvais génial nul réseau prix lent rapide merci déçu super"
WORDS = list(dict.fromkeys(f"{_BRANDS} {_ENGLISH} {_FRENCH}".split()))
LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)]
PUNCTUATION = list("!?.,:;'@#")


def build_tiny_classifier(
    folder: Path,
    labels: Sequence[str] = ("negative", "neutral", "positive"),
    *,
    seed: int = 2,
    max_positions: int = 64,
    token_type_ids: bool = False,
) -> Path:
    """Save a tiny BERT sequence classifier with these labels (id order) and its tokenizer into `folder`.

    The default seed spreads a 3-label model's predictions over all three classes (about 40/37/23 % on word salads
    of this vocabulary), so tests see every label. `token_type_ids`: the tokenizer also returns them, as BERT's
    own tokenizers do (an input whose place in the forward call differs from the order the tokenizer gives).
    """
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    folder.mkdir(parents=True, exist_ok=True)
    vocab = [*SPECIAL, *WORDS, *LETTERS, *(f"##{c}" for c in LETTERS), *PUNCTUATION]
    # built with the tokenizers library, whose API is the same under transformers 4 and 5
    wordpiece = Tokenizer(models.WordPiece({token: i for i, token in enumerate(vocab)}, unk_token="[UNK]"))
    wordpiece.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=False)
    wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    wordpiece.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    wordpiece.decoder = decoders.WordPiece()
    inputs = {"model_input_names": ["input_ids", "token_type_ids", "attention_mask"]} if token_type_ids else {}
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=wordpiece,
        unk_token="[UNK]",
        sep_token="[SEP]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        mask_token="[MASK]",
        model_max_length=max_positions,
        **inputs,
    )
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=max_positions,
        # wide initial weights: predictions differ clearly between texts instead of all sitting near 1/n
        initializer_range=0.5,
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    with torch.random.fork_rng():  # the caller's random state is left as it was
        torch.manual_seed(seed)
        model = BertForSequenceClassification(config).eval()
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
