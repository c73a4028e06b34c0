"""Train the sentence ranker shipped as briefing/data/sentence_ranker.json.

For each training article (OrangeSum Abstract train), every candidate sentence gets a
relevance grade from its own ROUGE against the reference summary (ROUGE-1 + ROUGE-2
F1, accent-keeping tokens), graded 0-4 within the article so that the best sentence of
each article counts; the sentences of a greedy two-sentence oracle get at least 1.
LightGBM's lambdarank objective then learns to order the sentences of one article (a
ranking objective: pairs within an article, not independent labels) from
``briefing.scoring.FEATURES``. The trees are flattened into arrays that
``briefing.scoring.SentenceScorer`` evaluates with numpy, so LightGBM is needed only
here. Deterministic: fixed seeds, one thread, LightGBM's deterministic mode.

    pip install '.[train]'
    python scripts/train_scorer.py [--train PATH] [--articles 12000]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from briefing import language, scoring, summarise
from briefing import evaluate
from briefing.evaluate import AccentTokenizer, load_examples, rouge_gain

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "orangesum-abstract-train.jsonl.gz"
OUTPUT = ROOT / "briefing" / "data" / "sentence_ranker.json"
TOKENS = AccentTokenizer()
PARAMETERS = {
    "objective": "lambdarank", "metric": "ndcg", "eval_at": [1, 2], "num_leaves": 31,
    "learning_rate": 0.05, "min_data_in_leaf": 50, "feature_fraction": 0.9,
    "bagging_fraction": 0.8, "bagging_freq": 1, "lambdarank_truncation_level": 10,
    "seed": 7, "deterministic": True, "num_threads": 1, "verbose": -1,
}
ROUNDS = 300


def oracle(sentences: list[str], reference: str, size: int = 2) -> set[int]:
    """The greedy ROUGE oracle's sentences (briefing.evaluate.oracle)."""
    return set(evaluate.oracle(sentences, reference, size))


def grades(sentences: list[str], reference: str) -> list[int]:
    """Relevance 0-4 of each sentence: its own ROUGE against the reference, relative to
    the article's best; the oracle's sentences at least 1."""
    reference_tokens = TOKENS.tokenize(reference)
    gains = [rouge_gain(TOKENS.tokenize(s), reference_tokens) for s in sentences]
    best = max(gains) or 1.0
    picked = oracle(sentences, reference)
    return [max(round(4 * gain / best) if gain else 0, 1 if i in picked else 0)
            for i, gain in enumerate(gains)]


def oracle_labels(sentences: list[str], reference: str) -> list[int]:
    """1 for the sentences of the greedy two-sentence oracle, else 0."""
    picked = oracle(sentences, reference)
    return [1 if i in picked else 0 for i in range(len(sentences))]


def mixed(sentences: list[str], reference: str) -> list[int]:
    """The oracle's first pick 3, its second 2, then sentences by own ROUGE 1 or 0."""
    reference_tokens = TOKENS.tokenize(reference)
    picked = sorted(oracle(sentences, reference))
    first = oracle(sentences, reference, size=1)
    gains = [rouge_gain(TOKENS.tokenize(s), reference_tokens) for s in sentences]
    best = max(gains) or 1.0
    return [3 if i in first else 2 if i in picked else 1 if gains[i] >= 0.6 * best else 0
            for i in range(len(sentences))]


LABELS = {"graded": grades, "oracle": oracle_labels, "mixed": mixed}


def candidates(text: str) -> list[str]:
    """The sentences the summariser chooses among, as ``summarise_text`` builds them."""
    units = summarise.quote_units(language.split_sentences(text, "fr"))
    return [s for s in units if summarise.is_candidate(s)][: summarise.MAX_CANDIDATES]


def flatten(tree: dict[str, Any]) -> dict[str, list[Any]]:
    """A LightGBM tree (nested dicts) as arrays: node 0 the root, -1 features at leaves."""
    arrays: dict[str, list[Any]] = {"feature": [], "threshold": [], "left": [], "right": [],
                                    "value": []}

    def add(node: dict[str, Any]) -> int:
        index = len(arrays["feature"])
        for key in arrays:
            arrays[key].append(0)
        if "leaf_value" in node:
            arrays["feature"][index] = -1
            arrays["value"][index] = round(float(node["leaf_value"]), 8)
            return index
        assert node["decision_type"] == "<=", node["decision_type"]
        arrays["feature"][index] = int(node["split_feature"])
        arrays["threshold"][index] = float(node["threshold"])
        arrays["left"][index] = add(node["left_child"])
        arrays["right"][index] = add(node["right_child"])
        return index
    add(tree["tree_structure"])
    return arrays


