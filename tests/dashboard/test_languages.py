"""The dashboard in French and English: every page's text through the catalogue, the language
from the link, the browser or the sidebar, kept in the URL, numbers and dates per language."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from babel.messages.pofile import read_po
from streamlit.runtime.context import ContextProxy
from streamlit.testing.v1 import AppTest

from i18n import LOCALE_DIR, use_language
from incidents.filters import IncidentFilter
from incidents.load import load_incidents
from incidents.model import label
from incidents.sources import load_sources
from tests.dashboard.apptest_helpers import count_line, description, open_app, param
from tests.dashboard.catalogue_check import data_words, untranslated, visible_texts
from ui import data, state

PAGES = [None, "pages/map.py", "pages/timeline.py", "pages/incidents.py", "pages/import_data.py"]
NNBSP = "\u202f"  # French thousands separator (Babel's CLDR data)
NBSP = "\u00a0"  # French sets one before : ; ! ? and inside « »


@pytest.fixture(scope="module")
def curated_words() -> set[str]:
    """The curated incidents as the pages show them (with the joined columns) and the source
    records' own words: all data, shown as it is."""
    shown, _figures = data.prepare(data.CURATED, load_incidents().incidents)
    records = [(s.title, s.publisher, s.published, s.url) for s in load_sources().values()]
    return data_words(shown, *[w for words in records for w in words])


@pytest.fixture(scope="module")
def english_only() -> set[str]:
    """Every English message whose French differs: none may be left on a French page."""
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    english = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple | list) else [message.id]
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        english |= {i for i in ids if i and "{" not in i and i not in strings}
    return english


# -- every text through the catalogue --------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_text_of_the_page_comes_from_the_catalogue(page, curated_words):
    at = open_app(page, lang="qps")
    texts = visible_texts(at)
    assert len([t for t in texts if "⟦" in t]) >= 10  # the page was read
    assert untranslated(texts, curated_words) == []


def test_the_import_page_after_an_upload_comes_from_the_catalogue(tmp_path, monkeypatch):
    from incidents.importers import read_incidents
    from tests.importing.fixtures import ACLED_COLUMNS, acled_row, to_csv

    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    rows = [acled_row(), acled_row(event_id_cnty="MLI2", admin1="Timbuktu")]
    at = open_app("pages/import_data.py", lang="qps")
    upload = ("acled.csv", to_csv(ACLED_COLUMNS, rows).encode("utf-8"), "text/csv")
    at.file_uploader(key="import_file").set_value(upload).run()
    assert not at.exception
    assert at.subheader[0].value == "⟦Preview⟧"
    imported = read_incidents(upload[1], upload[0], "auto")  # the importers' own words are data
    words = data_words(imported.incidents, imported.encoding, *imported.errors["message"])
    assert untranslated(visible_texts(at), words) == []


def test_the_checker_finds_text_that_bypasses_the_catalogue(curated_words):
    def script():
        import pandas as pd
        import streamlit as st

        from i18n import _, set_language

        set_language("qps")
        st.caption(_("Translated"))
        st.caption("Left in English")
        st.caption(_("Region {name}").format(name="Mopti"))
        st.dataframe(pd.DataFrame({_("Title"): ["Ogossagou"], "Raw header": ["Battles"]}))

    at = AppTest.from_function(script, default_timeout=30).run()
    found = untranslated(visible_texts(at), curated_words)
    assert found == ["Left in English", "Raw header", "Battles"]


@pytest.mark.parametrize("page", PAGES)
def test_a_french_page_leaves_no_english_message(page, english_only):
    at = open_app(page, lang="fr")
    texts = visible_texts(at)
    assert [t for t in texts if t.replace("\\", "") in english_only] == []


def test_the_french_sidebar_and_sentence():
    at = open_app("pages/map.py", lang="fr", region=["Mopti", "Ségou"], min_killed="1000")
    assert at.header[0].value == "Carte"
    assert at.multiselect(key="w_regions").label == "Région"
    assert at.selectbox(key="w_language").value == "fr"
    sentence = description(at).replace("\\", "").strip("*")
    assert sentence.startswith("Affichage de 0 sur ")
    assert sentence.endswith(f"{NBSP}: régions Mopti ou Ségou{NBSP}; au moins 1{NNBSP}000 tués.")
    assert count_line(at).startswith("### 0 sur ")


# -- choosing the language -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "browser", "expected"),
    [
        ({}, "fr-FR", "fr"),
        ({}, "fr", "fr"),
        ({"lang": ["en"]}, "fr-FR", "en"),  # the link wins over the browser
        ({"lang": ["fr"]}, "en-US", "fr"),
        ({"lang": ["de"]}, "fr-FR", "fr"),  # a language we do not have: the browser's
        ({}, "de-DE", "en"),
        ({}, None, "en"),
        ({"lang": ["qps"]}, None, "qps"),
    ],
)
def test_the_session_language_is_the_links_then_the_browsers_then_english(
    params, browser, expected
):
    assert state.negotiate_language(params, browser) == expected


@pytest.fixture
def french_browser(monkeypatch):
    """A browser that sends fr-FR (AppTest sends no locale): st.context.locale says so."""
    monkeypatch.setattr(ContextProxy, "locale", property(lambda _self: "fr-FR"))


