"""Tests for mujaz.sections: sections by subheading and by topic shift."""

from __future__ import annotations

import numpy as np
import pytest

from mujaz.features import compute_features
from mujaz.sections import MIN_TOPIC_SECTIONS, WORDS_PER_SECTION, gap_depth, gap_similarity, story_sections
from mujaz.segment import segment
from tests._support import load_seed
from tests.test_assembly import _topics_text


def _prepare(text: str):
    article = segment(text, clauses=False)
    return article, compute_features(article)


def test_sections_follow_subheadings_on_the_seed() -> None:
    article, features = _prepare(load_seed())
    sections = story_sections(article, features)
    assert [s.heading is None for s in sections] == [True, False, False, False]
    assert [article.sentences[s.start].section for s in sections] == [0, 1, 2, 3]
    assert sections[0].start == 0 and sections[-1].end == len(article.sentences)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:]))


def test_sections_topic_shift_finds_the_three_topics() -> None:
    article, features = _prepare(_topics_text())
    sections = story_sections(article, features)
    blocks = [{article.sentences[i].block for i in range(s.start, s.end)} for s in sections]
    assert len(sections) == 3 and all(len(b) == 1 for b in blocks)
    assert all(s.heading is None for s in sections)


def test_sections_short_article_gets_min_sections_at_sentences() -> None:
    text = "الجملة الأولى عن المطر. الجملة الثانية عن الفريق.\nفقرة أخرى عن الحكومة. وجملة رابعة عن الطقس."
    article, features = _prepare(text)
    assert int(features.word_counts.sum()) < WORDS_PER_SECTION
    sections = story_sections(article, features)
    assert len(sections) == MIN_TOPIC_SECTIONS and sections[-1].end == len(article.sentences)


def test_sections_one_sentence_is_one_section() -> None:
    article, features = _prepare("جملة وحيدة عن المطر والطقس.")
    assert [(s.start, s.end) for s in story_sections(article, features)] == [(0, 1)]


@pytest.mark.parametrize("max_sections", [1, 2, 3])
def test_sections_max_sections_is_respected(max_sections: int) -> None:
    article, features = _prepare(_topics_text())
    assert len(story_sections(article, features, max_sections=max_sections)) == max_sections


def test_sections_gap_similarity_matches_a_dense_computation() -> None:
    article, features = _prepare(_topics_text())
    dense = features.matrix.dense(features.tfidf)
    n, w = dense.shape[0], 3
    expected = []
    for g in range(1, n):
        left, right = dense[max(0, g - w) : g].sum(0), dense[g : g + w].sum(0)
        norm = np.linalg.norm(left) * np.linalg.norm(right)
        expected.append(float(left @ right / norm) if norm else 0.0)
    assert np.allclose(gap_similarity(features, w), expected)


def test_sections_gap_depth_of_a_valley() -> None:
    depth = gap_depth(np.array([0.9, 0.8, 0.1, 0.7, 0.9]), reach=2)
    assert int(np.argmax(depth)) == 2 and depth[2] == pytest.approx(0.8 + 0.8)
    assert depth[0] == 0.0
