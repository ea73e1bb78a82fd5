"""The facilitator's slides, served by ``make room`` beside the room itself.

A facilitator presents from the same notebooks the trainees work through. The room
starts Voila with the course's ``lvm-slides`` template (what ``make present SLIDES=1``
serves; see :mod:`lvm_course.present`) as a child process, and the facilitator page
links each part's slides. One command, one Ctrl-C, for the whole workshop.

Decisions:

- **This computer only.** The slides listen on 127.0.0.1, never on the room's network:
  Voila runs a real Python kernel per opened deck, as the one person presenting, so
  serving it to the room would bring back what the room exists to avoid (everyone
  sharing one set of answers, a kernel per visitor). The facilitator page says so.
- **The facilitator's own answers, in the room folder.** Answers given on a slide (a
  quiz clicked in front of the room) go to the room's facilitator folder, and a
  profile shared from a slide goes to a group folder of the facilitator's own, never
  into the trainees' group board.
- **Quiet and optional.** Voila's log goes to ``facilitator/slides.log`` in the room
  folder, not the terminal; ``--no-slides`` leaves Voila out (a room on a small server
  where nobody presents). If Voila cannot start, the room still opens and the
  facilitator page says the slides are not available, and why, in one sentence.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..present import voila_command, voila_env
from .notebook import NOTEBOOKS

__all__ = ["SLIDES_PROBLEM_VAR", "SLIDES_URL_VAR", "Slides", "slides_environment",
           "start_slides"]

#: how the room's pages learn where the slides are ("" when there are none)
SLIDES_URL_VAR = "LVM_ROOM_SLIDES_URL"
#: why there are none, in a sentence for the facilitator page
SLIDES_PROBLEM_VAR = "LVM_ROOM_SLIDES_PROBLEM"


def _free_port(preferred: int) -> int:
    """``preferred`` if it is free on 127.0.0.1, else any free port."""
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise OSError("no free port on 127.0.0.1")


def slides_environment(facilitator_home: Path, base: dict[str, str] | None = None
                       ) -> dict[str, str]:
    """Voila's environment: the facilitator's folder, a group folder of their own."""
    env = voila_env(base)
    env["LVM_COURSE_HOME"] = str(facilitator_home)
    env["LVM_COURSE_SHARED_DIR"] = str(facilitator_home / "group")
    for var in ("LVM_COURSE_COHORT", "LVM_ROOM_DIR", "LVM_ROOM_JOIN_URL", SLIDES_URL_VAR,
                "SOLARA_APP"):
        env.pop(var, None)
    return env


@dataclass
class Slides:
    """A running slides server: ``url`` ends with ``/``; :meth:`stop` ends it."""

    proc: subprocess.Popen
    url: str
    log: Path

    def part_url(self, part_id: str) -> str:
        return f"{self.url}voila/render/{part_id}.ipynb"

    def stop(self) -> None:
        """End Voila, politely first (it shuts its kernels down; a kernel whose Voila
        is gone ends itself too, ipykernel watches its parent)."""
        for end, wait in ((self.proc.terminate, 10), (self.proc.kill, 5)):
            with contextlib.suppress(ProcessLookupError):
                end()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=wait)
                return


def _end_with_the_room() -> None:
    """In the child, before Voila starts: on Linux, ask for SIGTERM when the room's
    process dies, however it dies (even ``kill -9``), so no Voila is left holding the
    port. Elsewhere the room's ``finally`` and its process group do it. Linux sends the
    signal when the *thread* that started Voila ends: call :func:`start_slides` from the
    thread that lives as long as the room (``serve`` does, from the main thread)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_slides(facilitator_home: Path, preferred_port: int, timeout: float = 60
                 ) -> Slides:
    """Start Voila's slides on 127.0.0.1 and wait until it answers.

    Raises ``RuntimeError`` with a plain sentence (and the log's place) if it does not.
    """
    facilitator_home.mkdir(parents=True, exist_ok=True)
    port = _free_port(preferred_port)
    log = facilitator_home / "slides.log"
    cmd = voila_command(str(NOTEBOOKS), port, slides=True, ip="127.0.0.1")
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=NOTEBOOKS, env=slides_environment(facilitator_home),
                                stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL,
                                preexec_fn=_end_with_the_room)  # noqa: PLW1509
    slides = Slides(proc, f"http://127.0.0.1:{port}/", log)
    deadline = time.monotonic() + timeout
    while True:  # a server coming up: nothing to wait on but its answer
        if proc.poll() is not None:
            raise RuntimeError(f"the slides server stopped at start (see {log})")
        try:
            with urllib.request.urlopen(slides.url + "voila/tree", timeout=5):  # noqa: S310
                return slides
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                slides.stop()
                raise RuntimeError(f"the slides server did not answer within {timeout:.0f} s "
                                   f"(see {log})") from None
            time.sleep(0.2)
