"""Saved datasets: imported incidents kept as GeoParquet files, written atomically.

Files live in ``$INCIDENTS_DATA_DIR`` (default ``var/datasets/`` at the repository root,
git-ignored), one ``<name>.parquet`` per dataset. The curated dataset is not stored here: the
name ``curated`` always means ``data/incidents.csv`` loaded fresh, and no import can overwrite it.

Every write takes the directory's file lock (``.datasets.lock``, ``filelock``), so two saves or
appends at once, from threads or processes, run one after the other and no row is lost. A
save never replaces an existing dataset unless asked (``replace=True``). Temporary files a
killed save left behind are removed whenever the lock is free (listing, saving).

When ``$INCIDENTS_STORE_URL`` names a PostgreSQL database, the same functions keep the datasets
there instead (``incidents.pgstore``), shared by every app instance given that URL; the data
directory is then not used for datasets.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from geo.normalize import normalize
from i18n import _
from incidents.frame import CRS, conform

CURATED = "curated"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "var" / "datasets"
SUFFIX = ".parquet"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
LOCK_NAME = ".datasets.lock"
TEMP_PATTERN = ".*.tmp"  # what save_dataset writes before renaming: .NAME.random.tmp
LOCK_TIMEOUT_S = 120.0  # a save of a large import takes seconds; longer is a stuck writer


STORE_URL_VARIABLE = "INCIDENTS_STORE_URL"


def store_url() -> str | None:
    """The shared PostgreSQL store's URL ($INCIDENTS_STORE_URL), or None: files on this machine."""
    return os.environ.get(STORE_URL_VARIABLE) or None


class DatasetNameError(ValueError):
    """A dataset name that could escape the data directory or clash with the curated data."""


class DatasetExistsError(ValueError):
    """Saving under a name already taken, without ``replace=True``."""


def resolve_data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The saved-datasets directory: the argument, else $INCIDENTS_DATA_DIR, else the default."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get("INCIDENTS_DATA_DIR") or DEFAULT_DATA_DIR)


def check_name(name: str) -> str:
    """Letters, digits, '-' and '_' only (max 64), so a name is always one file in the directory."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise DatasetNameError(
            f"invalid dataset name {name!r}: use 1-64 letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    if name.lower() == CURATED:
        raise DatasetNameError(f"{CURATED!r} is the curated dataset and cannot be replaced")
    return name


def name_from_filename(filename: str) -> str:
    """A valid dataset name from a file name: 'ACLED Mali 2020.csv' -> 'acled-mali-2020',
    'Évènements.xlsx' -> 'evenements'."""
    name = "-".join(normalize(Path(filename).stem).split())[:64].strip("-")
    if not name or name == CURATED:
        name = f"import-{name}".strip("-")
    return name


def exists_error(name: str) -> DatasetExistsError:
    return DatasetExistsError(
        _("A dataset called {name} already exists: choose another name or replace it.").format(
            name=repr(name)
        )
    )


def duplicate_ids_error(name: str, clash: list[str]) -> ValueError:
    return ValueError(
        f"dataset {name!r} already has incident id(s) {', '.join(clash[:5])}"
        + (" ..." if len(clash) > 5 else "")
    )


def list_datasets(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """``curated`` first, then the saved datasets by name."""
    folder = resolve_data_dir(data_dir)
    saved = []
    if (url := store_url()) is not None:
        from incidents import pgstore

        saved = pgstore.list_datasets(url)
    elif folder.is_dir():
        remove_stale_temp_files(folder)
        saved = sorted(
            p.stem for p in folder.glob(f"*{SUFFIX}") if _NAME.fullmatch(p.stem) and p.is_file()
        )
    return [CURATED, *(n for n in saved if n.lower() != CURATED)]


def dataset_path(name: str, data_dir: str | os.PathLike[str] | None = None) -> Path:
    return resolve_data_dir(data_dir) / f"{check_name(name)}{SUFFIX}"


def _lock(folder: Path, timeout: float = LOCK_TIMEOUT_S) -> FileLock:
    return FileLock(folder / LOCK_NAME, timeout=timeout)


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete the temporary files of saves that were killed; returns them.

    Saves hold the lock while their temporary file exists, so with the lock held every
    temporary file is stale. When another save holds it, nothing is removed now.
    """
    try:
        with _lock(folder, timeout=0):
            return _remove_temp_files(folder)
    except (Timeout, PermissionError):  # busy, or a read-only directory: try another time
        return []


