"""The package surface: explicit __all__, and a cheap import with no heavy modules."""

from __future__ import annotations

import subprocess
import sys

import lvm_course


def test_all_names_resolve():
    """Every name in __all__ exists, and nothing public is missing from it."""
    for name in lvm_course.__all__:
        assert getattr(lvm_course, name) is not None
    assert "load_course" in lvm_course.__all__ and "score" in lvm_course.__all__


def test_import_loads_nothing_heavy():
    """import lvm_course does not load matplotlib, ipywidgets, pandas, numpy or pydantic."""
    code = ("import sys, time; t = time.perf_counter(); import lvm_course; "
            "d = time.perf_counter() - t; "
            "heavy = [m for m in ('matplotlib', 'ipywidgets', 'pandas', 'numpy', 'pydantic') "
            "if m in sys.modules]; print(heavy, d)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] == "[]", out