@pytest.mark.usefixtures("french_browser")
def test_a_french_browser_gets_french_without_a_parameter():
    at = open_app()
    assert at.header[0].value == "Atteintes aux droits humains au Mali"
    assert param(at, "lang") == ["fr"]


@pytest.mark.usefixtures("french_browser")
def test_an_english_link_wins_over_a_french_browser():
    at = open_app(lang="en")
    assert at.header[0].value == "Human-rights incidents in Mali"
    assert param(at, "lang") == ["en"]


def test_a_shared_link_keeps_the_language_across_filters_and_pages():
    at = open_app(lang="fr")
    at.multiselect(key="w_regions").set_value(["Mopti"]).run()
    assert param(at, "lang") == ["fr"] and param(at, "region") == ["Mopti"]
    at.switch_page("pages/incidents.py").run()
    assert param(at, "lang") == ["fr"] and at.header[0].value == "Incidents"
    at.switch_page("pages/import_data.py").run()
    assert param(at, "lang") == ["fr"] and at.title[0].value == "Importer des données"


def test_the_sidebar_selector_switches_the_whole_page_and_the_link():
    at = open_app("pages/timeline.py", lang="fr")
    assert at.header[0].value == "Chronologie"
    at.selectbox(key="w_language").set_value("en").run()
    assert not at.exception
    assert at.header[0].value == "Timeline"
    assert at.radio(key="w_page_measure").label == "Count per month"
    assert param(at, "lang") == ["en"]


def test_the_page_titles_follow_the_language(monkeypatch):
    from ui import navigation

    titles = {}
    monkeypatch.setattr(
        navigation.st, "Page", lambda path, *, title, **_: titles.setdefault(path, title)
    )
    with use_language("fr"):
        navigation.app_pages()
    assert titles == {
        "pages/overview.py": "Vue d’ensemble",
        "pages/map.py": "Carte",
        "pages/timeline.py": "Chronologie",
        "pages/incidents.py": "Incidents",
        "pages/import_data.py": "Importer",
        "pages/present.py": "Présenter",
    }


# -- numbers and dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "everything", "some", "dates"),
    [
        (
            "en",
            "Showing all 1,234 incidents (no filter).",
            "Showing 1 of 1,234 incidents: event types Battles or Riots.",
            "from 14 February 2020 to 3 March 2021",
        ),
        (
            "fr",
            f"Affichage des 1{NNBSP}234 incidents (aucun filtre).",
            f"Affichage de 1 sur 1{NNBSP}234 incidents{NBSP}: "
            "types d’événement Combats ou Émeutes.",
            "du 14 février 2020 au 3 mars 2021",
        ),
    ],
)
def test_the_sentence_formats_numbers_dates_and_labels_per_language(
    language, everything, some, dates
):
    types = IncidentFilter(event_types=("Battles", "Riots"))
    period = IncidentFilter(date_from=date(2020, 2, 14), date_to=date(2021, 3, 3))
    with use_language(language):
        assert IncidentFilter().describe(1234, 1234) == everything
        assert types.describe(1, 1234) == some
        assert period.describe_parts() == [dates]


def _headline_script(frame, language):
    from i18n import set_language
    from incidents.errors import error_frame
    from incidents.filters import IncidentFilter
    from ui import blocks, data, state

    set_language(language)
    dataset = data.Dataset("imported", frame, error_frame())  # covered: its own span
    blocks.headline(state.View(dataset, IncidentFilter(), frame), list_page=None)


@pytest.mark.parametrize(
    ("language", "killed", "period", "help_text"),
    [
        ("en", "1,234", "Period covered: January 2020 – March 2021", "; 1 of 2 incidents state"),
        (
            "fr",
            f"1{NNBSP}234",
            f"Période couverte{NBSP}: janvier 2020 – mars 2021",
            "donné pour 1 des 2 incidents",
        ),
    ],
)
def test_the_headline_formats_numbers_and_months_per_language(
    incidents, language, killed, period, help_text
):
    frame = incidents.head(2).copy()
    frame["killed"] = pd.array([1234, None], dtype="Int64")
    frame["date_start"] = pd.to_datetime(["2020-01-05", "2021-03-01"])
    frame["date_end"] = frame["date_start"]
    at = AppTest.from_function(_headline_script, args=(frame, language), default_timeout=30)
    at.run()
    assert not at.exception
    metric = at.metric[1]
    assert metric.value == killed
    assert help_text in metric.proto.help
    assert at.markdown[0].value.replace("\\", "") == f"**{period}**"


# -- tables ----------------------------------------------------------------------------------


def test_tables_show_headers_and_labels_while_the_frame_keeps_names_and_codes(incidents):
    from ui import blocks

    table = incidents[["id", "event_type", "killed"]].head(3)
    codes = list(table["event_type"])
    with use_language("fr"):
        shown = blocks.for_display(table)
        expected = [label("event type", code) for code in codes]
    assert list(shown.columns) == ["Identifiant", "Type d’événement", "Tués"]
    assert list(shown["Type d’événement"]) == expected != codes
    assert list(table.columns) == ["id", "event_type", "killed"]
    assert list(table["event_type"]) == codes


def test_every_outcome_of_a_row_error_has_words():
    from incidents.errors import OUTCOMES
    from ui import blocks

    assert set(blocks.OUTCOME_LABELS) == set(OUTCOMES)
