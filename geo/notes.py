"""A query's result and the note that says why: matched, ambiguous, a fallback to the unit or
place the hint names, or not found."""

from __future__ import annotations

import math
from dataclasses import replace

from geo import ranking
from geo.hints import Hint
from geo.index import PlaceIndex
from geo.normalize import normalize
from geo.results import SOURCE_LEARNED, SOURCE_OCHA, SOURCE_OSM, Candidate, GeocodeResult
from i18n import _, format_alternatives, format_number, ngettext, pgettext

# Cercles named in the note of a result made ambiguous by far-off namesakes.
FAR_PLACES_SHOWN = 3


def not_found(query: str, note: str) -> GeocodeResult:
    return GeocodeResult(query, None, (), False, "not_found", note)


def result(
    index: PlaceIndex,
    query: str,
    label: str,
    cands: list[Candidate],
    hints: list[Hint],
    tier: str,
    unused: list[str],
) -> GeocodeResult:
    """The best of ``cands`` (found by ``tier``) for the name ``label``, given the hints."""
    hint_note = (
        " " + _("(hint not recognised: {words})").format(words=", ".join(unused)) if unused else ""
    )
    pairs = ranking.rank(index, cands, hints)
    ranked = [c for c, _ in pairs]
    hint_text = " / ".join(h.text for h in hints)  # the hint's own words
    outside_focus: list[Candidate] = []
    if hints and ranked:
        # keep the candidates that fit the most parts of the hint (at least one)
        most = pairs[0][1]  # ranking puts the best-fitting first
        fitting = [c for c, fits in pairs if fits == most > 0]
        ranked = ranking.focused(index, hints, fitting)
        # a place called X elsewhere in the region beats the focus cercle's place only
        # sometimes called X: the focus keeps it first, not confidently
        outside_focus = [c for c in fitting if c not in ranked]
        if not ranked:
            all_groups = ranking.group(ranking.best_source([c for c, _ in pairs]))
            reason = _("{places} called {name}, none in {hint}").format(
                places=_count(len(all_groups)), name=label, hint=hint_text
            )
            return fallback(query, hints, reason, hint_note)
    ranked = ranking.best_source(ranked)
    # the places of that name counted in the note: those of sources as good as the match's
    worst = max((ranking.source_rank(c) for c in ranked), default=0)
    all_groups = ranking.group([c for c, _ in pairs if ranking.source_rank(c) <= worst])
    if not ranked:
        reason = _("{name} is not in the gazetteer").format(name=label)
        if hints:
            return fallback(query, hints, reason, hint_note)
        return not_found(query, reason + hint_note + ".")

    groups = ranking.group(ranked)
    best = groups[0][0]
    # inside a hinted unit, the place called X beats those only sometimes called X; country
    # wide, that would be too confident (the gazetteers lack many villages)
    outscored = bool(hints) and ranking.outscores(groups)
    ambiguous = len(groups) > 1 and not ranking.dominant(index, groups) and not outscored
    what = _place_words(best)
    if normalize(best.matched_name) not in (normalize(best.name), normalize(label)):
        what = _("{place} via the name {name}").format(place=what, name=best.matched_name)
    if tier == "sound":
        what = _("{place}, a variant spelling").format(place=what)
    elif tier == "fuzzy":
        what = _("{place}, the closest spelling").format(place=what)
    what += _source_words(index, best)
    what += _outside_words(index, best)
    if len(groups) == 1 and len(all_groups) > 1:
        note = _("{places} called {name}; hint {hint} selected {match}").format(
            places=_count(len(all_groups)), name=label, hint=hint_text, match=what
        )
    elif len(groups) == 1:
        if len(groups[0]) > 1:
            note = _("Matched {match} ({n} adjoining entries)").format(
                match=what, n=format_number(len(groups[0]))
            )
        else:
            note = _("Matched {match}").format(match=what)
    elif not ambiguous:
        note = ngettext(
            "Matched {match}; {n} smaller place shares the name",
            "Matched {match}; {n} smaller places share the name",
            len(groups) - 1,
        ).format(match=what, n=format_number(len(groups) - 1))
    elif len(all_groups) > len(groups):
        note = _("{places} called {name}; hint {hint} leaves {n}; best {match} in {where}").format(
            places=_count(len(all_groups)), name=label, hint=hint_text,
            n=format_number(len(groups)), match=what, where=_where(best),
        )  # fmt: skip
    else:
        note = _("{places} called {name}; best {match} in {where}").format(
            places=_count(len(groups)), name=label, match=what, where=_where(best)
        )
    focus = [u for h in hints for u in h.focus]
    better_named = [c for c in outside_focus if c.score > best.score]
    if not ambiguous and better_named:
        ambiguous = True
        ranked = [*ranked, *better_named]  # offered after the match, so a person can choose
        note = _("{note}; a place with that very name lies elsewhere in the region").format(
            note=note
        )
    if not ambiguous and len(all_groups) > 1 and focus and not ranking.in_focus(index, hints, best):
        # "Kayes" read as the region found a Babala elsewhere in it; the file may have meant
        # the Kayes cercle, which has none, and other places share the name
        ambiguous = True
        note = _("{note}; not in the {unit} the hint is also named after").format(
            note=note, unit=unit_label(focus[0].name, focus[0].kind)
        )
    status = "ambiguous" if ambiguous else "matched"
    return GeocodeResult(query, best, tuple(ranked), ambiguous, status, note + hint_note + ".")


