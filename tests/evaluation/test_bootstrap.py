"""Tests for mujaz.evaluation.bootstrap."""

from __future__ import annotations

import numpy as np
import pytest

from mujaz.errors import ConfigError, InputError
from mujaz.evaluation.bootstrap import bootstrap_ci


def _sample(n: int = 200) -> np.ndarray:
    return np.random.default_rng(42).uniform(0, 100, size=n)


def test_bootstrap_is_deterministic_for_a_seed():
    values = _sample()
    assert bootstrap_ci(values, seed=7) == bootstrap_ci(values, seed=7)
    assert bootstrap_ci(values, seed=7) != bootstrap_ci(values, seed=8)


def test_bootstrap_interval_contains_the_mean():
    values = _sample()
    low, high = bootstrap_ci(values)
    assert low < values.mean() < high
    # The half-width is about 1.96 standard errors (uniform(0, 100): sd ~ 28.9).
    assert 2.0 < (high - low) / 2 < 6.0


def test_bootstrap_wider_confidence_gives_wider_interval():
    values = _sample()
    low90, high90 = bootstrap_ci(values, confidence=0.90)
    low99, high99 = bootstrap_ci(values, confidence=0.99)
    assert low99 <= low90 and high90 <= high99


def test_bootstrap_constant_values_give_a_point():
    assert bootstrap_ci([0.1] * 37) == (0.1, 0.1)
    assert bootstrap_ci([5.0]) == (5.0, 5.0)


def test_bootstrap_large_input_is_batched_consistently():
    # 3000 values: 500 resamples take two batches; still deterministic and sensible.
    values = np.random.default_rng(0).normal(50, 10, size=3000)
    first = bootstrap_ci(values, n_resamples=500, seed=3)
    assert first == bootstrap_ci(values, n_resamples=500, seed=3)
    assert first[0] < values.mean() < first[1]


def test_bootstrap_rejects_bad_input():
    with pytest.raises(InputError):
        bootstrap_ci([])
    with pytest.raises(InputError):
        bootstrap_ci([1.0, float("nan")])
    with pytest.raises(ConfigError):
        bootstrap_ci([1.0], n_resamples=0)
    with pytest.raises(ConfigError):
        bootstrap_ci([1.0], confidence=1.0)
    with pytest.raises(ConfigError):
        bootstrap_ci([1.0], n_resamples=True)
