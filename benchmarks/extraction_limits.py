"""How far can cutting stretches out of the lead go? Oracles and learned rankers.

Run from the repository root (needs the dev data in ../shared/data; the rankers need the
``train`` extra, LightGBM):

    .venv/bin/python benchmarks/extraction_limits.py             # everything (a few minutes)
    .venv/bin/python benchmarks/extraction_limits.py --no-rankers

Prints, for ant-bbc lead summaries at 25 words:

* oracles that know the reference: the best contiguous stretch (4 to 25 words) of one of
  the first three sentences, opening where ``news`` may open a cut (the sentence after its
  dateline, a clause that is not an aside, the word after ``أن``) or at any word
  (first ``--oracle-limit`` pairs);
* out-of-fold ROUGE (5 folds, all pairs) of learned rankers choosing among the openings
  that ``news`` allows: LightGBM LambdaMART and a LightGBM regression on ROUGE-2;

and, for MArSum headlines at 15 words, the ceiling of the headline search itself: the
score it reaches when the word probabilities are the truth (1 for the reference's words).
Every learned figure is out of fold; oracles and ceilings are upper bounds, not systems.
"""

from __future__ import annotations

import argparse
import bisect
import math
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

from mujaz.headline.cut import phrase_starts
from mujaz.compress import TAIL_OPENERS, core_span
from mujaz.evaluation.data import read_records
from mujaz.evaluation.rouge import RougeScorer
from mujaz.features import load_stopwords, tokenize
from mujaz.normalize import normalize
from mujaz.headline.model import COMPLEMENTIZERS, HeadlineModel, opening_tokens
from mujaz.segment import segment
from mujaz.segment.clauses import CONNECTIVES, split_clauses
from mujaz.segment.quotes import quoted_ranges
from mujaz.training import headline as headline_training

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
_WORD = re.compile(r"\S+")
MAX_WORDS = 25
FEATURE_NAMES = (
    "sentence_1", "sentence_2", "sentence_3", "opens_sentence", "opens_after_an", "opens_clause",
    "length", "length_squared", "ends_sentence", "ends_at_comma", "next_opens_tail", "log_words_left",
    "log_sentence_words", "mean_log_count", "stop_share", "has_digit", "title_recall", "title_precision",
    "relative_start",
)


def stretches(record, scorer: RougeScorer, stopwords: frozenset[str], tails: frozenset[str]):
    """Every stretch of the first three sentences: (features, ROUGE-1/2/L F, opens where news may)."""
    text = record.text
    article = segment(text, clauses=False)
    reference = scorer.tokenize(record.summaries[0])
    counts = Counter(tokenize(text))
    title = set(tokenize(record.title)) if record.title else set()
    rows, labels, allowed = [], [], []
    for index, tokens in enumerate(opening_tokens(article, 3)):
        span = article.sentences[index].span
        words = [(m.start(), m.end()) for m in _WORD.finditer(text, span.start, span.end)]
        if not words or len(words) != len(tokens):
            continue
        positions = [a for a, _ in words]
        first = bisect.bisect_left(positions, core_span(article, index).start)
        quoted = quoted_ranges(text, span.start, span.end)
        starts = set(phrase_starts(article, split_clauses(text, span), first, positions, tokens, quoted))
        after_an = {k + 1 for k in range(first, len(tokens) - 1) if tokens[k] and tokens[k][-1] in COMPLEMENTIZERS}
        last = len(words) - 1
        for k in range(len(words)):
            candidate: list[str] = []
            for j in range(k, min(len(words), k + MAX_WORDS)):
                candidate += tokens[j]
                length = j - k + 1
                if not candidate or (j != last and length < 4):
                    continue
                scores = scorer.score_tokens(reference, candidate)
                labels.append([scores[m].fmeasure for m in ("rouge1", "rouge2", "rougeL")])
                allowed.append(k in starts and (j == last or not all(t in stopwords for t in tokens[j])))
                unique = set(candidate)
                following = tokens[j + 1][0] if j < last and tokens[j + 1] else ""
                rows.append([
                    index == 0, index == 1, index == 2, k == first, k in after_an,
                    k != first and k not in after_an, length / MAX_WORDS, (length / MAX_WORDS) ** 2, j == last,
                    text[words[j][1] - 1] in "،,؛;:", following in tails, math.log1p(last - j),
                    math.log1p(len(words)), float(np.mean([math.log1p(counts[t]) for t in candidate])),
                    sum(t in stopwords for t in candidate) / len(candidate), any(t.isdigit() for t in candidate),
                    len(unique & title) / max(1, len(title)), len(unique & title) / len(unique), k / len(words),
                ])
    return np.asarray(rows, dtype=float), np.asarray(labels), np.asarray(allowed, dtype=bool)


