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


def test_every_activity_stays_callable_after_its_modules_load():
    """A notebook calls ``widgets.quiz()`` after other activities imported their modules."""
    import importlib
    import pkgutil

    import lvm_course.widgets as widgets

    for mod in pkgutil.iter_modules(widgets.__path__):
        importlib.import_module(f"lvm_course.widgets.{mod.name}")
    for name in widgets.__all__:
        assert callable(getattr(widgets, name)), name
        assert not isinstance(getattr(widgets, name), type(widgets)), name
