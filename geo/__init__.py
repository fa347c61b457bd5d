"""Offline geography of Mali: boundaries, gazetteer and geocoder (no streamlit here).

``ATTRIBUTION`` is the one-line credit for map footers; ``ATTRIBUTION_LONG`` is the full
credit for pages and exports (see ``geo/data/README.md``). Both are catalogue messages,
translated where they are shown.
"""

from i18n import N_

ATTRIBUTION = N_(
    "Boundaries: geoBoundaries (CC BY 4.0) · Places: GeoNames (CC BY 4.0), OCHA (CC BY-IGO), "
    "© OpenStreetMap contributors (ODbL)"
)

ATTRIBUTION_LONG = N_(
    "Administrative boundaries: geoBoundaries gbOpen MLI, 2021 release (Runfola, D. et al. "
    "(2020) geoBoundaries: A global database of political administrative boundaries. "
    "PLoS ONE 15(4): e0231866; www.geoboundaries.org), CC BY 4.0; original data DNCT / DNP "
    "Mali and UN OCHA via HDX. Regions and cercles as OCHA's COD-AB has them, with P-codes: "
    "9 regions and the Bamako district (Ménaka derived by this project from its former "
    "cercle, Taoudénit still inside Tombouctou), 53 cercles, 701 communes. "
    "Place names: GeoNames (https://www.geonames.org), CC BY 4.0, and Mali - Settlements, "
    "UN OCHA ROWCA, via the Humanitarian Data Exchange (HDX), CC BY-IGO 3.0, and "
    "OpenStreetMap's place nodes of Mali (2019), © OpenStreetMap contributors, Open Database "
    "Licence (ODbL 1.0, https://www.openstreetmap.org/copyright). Official "
    "accented names added by this project. Rivers: Natural Earth "
    "(https://www.naturalearthdata.com), public domain."
)
