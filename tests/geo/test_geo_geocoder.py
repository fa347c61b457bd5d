"""Geocoder behaviour, one group of tests per kind of query (real gazetteer and polygons)."""

import random
import string

import pytest

from geo.boundaries import OFFICIAL_ADMIN1
from geo.geocoder import PRECISIONS, STATUSES, Candidate, GeocodeResult, get_geocoder
from geo.query import as_text, hint_pieces, split_context, split_near, split_qualifier

# --- API shape ----------------------------------------------------------------------------


def test_get_geocoder_is_a_cached_singleton():
    assert get_geocoder() is get_geocoder()


def test_result_shape_and_to_dict(gc):
    res = gc.geocode("Farabougou", hint="Niono")
    assert isinstance(res, GeocodeResult)
    assert isinstance(res.match, Candidate)
    assert res.candidates[0] == res.match
    assert res.status == "matched" and res.ambiguous is False
    assert res.to_dict() == {
        "query": "Farabougou",
        "match": {
            "name": "Farabougou",
            "lat": 14.8921,
            "lon": -6.1414,
            "admin1": "Ségou",
            "admin2": "Niono",
            "admin3": "Dogofry",
            "precision": "point",
            "score": 100.0,
        },
        "candidates": 1,
    }
    assert res.match.geonameid == 2457671
    assert res.match.kind == "village"
    assert res.match.matched_name == "Farabougou"


def test_statuses_and_precisions_are_from_the_vocabulary(gc):
    for query, hint in [
        ("Farabougou", None),
        ("Ségou", None),
        ("Paris", None),
        ("Yangassadiou", "Douentza"),
        ("Bankass cercle", None),
    ]:
        res = gc.geocode(query, hint)
        assert res.status in STATUSES
        assert all(c.precision in PRECISIONS for c in res.candidates)
        assert res.note.endswith(".")


def test_no_match_to_dict(gc):
    res = gc.geocode("Paris")
    assert res.to_dict() == {"query": "Paris", "match": None, "candidates": 0}
    assert res.status == "not_found" and res.match is None and res.candidates == ()


@pytest.mark.parametrize("empty", ["", "   ", "---", None, float("nan")])
def test_empty_name_is_not_found(gc, empty):
    res = gc.geocode(empty)
    assert res.status == "not_found" and res.match is None
    assert res.note == "No place name given."


@pytest.mark.parametrize("empty_hint", ["", None, float("nan")])
def test_empty_hint_is_no_hint(gc, empty_hint):
    res = gc.geocode("Farabougou", hint=empty_hint)
    assert res.ambiguous and len(res.candidates) == 9


# --- case, accents, punctuation -----------------------------------------------------------


@pytest.mark.parametrize("spelling", ["Ségou", "Segou", "SEGOU", "ségou", " Ségou. "])
def test_case_accents_punctuation(gc, spelling):
    res = gc.geocode(spelling)
    assert res.status == "matched"
    assert (res.match.name, res.match.kind, res.match.precision) == ("Ségou", "town", "point")
    assert (res.match.admin1, res.match.admin2) == ("Ségou", "Ségou")


@pytest.mark.parametrize("spelling", ["Kéniéroba", "Kenieroba", "KENIEROBA", "kéniéroba"])
def test_kenieroba_spellings_are_one_name_of_two_villages(gc, spelling):
    unhinted = gc.geocode(spelling)
    assert unhinted.ambiguous and len(unhinted.candidates) == 2
    assert {c.admin2 for c in unhinted.candidates} == {"Kati", "Kita"}


@pytest.mark.parametrize("spelling", ["Kéniéroba", "Kenieroba", "KENIEROBA", "Kényéroba"])
def test_kenieroba_with_hint(gc, spelling):
    res = gc.geocode(spelling, hint="Kati")
    assert res.status == "matched"
    assert (res.match.name, res.match.admin1, res.match.admin2) == (
        "Kéniéroba",
        "Koulikoro",
        "Kati",
    )


