"""Extraction from report text: each phrase type, then whole paragraphs, then the CLI."""

import json
import re
import runpy
from datetime import date
from pathlib import Path

import pytest

from geo.geocoder import get_geocoder
from incidents import cli
from incidents.extract import (
    document_year,
    extract_incidents,
    find_dates,
    find_figures,
    find_places,
    find_release_dates,
    number_value,
)
from incidents.extract.actors import perpetrator_type
from incidents.importers.taxonomy import perpetrator_type_from_ucdp
from incidents.model import IDENTITY_MILITIA_WORDS
from tests.conftest import CallMain, CliResult

REPO = Path(__file__).resolve().parents[2]


def counts(sentence: str) -> dict[str, int | None]:
    return {f.field: f.value for f in find_figures(sentence)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen attacked the village, killing at least 35 civilians.", {"killed": 35}),
        ("14 protesters were killed by gunshot wounds.", {"killed": 14}),
        ("Five demonstrators were injured and one died.", {"injured": 5, "killed": 1}),
        ("Hundreds were injured.", {"injured": None}),
        ("Three journalists were arrested in Gao.", {"detained": 3}),
        ("At least 23 civilians were killed by soldiers.", {"killed": 23}),
        ("27 civilians were subjected to enforced disappearance.", {"missing": 27}),
        ("43 civilians were killed by the National Guard.", {"killed": 43}),
        (
            "Two people, including a 12-year-old boy, were shot and killed by the police.",
            {"killed": 2},
        ),
        (
            "As of September, two UN personnel were killed and 40 injured.",
            {"killed": 2, "injured": 40},
        ),
        ("Her bodyguard was killed during the kidnapping.", {"killed": 1}),
        ("A 17-year-old motorcyclist was killed while being arrested.", {"killed": 1}),
        ("They attacked, while the fate of 19 people was not revealed.", {"missing": 19}),
        ("Twenty-five villagers were killed.", {"killed": 25}),
        ("Soumaila Cissé and five members of his team were abducted.", {"missing": 6}),
        (
            "Several ministers, including the President, the Prime Minister and the Speaker, "
            "were detained.",
            {"detained": 3},
        ),
        ("Au moins 12 civils ont été tués.", {"killed": 12}),
        ("L'attaque a fait 35 morts et 10 blessés.", {"killed": 35, "injured": 10}),
        ("Trois journalistes ont été enlevés.", {"missing": 3}),
    ],
)
def test_casualty_phrases(sentence, expected):
    assert counts(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "About 287,496 people were internally displaced and 42,780 were refugees.",
        "As of March, 1,261 schools were closed.",
        "In November, 15 people were found guilty and sentenced to death.",
        "This was coupled with a 12-month teachers' strike.",
        "Authorities arrested 11 people suspected of being involved in the murders.",
        "He was kidnapped by eight hooded agents after he was driving home.",
        "Armed groups committed dozens of attacks on civilians.",
    ],
)
def test_numbers_that_are_not_victim_counts(sentence):
    found = counts(sentence)
    assert found in ({}, {"missing": 1})  # the kidnapped man is one, never eight
    assert 8 not in found.values() and 11 not in found.values()


def test_vague_quantities_and_qualifiers_are_kept_in_words():
    sentence = "Security forces killed at least 14 protesters and hundreds were injured."
    figures = find_figures(sentence)
    assert [(f.field, f.value, f.qualifier) for f in figures] == [
        ("killed", 14, "at least"),
        ("injured", None, "hundreds"),
    ]


def test_one_of_the_injured_who_died_is_not_counted_twice():
    rows = extract_incidents(
        "In Sikasso on 7 May, police fired on protesters. Five demonstrators were injured and "
        "one died from their injuries.",
        year=2020,
    )
    assert [(r["killed"], r["injured"]) for r in rows] == [(1, 4)]


def test_people_abducted_then_held_are_detained_not_also_missing():
    rows = extract_incidents(
        "On 9 May in Kati, two journalists were kidnapped by hooded agents. The two "
        "journalists were detained by the security services for a week.",
        year=2020,
    )
    assert [(r["missing"], r["detained"]) for r in rows] == [(None, 2)]
    assert "counted as detained, not also as missing" in rows[0]["notes"]


