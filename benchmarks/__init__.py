"""Benchmarks: `build.py` (`make bench`, build cost at scale; its parts are `corpus`, `measure`,
`phases` and `report`) and `diff_bench.py` (the speed of `redline()` alone)."""
