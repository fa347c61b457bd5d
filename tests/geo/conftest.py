"""The geo tests run on the project's real data in geo/data (no fixtures stand in for it)."""

import pytest

from geo.geocoder import Geocoder


@pytest.fixture(scope="session")
def gc() -> Geocoder:
    # A geocoder of its own: the shared one learns the places other tests' imports locate.
    return Geocoder()