# --- exonyms and variant spellings --------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "admin1", "admin2"),
    [
        ("Timbuktu", "Tombouctou", "Tombouctou"),
        ("Tombouctou", "Tombouctou", "Tombouctou"),
        ("Niafounké", "Tombouctou", "Niafunké"),
        ("Niafunké", "Tombouctou", "Niafunké"),
        ("Gao", "Gao", "Gao"),
        ("Mopti", "Mopti", "Mopti"),
        ("Segu", "Ségou", "Ségou"),
        ("Koulikoro", "Koulikoro", "Koulikoro"),
        ("Koulikouro", "Koulikoro", "Koulikoro"),
        ("Kidal", "Kidal", "Kidal"),
        ("Sikasso", "Sikasso", "Sikasso"),
        ("Djenné", "Mopti", "Djenné"),
        ("Jenne", "Mopti", "Djenné"),
        ("Ménaka", "Ménaka", "Ménaka"),
        ("Bamako", "Bamako", "Bamako"),
    ],
)
def test_exonyms_and_variants_find_the_town(gc, query, admin1, admin2):
    res = gc.geocode(query)
    assert res.status == "matched", res.note
    assert res.match.precision == "point"
    assert res.match.kind in ("town", "capital")
    assert (res.match.admin1, res.match.admin2) == (admin1, admin2)


def test_exonym_scores_below_the_gazetteer_spelling(gc):
    assert gc.geocode("Djenné").match.score == 100
    jenne = gc.geocode("Jenne").match
    assert jenne.name == "Djenné"  # official spelling, not GeoNames' "Djénné"
    assert jenne.score < 100 and jenne.matched_name == "Jenne"


@pytest.mark.parametrize(
    ("query", "precision", "name", "admin1", "note"),
    [
        ("Ménaka region", "region", "Ménaka", "Ménaka", "Matched region Ménaka"),  # ML10
        ("région de Taoudénit", "region", "Tombouctou", "Tombouctou", "newer than our units"),
    ],
)
def test_regions_of_ocha_and_newer(gc, query, precision, name, admin1, note):
    res = gc.geocode(query)
    assert (res.match.precision, res.match.name, res.match.admin1) == (precision, name, admin1)
    assert note in res.note


def test_town_that_shares_its_name_with_villages_is_not_ambiguous(gc):
    res = gc.geocode("Gao")  # the regional capital and a village in Kayes
    assert res.status == "matched" and not res.ambiguous
    assert len(res.candidates) == 2
    assert res.match.geonameid == 2457163
    assert "1 smaller place" in res.note


# --- alternate names and suffixes ---------------------------------------------------------


def test_alternate_name_only(gc):
    res = gc.geocode("Sinda", hint="Douentza")  # only an alternate name of Sinnda
    assert res.status == "matched"
    assert (res.match.name, res.match.admin2, res.match.admin1) == ("Sinnda", "Douentza", "Mopti")
    assert res.match.matched_name == "Sinda"
    assert res.match.score < 100
    # without the hint, the Sinnda of Koro and others spelled alike leave it open
    unhinted = gc.geocode("Sinda")
    assert unhinted.status == "ambiguous" and unhinted.match.admin2 == "Douentza"
    assert "in Koro" in unhinted.note


@pytest.mark.parametrize("query", ["Ogossagou", "Ogassagou", "Ogassagou-Peulh", "Ogossagou Peulh"])
def test_ogossagou_is_found_through_its_peulh_and_dogon_hamlets(gc, query):
    res = gc.geocode(query)
    assert res.status == "matched", res.note
    assert res.match.name in ("Ogassagou-Peulh", "Ogassagou-Dogon")
    assert (res.match.admin1, res.match.admin2) == ("Mopti", "Bankass")
    assert res.match.precision == "point"


def test_ogossagou_hamlets_count_as_one_place(gc):
    res = gc.geocode("Ogossagou")
    assert not res.ambiguous
    assert res.match.name == "Ogassagou-Peulh"  # the alias table's first choice
    assert {c.geonameid for c in res.candidates} == {12232587, 2452382}
    assert "adjoining" in res.note


def test_moura_is_geonames_mora(gc):
    res = gc.geocode("Moura")
    assert (res.match.name, res.match.admin2) == ("Mora", "Djenné")


