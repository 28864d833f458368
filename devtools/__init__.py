"""Tools for developers, the benchmarks and the tests: not packaged, not in the image."""
