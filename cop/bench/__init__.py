"""Benchmarks run by hand, never by the test suite: the page benchmark (fill, pages) and the
load benchmark (load, `make bench-load`)."""
