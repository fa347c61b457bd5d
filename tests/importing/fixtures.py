"""Small import files built in code: an ACLED export (current and older variants), a UCDP GED
export and our own format, each with rows that exercise one mapping rule."""

from __future__ import annotations

import csv
import io

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def acled_row(**values: str) -> dict[str, str]:
    row = {
        "event_id_cnty": "MLI1001",
        "event_date": "2020-02-14",
        "year": "2020",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Violence against civilians",
        "sub_event_type": "Attack",
        "actor1": "Dan Na Ambassagou",
        "assoc_actor_1": "",
        "inter1": "Identity militia",
        "actor2": "Civilians (Mali)",
        "assoc_actor_2": "Fulani Ethnic Group (Mali)",
        "inter2": "Civilians",
        "interaction": "Identity militia-Civilians",
        "civilian_targeting": "Civilian targeting",
        "iso": "466",
        "region": "Western Africa",
        "country": "Mali",
        "admin1": "Mopti",
        "admin2": "Bankass",
        "admin3": "Ouenkoro",
        "location": "Ogossagou",
        "latitude": "13.95625",
        "longitude": "-3.57102",
        "geo_precision": "1",
        "source": "MINUSMA; AFP",
        "source_scale": "Other",
        "notes": "On 14 February 2020, Dan Na Ambassagou militiamen attacked Ogossagou.",
        "fatalities": "35",
        "tags": "",
        "timestamp": "1582000000",
    }
    row.update(values)
    return row


UCDP_COLUMNS = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
]


def ucdp_row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(UCDP_COLUMNS, "")
    row.update(
        {
            "id": "334455",
            "year": "2020",
            "type_of_violence": "3",
            "conflict_name": "Dan Na Ambassagou - civilians",
            "dyad_name": "Dan Na Ambassagou - civilians",
            "side_a": "Dan Na Ambassagou",
            "side_b": "Civilians",
            "number_of_sources": "2",
            "source_article": "AFP, 2020-02-15, Mali: 31 killed in attack on Peul village",
            "source_headline": "Mali: 31 killed in attack on Peul village",
            "source_original": "MINUSMA",
            "where_prec": "1",
            "where_coordinates": "Ogossagou village",
            "where_description": "Ogossagou, Bankass cercle, Mopti region",
            "adm_1": "Mopti region",
            "adm_2": "Bankass cercle",
            "latitude": "13.95625",
            "longitude": "-3.57102",
            "country": "Mali",
            "event_clarity": "1",
            "date_prec": "1",
            "date_start": "2020-02-14 00:00:00.000",
            "date_end": "2020-02-14 00:00:00.000",
            "deaths_a": "0",
            "deaths_b": "31",
            "deaths_civilians": "31",
            "deaths_unknown": "0",
            "best": "31",
            "high": "35",
            "low": "31",
        }
    )
    row.update(values)
    return row


# Places of the small files: admin1, latitude, longitude (rounded GeoNames positions).
PLACES = {
    "Bamako": ("Bamako", "12.6392", "-8.0029"),
    "Ségou": ("Ségou", "13.4317", "-6.2157"),
    "Ogossagou": ("Mopti", "13.95625", "-3.57102"),
    "Kidal": ("Kidal", "18.4411", "1.4078"),
    "Gao": ("Gao", "16.2717", "-0.0447"),
    "Sikasso": ("Sikasso", "11.3176", "-5.6665"),
}


# The columns of a monadic export: one actor per row, no actor2, assoc_actor_2 or inter2.
MONADIC_COLUMNS = [
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year",
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "interaction", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp",
    "iso3",
]  # fmt: skip
# Invented events: (event id, date, type, sub-type, [(actor, inter1)], place, fatalities)
MONADIC_EVENTS = [
    ("TST-MON-1", "12 March 2021", "Violence against civilians", "Attack",
     [("Dan Na Ambassagou", "4"), ("Civilians (Mali)", "7")], "Ogossagou", "1"),
    ("TST-MON-2", "3 April 2021", "Battles", "Armed clash",
     [("JNIM: Group for Support of Islam and Muslims", "2"),
      ("Military Forces of Mali (2013-2021)", "1")], "Kidal", "12"),
    ("TST-MON-3", "19 May 2021", "Protests", "Peaceful protest",
     [("Protesters (Mali)", "6")], "Bamako", "0"),
    ("TST-MON-4", "7 June 2021", "Explosions/Remote violence",
     "Remote explosive/landmine/IED",
     [("Unidentified Armed Group (Mali)", "3"), ("MINUSMA: United Nations", "8"),
      ("Civilians (Mali)", "7")], "Gao", "3"),
]  # fmt: skip


def monadic_rows() -> list[dict[str, str]]:
    rows = []
    for number, (event_id, day, kind, sub, actors, place, killed) in enumerate(MONADIC_EVENTS):
        admin1, lat, lon = PLACES[place]
        codes = sorted(code for _, code in actors)
        for actor, code in actors:
            rows.append(dict(zip(MONADIC_COLUMNS, [
                str(900 + number), "466", event_id, str(number + 1), day, day[-4:], "1", kind,
                sub, actor, "", code, "".join(codes[:2]), "Western Africa", "Mali", admin1, "",
                "", place, lat, lon, "1", "Test source", "Local", f"On {day}, at {place}.",
                killed, "1700000000", "MLI",
            ], strict=True)))  # fmt: skip
    return rows


def to_csv(columns: list[str], rows: list[dict[str, str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