def lead_limits(path: Path, oracle_limit: int, rankers: bool) -> None:
    scorer = RougeScorer()
    stopwords = load_stopwords()
    tails = frozenset(normalize(p).split()[0] for p in TAIL_OPENERS + CONNECTIVES)
    docs = []
    for record in read_records(path):
        rows, labels, allowed = stretches(record, scorer, stopwords, tails)
        if len(rows) and allowed.any():
            docs.append((rows, labels, allowed))
    print(f"## {path.name}, lead at {MAX_WORDS} words: {len(docs)} articles with stretches\n")
    head = docs[:oracle_limit]
    any_start = np.mean([labels[np.argmax(labels[:, 1])] for _, labels, _ in head], axis=0)
    news_start = np.mean([labels[allowed][np.argmax(labels[allowed][:, 1])] for _, labels, allowed in head], axis=0)
    print(f"oracle (best ROUGE-2), first {len(head)} pairs, R-1/R-2/R-L:")
    print(f"  opening where news may open:  {_fmt(news_start)}")
    print(f"  opening at any word:          {_fmt(any_start)}\n")
    if not rankers:
        return
    import lightgbm

    folds = np.random.default_rng(0).permutation(len(docs)) % 5
    for name in ("lambdamart", "regression"):
        picked = []
        for k in range(5):
            train = [d for d, f in zip(docs, folds) if f != k]
            x = np.concatenate([rows[allowed] for rows, _, allowed in train])
            if name == "lambdamart":
                grades = np.concatenate([np.clip((labels[allowed][:, 1] * 20).astype(int), 0, 30)
                                         for _, labels, allowed in train])
                model = lightgbm.LGBMRanker(n_estimators=300, learning_rate=0.05, min_child_samples=50,
                                            label_gain=list(range(31)), verbose=-1)
                model.fit(x, grades, group=[int(allowed.sum()) for _, _, allowed in train])
            else:
                target = np.concatenate([labels[allowed][:, 1] - labels[allowed][:, 1].mean()
                                         for _, labels, allowed in train])
                model = lightgbm.LGBMRegressor(n_estimators=300, learning_rate=0.05, min_child_samples=50, verbose=-1)
                model.fit(x, target)
            for i in np.flatnonzero(folds == k):
                rows, labels, allowed = docs[i]
                picked.append(labels[allowed][int(np.argmax(model.predict(rows[allowed])))])
        print(f"LightGBM {name}, out of fold, all pairs: {_fmt(np.mean(picked, axis=0))}")
    print()


def headline_ceiling(path: Path) -> None:
    """The headline search scored with the truth as its word probabilities."""
    model = HeadlineModel.shipped()
    scorer = RougeScorer()
    docs = headline_training.prepare(path)
    values = []
    for doc in docs:
        truth = {t: 1.0 for t in doc.headline_words}
        oracle = replace(model)
        object.__setattr__(oracle, "word_probabilities", lambda article, opening=None, truth=truth: truth)
        text = headline_training.cut_headline(doc.article, oracle, 15)
        values.append(scorer.score(doc.headline, text)["rouge1"].fmeasure)
    print(f"## {path.name}, headline at 15 words\n")
    print(f"headline search with the true words as probabilities, ROUGE-1: {100 * np.mean(values):.2f} "
          f"({len(docs)} pairs)")


def _fmt(values: np.ndarray) -> str:
    return "/".join(f"{100 * v:.2f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=DATA)
    parser.add_argument("--oracle-limit", type=int, default=500, help="pairs for the oracles (default: 500)")
    parser.add_argument("--no-rankers", action="store_true", help="skip the LightGBM rankers")
    args = parser.parse_args(argv)
    lead_limits(args.data_dir / "ant-bbc-dev.jsonl", args.oracle_limit, not args.no_rankers)
    headline_ceiling(args.data_dir / "marsum-dev.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
