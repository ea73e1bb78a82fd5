"""The live session's export for the programme's report: counts per question as CSV, and
a one-page PNG summary with each question's results.

What it holds is what the stage showed: counts by option (only from three answers),
approved words, approved questions with their votes. Never who answered, and no
per-trainee record exists to put in it (:mod:`.session`).
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

from ..fileio import atomic_write_bytes
from ..palette import LEADERSHIP, NEUTRAL
from .session import MIN_SHOWN, LiveSession

__all__ = ["summary_png", "table_csv", "write_export"]


def _rows(history: list[dict[str, Any]]) -> list[list[Any]]:
    rows = []
    for h in history:
        asked = time.strftime("%Y-%m-%d %H:%M", time.localtime(h["asked"])) if h.get("asked") \
            else ""
        base = [h["part"], h["id"], h["kind"], h["title"] or h["text"], asked, h["n"]]
        if h["kind"] in ("choice", "scale", "scenario"):
            for option_id, label, count in h["options"]:
                shown = h["n"] >= MIN_SHOWN
                course = "yes" if h["answers"] and option_id == h["answers"][0] else \
                    "also counts" if option_id in h["answers"] else ""
                if h["kind"] == "scenario":
                    course = "the room's choice" if option_id == h.get("chosen") else ""
                rows.append(base + [label, count if shown else "", course])
        elif h["kind"] == "words":
            rows += [base + [word, n, ""] for word, n in h["words"]] or [base + ["", "", ""]]
        else:
            rows += [base + [text, votes, ""] for text, votes in h["questions"]] or \
                [base + ["", "", ""]]
    return rows


def table_csv(session: LiveSession) -> str:
    """The history as CSV: one row per option (or word, or question)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["part", "question id", "kind", "question", "asked", "answers",
                     "option, word or question", "count (blank below 3 answers)",
                     "course's answer"])
    for row in _rows(session.history()):
        # a cell a spreadsheet would run as a formula is written as text
        writer.writerow([f"'{c}" if isinstance(c, str) and c and c[0] in "=+-@" else c
                         for c in row])
    return out.getvalue()


def summary_png(session: LiveSession) -> bytes:
    """One page: each question with a bar per option (or its top words / questions)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    history = session.history()
    panels = max(1, len(history))
    fig = Figure(figsize=(8.27, max(3.0, 1.9 * panels)), dpi=110)
    fig.suptitle("Live session: how the room answered", fontsize=13, x=0.02, ha="left")
    for k, h in enumerate(history or [None]):
        ax = fig.add_subplot(panels, 1, k + 1)
        if h is None:
            ax.set_axis_off()
            ax.text(0, 0.5, "Nothing was asked.", fontsize=11)
            continue
        title = (h["title"] or h["text"])[:95]
        ax.set_title(f"{title}  (n = {h['n']})", fontsize=9, loc="left")
        if h["kind"] in ("choice", "scale", "scenario") and h["n"] >= MIN_SHOWN:
            labels = [label[:40] for _i, label, _c in h["options"]]
            counts = [c for _i, _l, c in h["options"]]
            marked = [i == (h["answers"][0] if h["answers"] else h.get("chosen"))
                      for i, _l, _c in h["options"]]
            ax.barh(range(len(counts)), counts,
                    color=[LEADERSHIP if m else NEUTRAL for m in marked])
            ax.set_yticks(range(len(counts)), [f"{lab}{' (✓)' if m else ''}"
                                               for lab, m in zip(labels, marked, strict=True)],
                          fontsize=8)
            ax.invert_yaxis()
            for y, c in enumerate(counts):
                ax.text(c, y, f" {c}", va="center", fontsize=8)
            ax.tick_params(axis="x", labelsize=7)
        else:
            ax.set_axis_off()
            if h["kind"] == "words":
                text = ", ".join(f"{w} ({n})" for w, n in h["words"][:12]) or "no words shown"
            elif h["kind"] == "questions":
                text = "; ".join(f"{t[:60]} ({v})" for t, v in h["questions"][:5]) or \
                    "no questions shown"
            else:
                text = f"fewer than {MIN_SHOWN} answers: not shown"
            ax.text(0, 0.5, text, fontsize=8, wrap=True)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def write_export(session: LiveSession, folder: Path) -> tuple[Path, Path]:
    """Write ``live-session.csv`` and ``live-session.png`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, png_path = folder / "live-session.csv", folder / "live-session.png"
    atomic_write_bytes(csv_path, table_csv(session).encode("utf-8"))
    atomic_write_bytes(png_path, summary_png(session))
    return csv_path, png_path
