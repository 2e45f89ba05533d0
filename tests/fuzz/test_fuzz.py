"""The fast fuzzing profile: generated bad input of every format, read as a run reads it.

Each example is one generated file (``tests/fuzz/inputs.py``); it must end as
articles, skips and errors that name it, with no exception and within its time
bound. The long profile (``benchmarks/bench_fuzz.py``) runs the same generator
on ten thousand inputs and more.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.inputs import FORMATS, check_input, make_input


def _check(rng: random.Random, through_store: bool) -> None:
    generated = make_input(rng)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / generated.name
        path.write_bytes(generated.data)
        outcome = check_input(path, through_store=through_store, bound_s=120)
    assert outcome.crash is None, (generated.kind, outcome.crash)
    assert not outcome.hang, generated.kind
    assert not outcome.lost, (generated.kind, outcome.lost)


@given(st.randoms(use_true_random=False))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_generated_input_is_read_without_loss(rng: random.Random) -> None:
    _check(rng, through_store=False)


@pytest.mark.slow
@given(st.randoms(use_true_random=False))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_generated_input_goes_through_a_run_into_the_store(rng: random.Random) -> None:
    _check(rng, through_store=True)


def test_the_generator_covers_every_format() -> None:
    rng = random.Random(7)
    kinds = {make_input(rng, n).kind.split("+")[0] for n in range(300)}
    assert kinds == set(FORMATS)
