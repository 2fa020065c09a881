"""Tests for mujaz.evaluation.baselines."""

from __future__ import annotations

import pytest

from mujaz.errors import ConfigError
from mujaz.evaluation.baselines import first_line, first_n_words, first_sentence

ARTICLE = (
    "أعلنت وزارة الصحة عن حملة تطعيم جديدة. وتستمر الحملة أسبوعين في جميع المحافظات.\n"
    "وقال الوزير إن الهدف هو الوصول إلى مليون طفل.\n"
)


def test_first_sentence_is_the_segmenters_first_sentence():
    assert first_sentence(ARTICLE) == "أعلنت وزارة الصحة عن حملة تطعيم جديدة."


def test_first_sentence_of_text_without_sentences_is_empty():
    assert first_sentence("") == ""


def test_first_line_skips_blank_lines():
    assert first_line("\n   \n  السطر الأول  \nالسطر الثاني") == "السطر الأول"
    assert first_line(ARTICLE) == ARTICLE.split("\n")[0]


def test_first_line_of_blank_text_is_empty():
    assert first_line(" \n\t\n") == ""


def test_first_line_splits_only_at_newlines():
    # A form feed or Unicode line separator is not a paragraph break in the data files.
    assert first_line("أ\u2028ب\x0cج\nد") == "أ\u2028ب\x0cج"


def test_first_n_words_counts_whitespace_words():
    assert first_n_words(ARTICLE, 3) == "أعلنت وزارة الصحة"
    assert first_n_words("كلمة\n\nأخرى\tثالثة", 5) == "كلمة أخرى ثالثة"
    assert first_n_words("", 4) == ""


@pytest.mark.parametrize("n", [0, -2, 2.0, True])
def test_first_n_words_rejects_bad_n(n):
    with pytest.raises(ConfigError):
        first_n_words(ARTICLE, n)
