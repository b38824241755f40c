"""Several transactions at once, as several workers or moderators would run them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.db import connection


def side_by_side(work: Callable, arguments: Sequence, *, timeout: float = 60) -> list[Exception]:
    """Run `work(argument)` for each argument in a thread of its own (so with a database
    connection of its own, closed at the end) and return the errors they raised."""
    failures: list[Exception] = []

    def run(argument):
        try:
            work(argument)
        except Exception as error:  # noqa: BLE001 - returned to the test
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return failures
