"""One upload limit: the CLI's, the page's and the server's, and no traceback shown."""

import subprocess
import tomllib
from pathlib import Path

import pytest

from incidents.importers import max_upload_bytes
from incidents.importers.reading import (
    DEFAULT_UPLOAD_LIMIT_MB,
    ImportFileError,
    read_table,
    upload_limit_mb,
)

REPO = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_the_server_and_the_importers_have_the_same_limit():
    assert CONFIG["server"]["maxUploadSize"] == DEFAULT_UPLOAD_LIMIT_MB
    assert upload_limit_mb({}) == DEFAULT_UPLOAD_LIMIT_MB
    # Streamlit counts megabytes of 1024 * 1024 bytes, as the importers do.
    assert upload_limit_mb() * 1024 * 1024 == max_upload_bytes()


def test_the_default_fits_a_sahel_wide_acled_export():
    assert DEFAULT_UPLOAD_LIMIT_MB >= 150


def test_the_limit_can_be_set_in_the_environment():
    assert upload_limit_mb({"INCIDENTS_MAX_UPLOAD_MB": "300"}) == 300
    with pytest.raises(ValueError, match="INCIDENTS_MAX_UPLOAD_MB must be a whole number"):
        upload_limit_mb({"INCIDENTS_MAX_UPLOAD_MB": "lots"})


def test_run_app_passes_the_limit_to_the_server():
    script = (REPO / "run_app.sh").read_text(encoding="utf-8")
    exports = [line for line in script.splitlines() if "STREAMLIT_SERVER_MAX_UPLOAD_SIZE" in line]
    assert exports, "run_app.sh must hand INCIDENTS_MAX_UPLOAD_MB to Streamlit"
    snippet = "\n".join(
        line
        for line in script.splitlines()
        if "INCIDENTS_MAX_UPLOAD_MB" in line or line.strip() == "fi"
    )
    shown = subprocess.run(
        ["bash", "-c", snippet + "\necho $STREAMLIT_SERVER_MAX_UPLOAD_SIZE"],
        env={"INCIDENTS_MAX_UPLOAD_MB": "321", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == "321"


def test_a_file_over_the_limit_is_refused_before_reading():
    with pytest.raises(ImportFileError, match="over the 1 MB import limit"):
        read_table(b"a,b\n" * 400_000, max_bytes=1024 * 1024)


def test_errors_reach_users_without_details():
    from streamlit import config

    assert CONFIG["client"]["showErrorDetails"] == config.ShowErrorDetailsConfigOptions.NONE
