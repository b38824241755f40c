"""Heavy work in a child process: its result comes back, its failures are reported, and what it
loads leaves with it."""

import os
import signal
import sys

import pytest

from operations.apart import ApartError, run_apart


def _pid_and(value, *, times):
    return os.getpid(), value * times


def test_the_result_comes_back_from_another_process():
    pid, value = run_apart(_pid_and, 7, times=6)
    assert value == 42
    assert pid != os.getpid()


def _fails():
    raise ValueError("the training examples have only one label")


def test_an_error_in_the_child_is_raised_here_with_its_message():
    with pytest.raises(ApartError, match="only one label"):
        run_apart(_fails)


def _killed():
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_child_killed_by_the_system_is_reported():
    with pytest.raises(ApartError, match="SIGKILL"):
        run_apart(_killed)


def _imports(name):
    __import__(name)
    return name in sys.modules


def test_what_the_child_loads_stays_out_of_this_process(tmp_path, monkeypatch):
    (tmp_path / "apart_probe.py").write_text("WEIGHT = bytearray(20 * 1024 * 1024)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert run_apart(_imports, "apart_probe") is True
    assert "apart_probe" not in sys.modules


def _own_name():
    with open("/proc/self/comm") as comm:
        return comm.read().strip()


@pytest.mark.skipif(not os.path.exists("/proc/self/comm"), reason="Linux only")
def test_the_child_is_named_so_operators_can_tell_it_apart():
    assert run_apart(_own_name, name="cop-train") == "cop-train"
