"""Running a heavy piece of work in a short-lived child process, so that what it loads and the
memory it peaks at leave with the child instead of staying in a long-lived worker.

The child is a fork of the caller: it sees the caller's memory as it was (copy-on-write) and must
not use the caller's database or broker connections. Read what the work needs first, pass it
in, and write the result to the database after `run_apart` returns, in the caller.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")

# What `ps` and the benchmarks show for the child (Linux truncates a name to 15 bytes).
CHILD_NAME = "cop-apart"


class ApartError(RuntimeError):
    """The child process failed, was killed, or sent back nothing usable."""


def run_apart(work: Callable[..., T], *args: Any, name: str = CHILD_NAME, **kwargs: Any) -> T:
    """`work(*args, **kwargs)` computed in a forked child; its result (pickled) comes back
    here. An exception in the child is raised here as ApartError with the child's traceback;
    a child killed by a signal (the kernel's out-of-memory killer, say) raises ApartError too.
    Where the system cannot fork, the work runs in this process."""
    if not hasattr(os, "fork"):
        return work(*args, **kwargs)
    read_end, write_end = os.pipe()
    # The child's garbage collector then leaves the objects it shares with this process alone,
    # instead of writing to (and so copying) every page that holds one.
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:  # no process to be had: nothing is left frozen or open here
        gc.unfreeze()
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # the child: never returns, and keeps its shared objects frozen
        os.close(read_end)
        _child(work, args, kwargs, write_end, name)
    gc.unfreeze()
    os.close(write_end)
    started = time.monotonic()
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status, usage = os.wait4(pid, 0)
    # ru_maxrss is in kB on Linux.
    logger.info("%s (pid %s) ended after %.1f s; its peak memory was %.0f MB", name, pid,
                time.monotonic() - started, usage.ru_maxrss / 1024)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        raise ApartError(f"the child process was ended by signal {signal.Signals(number).name}"
                         " (out of memory?)")
    try:
        outcome, value = pickle.loads(data)
    except Exception as error:  # noqa: BLE001 - a half-written result from a dying child
        raise ApartError(f"the child process sent back no result ({error})") from None
    if outcome == "error":
        raise ApartError(value)
    return value


def _child(work, args, kwargs, fd: int, name: str) -> None:
    status = 1
    try:
        _set_name(name)
        try:
            data = pickle.dumps(("ok", work(*args, **kwargs)))
        except BaseException:  # noqa: BLE001 - everything is reported to the parent
            data = pickle.dumps(("error", traceback.format_exc()))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        status = 0
    finally:
        # No cleanup of the parent's state (atexit, open connections, buffered files): it is
        # still the parent's.
        os._exit(status)


def _set_name(name: str) -> None:
    try:
        with open("/proc/self/comm", "w") as comm:
            comm.write(name[:15])
    except OSError:
        pass
