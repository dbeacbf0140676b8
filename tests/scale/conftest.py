"""The multi-worker tests reuse the fault bench's support module (processes, retrying peers).

``tests/faults`` goes on the import path so ``_faults_support`` is importable here as there.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faults"))
