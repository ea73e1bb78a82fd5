"""The radar chart and the handouts: what they draw and say, not how fast."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import numpy as np
import pytest

from lvm_course.charts import RadarChart, img_html, radar_alt, radar_png
from lvm_course.handout import profile_pages, write_profile_handout
from lvm_course.plan_handout import plan_markdown, plan_pages, write_plan_handout
from lvm_course.scoring import score

from .conftest import all_answers

EVIL = "<img src=x onerror=alert(1)> $x^2$ \\frac{a}{b}"


def pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def mixed(course):
    return score(course, {i.id: 1 + k % 5 for k, i in enumerate(course.items)})


def test_png_changes_with_the_answers_and_repeats_exactly(course):
    chart = RadarChart(course, title="Your profile")
    a = chart.update(score(course, all_answers(course, 2))).png()
    b = chart.update(score(course, all_answers(course, 5))).png()
    assert a[:8] == b"\x89PNG\r\n\x1a\n" and a != b
    assert chart.update(score(course, all_answers(course, 2))).png() == a


def test_blitted_png_matches_a_full_render(course):
    """The fast path (background + data lines) draws what a full redraw draws."""
    chart = RadarChart(course, title="Your profile")
    chart.update(mixed(course), overlay=score(course, all_answers(course, 4)),
                 overlay_label="earlier self")
    fast, full = pixels(chart.png()), pixels(chart.png_full())
    assert fast.shape == full.shape
    differing = np.mean(np.abs(fast - full).sum(axis=2) > 60)
    assert differing < 0.01, f"{differing:.2%} of pixels differ"


def test_the_profile_line_is_drawn_where_the_scores_are(course):
    """All 5s reach the outer ring; all 1s do not: the dark line moves outwards."""
    chart = RadarChart(course)
    low = pixels(chart.update(score(course, all_answers(course, 1))).png())
    high = pixels(chart.update(score(course, all_answers(course, 5))).png())
    dark = lambda img: (img.sum(axis=2) < 200)  # noqa: E731 -- the #333 profile line
    ys, xs = np.nonzero(dark(high) & ~dark(low))
    h, w = high.shape[:2]
    # the new dark pixels lie far from the centre of the plot
    cy, cx = np.nonzero(dark(low))[0].mean(), np.nonzero(dark(low))[1].mean()
    assert len(ys) > 200
    assert np.median(np.hypot(ys - cy, xs - cx)) > 0.15 * min(h, w)


def test_alt_text_says_every_number(course):
    s = mixed(course)
    alt = RadarChart(course).update(s).alt_text()
    for dim in course.dimensions:
        assert f"{dim.name} ({dim.pole}) {s.dimensions[dim.id].score:.1f}" in alt
    if s.balance is not None:  # the two sides' levels, not a bare gap (see interpret.py)
        assert f"Leadership {s.leadership:.1f}, management {s.management:.1f}." in alt


def test_alt_text_for_no_and_partial_answers(course):
    assert "no answers yet" in radar_alt(course, None)
    first = course.items[0]
    s = score(course, {first.id: 4})
    alt = radar_alt(course, s)
    dim = course.dimension(first.dimension)
    assert f"{dim.name} ({dim.pole}) not enough answers yet (1 of" in alt


def test_incomplete_dimension_has_no_point(course):
    chart = RadarChart(course).update(score(course, {course.items[0].id: 4}))
    assert np.all(np.isnan(chart.line.get_ydata()))


def test_overlay_is_described_and_drawn(course):
    chart = RadarChart(course).update(mixed(course), overlay=score(course,
                                      all_answers(course, 3)), overlay_label="a colleague")
    assert "Compared with a colleague" in chart.alt_text()
    assert not np.any(np.isnan(chart.overlay.get_ydata()))


def test_label_is_text_not_markup_or_maths(course):
    """A trainee's label with $ and TeX draws as typed (no mathtext error)."""
    chart = RadarChart(course, title="Your profile")
    png = chart.update(mixed(course), label=EVIL).png()
    assert png[:4] == b"\x89PNG" and chart.title.get_text().endswith(EVIL)
    html = img_html(png, chart.alt_text())
    assert "<img src=x" not in html.replace('<img src="data', "") and "&lt;img" in html
    assert chart.svg().startswith(b"<?xml")


def test_radar_png_one_off(course):
    assert radar_png(course, mixed(course))[:4] == b"\x89PNG"


def test_profile_handout_is_one_page_with_scores_and_tips(course, tmp_path):
    s = mixed(course)
    pages = profile_pages(course, s, label=EVIL, created=datetime(2026, 11, 22, tzinfo=UTC))
    assert len(pages.figures) == 1, "the profile handout must fit one page"
    text = "\n".join(pages.texts())
    assert EVIL in text and "22 November 2026" in text
    for dim in course.dimensions:
        assert dim.name in text
    assert "Where to grow first" in text and "Sources:" in text
    pdf = write_profile_handout(course, s, tmp_path / "p.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type /Page\b", data)) == 1
    png = write_profile_handout(course, s, tmp_path / "p.png")
    assert pixels(png.read_bytes()).shape[:2] == (1753, 1240)  # A4 (8.27 x 11.69 in) at 150 dpi


def test_handout_refuses_other_formats(course, tmp_path):
    with pytest.raises(ValueError, match=r"\.pdf or \.png"):
        write_profile_handout(course, mixed(course), tmp_path / "p.docx")
    assert not list(tmp_path.iterdir())


def test_plan_handout_and_markdown_keep_the_trainees_words(course, tmp_path):
    s = mixed(course)
    dims = [course.dimensions[0].id, course.dimensions[4].id]
    plan = {"dimensions": [*dims, "no-such-dimension"], "created": "2026-11-22T10:00:00+00:00",
            "commitments": {dims[0]: "Tell the team the plan\n" + EVIL}}
    text = "\n".join(plan_pages(course, plan, s).texts())
    assert "Tell the team the plan" in text and EVIL in text
    assert "(nothing written yet)" in text  # the second dimension has no commitment
    md = plan_markdown(course, plan, s)
    assert "&lt;img src=x onerror=alert(1)&gt;" in md and "<img" not in md
    assert f"## {course.dimensions[0].name}" in md and "no-such-dimension" not in md
    out = write_plan_handout(course, plan, s, tmp_path / "plan.pdf")
    assert out.read_bytes().startswith(b"%PDF")


def test_a_very_long_commitment_continues_on_a_second_pdf_page(course, tmp_path):
    s = mixed(course)
    dims = [d.id for d in course.dimensions[:3]]
    plan = {"dimensions": dims, "commitments": {d: "word " * 400 for d in dims}}
    pages = plan_pages(course, plan, s)
    assert len(pages.figures) >= 2
    data = write_plan_handout(course, plan, s, tmp_path / "plan.pdf").read_bytes()
    assert len(re.findall(rb"/Type /Page\b", data)) == len(pages.figures)
    png = write_plan_handout(course, plan, s, tmp_path / "plan.png")
    assert png.read_bytes()[:4] == b"\x89PNG"
