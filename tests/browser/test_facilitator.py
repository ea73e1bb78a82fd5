"""Journey 3: the facilitator's group board in Voila, fed through the course's share path.

Profiles are shared with :func:`lvm_course.sharing.share_profile` into the group
folder the Voila server reads, one trainee home each. Four in a group: the board
says how many more are needed and draws nothing. Five: the group radar (with its
text alternative). A sixth share shows up after pressing Refresh.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import front_end_errors, open_voila, pick_group, shot

pytestmark = pytest.mark.browser


def test_group_board_threshold_radar_and_refresh(page, voila, share_as):
    for who in range(4):
        share_as("ward-four", who)
    paths = {share_as("ward-five", who) for who in range(5)}
    assert len(paths) == 5  # five trainees, five anonymous files

    open_voila(page, voila, "facilitator/group_board.ipynb", "Refresh")
    radar = page.locator("img.lvm-chart")

    pick_group(page, "ward-four")
    expect(page.get_by_text("4 profiles shared in group 'ward-four'; 1 more needed before "
                            "anything is shown.")).to_be_visible()
    expect(radar).to_have_count(0)
    for kind in ("PNG", "PDF", "CSV"):
        expect(page.get_by_role("button", name=f"Export {kind}")).to_be_disabled()
    shot(page, "voila_board_four_more_needed")

    pick_group(page, "ward-five")
    expect(page.get_by_text("5 profiles shared in group 'ward-five'", exact=True)).to_be_visible()
    group_radar = radar.first
    expect(group_radar).to_be_visible()
    expect(group_radar).to_have_attribute("alt", re.compile(
        r"^Group radar of 5 profiles on six dimensions, 1 to 5: .+ median \d\.\d"))
    expect(page.get_by_text("more needed")).to_have_count(0)
    expect(page.get_by_role("button", name="Export PDF")).to_be_enabled()
    shot(page, "voila_board_five_radar")

    share_as("ward-five", 5)  # a sixth trainee shares while the board is open
    expect(page.get_by_text("5 profiles shared in group 'ward-five'", exact=True)).to_be_visible()
    page.get_by_role("button", name="Refresh").click()
    expect(page.get_by_text("6 profiles shared in group 'ward-five'", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^1 new since last refresh"))).to_be_visible()
    expect(group_radar).to_have_attribute("alt", re.compile(r"^Group radar of 6 profiles"))
    assert front_end_errors(page) == []
    shot(page, "voila_board_six_after_refresh")
