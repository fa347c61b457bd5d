"""A tiny stand-in for ``geo`` (geocoder and point-in-polygon), so loader tests need no geodata.

Coordinates are rounded GeoNames positions; admin units are what our polygons give there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from geo.geocoder import Candidate
from geo.normalize import normalize


def _place(
    name: str,
    lat: float,
    lon: float,
    admin1: str | None,
    admin2: str | None,
    admin3: str | None,
    kind: str = "village",
    precision: str = "point",
) -> Candidate:
    return Candidate(name, lat, lon, admin1, admin2, admin3, kind, precision, score=100.0)


@dataclass(frozen=True)
class Result:
    query: str
    match: Candidate | None
    candidates: tuple[Candidate, ...] = ()
    ambiguous: bool = False
    status: str = "matched"
    note: str = ""


# name -> hint -> candidate; the hint None entry is what an unhinted query gets.
PLACES: dict[str, Candidate] = {
    "sinda": _place("Sinnda", 15.034, -3.079, "Mopti", "Douentza", "Douentza"),
    "ogossagou": _place("Ogassagou-Peulh", 13.960, -3.570, "Mopti", "Bankass", "Ouenkoro"),
    "niono cercle": _place(
        "Niono", 14.30, -5.90, "Ségou", "Niono", None, kind="cercle", precision="cercle"
    ),
    "niafounke": _place("Niafunké", 15.932, -3.991, "Tombouctou", "Niafunké", "Soboundou"),
    "sikasso": _place("Sikasso", 11.317, -5.667, "Sikasso", "Sikasso", "Sikasso", "town"),
    "banconi": _place("Banconi", 12.676, -7.970, "Bamako", "Bamako", "Commune I", "quarter"),
    "kayes": _place("Kayes", 14.447, -11.445, "Kayes", "Kayes", "Kayes", "town"),
    "binedama": _place("Binédama", 14.463, -3.059, "Mopti", "Koro", "Dioungani"),
    "tori": _place("Tori", 13.616, -3.706, "Mopti", "Bankass", "Tori"),
    "diallassagou": _place("Diallassagou", 13.738, -3.627, "Mopti", "Bankass", "Diallassagou"),
    "bamako": _place("Bamako", 12.650, -8.000, "Bamako", "Bamako", "Commune III", "town"),
    "diandioume": _place("Diandioumé", 15.399, -9.375, "Kayes", "Nioro", "Diarra"),
    "farabougou": _place("Farabougou", 14.176, -5.787, "Ségou", "Niono", "Dogofry"),
    "selingue": _place("Sélingué", 11.617, -8.233, "Sikasso", "Yanfolila", "Tagandougou"),
    "timbuktu": _place("Tombouctou", 16.773, -3.007, "Tombouctou", "Tombouctou", "Tombouctou"),
    "kenieroba": _place("Kéniéroba", 12.109, -8.328, "Koulikoro", "Kati", "Bancoumana"),
}
FALLBACKS: dict[str, Candidate] = {
    "yangassadiou": _place(
        "Mondoro", 14.70, -1.95, "Mopti", "Douentza", "Mondoro", kind="commune", precision="commune"
    ),
}


@dataclass
class FakeGeocoder:
    calls: list[tuple[str, str | None]] = field(default_factory=list)

    def geocode(self, name: str, hint: str | None = None, **_: object) -> Result:
        self.calls.append((name, hint))
        key = normalize(name)
        if key in PLACES:
            return Result(name, PLACES[key], (PLACES[key],))
        if key in FALLBACKS:
            fallback = FALLBACKS[key]
            note = f"{name} is not in the gazetteer; using commune {fallback.name}"
            return Result(name, fallback, (fallback,), status="fallback", note=note)
        return Result(name, None, status="not_found", note=f"no place called {name}")


def fake_locator(lons: Sequence[float], lats: Sequence[float]) -> pd.DataFrame:
    """Everything inside Mali's bounding box is in Niono (Ségou); outside is None."""
    rows = []
    for lon, lat in zip(lons, lats, strict=True):
        inside = 10 <= lat <= 25 and -12.3 <= lon <= 4.3
        rows.append(("Ségou", "Niono", "Dogofry") if inside else (None, None, None))
    return pd.DataFrame(rows, columns=["admin1", "admin2", "admin3"], dtype=object)