# --- qualified admin names ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "precision", "name", "admin1"),
    [
        ("Bankass cercle", "cercle", "Bankass", "Mopti"),
        ("cercle de Bankass", "cercle", "Bankass", "Mopti"),
        ("Cercle of Niono", "cercle", "Niono", "Ségou"),
        ("commune of Mondoro", "commune", "Mondoro", "Mopti"),
        ("commune de Mondoro", "commune", "Mondoro", "Mopti"),
        ("Commune rurale de Tagandougou", "commune", "Tagandougou", "Sikasso"),
        ("Mopti region", "region", "Mopti", "Mopti"),
        ("région de Ségou", "region", "Ségou", "Ségou"),
        ("Region of Timbuktu", "region", "Tombouctou", "Tombouctou"),
        ("Koulikouro region", "region", "Koulikoro", "Koulikoro"),
        ("district de Bamako", "region", "Bamako", "Bamako"),
        ("Commune IV", "commune", "Commune IV", "Bamako"),
    ],
)
def test_qualified_admin_names_give_the_unit(gc, query, precision, name, admin1):
    res = gc.geocode(query)
    assert res.status == "matched", res.note
    assert (res.match.precision, res.match.name, res.match.admin1) == (precision, name, admin1)
    assert res.match.kind in (precision, "district")
    assert res.match.geonameid is None
    # the representative point lies inside the unit
    from geo.boundaries import locate_points

    located = locate_points([res.match.lon], [res.match.lat]).iloc[0]
    assert located["admin1"] == admin1
    if precision == "cercle":
        assert located["admin2"] == name


def test_town_and_admin_unit_of_the_same_name(gc):
    town = gc.geocode("Mopti")
    assert (town.match.kind, town.match.precision) == ("town", "point")
    region = gc.geocode("Mopti region")
    assert (region.match.kind, region.match.precision) == ("region", "region")
    assert (region.match.admin2, region.match.admin3) == (None, None)


def test_admin_unit_without_a_settlement_of_that_name(gc):
    res = gc.geocode("Tagandougou")  # a commune; GeoNames has no village of that name
    assert res.status == "matched"
    assert (res.match.precision, res.match.admin2) == ("commune", "Yanfolila")


def test_duplicated_commune_names_are_told_apart_by_hint(gc):
    res = gc.geocode("commune of Dogofry")
    assert res.ambiguous and len(res.candidates) == 2
    hinted = gc.geocode("commune of Dogofry", hint="Niono")
    assert (hinted.status, hinted.match.admin2) == ("matched", "Niono")


@pytest.mark.parametrize("region", OFFICIAL_ADMIN1)
def test_every_region_name_with_the_word_region(gc, region):
    res = gc.geocode(f"{region} region")
    assert (res.match.precision, res.match.admin1) == ("region", region)


# --- Bamako quarters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "commune"),
    [
        ("Banconi", "Commune I"),
        ("Sébénikoro", "Commune IV"),
        ("Sebenikoro", "Commune IV"),
        ("Sogoninko", "Commune VI"),
        ("Badalabougou", "Commune V"),
    ],
)
def test_bamako_quarters(gc, query, commune):
    res = gc.geocode(query)
    assert res.match.kind == "quarter"
    assert res.match.precision == "point"
    assert (res.match.admin1, res.match.admin2, res.match.admin3) == ("Bamako", "Bamako", commune)


def test_quarter_name_shared_with_villages_needs_the_bamako_hint(gc):
    res = gc.geocode("Badalabougou")
    assert res.ambiguous  # villages of that name exist in Koulikoro region too
    hinted = gc.geocode("Badalabougou", hint="Bamako")
    assert hinted.status == "matched" and hinted.match.admin1 == "Bamako"


# --- misspellings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected_name", "admin2"),
    [
        ("Ogosagou", "Ogassagou", "Bankass"),
        ("Farabugu", "Farabougou", "Niono"),
        ("Tombuctou", "Timbuktu", "Tombouctou"),
        ("Diallasagou", "Diallassagou", "Bankass"),
        ("Farabougo", "Farabougou", "Niono"),  # a dropped letter: fuzzy, not a sound variant
        ("Bandiagarra", "Bandiagara", "Bandiagara"),
    ],
)
def test_misspellings(gc, query, expected_name, admin2):
    res = gc.geocode(query)
    assert res.match is not None, res.note
    assert res.match.name.startswith(expected_name)
    assert res.match.admin2 == admin2
    assert res.match.score < 100  # never reported as an exact match


def test_fuzzy_match_is_scored_below_exact_and_variant(gc):
    exact = gc.geocode("Farabougou").match.score
    variant = gc.geocode("Farabugu").match.score
    fuzzy = gc.geocode("Farabougo").match.score
    assert exact > variant > fuzzy >= 80


