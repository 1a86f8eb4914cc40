"""The benchmark's reading of the machine: the share of CPU time its host took, its pace."""

from __future__ import annotations

import pytest

from tests.bench import cpu_times, stolen


def test_the_hosts_share_is_steal_over_all_cpu_time_spent_between_two_readings():
    before = [100, 0, 50, 800, 10, 0, 5, 35, 0, 0]
    after = [160, 0, 70, 900, 10, 0, 5, 55, 0, 0]  # 200 spent, 20 of them stolen

    assert stolen(before, after) == 0.1


def test_no_share_where_the_machine_does_not_tell():
    assert stolen(None, [1] * 10) is None
    assert stolen([1, 2, 3], [2, 3, 4]) is None, "no steal figure (an old kernel)"
    assert stolen([1] * 10, [1] * 10) is None, "no time spent between the readings"


def test_a_reading_is_figures_or_nothing():
    reading = cpu_times()
    assert reading is None or all(isinstance(n, int) for n in reading)


def test_the_machine_s_pace_is_the_best_of_three_timings_of_the_same_loop(monkeypatch):
    import tests.bench as bench

    ticks = iter([0.0, 0.9, 1.0, 1.7, 2.0, 2.8])  # three loops: 0.9, 0.7 and 0.8 s
    monkeypatch.setattr(bench, "REFERENCE_WORK", 10)
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(ticks))

    assert bench.reference_loop() == pytest.approx(0.7)
