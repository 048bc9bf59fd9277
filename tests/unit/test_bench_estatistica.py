"""The bench's own arithmetic: percentiles, cgroup counters, top consumers."""

from __future__ import annotations

from bench.estatistica import percentil
from bench.ocioso import _ler, maiores


def test_the_nearest_rank_percentile_of_a_hundred_values_is_the_ninety_ninth() -> None:
    valores = [float(v) for v in range(1, 101)]

    assert (percentil(valores, 0.5), percentil(valores, 0.99), percentil(valores, 1.0)) == (50.0, 99.0, 100.0)


def test_the_percentile_of_no_values_is_zero() -> None:
    assert percentil([], 0.99) == 0.0


def test_a_cgroup_v2_cpu_stat_is_read_in_microseconds() -> None:
    assert _ler("usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n", "usage_usec", 1.0) == 1500.0


def test_a_cgroup_v1_cpuacct_usage_in_nanoseconds_is_read_in_microseconds() -> None:
    assert _ler("2500000\n", "", 1e-3) == 2500.0


def test_the_top_consumers_come_largest_first() -> None:
    assert maiores({"a": 0.01, "b": 0.03, "c": 0.02}, 2) == [("b", 0.03), ("c", 0.02)]
