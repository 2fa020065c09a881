"""Quality benchmark: ROUGE of every method and baseline on every dev set, with sumy's LexRank.

Run from the repository root (needs the dev data in ../shared/data and the bench extra):

    .venv/bin/python benchmarks/quality.py                 # 500 pairs per set, as in the issues
    .venv/bin/python benchmarks/quality.py --limit 0       # the full dev sets
    .venv/bin/python benchmarks/quality.py --plot benchmarks/rouge-vs-length.png

Prints Markdown tables (mean F x100 with seeded 95% bootstrap intervals) for:

* ant-bbc-dev, lead style at 25 words: news, lead, textrank, lexrank, sumy LexRank
  (its built-in Arabic tokenizer and stemmer, one sentence: what a user would run), and
  the lead baselines (first sentence, first line, first 25 words);
* marsum-dev, headline style at 15 words, the same systems;

the CNN pairs of ant-multi-dev at 25 words (lead style), the headline (also the
outline's) against ant-multi's editors' titles, and the seed's body at 118 words against
the seed's own lead (the covering lead); and, with --plot, draws ROUGE-1/2 against summary length (10..60 words) for ``news`` and
the first-N-words baseline.

The shipped headline model was fitted on all of marsum-dev (``make train``), so the
``news`` row of the headline table is in-sample. The ``news-oof`` row is the honest one:
each record's headline is cut by the model of ``make train``'s cross-validation that did not
see it (same files, folds and seed). The ``news`` sentence weights were fitted on ant-bbc
too, but their out-of-fold scores equal the in-sample ones to 0.05 (news-weights.json).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Callable

from mujaz.evaluation import run_evaluation
from mujaz.evaluation.data import EvalRecord

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SETS = (
    ("ant-bbc-dev.jsonl", "lead", 25),
    ("marsum-dev.jsonl", "headline", 15),
)


def sumy_lexrank() -> Callable[[EvalRecord], str]:
    """sumy's LexRank with its own Arabic tokenizer and stemmer, one sentence."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = Tokenizer("arabic")
    summarizer = LexRankSummarizer(Stemmer("arabic"))
    summarizer.stop_words = get_stop_words("arabic")

    def run(record: EvalRecord) -> str:
        document = PlaintextParser.from_string(record.text, tokenizer).document
        return " ".join(str(sentence) for sentence in summarizer(document, 1))

    return run


def headline_out_of_fold(data_dir: Path, max_words: int) -> Callable[[EvalRecord], str]:
    """``news`` headlines cut by the cross-validation models of ``make train``."""

    from mujaz.segment import segment
    from mujaz.training import headline as training

    docs = [d for name in ("marsum-dev.jsonl", "ant-bbc-dev.jsonl") for d in training.prepare(data_dir / name)]
    assignment, models = training.fold_models(docs)
    fold_of = {d.article.text: int(f) for d, f in zip(docs, assignment)}

    def run(record: EvalRecord) -> str:
        model = models[fold_of[record.text]]
        return training.cut_headline(segment(record.text, clauses=False), model, max_words)

    return run


def plot(path: Path, data: Path, limit: int | None) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lengths = (10, 15, 20, 25, 30, 40, 50, 60)
    rows = []
    for n in lengths:
        report = run_evaluation(data, methods=("news",), max_words=n, limit=limit, bootstrap=0)
        news, lead = report.system("news"), report.system(f"lead-{n}w")
        rows.append((n, news.rouge1.mean, news.rouge2.mean, lead.rouge1.mean, lead.rouge2.mean))
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    ax.plot(lengths, [r[1] for r in rows], "o-", color="#1f6f5c", label="news ROUGE-1")
    ax.plot(lengths, [r[3] for r in rows], "o--", color="#b5651d", label="first N words ROUGE-1")
    ax.plot(lengths, [r[2] for r in rows], "s-", color="#1f6f5c", alpha=0.6, label="news ROUGE-2")
    ax.plot(lengths, [r[4] for r in rows], "s--", color="#b5651d", alpha=0.6, label="first N words ROUGE-2")
    ax.set_xlabel("summary budget (words)")
    ax.set_ylabel("F x100")
    ax.set_title(f"{data.name}: ROUGE against summary length")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    lines = ["| words | news R1 | news R2 | first-N R1 | first-N R2 |", "|---|---|---|---|---|"]
    lines += [f"| {n} | {a:.2f} | {b:.2f} | {c:.2f} | {d:.2f} |" for n, a, b, c, d in rows]
    return "\n".join(lines)


