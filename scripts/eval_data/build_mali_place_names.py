"""Rebuild ``mali_place_names.csv`` from OCHA's Mali settlements table.

    python scripts/eval_data/build_mali_place_names.py localites.xlsx [--per-region 100]

The input is the HDX "Mali - Settlements" table (OCHA ROWCA, 2015) as stored in the public
repository ``fousseynoubah/ssm`` (``localites.xlsx``; see README.md for the commit). Kept:
names that occur exactly once in the table (normalised, so the source's own point is the
only answer), at most ``--per-region`` of them per region, drawn with a fixed seed so every
region, the sparse north included, weighs in; names of nomadic fractions and camps
("Kel Tagamart 1", "Fraction Bella") are left out, as they name a group rather than a place.
Names and admin names are kept as the source writes them (mojibake included).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from geo.normalize import name_key

SOURCE = (
    "OCHA Mali settlements (HDX mali-settlements, 2015); "
    "https://github.com/fousseynoubah/ssm/blob/517e8e41dd6234978006e98ebbf8b9226e8dab1c/"
    "localites.xlsx"
)
LICENCE = "CC BY-IGO 3.0 (OCHA via HDX)"
# nomadic fractions and camps ("Kel Tagamart 1", "Fraction Bella") name a group, not a place
GROUP_NAMES = re.compile(r"^(kel|kal|fraction|campement)\b", re.IGNORECASE)
OUT = Path(__file__).resolve().parent / "mali_place_names.csv"


def build(table: pd.DataFrame, per_region: int, seed: int) -> pd.DataFrame:
    rows = table.dropna(subset=["featureNam", "latitude", "longitude"]).copy()
    rows["key"] = rows["featureNam"].astype(str).map(name_key)
    rows = rows[rows["key"].str.len() > 0]
    rows = rows[~rows["featureNam"].astype(str).str.strip().str.match(GROUP_NAMES)]
    unique = rows[~rows["key"].duplicated(keep=False)]
    shuffled = unique.sample(frac=1.0, random_state=seed)
    picked = shuffled.groupby("admin1Name").head(per_region)
    picked = picked.sort_values(["admin1Name", "admin2Name", "featureNam"])
    return pd.DataFrame(
        {
            "name": picked["featureNam"].str.strip(),
            "hint": picked["admin2Name"],
            "admin1": picked["admin1Name"],
            "latitude": picked["latitude"].round(6),
            "longitude": picked["longitude"].round(6),
            "source": SOURCE,
            "licence": LICENCE,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xlsx", type=Path, help="localites.xlsx (OCHA Mali settlements)")
    parser.add_argument("--per-region", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20150202)
    args = parser.parse_args()
    out = build(pd.read_excel(args.xlsx), args.per_region, args.seed)
    out.to_csv(OUT, index=False)
    print(f"{len(out)} names -> {OUT}")


if __name__ == "__main__":
    main()
