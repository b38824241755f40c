"""Load benchmarks run by hand (`make bench-load`), never by the test suite."""
