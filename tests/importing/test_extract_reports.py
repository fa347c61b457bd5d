"""Extraction from real report prose in English and French: each construction pinned with a
sentence quoted from the extraction corpus (``tests/extraction_corpus/passages.json``, passage
id given) or from the problem report that listed what extraction got wrong ("report")."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from text_to_num import alpha2digit

from geo.geocoder import get_geocoder
from incidents.extract import (
    continue_ids,
    document_year,
    extract_incidents,
    find_dates,
    find_figures,
    find_places,
    likely_duplicates,
    next_number,
    number_value,
)
from incidents.extract.claims import disputes, find_claimant
from incidents.extract.dates import dates_without_year
from incidents.extract.numbers import APPROXIMATE_NOUNS

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "extraction_corpus" / "passages.json"
PASSAGES = {p["id"]: p for p in json.loads(CORPUS.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def geocoder():
    return get_geocoder()


def figures(sentence: str) -> list[tuple[str, int | None, str]]:
    return [(f.field, f.value, f.qualifier) for f in find_figures(sentence)]


@pytest.mark.parametrize(
    ("source", "sentence", "expected"),
    [
        # the number after the verb; the second verb's count is its own
        ("report", "an attack on the camp killed 42 soldiers and wounded 22 others",
         [("killed", 42, ""), ("injured", 22, "")]),
        ("report", "the killings of at least 32 villagers by armed assailants on 1st July",
         [("killed", 32, "at least")]),
        ("report", "l'enlèvement, ce jour-là, de 36 personnes", [("missing", 36, "")]),
        ("report", "L'armée malienne avait fait état de 132 civils tués.", [("killed", 132, "")]),
        ("report", "Deux cents personnes ont été arrêtées.", [("detained", 200, "")]),
        ("en-02", "Forty-two Malian soldiers were killed and 22 injured in an attack near the "
         "town of Tessit on Sunday, Mali’s government said on Wednesday",
         [("killed", 42, ""), ("injured", 22, "")]),
        ("en-02", "Soldiers killed 37 combatants during several hours of heavy fighting, it added.",
         [("killed", 37, "")]),
        ("en-02", "The army had previously said that 17 soldiers had been killed in the attack "
         "and that nine had gone missing.", [("killed", 17, ""), ("missing", 9, "")]),
        ("en-01", "killing at least 33 people and wounding at least five, local officials said",
         [("killed", 33, "at least"), ("injured", 5, "at least")]),
        ("en-11", "Armed gunmen killed at least 23 people and wounded 12 in an attack on a village",
         [("killed", 23, "at least"), ("injured", 12, "")]),
        ("en-06", "Unidentified armed men have killed approximately 40 people in an attack",
         [("killed", 40, "about")]),
        ("en-10", "an attack against their convoy in Mali that has left seven peacekeepers dead "
         "and three others seriously injured", [("killed", 7, ""), ("injured", 3, "")]),
        ("en-07", "Gunmen seized about 20 people in volatile central Mali",
         [("missing", 20, "about")]),
        ("en-08", "Over 110 civilians, abducted by suspected militants in central Mali, remain "
         "missing six days after their kidnapping", [("missing", 110, "more than")]),
        ("fr-18", "des terroristes ont ouvert le feu sur eux, tuant 12 civils.",
         [("killed", 12, "")]),
        ("fr-18", "Une source de sécurité a également confirmé le bilan 18 civils tués",
         [("killed", 18, "")]),
        ("fr-08", "L'attaque, qui s'est déroulée vendredi matin, a fait 27 morts et 33 blessés",
         [("killed", 27, ""), ("injured", 33, "")]),
        ("fr-08", "une attaque de jihadistes qui a fait près d'une trentaine de morts parmi les "
         "soldats maliens", [("killed", 30, "about")]),
        ("fr-05", "plus d’une centaine de civils tués", [("killed", 100, "more than")]),
        ("fr-19", "L'armée malienne a perdu 38 soldats dans l'attaque de deux camps",
         [("killed", 38, "")]),
        ("fr-19", "Le précédent bilan gouvernemental faisait état d'au moins 25 soldats tués et "
         "d'une soixantaine portés disparus.",
         [("killed", 25, "at least"), ("missing", 60, "about")]),
        ("fr-15", "l'attaque menée contre le village de Sobane Da, qui dépend de sa commune, a "
         "bien causé la mort de 95 personnes", [("killed", 95, "")]),
        ("fr-16", "une milice ethnique a tué au moins 13 civils, dont 2 enfants, a enlevé 24 "
         "autres personnes", [("killed", 13, "at least"), ("missing", 24, "")]),
        ("fr-12", "Selon les autorités, 203 terroristes ont été tués et 51 suspects ont été "
         "interpellés.", [("killed", 203, ""), ("detained", 51, "")]),
        ("fr-13", "Un chef de village a été enlevé dans la soirée du 15 mars par des hommes armés",
         [("missing", 1, "")]),
        ("fr-09", "Dix-neuf militaires maliens ont été tués et cinq blessés tôt ce dimanche matin.",
         [("killed", 19, ""), ("injured", 5, "")]),
        ("fr-20", "Sur ces plus de 70 morts, une vingtaine a perdu la vie dans l'attaque de la "
         "base militaire", [("killed", 70, "more than"), ("killed", 20, "about")]),
        ("en-03", "Armed Islamist groups have also killed hundreds of Malian security force "
         "members, including 27 soldiers during an attack on Mondoro on March 4, 2022.",
         [("killed", 27, "")]),
    ],
)  # fmt: skip
def test_casualty_constructions(source, sentence, expected):
    assert source == "report" or sentence in PASSAGES[source]["text"]
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    ("source", "sentence", "field", "words"),
    [
        ("en-11", "unidentified men killed dozens of people and set fire to several homes",
         "killed", "dozens"),
        ("fr-20", "Les autorités maliennes de transition reconnaissent « quelques pertes en vies "
         "humaines ».", "killed", "quelques"),
        ("fr-03", "un bilan provisoire fait état de 21 morts, des disparus parmi les populations "
         "civiles", "missing", "des"),
    ],
)  # fmt: skip
def test_a_quantity_without_a_number_leaves_the_count_empty_and_says_so(
    source, sentence, field, words, geocoder
):
    assert sentence in PASSAGES[source]["text"]
    vague = [f for f in find_figures(sentence) if f.field == field and f.value is None]
    assert [f.qualifier for f in vague] == [words]
    (row,) = extract_incidents(sentence, year=2020, geocoder=geocoder)
    stated = {f["measure"]: f["value"] for f in row["figures"] if f["value"] is not None}
    assert row[field] == stated.get(field)
    assert f"'{vague[0].text}' states no number, left empty" in row["casualty_note"]


@pytest.mark.parametrize(
    "sentence",
    ["Gunmen seized 3 vehicles and 200 head of cattle.", "L'armée a perdu 2 véhicules."],
)
def test_things_seized_or_lost_are_not_people(sentence):
    assert figures(sentence) == []


def test_bodies_found_are_deaths():
    assert figures("The bodies of 30 people were found near the well.") == [("killed", 30, "")]
    assert figures("Les corps de 12 personnes ont été retrouvés.") == [("killed", 12, "")]


def test_the_victims_category_comes_with_the_figure():
    assert [f.victims for f in find_figures("Forty-two Malian soldiers were killed")] == [
        "Malian soldiers"
    ]
    assert [f.victims for f in find_figures("des terroristes ont tué 13 civils")] == ["civils"]


@pytest.mark.parametrize(
    ("words", "value"),
    [("quatre-vingt-dix", 90), ("deux cents", 200), ("Dix-neuf", 19), ("Forty-two", 42),
     ("une trentaine", 30), ("une centaine", 100), ("trois cent cinquante", 350),
     ("soixante-dix", 70), ("vingt et un", 21)],
)  # fmt: skip
def test_number_words_in_french_and_english(words, value):
    assert number_value(words) == value


def test_quatre_vingt_dix_is_ninety_in_a_sentence():
    assert figures("Quatre-vingt-dix civils ont été tués.") == [("killed", 90, "")]


def test_no_candidate_carries_a_number_the_text_does_not_state(geocoder):
    """Every figure of every candidate from the corpus is written in its passage: its words
    are the passage's and its number is in them (digits, number words or a noun of
    approximate quantity)."""
    for passage in PASSAGES.values():
        text = passage["text"]
        for row in extract_incidents(text, year=passage["year_hint"], geocoder=geocoder):
            for figure in row["figures"]:
                assert figure["text"] in text, (passage["id"], figure)
                if figure["value"] is None:
                    continue
                words = figure["text"]
                digits = re.findall(r"\d+", alpha2digit(words, passage["language"], threshold=0))
                nouns = [v for noun, v in APPROXIMATE_NOUNS.items() if noun in words.lower()]
                one = re.match(r"^(?:un|une|a|an|one)\b", words, re.IGNORECASE) is not None
                assert (
                    str(figure["value"]) in digits
                    or figure["value"] in nouns
                    or (figure["value"] == 1 and (one or not digits))
                ), (passage["id"], figure)


@pytest.mark.parametrize(
    ("source", "sentence", "names"),
    [
        ("report", "the villages of Panga Dougou, Djimdo, Gouari and Dialakanda in the communes "
         "of Tori and Diallassagou in the cercle of Bankass",
         ["Panga Dougou", "Djimdo", "Gouari", "Dialakanda", "Tori", "Diallassagou", "Bankass"]),
        ("report", "l'attaque de Diallassagou, région de Mopti", ["Diallassagou", "Mopti"]),
        ("report", "an attack on Mondoro", ["Mondoro"]),
        ("en-02", "in an attack near the town of Tessit on Sunday", ["Tessit"]),
        ("fr-16", "contre les villages d'Ogota et d'Ouémbé, dans la région de Mopti",
         ["Ogota", "Ouémbé", "Mopti"]),
        ("fr-02", "Il y a eu des attaques simultanées dans quatre villages : Gouari, Djimďo, "
         "Pangadougou et Dialakanda.", ["Gouari", "Djimďo", "Pangadougou", "Dialakanda"]),
        ("en-05", "in January a Dozo group (traditional hunters) attacked Sinda village",
         ["Sinda"]),
        # a person's title is not where the incident happened
        ("en-01", "according to Moulaye Guindo, the mayor of Bankass", []),
    ],
)  # fmt: skip
def test_places_from_lists_and_admin_phrases(source, sentence, names, geocoder):
    assert source == "report" or sentence in PASSAGES[source]["text"]
    assert [p.name for p in find_places(sentence, geocoder)] == names


def test_villages_in_communes_in_a_cercle_are_one_incident_with_the_cercle_as_hint(geocoder):
    # the report's two quotations of the Amnesty release, in one sentence
    text = (
        "Amnesty condemned the killings of at least 32 villagers by armed assailants on 1st "
        "July in the villages of Panga Dougou, Djimdo, Gouari and Dialakanda in the communes "
        "of Tori and Diallassagou in the cercle of Bankass."
    )
    (row,) = extract_incidents(text, year=2020, geocoder=geocoder)
    assert row["location"] == "Panga Dougou; Djimdo; Gouari; Dialakanda"
    assert row["geo_hint"] == "cercle de Bankass"
    assert (row["killed"], row["date_start"], row["date_precision"]) == (32, "2020-07-01", "day")
    assert row["admin1"] == "Mopti"


def test_a_toll_placed_in_a_region_takes_the_villages_named_next(geocoder):
    (total, *breakdown) = extract_incidents(PASSAGES["en-01"]["text"], year=2020,
                                            geocoder=geocoder)  # fmt: skip
    assert total["location"] == "Gouari; Djimdo; Pangadougou; Dialaikanda"
    assert total["geo_hint"] == "Mopti region"
    assert (total["killed"], total["injured"]) == (33, 5)
    # "He said 15 were killed in Djimdo, 16 in Gouari and two in Pangadougou."
    assert [(r["location"], r["killed"]) for r in breakdown] == [
        ("Djimdo", 15), ("Gouari", 16), ("Pangadougou", 2)
    ]  # fmt: skip


def test_the_place_named_after_the_toll(geocoder):
    # fr-09: "Dix-neuf militaires maliens ont été tués ..." then "le camp de Sokolo"
    rows = extract_incidents(PASSAGES["fr-09"]["text"], year=2020, geocoder=geocoder)
    assert {r["location"] for r in rows} == {"Sokolo"}
    assert rows[0]["admin1"] == "Ségou"


@pytest.mark.parametrize(
    ("words", "start", "end", "precision"),
    [
        ("on 1st July", "2020-07-01", "2020-07-01", "day"),
        ("fin avril", "2020-04-21", "2020-04-30", "week"),
        ("début mars", "2020-03-01", "2020-03-10", "week"),
        ("mi-juin", "2020-06-11", "2020-06-20", "week"),
        ("in late March", "2020-03-21", "2020-03-31", "week"),
        ("between 10 and 12 July", "2020-07-10", "2020-07-12", "day"),
        ("in the night of 13 to 14 February", "2020-02-13", "2020-02-14", "day"),
        ("dans la nuit de jeudi 13 au vendredi 14 février 2020", "2020-02-13", "2020-02-14",
         "day"),
        ("since December 2021", "2021-12-01", "2021-12-31", "month"),
        ("on March 4, 2022", "2022-03-04", "2022-03-04", "day"),
        ("au mois de mars", "2020-03-01", "2020-03-31", "month"),
        ("au début du mois de janvier", "2020-01-01", "2020-01-10", "week"),
    ],
)  # fmt: skip
def test_date_wordings_and_their_precision(words, start, end, precision):
    (found,) = find_dates(words, 2020, None)
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == (
        start, end, precision)  # fmt: skip
    assert found.year_written == bool(re.search(r"\b20\d\d\b", words))


def test_a_publication_date_is_not_the_incident_date():
    # fr-11
    assert find_dates("C’est ce qu’affirme un rapport publié ce 12 mai 2023", 2023, None) == []


def test_the_year_comes_from_a_date_line():
    assert document_year("Oct. 28, 2018 (UPI) -- Two peacekeepers were killed on 1st July.") == 2018
    assert document_year("Published 2022-03-15\nSoldiers killed 27 on March 4.") == 2022


def test_a_date_without_a_year_is_a_visible_warning(geocoder):
    text = "Deux cents personnes ont été arrêtées à Bamako fin avril."
    assert dates_without_year(text) == ["fin avril"]
    (row,) = extract_incidents(text, geocoder=geocoder)
    assert row["date_start"] is None and row["detained"] == 200
    assert row["warnings"] == [
        "'fin avril' has no year and none was given: give the year to date it"
    ]
    (row,) = extract_incidents(text, year=2021, geocoder=geocoder)
    assert (row["date_start"], row["date_precision"]) == ("2021-04-21", "week")
    assert row["warnings"] == ["the text gives no year for this date: 2021 taken from --year"]


def test_the_cli_warns_on_stderr_of_a_date_without_a_year(tmp_path):
    report = tmp_path / "note.txt"
    report.write_text("Deux cents personnes ont été arrêtées à Bamako fin avril.\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "incidents", "extract", str(report)], cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert json.loads(line)["date_start"] is None
    assert done.stderr == (
        "EX-001: warning: 'fin avril' has no year and none was given: give the year to date it\n"
    )


@pytest.mark.parametrize(
    ("source", "sentence", "claimant"),
    [
        ("en-05", "According to the UN Mission in Mali (MINUSMA), in January a Dozo group "
         "(traditional hunters) attacked Sinda village, killing 14 civilians.",
         "the UN Mission in Mali"),
        ("fr-08", "L'attaque, qui s'est déroulée vendredi matin, a fait 27 morts et 33 blessés, "
         "selon un communiqué officiel de l'armée malienne.",
         "un communiqué officiel de l'armée malienne"),
        ("en-02", "Forty-two Malian soldiers were killed and 22 injured in an attack near the "
         "town of Tessit on Sunday, Mali’s government said on Wednesday, blaming an Islamic "
         "State affiliate.", "Mali’s government"),
        ("fr-07", "BAMAKO (Reuters) - Quarante-deux soldats maliens ont été tués dimanche dans "
         "une attaque près de la ville de Tessit, située dans la région de Gao, a annoncé "
         "mercredi le gouvernement malien.", "le gouvernement malien"),
        ("report", "L'armée malienne avait fait état de 132 civils tués.", "L'armée malienne"),
    ],
)  # fmt: skip
def test_the_claimant_of_a_figure(source, sentence, claimant):
    assert source == "report" or sentence in PASSAGES[source]["text"]
    assert find_claimant(sentence) == claimant


def test_a_disputed_figure_is_another_source_figure_not_a_count(geocoder):
    text = (
        "L'armée malienne avait fait état de 132 civils tués lors de l'attaque de "
        "Diallassagou, région de Mopti. Un chiffre que la Minusma ne confirme pas."
    )  # the report's two quotations, placed with its third
    assert disputes("Un chiffre que la Minusma ne confirme pas.")
    (row,) = extract_incidents(text, year=2022, geocoder=geocoder)
    assert row["killed"] is None
    (figure,) = row["figures"]
    assert (figure["value"], figure["source"], figure["disputed"], figure["counted"]) == (
        132, "L'armée malienne", True, False)  # fmt: skip
    assert "132" in row["alt_figures"] and "disputed" in row["alt_figures"]
    assert (row["location"], row["geo_hint"]) == ("Diallassagou", "région de Mopti")


def test_a_toll_the_un_report_contests_is_disputed(geocoder):
    # fr-11: "un bilan officiel de 203 morts, tous jihadistes. Un bilan battu en brèche par le
    # rapport onusien."
    rows = extract_incidents(PASSAGES["fr-11"]["text"], year=2023, geocoder=geocoder)
    by_value = {f["value"]: f for r in rows for f in r["figures"]}
    assert by_value[203]["disputed"] and not by_value[203]["counted"]
    assert by_value[500]["counted"] and by_value[500]["qualifier"] == "more than"
    assert {r["location"] for r in rows} == {"Moura"}


def test_figures_of_other_sources_are_kept_apart_never_summed(geocoder):
    (row,) = extract_incidents(PASSAGES["en-02"]["text"], year=2022, geocoder=geocoder)
    assert (row["location"], row["killed"], row["injured"], row["missing"]) == (
        "Tessit", 42, 22, 9)  # fmt: skip
    others = [(f["value"], f["source"]) for f in row["figures"] if not f["counted"]]
    assert others == [(37, ""), (17, "The army")]
    assert "killed 37" in row["alt_figures"] and "killed 17" in row["alt_figures"]


def test_the_same_figure_said_twice_is_one_figure(geocoder):
    # en-06: "killed approximately 40 people" ... "about 40 people were killed"
    (row,) = extract_incidents(PASSAGES["en-06"]["text"], year=2024, geocoder=geocoder)
    assert [(f["value"], f["qualifier"]) for f in row["figures"]] == [(40, "about")]
    assert row["location"] == "Djiguibombo"


def test_ids_continue_from_the_dataset_added_to():
    existing = pd.DataFrame({"id": ["EX-text-001", "EX-text-002", "EX-text-007", "ML-2020-001"]})
    assert next_number(existing["id"], "EX-text") == 8
    assert next_number([], "EX-text") == 1
    candidates = pd.DataFrame({"id": ["EX-text-001", "EX-text-002"], "killed": [1, 2]})
    assert list(continue_ids(candidates, existing, "EX-text")["id"]) == [
        "EX-text-008", "EX-text-009"]  # fmt: skip
    assert list(continue_ids(candidates, None, "EX-text")["id"]) == ["EX-text-001", "EX-text-002"]


def test_extraction_numbers_from_a_first_number(geocoder):
    rows = extract_incidents("Au moins 12 civils ont été tués à Sokolo.", year=2020,
                             geocoder=geocoder, id_prefix="EX-text", first_number=4)  # fmt: skip
    assert [r["id"] for r in rows] == ["EX-text-004"]


def test_a_candidate_repeating_an_incident_by_content_is_a_likely_duplicate():
    existing = pd.DataFrame({
        "id": ["ML-2020-011", "ML-2020-012"],
        "location": ["Tori; Diallassagou", "Bamako"],
        "date_start": pd.to_datetime(["2020-07-01", "2020-07-10"]),
        "date_end": pd.to_datetime(["2020-07-31", "2020-07-12"]),
        "killed": pd.array([32, 14], dtype="Int64"),
        "injured": pd.array([None, None], dtype="Int64"),
        "missing": pd.array([None, None], dtype="Int64"),
        "detained": pd.array([None, None], dtype="Int64"),
    })  # fmt: skip
    candidates = pd.DataFrame({
        # new ids: the check is by content
        "id": ["EX-text-001", "EX-text-002", "EX-text-003"],
        "location": ["Diallassagou", "Bamako", "Bamako"],
        "date_start": ["2020-07-01", "2020-07-11", "2020-08-01"],
        "date_end": ["2020-07-31", "2020-07-11", "2020-08-31"],
        "killed": [32, 11, 14], "injured": [None] * 3, "missing": [None] * 3,
        "detained": [None] * 3,
    })  # fmt: skip
    # same place and figures, overlapping dates; other figures; other dates
    assert list(likely_duplicates(candidates, existing)) == ["ML-2020-011", "", ""]
    assert list(likely_duplicates(candidates, None)) == ["", "", ""]
