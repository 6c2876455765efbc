"""The bots' package arithmetic: :func:`unique_rows` is ``np.unique(rows, axis=0)`` (the same array, rows sorted
lexicographically, each once), which the bots' candidate pools rely on for their order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiator.ai.valuation import unique_rows


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 40).flatmap(
        lambda n: st.integers(1, 20).flatmap(lambda k: arrays(np.intp, (n, k), elements=st.integers(0, 7)))
    ),
    st.booleans(),
)
def test_unique_rows_is_numpys_unique_over_rows(x: np.ndarray, repeat: bool) -> None:
    if repeat and x.shape[0]:
        x = np.vstack([x, x[::-1], x[: x.shape[0] // 2]])
    expected = np.unique(x, axis=0)
    got = unique_rows(x)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("width", [7, 40])
def test_unique_rows_of_wide_packages_falls_back_and_agrees(width: int) -> None:
    """Packages whose options do not fit one 62-bit integer (40 issues of 8 options) are still de-duplicated."""
    rng = np.random.default_rng(width)
    x = rng.integers(0, 8, (30, width)).astype(np.intp)
    x = np.vstack([x, x[:10]])
    np.testing.assert_array_equal(unique_rows(x), np.unique(x, axis=0))
