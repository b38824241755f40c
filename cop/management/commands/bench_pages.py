"""Measure the forum's pages under load: gunicorn with production settings, driven by wrk."""

import time

from django.core.management.base import BaseCommand, CommandError

from cop.bench import pages


class Command(BaseCommand):
    help = (
        "Serve the database filled by bench_fill with production settings (gunicorn, 2 sync "
        "workers, on a loopback port) and load each page with wrk: requests/s, p50, p99, "
        "errors, bytes and queries per request, beside a trivial view as the machine's "
        "baseline. Needs wrk (sudo apt-get install wrk)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=10, help="load per page (default 10)")
        parser.add_argument("--connections", type=int, default=2,
                            help="open connections wrk keeps busy (default 2)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
        parser.add_argument("--port", type=int, default=0, help="port (default: any free one)")
        parser.add_argument("--no-page-cache", action="store_true",
                            help="serve with the visitors' page cache off, so every page is "
                                 "made afresh (FORUM_PAGE_CACHE_SECONDS=0)")
        parser.add_argument("--only", nargs="*", metavar="WORD",
                            help="only pages whose name has one of these words, e.g. thread")

    def handle(self, *args, seconds, connections, workers, port, only, no_page_cache,
               **options):
        if seconds < 1 or connections < 1 or workers < 1:
            raise CommandError("--seconds, --connections and --workers must be 1 or more.")
        started = time.monotonic()
        try:
            results = pages.run(seconds=seconds, connections=connections, workers=workers,
                                port=port, only=only, page_cache=not no_page_cache,
                                out=self._line)
        except RuntimeError as err:
            raise CommandError(str(err)) from err
        worst = max(results, key=lambda r: r.p99_ms)
        self.stdout.write(self.style.SUCCESS(
            f"Measured {len(results)} pages in {time.monotonic() - started:.0f} s; slowest p99: "
            f"{worst.target.name} at {worst.p99_ms:.0f} ms."
        ))

    def _line(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
