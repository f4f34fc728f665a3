"""`make run` serves on 127.0.0.1 only and never calls home (issue 18): the exact streamlit
command `make -n run` prints is started, and the kernel's table of listening sockets is read for
its process. No network: the server is only ever asked on 127.0.0.1."""

import os
import shlex
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_command(port: int) -> list[str]:
    out = subprocess.run(
        ["make", "-n", "run", f"PORT={port}"], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout
    line = out.replace("\\\n", " ")
    serve = next(x for x in line.splitlines() if "streamlit run" in x)
    return shlex.split(serve)


def _listening(pid: int, port: int) -> set[str]:
    """Local addresses (hex, as /proc/net/tcp{,6} gives them) listening on `port` (any process
    of ours is the only one on a free port)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_make_run_listens_on_loopback_only_and_sends_no_usage_stats(tmp_path):
    port = _free_port()
    cmd = _serve_command(port)
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    cmd += ["--server.fileWatcherType", "none"]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "ATLAS_WAREHOUSE": str(tmp_path / "x")}
    log = (tmp_path / "streamlit.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
                    assert r.status == 200
                    break
            except OSError:
                assert proc.poll() is None, (tmp_path / "streamlit.log").read_text()
                assert time.monotonic() < deadline, "streamlit did not start in 60 s"
                time.sleep(0.5)
        # 0100007F is 127.0.0.1; 00000000 (0.0.0.0) or :: would be every interface
        assert _listening(proc.pid, port) == {"0100007F"}
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