# --- ambiguity ----------------------------------------------------------------------------


def test_farabougou_without_hint_is_ambiguous_and_counts_candidates(gc):
    res = gc.geocode("Farabougou")
    assert res.ambiguous and res.status == "ambiguous"
    assert len(res.candidates) == 9
    assert res.note.startswith("9 places called Farabougou")
    assert len({c.geonameid for c in res.candidates}) == 9


@pytest.mark.parametrize("hint", ["Niono", "Ségou", "Segou", "cercle de Niono", "Dogofry"])
def test_farabougou_hint_ranks_the_besieged_village_first(gc, hint):
    res = gc.geocode("Farabougou", hint=hint)
    assert res.match.geonameid == 2457671
    assert (res.match.admin1, res.match.admin2, res.match.admin3) == ("Ségou", "Niono", "Dogofry")


def test_farabougou_niono_hint_selects_one(gc):
    res = gc.geocode("Farabougou", hint="Niono")
    assert not res.ambiguous and len(res.candidates) == 1
    assert "9 places called Farabougou; hint Niono selected" in res.note


def test_region_hint_narrows_but_can_stay_ambiguous(gc):
    res = gc.geocode("Farabougou", hint="Ségou")
    assert res.ambiguous
    assert all(c.admin1 == "Ségou" for c in res.candidates)
    assert "hint Ségou leaves" in res.note


def test_keyword_hints(gc):
    res = gc.geocode("Farabougou", region="Ségou", cercle="Niono")
    assert res.status == "matched" and res.match.admin3 == "Dogofry"


@pytest.mark.parametrize(
    ("query", "hint", "geonameid"),
    [
        ("Farabougou", "Falikébougou", 2457671),  # a village 2 km away, not an admin unit
        ("Kéniéroba", "near Nanguila", 2455371),
        ("Kéniéroba", "Sambara", 2455371),  # 2 Sambara too: the neighbouring pair wins
    ],
)
def test_nearby_place_hint_selects_the_closest_candidate(gc, query, hint, geonameid):
    res = gc.geocode(query, hint=hint)
    assert res.status == "matched" and res.match.geonameid == geonameid
    assert len(res.candidates) == 1


def test_nearby_place_hint_with_no_candidate_close_by_falls_back_near_it(gc):
    res = gc.geocode("Farabougou", hint="near Sévaré")  # none of the 9 is within 25 km
    assert res.status == "fallback"
    assert (res.match.precision, res.match.name, res.match.admin1) == ("near", "Sévaré", "Mopti")


def test_hint_with_several_parts(gc):
    res = gc.geocode("Farabougou", hint="Dogofry, Niono cercle, Ségou region")
    assert res.status == "matched" and res.match.geonameid == 2457671


@pytest.mark.parametrize(
    "query", ["Farabougou, Niono cercle", "Farabougou (Niono)", "Farabougou (cercle de Niono)"]
)
def test_comma_or_brackets_in_the_name_act_as_a_hint(gc, query):
    res = gc.geocode(query)
    assert res.status == "matched" and res.match.geonameid == 2457671
    assert res.query == query


def test_bracketed_alternative_spelling(gc):
    res = gc.geocode("Tombouctou (Timbuktu)")
    assert (res.status, res.match.name) == ("matched", "Timbuktu")


@pytest.mark.parametrize("query", ["near Gao", "près de Gao", "aux environs de Gao"])
def test_near_a_place_gives_precision_near(gc, query):
    res = gc.geocode(query)
    assert (res.match.name, res.match.precision, res.match.admin1) == ("Gao", "near", "Gao")
    assert "precision near" in res.note


def test_near_a_region_keeps_the_region_precision(gc):
    res = gc.geocode("near Mopti region")
    assert res.match.precision == "region"


def test_the_country_is_no_place_and_no_hint(gc):
    res = gc.geocode("Mali")
    assert res.match is None and "whole country" in res.note
    res = gc.geocode("Région de Mopti, Mali")
    assert (res.match.precision, res.match.name) == ("region", "Mopti")
    assert "not recognised" not in res.note


def test_unrecognised_hint_is_reported_and_ignored(gc):
    res = gc.geocode("Farabougou", hint="Xqzwv")
    assert res.ambiguous
    assert "hint not recognised: Xqzwv" in res.note


# --- names that are not in Mali -----------------------------------------------------------

