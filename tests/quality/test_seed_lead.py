"""Quality floor of the covering lead: the seed's body at 118 words against the seed's own lead.

The seed document's first paragraph is an editor's 118-word lead that restates every
section in order; the rest (title, intro, subheaded sections) is what mujaz reads. Its lead
must take units from every section and score at least the first-118-words baseline.
"""

from __future__ import annotations

import mujaz
from mujaz.evaluation.baselines import first_n_words
from mujaz.evaluation.rouge import RougeScorer
from mujaz.segment import segment
from tests._support import load_seed

LEAD_WORDS = 118


def _lead_and_body() -> tuple[str, str]:
    lead, body = load_seed().split("\n", 1)
    return lead.strip(), body.strip()


def test_seed_lead_covers_every_section_and_beats_the_first_words() -> None:
    lead, body = _lead_and_body()
    assert len(lead.split()) == LEAD_WORDS
    summary = mujaz.summarize(body, max_words=LEAD_WORDS)
    article = segment(body)
    sections = {article.sentences[u.sentence].section for u in summary.units}
    assert sections == {s.section for s in article.sentences}, "a unit from every section"
    scorer = RougeScorer(("rouge1",))
    ours = scorer.score(lead, summary.text)["rouge1"].fmeasure
    baseline = scorer.score(lead, first_n_words(body, LEAD_WORDS))["rouge1"].fmeasure
    assert summary.word_count <= LEAD_WORDS and not summary.text.endswith("…")
    assert ours >= baseline, (ours, baseline)