def test_abducted_and_arrested_in_different_numbers_are_both_counted():
    rows = extract_incidents(
        "On 9 May in Kati, five villagers were abducted by gunmen and two suspects were "
        "arrested by the army.",
        year=2020,
    )
    assert [(r["missing"], r["detained"]) for r in rows] == [(5, 2)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("14", 14),
        ("1,261", 1261),
        ("three", 3),
        ("twenty-five", 25),
        ("one hundred and five", 105),
        ("vingt-cinq", 25),
        ("deux", 2),
    ],
)
def test_number_words(text, value):
    assert number_value(text) == value


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        ("Between 10 and 12 July, security forces opened fire.", "2020-07-10", "2020-07-12", "day"),
        ("Between 3 February and 10 March, 23 were killed.", "2020-02-03", "2020-03-10", "day"),
        ("On March 25, he was abducted.", "2020-03-25", "2020-03-25", "day"),
        ("On 9 May, he was kidnapped.", "2020-05-09", "2020-05-09", "day"),
        ("In February, a group attacked.", "2020-02-01", "2020-02-29", "month"),
        ("As of September, two were killed.", "2020-01-01", "2020-09-30", "month"),
        ("Between September and the end of the year, ...", "2020-09-01", "2020-12-31", "month"),
        ("Le 14 février, des manifestants ont été tués.", "2020-02-14", "2020-02-14", "day"),
        ("Du 10 au 12 juillet, ...", "2020-07-10", "2020-07-12", "day"),
        ("In June 2018, the village head evicted a family.", "2018-06-01", "2018-06-30", "month"),
    ],
)
def test_dates(sentence, start, end, precision):
    found = find_dates(sentence, 2020, None)[0]
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == (
        start,
        end,
        precision,
    )
    assert found.year_written == ("2018" in sentence)


def test_release_dates_are_found_apart():
    sentence = "She was detained for 12 days and released on 21 May and charged on 2 June."
    assert [m.start for m in find_release_dates(sentence, 2020)] == [date(2020, 5, 21)]
    assert find_dates(sentence, 2020, None) == []


def test_a_release_in_the_next_sentence_ends_the_detention(geocoder):
    (row,) = extract_incidents(
        "Following the August coup, several ministers, including the President and the Prime "
        "Minister, were detained. Others were released in October.",
        year=2020,
        geocoder=geocoder,
    )
    assert (row["detained"], row["date_start"], row["date_end"]) == (2, "2020-08-01", "2020-10-31")
    assert row["source_quote"].endswith("Others were released in October.")


def test_release_dates_and_the_verb_may_are_not_event_dates():
    assert find_dates("He was detained and released on 21 May.", 2020, None) == []
    assert find_dates("She was not released until October 8.", 2020, None) == []
    assert find_dates("Prices may rise in the dry season.", 2020, None) == []


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("Le 3 AOÛT, des civils ont été tués.", date(2020, 8, 3)),
        ("Le 3 aout, des civils ont été tués.", date(2020, 8, 3)),
        ("Le 5 decembre, un homme a été enlevé.", date(2020, 12, 5)),
        ("On Sept. 4, two men were abducted.", date(2020, 9, 4)),
        ("On 4 Sep, two men were abducted.", date(2020, 9, 4)),
    ],
)
def test_month_names_with_or_without_accents_and_abbreviated(sentence, day):
    assert find_dates(sentence, 2020, None)[0].start == day


def test_french_abbreviations_are_not_read_as_months_in_prose():
    # "sept" is also seven: "sept personnes" is no date
    assert find_dates("Le 3 sept personnes ont été tuées.", 2020, None) == []


@pytest.mark.parametrize("word", [*IDENTITY_MILITIA_WORDS, "hunters"])
def test_militia_words_make_an_identity_militia(word):
    assert perpetrator_type(f"a group of {word.title()} members") == "Identity militias"


def test_militia_words_agree_with_the_ucdp_importer():
    for word in IDENTITY_MILITIA_WORDS:
        assert perpetrator_type(word) == perpetrator_type_from_ucdp(word) == "Identity militias"


def test_the_following_day_counts_from_the_previous_date():
    previous = find_dates("On May 11, a man was killed.", 2020, None)[0]
    found = find_dates("Protests followed the following day.", 2020, previous)[0]
    assert found.start == date(2020, 5, 12) and found.relative


def test_document_year_is_the_year_written_most_next_to_a_month():
    assert document_year("In January 2020 ... In June 2018 ... in March 2020 ...") == 2020
    assert document_year("no dates here") is None


@pytest.fixture(scope="module")
def geocoder():
    return get_geocoder()


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("Militiamen attacked the village of Ogossagou in February.", ["Ogossagou"]),
        (
            "Soldiers killed 43 in the villages of Binédama and Yangassadiou.",
            ["Binédama", "Yangassadiou"],
        ),
        ("Soumaila Cissé was abducted near his home.", []),  # a person, not the village Soumaïla
        ("Delegates met in Paris and Ouagadougou.", []),
        ("Five were killed in Sikasso.", ["Sikasso"]),
    ],
)
def test_places_are_real_malian_places_after_a_locative(geocoder, sentence, names):
    assert [p.name for p in find_places(sentence, geocoder)] == names


