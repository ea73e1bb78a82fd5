"""Peak memory of one trainee: the kernel running every notebook, as on a hub.

For sizing The Littlest JupyterHub: memory ~ concurrent users x peak per user +
128 MB. A user's peak is their single-user Jupyter server plus one kernel per open
notebook; trainees work through one notebook at a time, so the figure is the
server's resident size plus the largest kernel peak (VmHWM) over the notebooks.
Run: ``python bench/bench_kernel_memory.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    import nbformat
    from jupyter_client.manager import start_new_kernel

    tmp = Path(tempfile.mkdtemp(prefix="lvm-mem-"))
    os.environ["LVM_COURSE_HOME"] = str(tmp / "home")
    os.environ["MPLCONFIGDIR"] = str(tmp / "mpl")
    peaks = {}
    for path in sorted((REPO / "notebooks").glob("[0-9]*.ipynb")):
        km, kc = start_new_kernel(kernel_name="python3", cwd=str(path.parent))
        try:
            for cell in nbformat.read(path, as_version=4).cells:
                if cell.cell_type == "code":
                    kc.execute_interactive(cell.source, timeout=120, output_hook=lambda m: None)
            if path.stem == "05_self_profile":  # answer everything, export a handout
                kc.execute_interactive(
                    "from lvm_course.widgets.session import session\n"
                    "from lvm_course.widgets.survey import Questionnaire\n"
                    "from lvm_course.widgets.results import ProfileResults\n"
                    "q = Questionnaire(session())\n"
                    "for n, c in enumerate(q.controls.values()): c.value = 1 + n % 5\n"
                    "ProfileResults(session()).export('.pdf')", timeout=120,
                    output_hook=lambda m: None)
            peaks[path.stem] = peak_kb(km.provisioner.process.pid)
        finally:
            km.shutdown_kernel(now=True)
            kc.stop_channels()
    # a single-user Jupyter server, idle with the lab page loaded once
    port = 8899
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp / "rt"))
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         "--ServerApp.token=", "--ServerApp.password=", "--allow-root",
         f"--ServerApp.root_dir={REPO / 'notebooks'}"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(1)
        server_kb = rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
    print("kernel peak memory (VmHWM) per notebook, MB")
    for name, kb in peaks.items():
        print(f"  {name:22s} {kb / 1024:6.0f}")
    worst = max(peaks.values())
    per_user = (worst + server_kb) / 1024
    print(f"  jupyter server (idle)  {server_kb / 1024:6.0f}")
    print(f"peak per user (server + largest kernel): {per_user:.0f} MB")
    every = (sum(peaks.values()) + server_kb) / 1024
    print(f"worst case, all {len(peaks)} kernels left running: {every:.0f} MB "
          "(cull idle kernels on a hub)")
    for users in (20, 50, 100):
        print(f"  TLJH for {users:3d} concurrent users: ~{(users * per_user + 128) / 1024:.1f} GB")


if __name__ == "__main__":
    main()
