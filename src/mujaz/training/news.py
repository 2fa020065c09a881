"""Fit the ``news`` scorer's weights on journalist-written summaries, with k-fold CV.

The weights of :class:`~mujaz.scoring.news.NewsWeights` are chosen by coordinate ascent
over small grids, maximizing mean ROUGE-1 + ROUGE-2 + ROUGE-L F of the lead summary at a
fixed word budget. Every reported score is out-of-fold: each fold is summarized with
weights fitted on the other folds only. The weights shipped in
``mujaz/data/news-weights.json`` are then fitted on all records, and the file records the
data's SHA-256 and the out-of-fold scores next to the lead baselines.

Run ``make train`` (or ``python -m mujaz.training news DATA.jsonl --out FILE``). Only numpy
is needed; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Sequence

import numpy as np

from mujaz.assembly import Draft, join_units, select_units
from mujaz.config import Budget
from mujaz.errors import InputError, MujazError
from mujaz.evaluation.baselines import first_line, first_n_words
from mujaz.evaluation.data import read_records
from mujaz.evaluation.gate import file_sha256
from mujaz.evaluation.rouge import RougeScorer
from mujaz.features import Analyzer, Features, compute_features
from mujaz.methods import NEWS_POLICY
from mujaz.scoring.news import NEWS_VERSION, NewsScorer, NewsWeights
from mujaz.segment import segment
from mujaz.types import Article

__all__ = ["TrainingDoc", "prepare", "evaluate_weights", "fit_weights", "cross_validate", "main"]

# The values each weight may take; coordinate ascent tries them one weight at a time.
GRID: dict[str, tuple[float, ...]] = {
    "lead_decay": (0.5, 1.0, 2.0, 3.0),
    "centrality": (0.0, 0.15, 0.3, 0.6),
    "title": (0.0, 0.15, 0.3, 0.6, 1.0),
    "heading": (0.0, 0.15, 0.3),
    "paragraph_start": (0.0, 0.05, 0.2),
    "min_words": (3, 6, 10),
}


@dataclass(frozen=True)
class TrainingDoc:
    """One record, segmented and analyzed once, with its tokenized references."""

    article: Article
    features: Features
    references: tuple[tuple[str, ...], ...]
    text: str


def prepare(path: str | Path, *, limit: int | None = None) -> list[TrainingDoc]:
    """Segment and analyze every record of ``path`` once (records mujaz refuses are skipped)."""
    analyzer = Analyzer()
    scorer = RougeScorer()
    docs = []
    for record in read_records(path, limit=limit):
        article = segment(record.text, clauses=False)
        if not article.sentences:
            continue
        try:
            features = compute_features(article, analyzer, title=record.title)
        except InputError:
            continue
        refs = tuple(tuple(scorer.tokenize(s)) for s in record.summaries)
        docs.append(TrainingDoc(article, features, refs, record.text))
    return docs


def _objective(scorer: RougeScorer, doc: TrainingDoc, summary: str) -> np.ndarray:
    candidate = scorer.tokenize(summary)
    best = np.zeros(3)
    for ref in doc.references:
        scores = scorer.score_tokens(ref, candidate)
        best = np.maximum(best, [scores["rouge1"].fmeasure, scores["rouge2"].fmeasure, scores["rougeL"].fmeasure])
    return best


def evaluate_weights(docs: Sequence[TrainingDoc], weights: NewsWeights, *, max_words: int) -> np.ndarray:
    """Per-document ROUGE-1/2/L F (an ``(n, 3)`` array) of the lead summary under ``weights``."""
    news = NewsScorer(weights)
    rouge = RougeScorer()
    budget = Budget("words", max_words)
    out = np.zeros((len(docs), 3))
    for i, doc in enumerate(docs):
        scores = news.score(doc.article, doc.features)
        units = select_units(Draft(doc.article, doc.features, scores), budget, NEWS_POLICY)
        out[i] = _objective(rouge, doc, join_units(units))
    return out


def fit_weights(docs: Sequence[TrainingDoc], *, max_words: int, rounds: int = 2,
                start: NewsWeights | None = None) -> NewsWeights:
    """Coordinate ascent over :data:`GRID`, maximizing mean ROUGE-1 + ROUGE-2 + ROUGE-L."""
    best = start or NewsWeights()
    best_value = evaluate_weights(docs, best, max_words=max_words).sum(axis=1).mean()
    for _ in range(rounds):
        improved = False
        for name, values in GRID.items():
            for value in values:
                if getattr(best, name) == value:
                    continue
                candidate = replace(best, **{name: value})
                score = evaluate_weights(docs, candidate, max_words=max_words).sum(axis=1).mean()
                if score > best_value + 1e-9:
                    best, best_value, improved = candidate, score, True
        if not improved:
            break
    return best


def cross_validate(docs: Sequence[TrainingDoc], *, max_words: int, folds: int = 5,
                   seed: int = 0) -> tuple[np.ndarray, list[NewsWeights]]:
    """Out-of-fold per-document scores (``(n, 3)``) and each fold's fitted weights."""
    assignment = np.random.default_rng(seed).permutation(len(docs)) % folds
    scores = np.zeros((len(docs), 3))
    fitted = []
    for k in range(folds):
        train = [d for d, f in zip(docs, assignment) if f != k]
        test_index = np.flatnonzero(assignment == k)
        weights = fit_weights(train, max_words=max_words)
        fitted.append(weights)
        scores[test_index] = evaluate_weights([docs[i] for i in test_index], weights, max_words=max_words)
    return scores, fitted