def far_apart(result_: GeocodeResult, far: list[list[Candidate]], label: str) -> GeocodeResult:
    """A match made ambiguous by namesakes ``far`` (groups, ``ranking.FAR_KM`` or more from
    it): picking one of them without a hint could put the incident in another cercle. They
    join the candidates so a person can choose."""
    # the cercles, or regions, they lie in: the first few (the count says how many)
    where = list(dict.fromkeys(g[0].admin2 or g[0].admin1 or "" for g in far))
    shown = [w for w in where if w][:FAR_PLACES_SHOWN]
    words = ngettext(
        "another place called {name} or spelled alike lies more than {km} km away, in "
        "{where}: ambiguous without a hint",
        "{count} other places called {name} or spelled alike lie more than {km} km away, "
        "in {where}: ambiguous without a hint",
        len(far),
    ).format(
        name=label, count=format_number(len(far)), km=format_number(ranking.FAR_KM),
        where=format_alternatives(shown),
    )  # fmt: skip
    return _made_ambiguous(result_, far, words)


def _made_ambiguous(
    result_: GeocodeResult, far: list[list[Candidate]], words: str
) -> GeocodeResult:
    """The result, ambiguous, with the places ``far`` added to its candidates after the
    match (so a person can choose) and ``words`` added to its note."""
    known = {c.place_id for c in result_.candidates}
    extra = tuple(g[0] for g in far if g[0].place_id not in known)
    note = f"{result_.note.removesuffix('.')}; {words}."
    return replace(
        result_, candidates=result_.candidates + extra, ambiguous=True, status="ambiguous",
        note=note,
    )  # fmt: skip


def across_the_border(
    result_: GeocodeResult, far: list[list[Candidate]], label: str, hint: Hint
) -> GeocodeResult:
    """A match in the hinted unit made ambiguous by namesakes ``far`` just outside it and
    more than ``ranking.FAR_KM`` away: sources draw cercle borders differently."""
    where = list(dict.fromkeys(g[0].admin2 or g[0].admin1 or "" for g in far))
    words = ngettext(
        "another place called {name} or spelled alike lies just outside the {unit} named in "
        "the hint, more than {km} km away, in {where}: ambiguous",
        "{count} other places called {name} or spelled alike lie just outside the {unit} "
        "named in the hint, more than {km} km away, in {where}: ambiguous",
        len(far),
    ).format(
        name=label, count=format_number(len(far)),
        unit=unit_label(hint.units[0].name, hint.units[0].kind),
        km=format_number(ranking.FAR_KM), where=format_alternatives([w for w in where if w]),
    )  # fmt: skip
    return _made_ambiguous(result_, far, words)


def unconfirmed(result_: GeocodeResult) -> GeocodeResult:
    """A closest spelling found without a hint: a guess, so ambiguous, never confident."""
    words = _("only a spelling close to the name was found: unconfirmed without a hint")
    note = f"{result_.note.removesuffix('.')}; {words}."
    return replace(result_, ambiguous=True, status="ambiguous", note=note)


def unconfirmed_in_region(result_: GeocodeResult) -> GeocodeResult:
    """A closest spelling found only by searching a whole region: a guess among thousands of
    names, so ambiguous, never confident."""
    words = _("only a spelling close to the name was found, in a whole region: unconfirmed")
    note = f"{result_.note.removesuffix('.')}; {words}."
    return replace(result_, ambiguous=True, status="ambiguous", note=note)


def unconfirmed_outside(result_: GeocodeResult) -> GeocodeResult:
    """A closest spelling found just outside the hinted unit: a guess, so ambiguous."""
    words = _("only a spelling close to the name was found, outside the hinted unit: unconfirmed")
    note = f"{result_.note.removesuffix('.')}; {words}."
    return replace(result_, ambiguous=True, status="ambiguous", note=note)


def partly_matched(result_: GeocodeResult, name: str) -> GeocodeResult:
    """A closest spelling that is only the first words of the name: the words left over may
    be the village itself, so ambiguous, never confident."""
    words = _("only its first words were found, as {name}: unconfirmed").format(name=name)
    note = f"{result_.note.removesuffix('.')}; {words}."
    return replace(result_, ambiguous=True, status="ambiguous", note=note)


