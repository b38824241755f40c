"""Processes seen through /proc (Linux): a process's descendants and their memory, for the
benchmarks that report what their servers and workers use."""

from __future__ import annotations

from pathlib import Path


def _parents() -> dict[int, int]:
    """Every process's parent id, from one pass over /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The parent id is the second field after the command name, which is in brackets.
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def children(pid: int) -> list[int]:
    return [child for child, parent in _parents().items() if parent == pid]


def tree(pid: int) -> list[int]:
    """The process and all its descendants (one pass over /proc)."""
    below: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        below.setdefault(parent, []).append(child)
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(below.get(current, []))
    return pids


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_rss_kb(pid: int) -> int:
    """VmHWM, the process's peak resident memory, in kB (0 once it has gone)."""
    return _status_kb(pid, "VmHWM")


def rss_kb(pid: int) -> int:
    """VmRSS, the process's resident memory now, in kB (0 once it has gone)."""
    return _status_kb(pid, "VmRSS")


def name(pid: int) -> str:
    """The process's name (/proc/<pid>/comm), empty once it has gone."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""
