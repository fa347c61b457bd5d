"""Command line geocoder: ``python -m geo.geocode [--hint TEXT] NAME...``.

Prints one JSON object per name and line: ``{"query", "match": {name, lat, lon, admin1,
admin2, admin3, precision, score} | null, "candidates": <int>}``. Exits 0 whenever it ran,
match or not (2 for bad arguments, as argparse does).
"""

from __future__ import annotations

import argparse
import json
import sys

from geo.geocoder import get_geocoder


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo.geocode",
        description="Geocode Mali place names offline (GeoNames + geoBoundaries).",
    )
    parser.add_argument("names", nargs="+", metavar="NAME", help="place name(s) to geocode")
    parser.add_argument(
        "--hint", default=None, help="region, cercle, commune or nearby place, e.g. 'Niono'"
    )
    parser.add_argument(
        "--note", action="store_true", help="add status, ambiguous and note to each line"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    geocoder = get_geocoder()
    for name in args.names:
        result = geocoder.geocode(name, args.hint)
        record = result.to_dict()
        if args.note:
            record.update(status=result.status, ambiguous=result.ambiguous, note=result.note)
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
