"""Map and chart builders (folium, plotly) and the offline asset rewriting they rely on."""
