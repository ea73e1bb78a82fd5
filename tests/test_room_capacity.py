"""Pages per trainee, per address and per room (``lvm_course.room.capacity``), with a
stand-in for Solara's kernels."""

from __future__ import annotations

import pytest

from lvm_course.room.capacity import Pages
from lvm_course.room.limits import Limits

from .room_stand_in import StandInKernels


@pytest.fixture
def kernels():
    return StandInKernels()


def registry(kernels, **limits) -> Pages:
    return Pages(Limits(**limits), kernels)


def open_page(pages: Pages, kernels: StandInKernels, kid: str, owner: str = "t:1",
              address: str = "10.0.0.1", key: str = "k1") -> str | None:
    full = pages.admit(kid, owner, address, key)
    if full is None:
        kernels.living.add(kid)
    return full


def test_a_trainee_at_the_cap_gets_back_pages_whose_connection_went(kernels):
    pages = registry(kernels, pages_per_trainee=3)
    for n in range(3):
        assert open_page(pages, kernels, f"k{n}") is None
        pages.left(f"k{n}")  # the tab closed its connection; the kernel waits for the cull
    assert open_page(pages, kernels, "k3") is None
    assert kernels.closed == ["k0"]  # the oldest gave way
    assert pages.held(owner="t:1") == 3


def test_when_every_page_is_connected_the_next_is_refused(kernels):
    pages = registry(kernels, pages_per_trainee=2)
    assert open_page(pages, kernels, "a") is None and open_page(pages, kernels, "b") is None
    assert open_page(pages, kernels, "c") == "owner"
    assert pages.room_for("t:1", "10.0.0.1") == "owner"
    assert kernels.closed == [] and pages.held() == 2
    assert pages.room_for("t:2", "10.0.0.1") is None  # someone else is fine


def test_a_reconnect_is_never_refused_but_another_owner_cannot_take_a_kernel(kernels):
    pages = registry(kernels, pages_per_trainee=1)
    assert open_page(pages, kernels, "a") is None
    pages.left("a")
    assert pages.admit("a", "t:1", "10.0.0.1") is None  # the same page coming back
    assert pages.admit("a", "t:2", "10.0.0.9") == "owner"


def test_the_address_and_the_room_have_caps_too(kernels):
    pages = registry(kernels, pages_per_trainee=5, pages_per_address=3, pages=4)
    for n in range(3):
        assert open_page(pages, kernels, f"x{n}", owner=f"t:{n}") is None
    assert open_page(pages, kernels, "x3", owner="t:9") == "address"
    assert open_page(pages, kernels, "y0", owner="t:8", address="10.0.0.2") is None
    assert open_page(pages, kernels, "y1", owner="t:7", address="10.0.0.3") == "room"


def test_pages_that_ended_are_not_counted(kernels):
    pages = registry(kernels, pages_per_trainee=1)
    assert open_page(pages, kernels, "a") is None
    pages.left("a")
    kernels.living.discard("a")  # culled by Solara
    assert pages.held() == 0
    assert open_page(pages, kernels, "b") is None and kernels.closed == []


def test_signing_out_closes_the_other_browsers_pages(kernels):
    pages = registry(kernels)
    open_page(pages, kernels, "laptop", key="mine")
    open_page(pages, kernels, "phone", key="stolen")
    open_page(pages, kernels, "other", owner="t:2", key="theirs")
    assert pages.close_other_keys("t:1", "mine") == 1
    assert kernels.closed == ["phone"]