def fit_lexical(documents: list[Any]) -> tuple[scoring.LexicalModel,
                                               tuple[scoring.LexicalModel, ...]]:
    """The lexical model on all articles, and one per half of the articles (each used to
    score the other half's sentences for the trees, so they never see their own labels)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    def fit(part: list[Any]) -> scoring.LexicalModel:
        rows, columns, targets = [], [], []
        for _example, sentences, _, picked in part:
            for index, sentence in enumerate(sentences):
                hashed = scoring.lexical_features(sentence)
                rows.extend([len(targets)] * len(hashed))
                columns.extend(hashed)
                targets.append(1 if index in picked else 0)
        matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)),
                                   shape=(len(targets), 1 << scoring.LEXICAL_BITS))
        learner = LogisticRegression(C=0.1, max_iter=500).fit(matrix, np.array(targets))
        return scoring.LexicalModel(learner.coef_[0].astype(float),
                                    float(learner.intercept_[0]))
    halves = (documents[1::2], documents[0::2])  # article n is scored by the other half
    return fit(documents), (fit(halves[0]), fit(halves[1]))


def depth(tree: dict[str, Any]) -> int:
    def walk(node: dict[str, Any]) -> int:
        if "leaf_value" in node:
            return 0
        return 1 + max(walk(node["left_child"]), walk(node["right_child"]))
    return walk(tree["tree_structure"])


def main() -> None:
    import lightgbm

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--articles", type=int, default=12000)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--labels", choices=sorted(LABELS), default="graded")
    parser.add_argument("--objective", choices=("lambdarank", "binary"), default="lambdarank")
    args = parser.parse_args()
    examples = load_examples(args.train, args.articles)
    documents = []
    for example in examples:
        sentences = candidates(example.text)
        if len(sentences) >= 2:
            documents.append((example, sentences,
                              LABELS[args.labels](sentences, example.reference),
                              oracle(sentences, example.reference)))
    lexical, folds = fit_lexical(documents)
    rows, labels, groups = [], [], []
    for number, (example, sentences, grade, _) in enumerate(documents):
        rows.append(scoring.analyse(sentences, example.title, "fr",
                                    lexical=folds[number % 2])[0])
        labels.extend(grade)
        groups.append(len(sentences))
    data = lightgbm.Dataset(np.vstack(rows), np.array(labels), group=groups,
                            feature_name=list(scoring.FEATURES))
    parameters = dict(PARAMETERS, objective=args.objective)
    if args.objective == "binary":
        parameters.update(metric="auc")
        data = lightgbm.Dataset(np.vstack(rows), (np.array(labels) > 0).astype(float),
                                feature_name=list(scoring.FEATURES))
    booster = lightgbm.train(parameters, data, num_boost_round=ROUNDS)
    dumped = booster.dump_model()["tree_info"]
    model = {"features": list(scoring.FEATURES), "depth": max(depth(t) for t in dumped),
             "trees": [flatten(t) for t in dumped], "lexical": lexical.to_dict(),
             "about": {"trained_on": f"OrangeSum Abstract train, first {len(examples)} "
                                     f"articles ({len(groups)} with two candidates or more)",
                       "sentences": len(labels),
                       "labels": f"{args.labels}: {LABELS[args.labels].__doc__}",
                       "learner": f"LightGBM {lightgbm.__version__} {args.objective}, {ROUNDS} "
                                  f"rounds, {PARAMETERS['num_leaves']} leaves; lexical "
                                  "feature: scikit-learn logistic regression over "
                                  f"2^{scoring.LEXICAL_BITS} hashed words, cross-fitted",
                       "command": f"python scripts/train_scorer.py --articles {args.articles} "
                                  f"--labels {args.labels} --objective {args.objective}"}}
    args.output.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    gains = booster.feature_importance("gain")
    for name, gain in sorted(zip(scoring.FEATURES, gains, strict=True), key=lambda p: -p[1]):
        print(f"{name:>20} {gain:12.1f}")
    print(f"wrote {args.output} from {len(labels)} sentences of {len(groups)} articles")


if __name__ == "__main__":
    main()
