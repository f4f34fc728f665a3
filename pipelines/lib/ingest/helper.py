"""A second Python process that runs named functions for this one, in the order they are sent.

On two cores a CPU-bound check can share its work: a fresh interpreter (nothing of the caller's
is imported or run in it) imports only the modules of the functions it is asked to run, so it
can be started early and be ready when its share is. Each task is a function named
`"module:function"` and its arguments, pickled into a file of the helper's own temporary folder
whose name goes down the process's stdin: the caller never waits for the helper to read it (a
pipe holds 64 KiB, and a writer thread would stall on every refill; measured: a cold check of
45,900 records took 16 s instead of 13). Each result comes back on its stdout, in order, as its
length and then its pickle (so `Helper.idle` can poll the pipe without waiting).

The helper only ever saves time: when it cannot be started, fails or dies, `Pending.result`
raises `HelperFailed` and the caller does that work itself.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import select
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from pipelines.lib.settings import REPO_ROOT

PROGRAM = "import sys; from pipelines.lib.ingest.helper import serve; serve(sys.argv[1])"


class HelperFailed(Exception):
    """The helper did not give a task's result (it could not start, raised, or died)."""


class Helper:
    """One helper process; `submit` a task, later ask its `Pending` for the result; `close`."""

    def __init__(self, process: subprocess.Popen, folder: str):
        self.process, self.folder = process, folder
        self._sent = 0
        self._received: list[Any] = []
        self._broken = False

    @classmethod
    def start(cls) -> Helper | None:
        """A started helper, or None when no process can be started (the caller works alone)."""
        path = [str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
        folder = tempfile.mkdtemp(prefix="atlas-helper-")
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", PROGRAM, folder],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=0,  # results are read straight off the pipe: `idle` polls it
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        return cls(process, folder)

    def submit(self, target: str, *args: Any) -> Pending:
        """Send `target(*args)` (`target`: "module:function") to run after the earlier tasks."""
        pending = Pending(self, self._sent)
        self._sent += 1
        task = Path(self.folder) / f"task-{pending.index}.pickle"
        try:
            with task.open("wb") as fh:
                pickle.dump((target, args), fh, pickle.HIGHEST_PROTOCOL)
            self.process.stdin.write(f"{task}\n".encode("utf-8", "surrogateescape"))
            self.process.stdin.flush()
        except (OSError, ValueError):  # no room for the task, or the helper died
            self._broken = True
        return pending

    def _read_result(self) -> None:
        """Read the next result (its length, then its pickle): blocks until it is whole."""
        fd = self.process.stdout.fileno()
        try:
            (size,) = struct.unpack(">Q", _read_exactly(fd, 8))
            self._received.append(pickle.loads(_read_exactly(fd, size)))
        except Exception:  # noqa: BLE001 - a helper that died mid-way: nothing usable
            self._broken = True

    def _result(self, index: int) -> Any:
        while len(self._received) <= index and not self._broken:
            self._read_result()
        if index >= len(self._received):
            raise HelperFailed(f"the second process failed (exit {self.exit_code()})")
        status, value = self._received[index]
        if status != "ok":
            raise HelperFailed(f"the second process failed ({value})")
        return value

    def idle(self) -> bool:
        """True when every task sent has a result here (or the helper failed): it is free for
        the next one. Never waits: a result is read only once the helper has begun sending
        it (and is then read whole)."""
        fd = self.process.stdout.fileno()
        while len(self._received) < self._sent and not self._broken:
            if not select.select([fd], [], [], 0)[0]:
                return False
            self._read_result()
        return True

    def exit_code(self) -> int | None:
        """The helper's exit code once it has ended (waits briefly for one that is closing)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            return self.process.wait(timeout=5)
        return None

    def close(self) -> None:
        """No more tasks: the helper ends once it has run those sent; it is killed at once
        when a result was not asked for (nobody wants it), or when it does not end."""
        if len(self._received) < self._sent and not self._broken:
            self.process.kill()
        with contextlib.suppress(OSError, ValueError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_exactly(fd: int, size: int) -> bytes:
    """`size` bytes from the pipe `fd` (EOFError when it ends before)."""
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError(f"the helper's output ended {left} bytes short")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class Pending:
    """A task sent to a helper; `result()` waits for it (raises `HelperFailed`)."""

    def __init__(self, helper: Helper, index: int):
        self.helper, self.index = helper, index

    def result(self) -> Any:
        return self.helper._result(self.index)


def serve(folder: str) -> None:
    """The helper's loop: run each task named on stdin, write (status, result) to stdout. At
    the end of its input (the caller closed it, or died) it removes its task folder, so a
    killed caller leaves no task behind, and leaves at once (`os._exit`, as
    `multiprocessing`'s workers do): every result is already flushed, and tearing down a heap
    of parsed records took ~0.3 s that the caller spent waiting in `close`."""
    stdout = sys.stdout.buffer
    try:
        for line in sys.stdin.buffer:
            task = Path(line.rstrip(b"\n").decode("utf-8", "surrogateescape"))
            with task.open("rb") as fh:
                target, args = pickle.load(fh)
            task.unlink()
            module, name = target.split(":")
            try:
                outcome = ("ok", getattr(importlib.import_module(module), name)(*args))
            except Exception as exc:  # noqa: BLE001 - reported to the caller, which does the work
                outcome = ("error", f"{type(exc).__name__}: {exc}")
            data = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
            stdout.write(struct.pack(">Q", len(data)) + data)
            stdout.flush()
    except OSError:  # the caller is gone (a broken pipe) or removed the folder: nobody waits
        pass
    shutil.rmtree(folder, ignore_errors=True)
    os._exit(0)
