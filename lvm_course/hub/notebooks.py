"""The course's notebooks in a hub user's home, at their server's start.

On a hub the package is installed once in the user environment (an image, or TLJH's
user env) but each trainee needs the notebooks in their own home to open them in
JupyterLab. :func:`install_notebooks` copies every notebook that is missing and never
touches one that exists (the nbgitpuller rule: a trainee's copy is theirs), so a
server that starts again, or a course update that adds a part, only adds files.
Answers never live in the notebooks (``LVM_COURSE_HOME``), so nothing is lost either way.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from ..errors import LvmCourseError

__all__ = ["SOURCE", "install_notebooks", "target_folder"]

SOURCE = Path(__file__).resolve().parent.parent.parent / "notebooks"
_SKIP = {".ipynb_checkpoints", "__pycache__"}


def target_folder(root: Path | str, name: str) -> Path:
    """``root/name`` for a relative ``name`` that stays inside ``root``.

    Raises:
        LvmCourseError: ``name`` is empty, absolute or climbs out of ``root``.
    """
    rel = PurePosixPath(name.strip())
    if not name.strip() or rel.is_absolute() or ".." in rel.parts:
        raise LvmCourseError(f"the notebooks folder {name!r} must be a relative folder "
                             "inside the user's home")
    return Path(root) / rel


def install_notebooks(dest: Path | str, source: Path | str = SOURCE) -> list[Path]:
    """Copy each file of ``source`` missing under ``dest``; return the ones copied."""
    src, dest = Path(source), Path(dest)
    copied = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if not path.is_file() or _SKIP & set(rel.parts):
            continue
        target = dest / rel
        if target.exists() or target.is_symlink():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copied.append(target)
    return copied
