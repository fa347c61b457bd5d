"""Human-rights incidents in Mali: model, validation, loading, geocoding and exports.

A pure core: nothing here imports streamlit. Import the submodules you need
(``incidents.load``, ``incidents.export``, ...); this package runs nothing on import.
"""