FOREIGN = [
    "Paris",
    "Ouagadougou",
    "Niamey",
    "Dakar",
    "Abidjan",
    "London",
    "Nouakchott",
    "Conakry",
    "Bobo-Dioulasso",
    "Accra",
    "Lomé",
    "Cotonou",
    "Lagos",
    "Tunis",
    "Rabat",
    "Berlin",
    "Madrid",
    "New York",
    "Geneva",
    "Tokyo",
    "Nairobi",
    "Kinshasa",
    "Shanghai",
    "Kampala",
    "Douala",
    "Bangui",
    "Asmara",
    "Moroni",
    "Tamanrasset",
    "Agadez",
    "Djibo",
]
WORDS = [
    "banana",
    "table",
    "window",
    "garden",
    "market",
    "computer",
    "mountain",
    "coffee",
    "freedom",
    "justice",
    "violence",
    "hospital",
    "election",
    "football",
    "chocolate",
    "elephant",
    "yesterday",
    "breakfast",
    "umbrella",
    "keyboard",
]


@pytest.mark.parametrize("name", FOREIGN)
def test_foreign_places_get_no_match(gc, name):
    res = gc.geocode(name)
    assert res.match is None, f"{name} -> {res.match}"
    assert res.status == "not_found"


@pytest.mark.parametrize("name", ["Paris", "Dakar", "Niamey"])
def test_foreign_place_with_hint_does_not_fall_back(gc, name):
    res = gc.geocode(name, hint="Mopti")
    assert res.match is None and res.status == "not_found"
    assert "outside Mali" in res.note


def test_malian_namesake_of_a_foreign_town_needs_a_hint(gc):
    assert gc.geocode("Dori").match is None  # Dori, Burkina Faso
    res = gc.geocode("Dori", hint="Ténenkou")  # the village Dori in Ténenkou cercle
    assert (res.status, res.match.admin2) == ("matched", "Ténenkou")


@pytest.mark.parametrize("word", WORDS)
def test_ordinary_words_get_no_match(gc, word):
    assert gc.geocode(word).match is None


def test_random_letter_strings_get_no_match(gc):
    rng = random.Random(2020)
    words = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 14)))
        for _ in range(300)
    ]
    matched = {w: gc.geocode(w).match for w in words}
    assert [w for w, m in matched.items() if m is not None] == []


# --- places the gazetteer lacks -----------------------------------------------------------


def test_missing_place_without_hint_is_not_found(gc):
    res = gc.geocode("Yangassadiou")
    assert res.match is None and res.status == "not_found"
    assert "not in the gazetteer" in res.note


def test_missing_place_is_not_guessed_as_a_similar_village(gc):
    # Niangassadiou (Koro cercle) is a different village: never offered, even with a hint
    # whose region contains it
    for hint in (None, "Mopti", "Koro"):
        res = gc.geocode("Yangassadiou", hint=hint)
        assert all(c.name != "Niangassadiou" for c in res.candidates)


@pytest.mark.parametrize(
    ("hint", "precision", "name", "admin2"),
    [
        ("Mondoro", "commune", "Mondoro", "Douentza"),
        ("commune de Mondoro", "commune", "Mondoro", "Douentza"),
        ("Douentza", "cercle", "Douentza", "Douentza"),
        ("Douentza cercle", "cercle", "Douentza", "Douentza"),
        ("Mopti", "region", "Mopti", None),
    ],
)
def test_missing_place_falls_back_to_the_hinted_unit(gc, hint, precision, name, admin2):
    res = gc.geocode("Yangassadiou", hint=hint)
    assert res.status == "fallback" and not res.ambiguous
    assert (res.match.precision, res.match.name, res.match.admin2) == (precision, name, admin2)
    assert res.match.admin1 == "Mopti"
    assert res.match.score == 0.0  # the name itself was not matched
    assert "Yangassadiou is not in the gazetteer" in res.note
    assert f"precision {precision}" in res.note


def test_missing_place_falls_back_near_a_hinted_settlement(gc):
    res = gc.geocode("Yangassadiou", hint="Sévaré")  # a town, not an admin unit
    assert (res.status, res.match.precision, res.match.name) == ("fallback", "near", "Sévaré")


def test_existing_name_outside_the_hinted_unit_falls_back(gc):
    res = gc.geocode("Farabougou", hint="Kidal")
    assert res.status == "fallback"
    assert (res.match.precision, res.match.admin1) == ("region", "Kidal")
    assert "9 places called Farabougou, none in Kidal" in res.note


