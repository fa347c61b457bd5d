"""The Streamlit UI pages share: cached data (``data``), the view's session and URL state
(``state``), the pages (``navigation``), the sidebar (``sidebar``), page blocks (``blocks``)
and the map widget (``map_widget``). Pages only wire these to the core."""
