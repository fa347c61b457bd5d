"""Shared test setup: the repo root is importable (geo, incidents, viz, ui)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