def test_names_from_the_report_sources(gc):
    expected = {
        "Tori": ("Mopti", "Bankass"),
        "Diallassagou": ("Mopti", "Bankass"),
        "Binédama": ("Mopti", "Koro"),
        "Diandioumé": ("Kayes", "Nioro"),
        "Sévaré": ("Mopti", "Mopti"),
        "Douentza": ("Mopti", "Douentza"),
        "Tessalit": ("Kidal", "Tessalit"),
        "Ansongo": ("Gao", "Ansongo"),
        "Niono": ("Ségou", "Niono"),
        "Bankass": ("Mopti", "Bankass"),
    }
    for name, admins in expected.items():
        res = gc.geocode(name)
        assert (res.match.admin1, res.match.admin2) == admins, name


# --- hints that name an admin unit the candidate is itself, or name it through an exonym ---


@pytest.mark.parametrize("query", ["Niono Cercle", "cercle de Niono"])
@pytest.mark.parametrize("hint", ["Ségou", "Segou region", "Niono"])
def test_admin_unit_query_fits_a_hint_that_contains_it(gc, query, hint):
    res = gc.geocode(query, hint=hint)
    assert res.status == "matched", res.note
    assert (res.match.precision, res.match.admin1, res.match.admin2) == ("cercle", "Ségou", "Niono")


@pytest.mark.parametrize("hint", ["Timbuktu", "Tombouctou", "Timbuktu region"])
def test_exonym_hint_also_names_the_region(gc, hint):
    # Niafunké is 100 km from the town of Timbuktu but inside Tombouctou region
    res = gc.geocode("Niafounké", hint=hint)
    assert res.status == "matched", res.note
    assert (res.match.name, res.match.precision, res.match.admin1) == (
        "Niafunké",
        "point",
        "Tombouctou",
    )


# --- reading the query, without the gazetteer ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cercle de Bankass", (2, "bankass")), ("Mopti region", (1, "mopti")),
        ("commune rurale de Dogofry", (3, "dogofry")), ("Commune IV", (3, "commune iv")),
        ("the village of Sinda", (None, "sinda")), ("Timbuktu", (None, "timbuktu")),
    ],
)  # fmt: skip
def test_split_qualifier(text, expected):
    assert split_qualifier(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("near Gao", ("gao", True)), ("aux environs de Gao", ("gao", True)), ("Gao", ("Gao", False))],
)
def test_split_near(text, expected):
    assert split_near(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Tori, Bankass cercle", ("Tori", "Bankass cercle")),
        ("Farabougou (Niono)", ("Farabougou", "Niono")),
        ("Sinda", ("Sinda", "")),
    ],
)
def test_split_context(query, expected):
    assert split_context(query) == expected


def test_hint_pieces_leave_out_the_country():
    assert [p.strip() for p in hint_pieces("Sambara, près de Kati; Mali")] == ["Sambara", "Kati"]
    assert hint_pieces("") == []


@pytest.mark.parametrize(("value", "expected"), [(None, ""), (float("nan"), ""), ("Gao", "Gao")])
def test_empty_cells_are_empty_text(value, expected):
    assert as_text(value) == expected


# --- hints against same-named places, spellings inside the hinted cercle --------------------


@pytest.mark.parametrize(
    ("name", "cercle", "region"), [("Macina", "Macina", "Ségou"), ("Kéniéba", "Kéniéba", "Kayes")]
)
def test_a_hint_naming_a_cercle_wins_over_namesakes_elsewhere(gc, name, cercle, region):
    # a Macina village in Kayes, six other Kéniébas: the hint's cercle decides
    res = gc.geocode(name, hint=cercle)
    assert res.status == "matched", res.note
    assert (res.match.admin2, res.match.admin1) == (cercle, region)


@pytest.mark.parametrize(("query", "name"), [("Perkano", "Perkana"), ("Modoro", "Modori")])
def test_close_spelling_is_found_inside_the_hinted_cercle_only(gc, query, name):
    assert gc.geocode(query).status == "not_found"  # too loose to guess country-wide
    res = gc.geocode(query, hint="Koro")
    assert (res.status, res.match.name, res.match.admin2) == ("matched", name, "Koro")
    assert "the closest spelling" in res.note


