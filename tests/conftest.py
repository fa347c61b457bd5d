"""Fixtures shared by every suite."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest

pytest_plugins = ["tests.postgres"]  # the PostgreSQL server's fixtures


@dataclass(frozen=True)
class CliResult:
    """What a command line run leaves behind, named as in ``subprocess.CompletedProcess``."""

    returncode: int
    stdout: str
    stderr: str


CallMain = Callable[..., CliResult]


@pytest.fixture
def call_main(capsys: pytest.CaptureFixture[str]) -> CallMain:
    """Run a CLI's ``main(argv)`` in this process: its exit status, stdout and stderr.

    argparse's usage errors end in ``SystemExit``; its code becomes the exit status, as in a shell.
    """

    def call(main: Callable[[Sequence[str]], int], *args: str) -> CliResult:
        capsys.readouterr()  # drop what earlier steps of the test printed
        try:
            status = main(list(args))
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        out, err = capsys.readouterr()
        return CliResult(status, out, err)

    return call


@pytest.fixture(autouse=True)
def _throwaway_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own saved-datasets folder: imports write learned places there,
    and nothing a test imports may reach var/datasets or the next run."""
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path_factory.mktemp("datasets")))
    monkeypatch.delenv("INCIDENTS_STORE_URL", raising=False)  # files, unless a test says not
