"""Incidents: the filtered rows with every field, a page at a time, one incident in full (found
by a search), downloads of every filtered row, and how to cite and link the view."""

from datetime import date

import pandas as pd
import streamlit as st

from i18n import _, format_number
from incidents.datapackage import filter_words
from incidents.links import view_url
from incidents.sources import cite_view
from ui import blocks, data, exports, state

PAGE_ROWS = 100  # rows of the table at a time: what a person reads, whatever the result's size
MAX_MATCHES = 50  # options the incident picker lists for a search
W_TABLE_PAGE = "w_incidents_table_page"
W_SEARCH = "w_incident_search"
_TABLE_VIEW = "state_incidents_table_view"  # the view the table's page number belongs to

view = state.current_view()
name = view.dataset.name
blocks.page_header(_("Incidents"), view)


def _table_page() -> pd.DataFrame:
    """The table's current page of the filtered incidents, with a page number to move on when
    they fill more than one; a new view starts at its first page."""
    pages = max(1, -(-len(view.filtered) // PAGE_ROWS))
    shown = (name, view.filter)
    if st.session_state.get(_TABLE_VIEW) != shown or W_TABLE_PAGE not in st.session_state:
        st.session_state[_TABLE_VIEW] = shown
        st.session_state[W_TABLE_PAGE] = 1
    st.session_state[W_TABLE_PAGE] = min(max(1, st.session_state[W_TABLE_PAGE]), pages)
    number = 1
    if pages > 1:
        number = st.number_input(
            _("Page of the table ({pages} pages)").format(pages=format_number(pages)),
            min_value=1,
            max_value=pages,
            step=1,
            key=W_TABLE_PAGE,
        )
    first = (number - 1) * PAGE_ROWS
    rows = view.filtered.iloc[first : first + PAGE_ROWS]
    if pages > 1:
        st.caption(
            _("Incidents {first} to {last} of {total}; the downloads hold every one.").format(
                first=format_number(first + 1),
                last=format_number(first + len(rows)),
                total=format_number(len(view.filtered)),
            )
        )
    return rows


def _candidates(query: str, page: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """What the incident picker lists, and how many incidents a search matched (up to one
    more than it lists): the incident chosen so far (if the filters keep it), then the
    incidents whose ID is ``query`` or whose title or quote holds its words (at most
    ``MAX_MATCHES``), or, with no query, those of the table's page."""
    ids = view.filtered["id"]
    chosen = state.page_setting_value("id")
    listed = [view.filtered[(ids == chosen).to_numpy(dtype=bool)]] if chosen else []
    matched = 0
    if query:
        search = view.filter.replace(text=f"{view.filter.text} {query}")
        found = pd.concat(
            [
                view.filtered[(ids == query).to_numpy(dtype=bool)],
                data.matching(view.dataset, search, MAX_MATCHES + 1),
            ]
        )
        found = found[~found["id"].duplicated()]
        listed.append(found.head(MAX_MATCHES))
        matched = len(found)
    else:
        listed.append(page)
    together = pd.concat(listed)
    return together[~together["id"].duplicated()], matched


page = _table_page()
table = blocks.incidents_table(page)
blocks.show_links_table(table, height=min(380, 35 * (len(table) + 1) + 3))


for column, download in zip(st.columns(3), exports.row_downloads(view), strict=True):
    column.download_button(
        download.label, download.write, download.file_name, download.mime, help=download.help
    )

st.subheader(_("Cite and share this view"))
st.markdown(f"**{blocks.md(_('Link to this view'))}**")
link = view_url(None, view.filter, name)
st.code(link, language=None, wrap_lines=True)
st.markdown(f"**{blocks.md(_('Suggested citation'))}**")
records = exports.view_sources(view)
citation = cite_view(
    filter_words(view.filter), len(view.filtered), link, date.today(), view.dataset.version, records
)
st.code(citation, language=None, wrap_lines=True)
sources = exports.source_downloads(view, date.today())
for column, download in zip(st.columns(2), sources, strict=False):
    column.download_button(
        download.label, download.write, download.file_name, download.mime, help=download.help
    )

st.subheader(_("One incident in full"))
if view.filtered.empty:
    st.info(_("No incident matches the filters."))
else:
    query = st.text_input(
        _("Find an incident"),
        key=W_SEARCH,
        persist_state=state.PERSIST,
        help=_(
            "Its ID, or words of its title or quote. Without a search, the list holds the "
            "incidents of the table's page."
        ),
    ).strip()
    listed, matched = _candidates(query, page)
    if matched > MAX_MATCHES:
        st.caption(
            _("The first {n} matches are listed: add words to narrow the search.").format(
                n=format_number(MAX_MATCHES)
            )
        )
    elif query and not matched:
        st.caption(_("No incident matches “{query}”.").format(query=blocks.md(query)))
    if listed.empty:
        listed = view.filtered.head(1)
    titles = dict(zip(listed["id"], blocks.incidents_table(listed)["title"], strict=True))
    chosen = state.page_setting(
        "id", _("Incident"), {i: f"{i} — {t}" for i, t in titles.items()},
        str(listed["id"].iloc[0]), selectbox=True,
    )  # fmt: skip
    row = view.filtered[(view.filtered["id"] == chosen).to_numpy(dtype=bool)].iloc[0]
    blocks.incident_detail(row, view.dataset)
blocks.invalid_rows(view.dataset)