def test_paragraph_context_and_merging(geocoder):
    text = (
        "On March 25, opposition leader Soumaila Cissé and five members of the campaign team "
        "were abducted by GSIM members in the town of Niafounké in the Timbuktu region. Her "
        "bodyguard was killed during the kidnapping, and Soumaila Cissé was not released until "
        "October 8.\n\n"
        "On May 11, a 17-year-old motorcyclist was killed while being arrested by an off-duty "
        "police officer in Kayes. This incident sparked demonstrations in the city the "
        "following day, and two people were shot and killed by the police.\n"
    )
    rows = extract_incidents(text, year=2020, source="report.txt", geocoder=geocoder)
    assert len(rows) == 3
    abduction, motorcyclist, protest = rows
    assert (abduction["missing"], abduction["killed"]) == (6, 1)
    assert abduction["location"] == "Niafounké"
    assert abduction["geo_hint"] == "Timbuktu region"
    assert (abduction["admin1"], abduction["admin2"]) == ("Tombouctou", "Niafunké")
    # a detention lasts until the release the text gives
    assert (abduction["date_start"], abduction["date_end"]) == ("2020-03-25", "2020-10-08")
    assert "held until the release on 2020-10-08" in abduction["notes"]
    assert abduction["perpetrator"] == "GSIM members"
    assert abduction["perpetrator_type"] == "Rebel groups"
    assert abduction["sub_event_type"] == "Abduction/forced disappearance"
    assert "Her bodyguard was killed" in abduction["source_quote"]
    assert abduction["year_inferred"] is True
    assert "year 2020 inferred from --year" in abduction["notes"]
    assert (motorcyclist["killed"], motorcyclist["location"]) == (1, "Kayes")
    assert (protest["killed"], protest["location"], protest["date_start"]) == (
        2,
        "Kayes",
        "2020-05-12",
    )
    assert protest["event_type"] == "Protests"
    assert protest["source"] == "report.txt"


def test_french_report(geocoder):
    text = (
        "Le 14 février 2020, des hommes armés ont attaqué le village d'Ogossagou, tuant au moins "
        "35 civils. Trois personnes ont été blessées."
    )
    (row,) = extract_incidents(text, geocoder=geocoder)
    assert (row["killed"], row["injured"]) == (35, 3)
    assert row["date_start"] == "2020-02-14" and row["year_inferred"] is False
    assert row["location"] == "Ogossagou" and row["admin1"] == "Mopti"


def test_no_casualty_no_candidate(geocoder):
    assert (
        extract_incidents("The security situation remained unstable.", 2020, geocoder=geocoder)
        == []
    )


@pytest.fixture
def run_cli(call_main: CallMain):
    def run(*args: str) -> CliResult:
        return call_main(cli.main, "extract", *args)

    return run


def test_cli_prints_one_json_object_per_candidate(run_cli, tmp_path):
    report = tmp_path / "rapport.txt"
    report.write_bytes(
        "En juillet, des hommes armés ont attaqué les communes de Tori et Diallassagou, tuant "
        "au moins 32 civils.\n".encode("cp1252")
    )
    done = run_cli(str(report), "--year", "2020")
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    row = json.loads(line)
    for field in (
        "date_start",
        "date_end",
        "date_precision",
        "location",
        "killed",
        "injured",
        "missing",
        "detained",
        "event_type",
        "sub_event_type",
        "perpetrator",
        "source_quote",
        "admin1",
        "admin2",
    ):
        assert field in row
    assert (row["date_start"], row["date_end"]) == ("2020-07-01", "2020-07-31")
    assert (row["location"], row["killed"], row["admin1"]) == ("Tori; Diallassagou", 32, "Mopti")
    assert row["source"] == "rapport.txt"


def test_cli_unreadable_input(run_cli, tmp_path):
    done = run_cli(str(tmp_path / "missing.txt"))
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "No such file" in done.stderr
    done = run_cli(str(REPO / "data" / "sources" / "002_5722450adf37214a.txt"), "--year", "20x")
    assert done.returncode == 2 and "is not a year" in done.stderr


def test_measure_script_finds_nearly_every_incident_of_source_002_and_of_the_corpus(
    capsys, monkeypatch
):
    # the script runs ``python -m incidents extract`` in a child process: the command's own run
    monkeypatch.setattr("sys.argv", ["measure_extraction.py"])
    script = runpy.run_path(str(REPO / "scripts" / "measure_extraction.py"))
    assert script["main"]() == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("place and numbers"))
    found, total = (int(n) for n in line.split("recall ")[1].split(" =")[0].split("/"))
    assert found >= total - 1
    # the passages corpus: at least 90% recall and precision in each language
    scores = re.findall(
        r"^corpus (\w+): recall (\d+)/(\d+) = \d+%, precision (\d+)/(\d+)", out, re.MULTILINE
    )
    assert {language for language, *_ in scores} == {"en", "fr"}
    for _language, found, facts, right, extracted in scores:
        assert int(found) >= 0.9 * int(facts) and int(right) >= 0.9 * int(extracted)
