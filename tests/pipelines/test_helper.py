"""`helper.py`: a second Python process that runs named functions, in order (a real process)."""

import os
import subprocess
import time

import pytest

from pipelines.lib.ingest.helper import Helper, HelperFailed


def test_results_come_back_in_order_whichever_is_asked_first():
    with Helper.start() as helper:
        first = helper.submit("math:factorial", 5)
        second = helper.submit("os.path:join", "a", "b")
        assert second.result() == os.path.join("a", "b")
        assert first.result() == 120
        assert first.result() == 120  # asked again: the same result


def test_a_large_argument_goes_through_a_file_and_the_folder_is_removed():
    data = b"x" * 5_000_000  # far more than a pipe holds
    with Helper.start() as helper:
        started = time.perf_counter()
        pending = helper.submit("builtins:len", data)
        submitted = time.perf_counter() - started
        folder = helper.folder
        assert pending.result() == 5_000_000
    assert not os.path.exists(folder)
    assert helper.process.returncode == 0
    assert submitted < 5  # submitting never waits for the helper (a generous bound)


def test_a_task_that_raises_fails_alone_and_later_tasks_still_run():
    with Helper.start() as helper:
        bad = helper.submit("math:sqrt", -1)
        good = helper.submit("math:sqrt", 4)
        with pytest.raises(HelperFailed, match="ValueError: math domain error"):
            bad.result()
        assert good.result() == 2.0


def test_a_helper_that_dies_fails_its_tasks_with_its_exit_code():
    with Helper.start() as helper:
        pending = helper.submit("time:sleep", 60)
        helper.process.kill()
        with pytest.raises(HelperFailed, match=r"the second process failed \(exit -9\)"):
            pending.result()
        with pytest.raises(HelperFailed):
            helper.submit("math:factorial", 3).result()  # sent to a dead process


def test_closing_kills_a_helper_whose_result_nobody_asked_for():
    helper = Helper.start()
    helper.submit("time:sleep", 60)
    started = time.perf_counter()
    helper.close()
    assert time.perf_counter() - started < 5  # not the 60 s the task would take
    assert helper.process.returncode == -9
    assert not os.path.exists(helper.folder)


def test_no_process_to_be_had_gives_none(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    assert Helper.start() is None


def test_a_helper_whose_caller_is_gone_removes_its_tasks_and_ends():
    """The caller dies (its end of the pipe closes) with a task sent and not yet read: the
    helper still runs it, then removes its task folder and ends."""
    helper = Helper.start()
    helper.submit("time:sleep", 0.5)
    helper.submit("os:urandom", 1_000_000)  # waits in the folder; its result fills the pipe
    helper.process.stdin.close()  # what the caller's death does to both ends
    helper.process.stdout.close()
    assert helper.process.wait(timeout=30) == 0
    assert not os.path.exists(helper.folder)
