"""Train the sentence scorer shipped as briefing/data/sentence_scorer.json.

Labels come from a greedy ROUGE oracle: for each training article, the two
sentences that together best match the reference summary (ROUGE-1 + ROUGE-2
F1, accent-keeping tokens). A logistic regression over briefing.scoring's
features learns to predict them. Deterministic: full-batch gradient descent
from zero, no sampling.

    python scripts/train_scorer.py [--train PATH] [--articles 6000]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from briefing import language, scoring, summarise
from briefing.evaluate import AccentTokenizer, load_examples

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "orangesum-abstract-train.jsonl.gz"
OUTPUT = ROOT / "briefing" / "data" / "sentence_scorer.json"
TOKENS = AccentTokenizer()


def ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    """Counts of the n-grams of a token list."""
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def rouge_gain(candidate: list[str], reference: list[str]) -> float:
    """ROUGE-1 + ROUGE-2 F1 of a candidate token list against a reference."""
    total = 0.0
    for n in (1, 2):
        ours, theirs = ngrams(candidate, n), ngrams(reference, n)
        overlap = sum((ours & theirs).values())
        if overlap:
            precision = overlap / sum(ours.values())
            recall = overlap / sum(theirs.values())
            total += 2 * precision * recall / (precision + recall)
    return total


def oracle(sentences: list[str], reference: str, size: int = 2) -> set[int]:
    """Greedily pick up to ``size`` sentences that raise ROUGE against the reference."""
    reference_tokens = TOKENS.tokenize(reference)
    tokens = [TOKENS.tokenize(s) for s in sentences]
    chosen: list[int] = []
    best = 0.0
    for _ in range(size):
        gains = [(rouge_gain([t for j in sorted([*chosen, i]) for t in tokens[j]],
                             reference_tokens), i)
                 for i in range(len(sentences)) if i not in chosen]
        if not gains:
            break
        gain, index = max(gains, key=lambda g: (g[0], -g[1]))
        if gain <= best:
            break
        best = gain
        chosen.append(index)
    return set(chosen)


def fit(features: np.ndarray, labels: np.ndarray, l2: float = 1e-3,
        steps: int = 3000, rate: float = 0.5) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Logistic regression by full-batch gradient descent on standardised features."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    x = (features - mean) / scale
    weights = np.zeros(x.shape[1])
    bias = 0.0
    for _ in range(steps):
        predicted = 1 / (1 + np.exp(-(x @ weights + bias)))
        error = predicted - labels
        weights -= rate * (x.T @ error / len(labels) + l2 * weights)
        bias -= rate * error.mean()
    return weights, bias, mean, scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--articles", type=int, default=6000)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    rows, labels = [], []
    examples = load_examples(args.train, args.articles)
    for example in examples:
        sentences = [s for s in language.split_sentences(example.text, "fr")
                     if summarise._is_candidate(s)][: summarise.MAX_CANDIDATES]
        if len(sentences) < 2:
            continue
        picked = oracle(sentences, example.reference)
        rows.append(scoring.feature_matrix(sentences, example.title, "fr"))
        labels.extend(1.0 if i in picked else 0.0 for i in range(len(sentences)))
    features = np.vstack(rows)
    weights, bias, mean, scale = fit(features, np.array(labels))
    model = scoring.SentenceScorer(weights=weights, bias=bias, mean=mean, scale=scale)
    about = {"trained_on": f"OrangeSum Abstract train, first {len(examples)} articles",
             "sentences": len(labels), "positives": int(sum(labels)),
             "labels": "greedy 2-sentence oracle, ROUGE-1 + ROUGE-2 F1, accent-keeping tokens",
             "command": "python scripts/train_scorer.py --articles "
                        f"{args.articles}"}
    args.output.write_text(json.dumps(model.to_dict(about), indent=2) + "\n", encoding="utf-8")
    ranked = sorted(zip(scoring.FEATURES, weights, strict=True), key=lambda p: -abs(p[1]))
    for name, weight in ranked:
        print(f"{name:>20} {weight:+.3f}")
    print(f"wrote {args.output} from {len(labels)} sentences of {len(examples)} articles")


if __name__ == "__main__":
    main()