def seed_table() -> str:
    """The seed's body summarized at 118 words against the seed's own 118-word lead, which
    restates every section in order (issue 11): ROUGE and the sections the units come from."""
    from mujaz import Summarizer
    from mujaz.evaluation.baselines import first_n_words
    from mujaz.evaluation.rouge import RougeScorer
    from mujaz.segment import segment

    seed = next((ROOT / "tests" / "data").glob("seed-*.txt")).read_text(encoding="utf-8")
    lead, body = (part.strip() for part in seed.split("\n", 1))
    scorer = RougeScorer(("rouge1", "rouge2", "rougeL"))
    sentences = segment(body).sentences
    lines = ["| system | R-1 | R-2 | R-L | sections of the units |", "|---|---|---|---|---|"]
    for method in ("news", "lead", "textrank", "lexrank"):
        summary = Summarizer(method=method, max_words=118).summarize(body)
        scores = scorer.score(lead, summary.text)
        sections = sorted({sentences[u.sentence].section for u in summary.units})
        lines.append(f"| {method} | " + " | ".join(f"{scores[m].fmeasure * 100:.1f}" for m in scorer.metrics)
                     + f" | {sections} |")
    scores = scorer.score(lead, first_n_words(body, 118))
    lines.append("| first 118 words | " + " | ".join(f"{scores[m].fmeasure * 100:.1f}" for m in scorer.metrics) + " | |")
    return "\n".join(lines)


def cnn_records(data_dir: Path, out: Path) -> Path:
    """The CNN pairs of ant-multi-dev (its abstracts are compressed first sentences; those of
    France24 and Sky News copy the opening), written to ``out`` for the runner."""
    with (data_dir / "ant-multi-dev.jsonl").open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if json.loads(line).get("source") == "ant-cnn":
                dst.write(line)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=500, help="records per set; 0 for all (default: 500)")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--no-sumy", action="store_true", help="skip sumy's LexRank")
    parser.add_argument("--plot", type=Path, help="write the ROUGE-vs-length PNG here")
    args = parser.parse_args(argv)
    limit = args.limit or None
    external = {} if args.no_sumy else {"sumy-lexrank": sumy_lexrank()}
    for name, style, words in SETS:
        path = args.data_dir / name
        if not path.is_file():
            print(f"{path}: missing, skipped", file=sys.stderr)
            continue
        systems = dict(external)
        if style == "headline":
            systems["news-oof"] = headline_out_of_fold(args.data_dir, words)
        report = run_evaluation(path, methods=("news", "lead", "textrank", "lexrank"), max_words=words,
                                style=style, limit=limit, bootstrap=args.bootstrap, external=systems)
        print(f"### {name}, style={style}, --max-words {words}\n")
        print(report.to_markdown())
        print()
    multi = args.data_dir / "ant-multi-dev.jsonl"
    if multi.is_file():
        with tempfile.TemporaryDirectory() as tmp:
            cnn = cnn_records(args.data_dir, Path(tmp) / "ant-cnn-dev.jsonl")
            report = run_evaluation(cnn, methods=("news", "lead"), max_words=25, style="lead", limit=limit,
                                    bootstrap=args.bootstrap)
        print("### ant-multi-dev.jsonl, CNN pairs only, style=lead, --max-words 25\n")
        print(report.to_markdown())
        print()
        # The headline (also the outline's) against the editors' titles of all three outlets.
        report = run_evaluation(multi, methods=("news",), max_words=15, style="headline", limit=limit,
                                bootstrap=args.bootstrap, reference="title")
        print("### ant-multi-dev.jsonl, style=headline (the outline's headline), --max-words 15, against titles\n")
        print(report.to_markdown())
        print()
    print("### The seed's body at 118 words against the seed's lead (the outline's lead paragraph)\n")
    print(seed_table())
    print()
    if args.plot:
        print(plot(args.plot, args.data_dir / SETS[0][0], limit))
        print(f"\nplot written to {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