def fallback(query: str, hints: list[Hint], reason: str, hint_note: str) -> GeocodeResult:
    """The hinted unit (or hinted place, precision near) standing in for a missing place."""
    unit_hints = [h for h in hints if h.units]
    if unit_hints:
        # the finest unit named by the hint that agrees with all the hint's other parts
        options = {u.shape_id: u for h in unit_hints for u in h.units}.values()
        for level in sorted({u.level for u in options}, reverse=True):
            agreeing = [
                u
                for u in options
                if u.level == level and all(h.contains(u.ids()) for h in unit_hints)
            ]
            if len(agreeing) == 1:
                cand = agreeing[0].candidate(0.0, "")
                note = _(
                    "{reason}; located at the {unit} named in the hint (precision {precision})"
                ).format(
                    reason=reason, unit=unit_label(agreeing[0].name, agreeing[0].kind),
                    precision=pgettext("place precision", cand.precision),
                )  # fmt: skip
                return _fallen_back(query, cand, note + hint_note + ".")
    near = next((h.place_candidate for h in hints if h.place_candidate), None)
    if near is None:
        note = _("{reason}; the hint names no single unit or place to fall back to").format(
            reason=reason
        )
        return not_found(query, note + hint_note + ".")
    cand = replace(near, precision="near", score=0.0, matched_name="")
    note = _("{reason}; located near {place}, the place named in the hint (precision near)").format(
        reason=reason, place=near.name
    )
    return _fallen_back(query, cand, note + hint_note + ".")


def _fallen_back(query: str, cand: Candidate, note: str) -> GeocodeResult:
    return GeocodeResult(query, cand, (cand,), False, "fallback", note)


def as_near(result_: GeocodeResult) -> GeocodeResult:
    """The result for "near X": X's point candidates stand for a place within ~25 km."""
    cands = tuple(replace(c, precision="near") if c.precision == "point" else c
                  for c in result_.candidates)  # fmt: skip
    if not cands:
        return result_
    note = _("{note}; the source says near it (precision near).").format(
        note=result_.note.removesuffix(".")
    )
    return replace(result_, match=cands[0], candidates=cands, note=note)


def _count(n: int) -> str:
    return ngettext("{n} place", "{n} places", n).format(n=format_number(n))


def _place_words(cand: Candidate) -> str:
    """'village Farabougou': the kind of place, then its name."""
    return _("{kind} {name}").format(kind=pgettext("place kind", cand.kind), name=cand.name)


def unit_label(name: str, kind: str) -> str:
    """'Niono cercle': an admin unit named with its kind."""
    return _("{name} {kind}").format(name=name, kind=pgettext("place kind", kind))


def _where(cand: Candidate) -> str:
    parts = [p for p in (cand.admin3, cand.admin2, cand.admin1) if p]
    return ", ".join(parts) if parts else _("no Malian unit")


def outside_hint(index: PlaceIndex, result_: GeocodeResult, hints: list[Hint]) -> GeocodeResult:
    """Say so when the match lies outside the hinted units (a widened hint accepted it)."""
    match = result_.match
    if match is None or match.place_id is None or result_.status == "fallback":
        return result_
    for hint in hints:
        km = ranking.km_outside(index, hint, match) if hint.border_km else 0.0
        if km > 0:
            unit = unit_label(hint.units[0].name, hint.units[0].kind)
            if km >= 1:
                note = _("{note}; it lies {km} km outside the {unit} named in the hint.").format(
                    note=result_.note.removesuffix("."), km=format_number(round(km)), unit=unit
                )
            else:
                note = _("{note}; it lies less than 1 km outside the {unit} named in the hint.")
                note = note.format(note=result_.note.removesuffix("."), unit=unit)
            return replace(result_, note=note)
    return result_


def _source_words(index: PlaceIndex, cand: Candidate) -> str:
    """Where a place from a lower-ranked source comes from ("" for GeoNames)."""
    if cand.source == SOURCE_OCHA:
        return " " + _("(from OCHA's settlements list)")
    if cand.source == SOURCE_OSM:
        return " " + _("(from OpenStreetMap)")
    if cand.source == SOURCE_LEARNED:
        row = index.row_of(cand)
        origin = row["origin"] if row else ""
        if origin:
            return " " + _("(learned from your import {file})").format(file=origin)
        return " " + _("(learned from your imports)")
    return ""


def _outside_words(index: PlaceIndex, cand: Candidate) -> str:
    """A place whose point lies a little outside our polygons: how far, and where it went."""
    row = index.row_of(cand)
    km = row["outside_km"] if row else math.nan
    if math.isnan(km):
        return ""
    return " " + _(
        "(its point lies {km} km outside our boundaries: placed in the nearest commune, {commune})"
    ).format(km=format_number(round(km, 1)), commune=cand.admin3)
