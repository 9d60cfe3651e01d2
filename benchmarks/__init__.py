"""Speed and memory goals of the workbench, measured against floors in the same run: ``python -m benchmarks``.

See ``benchmarks/README.md`` and ``BENCHMARKS.md``.
"""
