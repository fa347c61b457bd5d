"""Fixtures of the import tests: the CLI run in-process."""

from pathlib import Path

import pytest

from incidents import cli
from tests.conftest import CallMain, CliResult


@pytest.fixture
def run(call_main: CallMain, monkeypatch: pytest.MonkeyPatch):
    """``python -m incidents ARGS`` with ``$INCIDENTS_DATA_DIR`` set to ``data_dir``."""

    def run(*args: str, data_dir: Path) -> CliResult:
        monkeypatch.setenv("INCIDENTS_DATA_DIR", str(data_dir))
        return call_main(cli.main, *args)

    return run