def _baseline_scores(docs: Sequence[TrainingDoc], max_words: int) -> dict[str, list[float]]:
    rouge = RougeScorer()
    rows = {"lead-line": [], f"lead-{max_words}w": []}
    for doc in docs:
        rows["lead-line"].append(_objective(rouge, doc, first_line(doc.text)))
        rows[f"lead-{max_words}w"].append(_objective(rouge, doc, first_n_words(doc.text, max_words)))
    return {name: [round(float(v) * 100, 2) for v in np.mean(values, axis=0)] for name, values in rows.items()}


def main(argv: list[str] | None = None) -> int:
    """``python -m mujaz.training news``: cross-validate, fit on everything, write the weights file."""
    parser = argparse.ArgumentParser(prog="python -m mujaz.training news", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="training JSONL (e.g. ../shared/data/ant-bbc-dev.jsonl)")
    parser.add_argument("--out", required=True, help="where to write the weights JSON")
    parser.add_argument("--max-words", type=int, default=25)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        docs = prepare(args.data, limit=args.limit)
    except MujazError as exc:
        print(f"mujaz.training news: error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(docs)} documents prepared in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    oof, fitted = cross_validate(docs, max_words=args.max_words, folds=args.folds, seed=args.seed)
    default = evaluate_weights(docs, NewsWeights(), max_words=args.max_words)
    final = fit_weights(docs, max_words=args.max_words)
    mean = [round(float(v) * 100, 2) for v in oof.mean(axis=0)]
    report = {
        "version": NEWS_VERSION,
        "weights": asdict(final),
        "trained_on": {"data": Path(args.data).name, "sha256": file_sha256(args.data), "documents": len(docs),
                       "max_words": args.max_words, "folds": args.folds, "seed": args.seed},
        "out_of_fold_rouge_1_2_L": mean,
        "hand_set_weights_rouge_1_2_L": [round(float(v) * 100, 2) for v in default.mean(axis=0)],
        "baselines_rouge_1_2_L": _baseline_scores(docs, args.max_words),
        "fold_weights": [asdict(w) for w in fitted],
    }
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: report[k] for k in ("weights", "out_of_fold_rouge_1_2_L",
                                             "hand_set_weights_rouge_1_2_L", "baselines_rouge_1_2_L")},
                     indent=2))
    print(f"written to {args.out} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return 0