def test_a_different_consonant_is_not_a_spelling_of_a_short_name(gc):
    res = gc.geocode("Zalan", hint="Bourem")  # Zaman (Bourem) would be another village
    assert res.status == "fallback" and all(c.name != "Zaman" for c in res.candidates)


def test_a_place_just_across_the_hinted_cercle_border_fits_the_hint(gc):
    # Sogara lies 3 km outside Koro cercle, in Bankass; sources draw the border otherwise
    res = gc.geocode("Sogara", hint="Koro")
    assert (res.status, res.match.name, res.match.admin2) == ("matched", "Sogara", "Bankass")
    assert "3 km outside the Koro cercle named in the hint" in res.note


def test_a_hint_spelled_like_a_cercle_names_the_cercle(gc):
    # "Baraoueli" is also the exact name of a commune; the cercle is Barouéli, and Zafina
    # (one of several) lies in its commune of Kalaké
    res = gc.geocode("Zafina", hint="Baraoueli")
    assert (res.status, res.match.admin2) == ("matched", "Barouéli")


def test_numbered_village_missing_from_the_gazetteer_goes_next_to_its_namesake(gc):
    res = gc.geocode("Gangafani 3", hint="Koro")
    assert (res.status, res.match.name, res.match.precision) == ("matched", "Gangafani", "near")
    assert "the village it is numbered after" in res.note
    assert gc.geocode("Gangafani II").match.name == "Gangafani 2"  # numbered in either numeral


def test_tamasheq_prefix_spellings_find_the_place(gc):
    res = gc.geocode("Tin Zaouatene", hint="Kidal")
    assert (res.status, res.match.name) == ("matched", "Ti-n-Zaouâtene")


# --- OCHA's settlements, OpenStreetMap and learned places: lower-ranked sources ---------


def test_a_settlement_only_ocha_lists_is_found_and_said_so(gc):
    res = gc.geocode("Bare Darsalan")
    assert (res.status, res.match.source, res.match.admin2) == ("matched", "ocha", "Bankass")
    assert res.match.geonameid is None
    assert "(from OCHA's settlements list)" in res.note


def test_a_village_only_openstreetmap_has_is_found_and_said_so(gc):
    res = gc.geocode("Mamassita", hint="Kayes")
    assert (res.status, res.match.source, res.match.admin2) == ("matched", "osm", "Kayes")
    assert (res.match.place_id, res.match.lat) == ("osm:10", 14.276935)
    assert "(from OpenStreetMap)" in res.note


def test_ocha_spelling_of_a_geonames_village_is_one_place_not_two(gc):
    # GeoNames' Ogassagou-Peulh and OCHA's Ogossagou-Peulh, a few hundred metres apart
    res = gc.geocode("Ogossagou-Peulh")
    assert res.status == "matched" and res.match.source == "geonames"


def test_a_lower_source_never_makes_a_geonames_name_ambiguous(gc):
    res = gc.geocode("Farabougou", hint="Niono")
    assert res.note.startswith("9 places called Farabougou")  # GeoNames' nine, not OCHA's too


def test_learned_places_rank_below_the_gazetteers():
    from geo.geocoder import Geocoder

    geocoder = Geocoder()
    # a learned point for a name GeoNames knows does not move GeoNames' town
    geocoder.learn(["Tin Sabraten", "Douentza"], [15.61, 15.2], [0.83, -2.0], "my_file.csv")
    assert geocoder.geocode("Douentza").match.source == "geonames"
    res = geocoder.geocode("Tin Sabraten")
    assert (res.match.source, res.match.lat) == ("learned", 15.61)
    assert "(learned from your import my_file.csv)" in res.note
    # the same file imported again adds nothing: one place, not two that would be ambiguous
    assert geocoder.learn(["Tin Sabraten"], [15.61], [0.83], "my_file.csv") == 0
    assert len(geocoder.geocode("Tin Sabraten").candidates) == 1


def test_a_gazetteer_point_just_outside_mali_is_placed_and_flagged(gc):
    res = gc.geocode("Kourémalé")  # on the Guinea border, just outside the simplified polygon
    assert (res.status, res.match.admin1, res.match.admin2) == ("matched", "Koulikoro", "Kangaba")
    assert "km outside our boundaries: placed in the nearest commune, Benkadi" in res.note


