"""Small, careful file helpers: atomic writes and bounded reads.

A write goes to a temporary file in the same folder, is flushed to disk, then
renamed over the target (``os.replace`` is atomic on POSIX and Windows), so a reader
sees the old file or the new one, never half of one, even with many writers.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["MAX_JSON_BYTES", "atomic_write_bytes", "atomic_write_json", "read_bounded"]

#: Larger files are refused unread: a profile is a few kilobytes.
MAX_JSON_BYTES = 1024 * 1024

def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (creating the folder if needed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

def atomic_write_json(path: Path | str, value: Any) -> None:
    """Write ``value`` as indented UTF-8 JSON, atomically."""
    text = json.dumps(value, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))

def read_bounded(path: Path | str, limit: int = MAX_JSON_BYTES) -> bytes:
    """Read at most ``limit`` bytes of a regular file.

    Raises:
        ValueError: the file is larger than ``limit`` or is not a regular file.
        OSError: it cannot be opened or read.
    """
    path = Path(path)
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())

        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        if st.st_size > limit:
            raise ValueError(f"too large ({st.st_size:,} bytes; the limit is {limit:,})")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"too large (over {limit:,} bytes)")
    return data
