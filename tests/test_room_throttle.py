"""Guessing is slowed per address and never refused outright; rates count per address
(``lvm_course.room.throttle``), on a clock the test moves by hand."""

from __future__ import annotations

from lvm_course.room.throttle import Rate, Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_free_tries_then_a_doubling_wait_capped_at_a_minute():
    clock = Clock()
    t = Throttle(free=3, clock=clock)
    for _ in range(3):
        assert t.begin("a") == 0
        t.failed("a")
    waits = []
    for _ in range(8):
        wait = t.begin("a")
        assert wait > 0  # too soon: not checked
        waits.append(round(wait))
        clock.now += wait
        assert t.begin("a") == 0
        t.failed("a")
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60]


def test_a_try_that_comes_too_soon_is_not_counted():
    clock = Clock()
    t = Throttle(free=1, clock=clock)
    assert t.begin("a") == 0
    t.failed("a")
    for _ in range(50):  # hammering while told to wait changes nothing
        assert t.begin("a") > 0
    clock.now += 2
    assert t.begin("a") == 0


def test_other_addresses_are_never_slowed_by_one_guesser():
    clock = Clock()
    t = Throttle(free=2, clock=clock)
    for _ in range(2):
        t.begin("guesser")
        t.failed("guesser")
    assert t.begin("guesser") > 0
    for n in range(200):
        assert t.begin(f"trainee-{n}") == 0
        t.passed(f"trainee-{n}")


def test_one_try_at_a_time_once_slowed():
    clock = Clock()
    t = Throttle(free=1, clock=clock)
    t.begin("a")
    t.failed("a")
    clock.now += 5
    assert t.begin("a") == 0  # being checked...
    assert t.begin("a") >= 1  # ...so a second try at the same moment waits


def test_failures_leave_the_window_and_quiet_addresses_are_forgotten():
    clock = Clock()
    t = Throttle(free=1, window=600, clock=clock)
    for n in range(100):
        t.begin(f"a{n}")
        t.failed(f"a{n}")
    assert t.callers() == 100
    clock.now += 601
    assert t.begin("a0") == 0  # its failure is out of the window
    assert t.callers() == 1  # the other 99 are forgotten


def test_rate_counts_per_caller_and_says_how_long_to_wait():
    clock = Clock()
    r = Rate(2, window=600, clock=clock)
    assert r.take("a") == 0 and r.take("a") == 0
    clock.now += 100
    assert r.take("a") == 500  # the first one leaves the window in 500 s
    assert r.take("b") == 0
    clock.now += 501
    assert r.take("a") == 0
