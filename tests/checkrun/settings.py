# SPDX-License-Identifier: GPL-2.0-only
"""Where make check works: the tree, its output, the cache, the build's parallelism."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = Path(os.environ.get("TAPI_OUT", ROOT / "out"))
CACHE = Path(os.environ.get("TAPI_CACHE", "/var/cache/tapi-check"))
LOGS = OUT / "logs"
JOBS = str(os.cpu_count() or 2)
