"""The geo tests run on the project's real data in geo/data (no fixtures stand in for it)."""

import pytest

from geo.geocoder import Geocoder, get_geocoder


@pytest.fixture(scope="session")
def gc() -> Geocoder:
    return get_geocoder()
