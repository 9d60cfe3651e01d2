"""``python -m benchmarks.factchecks``: fact-check matching quality on public data (see ``quality.py``)."""

from __future__ import annotations

import sys

from benchmarks.factchecks.quality import main

sys.exit(main())