def test_a_village_named_like_its_commune_outranks_its_namesakes(gc):
    res = gc.geocode("Sébékoro", hint="Kita")  # several Sébékoro in Kita cercle
    assert len({c.admin3 for c in res.candidates}) > 1
    assert res.match.admin3 == "Sébékoro"  # the commune's own village first


# --- never confidently wrong: a result that could be another place far away stays open ----


def test_namesakes_of_another_source_far_away_make_it_ambiguous_without_hint(gc):
    # GeoNames has one Kotoula (Bougouni); OCHA lists others in Dioïla and Kati
    res = gc.geocode("Kotoula")
    assert (res.status, res.ambiguous, res.match.admin2) == ("ambiguous", True, "Bougouni")
    assert "3 other places called Kotoula or spelled alike lie more than 50 km away" in res.note
    assert "Dioïla" in res.note and "Kati" in res.note
    assert {c.admin2 for c in res.candidates} >= {"Bougouni", "Dioïla", "Kati"}
    hinted = gc.geocode("Kotoula", hint="Dioïla")
    assert (hinted.status, hinted.match.admin2) == ("matched", "Dioïla")


def test_a_namesake_by_sound_far_away_makes_it_ambiguous_without_hint(gc):
    res = gc.geocode("Kassou")  # Kassou (Kéniéba) and Kasou (Nara)
    assert res.status == "ambiguous" and res.match.admin2 == "Kéniéba"
    assert "another place called Kassou or spelled alike" in res.note and "in Nara" in res.note
    assert gc.geocode("Kassou", hint="Kéniéba").status == "matched"


def test_a_town_is_not_made_ambiguous_by_hamlets_spelled_alike(gc):
    res = gc.geocode("Djenné")  # Dyéné (Nioro), Diéné (Diéma) are villages
    assert (res.status, res.match.kind, res.match.admin2) == ("matched", "town", "Djenné")


def test_an_alternate_name_with_a_loose_spelling_far_away_is_ambiguous(gc):
    # Kendié is only an alternate name of Kenndié (Bandiagara); Kéndya (Dioïla) is spelled
    # loosely alike, which counts against a match that is not the place's own name ...
    res = gc.geocode("Kendié")
    assert (res.status, res.match.name) == ("ambiguous", "Kenndié")
    assert "in Dioïla" in res.note
    # ... but not against the place's own name
    assert gc.geocode("Kenndié").status == "matched"


def test_a_closest_spelling_without_hint_is_unconfirmed(gc):
    res = gc.geocode("Niansondaga")  # one vowel off Niansandaga (Tominian), no namesake
    assert (res.status, res.match.name, res.match.admin2) == (
        "ambiguous", "Niansandaga", "Tominian",
    )  # fmt: skip
    assert "unconfirmed without a hint" in res.note
    assert gc.geocode("Niansondaga", hint="Tominian").status == "matched"


def test_a_namesake_just_outside_the_hinted_cercle_and_far_away_leaves_it_open(gc):
    # a Zanfina in Macina cercle and one just across the border in Ténenkou, over 50 km apart
    res = gc.geocode("Zanfina", hint="Macina")
    assert (res.status, res.match.admin2) == ("ambiguous", "Macina")  # the hint still wins
    assert "lies just outside the Macina cercle named in the hint" in res.note
    assert "in Ténenkou" in res.note
    assert [c.admin2 for c in res.candidates][-1] == "Ténenkou"


# --- spelling rules of the hinted search and qualifiers -----------------------------------


@pytest.mark.parametrize(
    ("query", "hint", "name"), [("Kodo", "Dioïla", "Kondo"), ("Sokoun", "Bankass", "Sonkoun")]
)
def test_an_n_before_a_consonant_comes_and_goes_inside_the_hinted_cercle(gc, query, hint, name):
    assert gc.geocode(query).status == "not_found"  # too loose to guess country-wide
    res = gc.geocode(query, hint=hint)
    assert (res.status, res.match.name, res.match.admin2) == ("matched", name, hint)
    assert "the closest spelling" in res.note


def test_a_habe_qualifier_is_dropped_like_other_ethnic_words(gc):
    res = gc.geocode("Abdou", hint="Bandiagara")  # GeoNames: Abdou-Habé
    assert (res.status, res.match.name) == ("matched", "Abdou-Habé")
    assert "closest spelling" not in res.note  # the village itself, not a guess
