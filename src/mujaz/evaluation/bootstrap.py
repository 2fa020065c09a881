"""Seeded percentile-bootstrap confidence intervals."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from mujaz.errors import ConfigError, InputError

__all__ = ["bootstrap_ci", "DEFAULT_RESAMPLES", "DEFAULT_CONFIDENCE"]

DEFAULT_RESAMPLES = 1000
DEFAULT_CONFIDENCE = 0.95
# Cap on index-array size per batch (about 8 MB of int64), so memory stays flat on large sets.
_BATCH_CELLS = 1 << 20


def bootstrap_ci(
    values: Sequence[float] | np.ndarray,
    *,
    n_resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile-bootstrap confidence interval of the mean of ``values``.

    The same ``seed`` and number of values draw the same resamples, so intervals of
    several systems scored on the same documents are paired and the result is repeatable.

    Args:
        values: the per-item scores.
        n_resamples: how many resamples (with replacement) to draw.
        confidence: the interval's coverage, in ``(0, 1)``.
        seed: seed of the :func:`numpy.random.default_rng` generator.

    Returns:
        ``(low, high)`` bounds of the interval.

    Raises:
        InputError: ``values`` is empty or holds a non-finite number.
        ConfigError: ``n_resamples`` or ``confidence`` is out of range.
    """
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int) or n_resamples < 1:
        raise ConfigError(f"n_resamples must be a positive integer, got {n_resamples!r}")
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not (0 < confidence < 1):
        raise ConfigError(f"confidence must be in (0, 1), got {confidence!r}")
    data = np.asarray(values, dtype=np.float64).ravel()
    if data.size == 0:
        raise InputError("cannot bootstrap an empty sequence")
    if not np.all(np.isfinite(data)):
        raise InputError("values must be finite numbers (found NaN or infinity)")
    rng = np.random.default_rng(seed)
    n = data.size
    batch = max(1, _BATCH_CELLS // n)
    means = np.empty(n_resamples, dtype=np.float64)
    for start in range(0, n_resamples, batch):
        stop = min(n_resamples, start + batch)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = data[idx].mean(axis=1)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    # Rounding in the means can put a bound a hair outside the data's range (constant data).
    lo, hi = float(data.min()), float(data.max())
    return min(max(float(low), lo), hi), min(max(float(high), lo), hi)
