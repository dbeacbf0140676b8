import subprocess
import sys

import mspcim


def test_all_exported_names_exist():
    for name in mspcim.__all__:
        assert hasattr(mspcim, name), name


def test_all_is_sorted_and_unique():
    assert mspcim.__all__ == sorted(mspcim.__all__)
    assert len(set(mspcim.__all__)) == len(mspcim.__all__)


def test_library_import_does_not_pull_the_web_stack():
    code = (
        "import sys, mspcim; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'starlette', 'uvicorn', 'httpx'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
