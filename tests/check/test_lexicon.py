"""The checker's word lists (mujaz.check.lexicon)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from mujaz.check.lexicon import LEXICON_PATH, is_common, is_name_like, lexicon
from mujaz.check.text import word_info
from mujaz.normalize import normalize_keep_teh_marbuta


def test_lexicon_is_loaded_once_per_process() -> None:
    assert lexicon() is lexicon()


def test_lexicon_lists_are_filled() -> None:
    lex = lexicon()
    for name in ("number_words", "scales", "dates", "negators", "polarity", "qualifiers", "reporting_verbs",
                 "places", "vocabulary", "rare", "stopwords"):
        assert len(getattr(lex, name)) > 5, name


def test_lexicon_polarity_pairs_have_two_sides() -> None:
    data = json.loads(resources.files("mujaz").joinpath(LEXICON_PATH).read_text(encoding="utf-8"))
    assert all(len(pair) == 2 and all(side.split() for side in pair) for pair in data["polarity"])
    found = {side for entries in lexicon().polarity.values() for _, side in entries}
    assert found == {0, 1}


def _info(word: str):
    folded, base, stem, _ = word_info(normalize_keep_teh_marbuta(word).lower())
    return stem, base, folded


@pytest.mark.parametrize("word", ["الحكومة", "تقارير", "مهمة", "ينصحون", "توبخ", "بلدها", "يحل"])
def test_lexicon_common_words_and_verb_forms_are_not_names(word: str) -> None:
    stem, base, folded = _info(word)
    assert not is_name_like(stem, base, folded)


@pytest.mark.parametrize("word", ["ترامب", "موسكو", "كيدمان", "أردوغان"])
def test_lexicon_names_read_as_names(word: str) -> None:
    stem, base, folded = _info(word)
    assert is_name_like(stem, base, folded)
    assert not is_common(stem, folded)