def save_dataset(
    name: str,
    gdf: gpd.GeoDataFrame,
    data_dir: str | os.PathLike[str] | None = None,
    replace: bool = False,
) -> Path:
    """Write ``gdf`` as dataset ``name``; an existing dataset of that name is replaced only
    with ``replace=True`` (else ``DatasetExistsError``).

    The data goes to a temporary file in the same directory, is flushed to disk, then renamed
    over the old file: a crash or kill at any point leaves either the old or the new file whole.
    """
    if (url := store_url()) is not None:
        from incidents import pgstore

        return pgstore.save_dataset(url, name, gdf, replace)
    target = dataset_path(name, data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock(target.parent):
        if target.exists() and not replace:
            raise exists_error(name)
        _remove_temp_files(target.parent)
        return _write(target, gdf)


def _remove_temp_files(folder: Path) -> list[Path]:
    """With the lock held: every temporary file there is a killed save's."""
    stale = [p for p in folder.glob(TEMP_PATTERN) if p.is_file()]
    for path in stale:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return stale


def _write(target: Path, gdf: gpd.GeoDataFrame) -> Path:
    if not isinstance(gdf, gpd.GeoDataFrame):
        gdf = gpd.GeoDataFrame(gdf, geometry=gpd.GeoSeries([None] * len(gdf), crs=CRS))
    handle, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            gdf.to_parquet(stream, index=False)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)
    return target


def save_dataset_batches(
    name: str,
    batches: Iterable[gpd.GeoDataFrame],
    data_dir: str | os.PathLike[str] | None = None,
    replace: bool = False,
) -> Path | None:
    """``save_dataset`` for a dataset handed over in batches (an import read chunk by chunk,
    ``incidents.importers.IncidentStream``): each batch is written as it comes, so memory
    holds one batch, never the dataset. Returns the file, or None when no batch came (then
    nothing is written, not even the directory).

    The lock is held from the first batch until the file is in place, and the file is written
    and renamed as in ``save_dataset``: an import that fails or is killed half-way leaves the
    old dataset, or none, whole.
    """
    target = dataset_path(name, data_dir)
    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return None
    if (url := store_url()) is not None:
        from incidents import pgstore

        return pgstore.save_chunks(url, name, itertools.chain([first], batches), replace)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock(target.parent):
        if target.exists() and not replace:
            raise exists_error(name)
        _remove_temp_files(target.parent)
        return _write_batches(target, itertools.chain([first], batches))


def _write_batches(target: Path, batches: Iterable[gpd.GeoDataFrame]) -> Path:
    """One GeoParquet file from the batches (at least one), a row group or more each as they
    come; its ``geo`` metadata (geometry types, bounding box) covers them all."""
    batches = iter(batches)
    table, metadata, geo = _arrow_batch(next(batches))
    schema = _widened(table.schema).with_metadata(metadata)
    handle, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            with pq.ParquetWriter(stream, schema) as writer:
                writer.write_table(table.cast(schema))
                for batch in batches:
                    table, _metadata, batch_geo = _arrow_batch(batch)
                    geo = _merged_geo(geo, batch_geo)
                    writer.write_table(table.cast(schema))
                writer.add_key_value_metadata({"geo": json.dumps(geo)})
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)
    return target


def _arrow_batch(batch: gpd.GeoDataFrame) -> tuple[pa.Table, dict[bytes, bytes], dict]:
    """A batch as GeoDataFrame.to_parquet would write it: the table without metadata, its
    schema's metadata but ``geo``, and its ``geo`` metadata."""
    from geopandas.io.arrow import _geopandas_to_arrow  # imported late, as geopandas does

    table = _geopandas_to_arrow(batch, index=False)
    metadata = dict(table.schema.metadata)
    geo = json.loads(metadata.pop(b"geo"))
    return table.replace_schema_metadata(None), metadata, geo


