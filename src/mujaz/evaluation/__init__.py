"""Evaluation: Arabic-aware ROUGE, lead baselines, bootstrap intervals and a runner.

>>> from mujaz.evaluation import run_evaluation
>>> report = run_evaluation("shared/data/ant-bbc-dev.jsonl", max_words=25)   # doctest: +SKIP
>>> print(report.to_table())                                                  # doctest: +SKIP
"""

from mujaz.evaluation.baselines import first_line, first_n_words, first_sentence
from mujaz.evaluation.bootstrap import bootstrap_ci
from mujaz.evaluation.data import EvalRecord, read_records
from mujaz.evaluation.rouge import ArabicTokenizer, RougeScorer, Score, Tokenizer, max_over_references, tokenize
from mujaz.evaluation.runner import EvaluationReport, MetricResult, SkippedRecord, SystemResult, run_evaluation

__all__ = [
    "run_evaluation",
    "EvaluationReport",
    "SystemResult",
    "MetricResult",
    "SkippedRecord",
    "RougeScorer",
    "Score",
    "Tokenizer",
    "ArabicTokenizer",
    "tokenize",
    "max_over_references",
    "bootstrap_ci",
    "EvalRecord",
    "read_records",
    "first_sentence",
    "first_line",
    "first_n_words",
]