def _widened(schema: pa.Schema) -> pa.Schema:
    """A column with no value in the first batch (all None: Arrow's null type) is text: the
    batch's frame is conformed, so only the optional text columns can be all None."""
    return pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in schema])


def _merged_geo(first: dict, other: dict) -> dict:
    """GeoParquet ``geo`` metadata covering two batches: the union of their geometry types
    and bounding boxes (a batch without a geometry has no box)."""
    merged = json.loads(json.dumps(first))
    for column, meta in merged["columns"].items():
        theirs = other["columns"][column]
        meta["geometry_types"] = sorted({*meta["geometry_types"], *theirs["geometry_types"]})
        boxes = [b for b in (meta.get("bbox"), theirs.get("bbox")) if b]
        if boxes:
            meta["bbox"] = [
                min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes),
            ]  # fmt: skip
    return merged


def append_dataset(
    name: str, gdf: gpd.GeoDataFrame, data_dir: str | os.PathLike[str] | None = None
) -> Path:
    """Add incidents to dataset ``name`` (created if new); ids must stay unique.

    Reading, adding and writing back happen under the lock: appends at once all land.
    """
    if (url := store_url()) is not None:
        from incidents import pgstore

        return pgstore.append_dataset(url, name, gdf)
    path = dataset_path(name, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock(path.parent):
        if path.is_file():
            existing = load_dataset(name, data_dir)
            clash = sorted(set(existing["id"]) & set(gdf["id"]))
            if clash:
                raise duplicate_ids_error(name, clash)
            gdf = gpd.GeoDataFrame(
                pd.concat([existing, gdf], ignore_index=True), geometry="geometry", crs=CRS
            )
        _remove_temp_files(path.parent)
        return _write(path, gdf)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def saved_at(name: str, data_dir: str | os.PathLike[str] | None = None) -> float:
    """When dataset ``name`` was last written, in seconds since the epoch (0.0 if it is not
    saved): a cache key that changes at every save. ``curated`` is its CSV file's."""
    if name == CURATED:
        from incidents.load import DEFAULT_PATH

        path = Path(DEFAULT_PATH)
    elif (url := store_url()) is not None:
        from incidents import pgstore

        return pgstore.saved_at(url, name)
    else:
        path = dataset_path(name, data_dir)
    return path.stat().st_mtime if path.exists() else 0.0


def dataset_exists(name: str, data_dir: str | os.PathLike[str] | None = None) -> bool:
    """Whether a dataset called ``name`` is saved (``curated`` always is)."""
    return saved_at(name, data_dir) != 0.0


def load_dataset(name: str, data_dir: str | os.PathLike[str] | None = None) -> gpd.GeoDataFrame:
    """A dataset as a GeoDataFrame with the contract's columns and dtypes (``incidents.frame``);
    a column an older save lacks comes back empty."""
    if name == CURATED:
        from incidents.load import load_incidents

        return load_incidents().incidents
    if (url := store_url()) is not None:
        from incidents import pgstore

        return pgstore.load_dataset(url, name)
    path = dataset_path(name, data_dir)
    if not path.is_file():
        raise FileNotFoundError(f"no saved dataset called {name!r} in {path.parent}")
    gdf = gpd.read_parquet(path)
    return conform(gdf)


def delete_dataset(name: str, data_dir: str | os.PathLike[str] | None = None) -> bool:
    """Remove dataset ``name``; False if there was none."""
    if (url := store_url()) is not None:
        from incidents import pgstore

        return pgstore.delete_dataset(url, name)
    path = dataset_path(name, data_dir)
    if not path.parent.is_dir():
        return False
    with _lock(path.parent):
        if not path.is_file():
            return False
        path.unlink()
    _fsync_dir(path.parent)
    return True
