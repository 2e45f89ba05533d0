"""Place names to coordinates, offline, with the reasons for each choice.

Names are looked up in the built gazetteer (``resolve.gazetteer``). A name
usually fits several places; the choice is a score per candidate, so that
each rule can be weighed against the others instead of one rule always
winning:

    score = log10(population the place counts as) + bonuses - penalties

- **Population**: the larger place is the likelier one. A national capital
  counts ten times its size (news names capitals far beyond their size);
  regions and airports, which have no population in the sources, count as
  the sizes in ``data/places/rules.yaml``.
- **Kind**: an exact country or continent name gets a bonus, so "Georgia"
  is the country, unless the article's countries point elsewhere: when the
  article mentions the United States and not Georgia's neighbourhood, the
  bonus is withheld and the US state wins on the context bonus; a neighbour
  of the country in the article (Russia, Turkey, Armenia) keeps the bonus. Curated
  regions (Crimea, the Middle East) get a bonus too: they were added because
  news means them.
- **Context**: a candidate in a country the article mentions gets a bonus
  ("Birmingham" in an article about Alabama); one near a town the article
  names without doubt, or inside a region it names or whose towns it names,
  gets another ("Parkland" in a story that also names Fort Lauderdale is the
  Florida one; "California" beside "Los Angeles" is the state).
- **Alternate names**: a place reached only through one of GeoNames' many
  alternate spellings loses to one that bears the name itself.
- **Kind words** in the text select kinds: "Kabul airport", "Donetsk region",
  "the province of Helmand", "New York state" (``rules.yaml: kind_words``).
- **Qualifiers**: "Paris, Texas" and "Helsinki, Finland" resolve the part
  after the comma first and keep the candidates inside it.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from eventwire.geo import distance_km
from eventwire.records import Place
from eventwire.resolve.gazetteer import (
    Entry,
    Gazetteer,
    default_gazetteer,
    fold_name,
    place_rules,
    without_article,
)

logger = logging.getLogger(__name__)

# Longest text taken for a place name; anything longer is a phrase, not a name.
MAX_NAME_CHARS = 80
# How far a town may lie from the centre of the region that qualifies it
# ("Paris, Texas") when the sources share no region code.
QUALIFIER_RADIUS_KM = 400.0

_DIRECTIONS = re.compile(
    r"^(north|south|east|west|central|northern|southern|eastern|western|"
    r"north ?eastern|north ?western|south ?eastern|south ?western|northeast|northwest|"
    r"southeast|southwest|upper|lower|greater)\s+(.+)$"
)
_POSSESSIVE = re.compile(r"['’]s?$")
_KIND_RANK = {
    "continent": 0,
    "country": 1,
    "region": 2,
    "admin1": 2,
    "admin2": 2,
    "city": 3,
    "airport": 4,
    "site": 4,
}


def normalise_name(text: str) -> str:
    """Fold case, accents, punctuation and a leading 'the' for lookup."""
    return fold_name(text)


@dataclass(frozen=True)
class Scored:
    """A candidate with its score and the reasons that built it."""

    entry: Entry
    score: float
    reasons: tuple[str, ...]


def _effective_population(entry: Entry, rules: dict[str, Any]) -> float:
    scores = rules["scores"]
    if entry.kind == "airport":
        priors = rules["airport_priors"]
        return float(priors["international"] if entry.subtype == "international" else priors["other"])
    if entry.subtype == "curated":
        return float(max(entry.population, rules["admin_priors"]["first_order"]))
    if entry.subtype == "geonames":
        # GeoNames' named regions ("Yorkshire", "Siberia") mostly carry no population
        return float(max(entry.population, rules["admin_priors"]["named_region"]))
    population = float(entry.population)
    if entry.capital:
        population *= scores["capital_factor"]
    return population


def _score(
    candidates: Iterable[Entry],
    context: frozenset[str],
    qualifier: Entry | None,
    nearby: tuple[tuple[float, float], ...] = (),
    regions: frozenset[str] = frozenset(),
) -> list[Scored]:
    rules = place_rules()
    weights = rules["scores"]
    candidates = list(candidates)
    others_in_context = {c.id for c in candidates if c.country in context and c.kind != "country"}
    towns = [c for c in candidates if c.kind == "city" and c.main]
    scored = []
    for entry in candidates:
        reasons = []
        score = math.log10(_effective_population(entry, rules) + 10.0)
        if entry.kind in {"country", "continent"} and (
            not context or entry.country in context or entry.neighbours & context or not others_in_context
        ):
            score += weights["country_bonus"]
            reasons.append(f"name of a {entry.kind}")
        if entry.subtype == "curated":
            score += weights["region_bonus"]
            reasons.append("curated region name")
        if entry.country is not None and entry.country in context:
            score += weights["context_bonus"]
            reasons.append("in a country the article mentions")
        if nearby and entry.kind not in {"country", "continent"} and _near_any(entry, nearby):
            score += weights["nearby_bonus"]
            reasons.append("near other places the article names")
        elif entry.kind in {"city", "admin1", "airport"} and _full_code(entry.admin1_code) in regions:
            score += weights["nearby_bonus"]
            reasons.append("in a region the article names")
        if not entry.main:
            score -= weights["alternate_penalty"]
            reasons.append("alternate name")
        named_after_town = entry.kind in {"admin1", "admin2"} and any(_town_of(t, entry) for t in towns)
        if named_after_town and entry.subtype != "curated":
            # a region named after its main town: the bare name means the town
            score -= weights["alternate_penalty"] / 2
        if entry.capital:
            reasons.append("national capital")
        if qualifier is not None and _inside(entry, qualifier):
            score += weights["qualifier_bonus"]
            reasons.append(f"inside {qualifier.name}")
        if not reasons:
            reasons.append("most populous place of that name" if entry.kind == "city" else entry.kind)
        scored.append(Scored(entry, score, tuple(reasons)))
    scored.sort(key=lambda s: (-s.score, s.entry.id))
    return scored


def _town_of(town: Entry, region: Entry) -> bool:
    """True when a town lies in the region of its name ("Donetsk" in Donetsk oblast), not
    merely in its country (Wyoming, Michigan is no town of the state of Wyoming)."""
    if town.country != region.country:
        return False
    if region.kind == "admin1" and town.admin1_code and region.admin1_code:
        return town.admin1_code == region.admin1_code
    if None in (town.lat, town.lon, region.lat, region.lon):
        return True
    return distance_km(town.lat, town.lon, region.lat, region.lon) <= QUALIFIER_RADIUS_KM  # type: ignore[arg-type]


def _full_code(code: str | None) -> str | None:
    """A region code that names one region ("US.FL"), not a country's blank one ("US.")."""
    return code if code and not code.endswith(".") else None


def _near_any(entry: Entry, points: tuple[tuple[float, float], ...]) -> bool:
    if entry.lat is None or entry.lon is None:
        return False
    radius = place_rules()["scores"]["nearby_km"]
    return any(distance_km(entry.lat, entry.lon, lat, lon) <= radius for lat, lon in points)


def _inside(entry: Entry, qualifier: Entry) -> bool:
    if qualifier.kind == "country":
        return entry.country == qualifier.country
    if qualifier.kind in {"admin1", "region"}:
        if entry.admin1_code and entry.admin1_code == qualifier.admin1_code:
            return True
        if entry.country != qualifier.country and qualifier.country is not None:
            return False
        if None in (entry.lat, entry.lon, qualifier.lat, qualifier.lon):
            return False
        return (
            distance_km(entry.lat, entry.lon, qualifier.lat, qualifier.lon)  # type: ignore[arg-type]
            <= QUALIFIER_RADIUS_KM
        )
    return False


def _kind_word(key: str) -> tuple[str, list[str]] | None:
    """Split "donetsk region" or "province of helmand" into the name and the kinds it selects."""
    words: dict[str, list[str]] = place_rules()["kind_words"]
    for word in sorted(words, key=len, reverse=True):
        if key.endswith(" " + word) and len(key) > len(word) + 1:
            return key[: -len(word) - 1], words[word]
        prefix = word + " of "
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :], words[word]
    return None


def _usable(entries: Iterable[Entry], text: str) -> list[Entry]:
    """Drop abbreviations ("US") when the text is not written in capitals ("us")."""
    lower = any(ch.islower() for ch in text)
    return [e for e in entries if not (e.caps and lower)]


_STATE_CODE = re.compile(r"^[A-Z]{2,3}$")
_INITIALS = re.compile(r"^(?:[A-Z]\.){2,3}$")
# an acronym: letters in capitals only ("NATO", "P.A."), or a capital after
# the first letter of a short word ("MoD", "PoP", "HAPs")
_ACRONYM = re.compile(r"^(?:[A-Z.&]{2,6}|[A-Z][a-z]?[A-Z][A-Za-z]{0,3})$")


def _candidates(text: str, gaz: Gazetteer) -> tuple[list[Entry], str]:
    """The gazetteer entries the text can name, and a note on how they were found."""
    rules = place_rules()
    abbreviation = rules["state_abbreviations"].get(text)
    if abbreviation is not None:
        return gaz.regions_by_code(abbreviation), "state abbreviation"
    key = fold_name(text)
    found = _usable(gaz.lookup(key), text)
    bare = without_article(key)
    if not found and bare is not None:
        # "al-Qamishli" where the gazetteer has "Qamishli" (or the reverse, above)
        found = _usable(gaz.lookup(bare), text)
    code = text.replace(".", "") if _INITIALS.match(text) else text
    if _STATE_CODE.match(code):
        # "BC" and "B.C.", "NSW"
        codes = [e for cc in rules["state_code_countries"] for e in gaz.regions_by_code(f"{cc}.{code}")]
        found += [e for e in codes if e.id not in {f.id for f in found}]
    if found:
        return found, ""
    split = _kind_word(key)
    if split is not None:
        name, kinds = split
        entries = _usable(gaz.lookup(name), text)
        if "airport" in kinds:
            airports = [e for e in entries if e.kind == "airport"] + gaz.airports_of(name)
            if airports:
                return airports, "airport of that town"
        chosen = [e for e in entries if e.kind in kinds]
        if chosen:
            return chosen, f"named as a {'/'.join(kinds)}"
        if entries:
            return entries, "kind word matched no place of that kind"
    direction = _DIRECTIONS.match(key)
    if direction is not None:
        entries = _usable(gaz.lookup(direction[2]), text)
        if entries:
            return entries, f"part of it ({direction[1]})"
    return [], ""


def _clean(text: str) -> str | None:
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", text) if text.endswith(("'s", "’s", "'", "’")) else text
    if not text or len(text) > MAX_NAME_CHARS or not any(ch.isupper() for ch in text):
        return None
    if fold_name(text) in _not_places():
        return None
    return text


@functools.cache
def _not_places() -> frozenset[str]:
    return frozenset(fold_name(word) for word in place_rules()["not_places"])


def rank_candidates(
    text: str,
    context_countries: frozenset[str] = frozenset(),
    gazetteer: Gazetteer | None = None,
    nearby: tuple[tuple[float, float], ...] = (),
    regions: frozenset[str] = frozenset(),
) -> tuple[list[Scored], str]:
    """Every reading of a place name, best first, with a note on how they were found."""
    gaz = gazetteer or default_gazetteer()
    cleaned = _clean(text)
    if cleaned is None:
        return [], ""
    qualifier: Entry | None = None
    head = cleaned
    parts = [p.strip() for p in cleaned.split(",")]
    if len(parts) == 2 and all(parts):
        outer, _ = rank_candidates(parts[1], context_countries, gaz)
        # "Brooklyn, New York": the qualifier is the best reading that can hold
        # a town (the state), even where the bare name means the city
        qualifier = next((s.entry for s in outer if s.entry.kind in {"country", "admin1", "region"}), None)
        if qualifier is not None:
            head = parts[0]
    entries, note = _candidates(head, gaz)
    if not entries and len(parts) == 2 and head != parts[0]:
        entries, note = _candidates(parts[0], gaz)
    if not entries:
        return [], ""
    return _score(entries, context_countries, qualifier, nearby, regions), note


def resolvable(text: str, gazetteer: Gazetteer | None = None) -> bool:
    """True when the text has any reading at all."""
    return bool(rank_candidates(text, gazetteer=gazetteer)[0])


def known_name(text: str, gazetteer: Gazetteer | None = None) -> bool:
    """True when the folded text is itself a name in the gazetteer ("Washington, D.C.")."""
    gaz = gazetteer or default_gazetteer()
    cleaned = _clean(text)
    return cleaned is not None and bool(_usable(gaz.lookup(fold_name(cleaned)), cleaned))


def offer_strength(text: str) -> str | None:
    """The strength of :func:`offer_reading`, or None."""
    reading = offer_reading(text)
    return reading[0] if reading is not None else None


@functools.lru_cache(maxsize=65536)
def offer_reading(text: str) -> tuple[str, str | None] | None:
    """How sure the gazetteer alone is that a text names a place, for spans spaCy did not tag.

    "adjective" for a nationality or regional adjective ("Danish", "Central
    American"), "country" for a country or continent, "region" for a curated
    region ("the Middle East"), "area" for a first-order region ("Maryland",
    "Tamil Nadu"), "city" for a capital or
    a town of ``offer.sure_city_population`` people or more; "known" for any
    other reading under the place's own name, "code" for a region's postal code
    ("BC", "N.S.W."), which is also many other things ("NC Dinos"); None when
    there is none (or only an alternate spelling, or a part of a place: "north
    Yorkshire"). Returned with the reading's country.
    """
    ranked, note = rank_candidates(text)
    if not ranked or (note and not note.startswith(("named as", "airport of"))):
        # a kind word that names the kind ("Borno State") is as sure as the name
        return None
    best = ranked[0].entry
    code = text.replace(".", "")
    if best.kind == "admin1" and best.admin1_code and best.admin1_code.endswith("." + code):
        return "code", best.country
    if not best.main or (_ACRONYM.match(text) and not best.caps):
        # "BA" and "MoD" are not Ba (Fiji) and Maud; "US" and "UAE" are written so
        return None
    return _strength(best), best.country


def _strength(best: Entry) -> str:
    rules = place_rules()
    if best.adjective:
        return "adjective"
    if best.kind in {"country", "continent"}:
        return "country"
    if best.subtype == "curated":
        return "region"
    if best.kind == "admin1" and best.population >= rules["admin_priors"]["first_order"]:
        return "area"
    if best.kind == "city" and (best.capital or best.population >= rules["offer"]["sure_city_population"]):
        return "city"
    return "known"


def through_kind_word(text: str) -> bool:
    """True when the text reads as a place only through a kind word ("Borno State", "Kabul airport")."""
    ranked, note = rank_candidates(text)
    return bool(ranked) and note.startswith(("named as", "airport of"))


def resolve_place(
    text: str,
    context_countries: frozenset[str] = frozenset(),
    gazetteer: Gazetteer | None = None,
    nearby: tuple[tuple[float, float], ...] = (),
    regions: frozenset[str] = frozenset(),
) -> Place | None:
    """Resolve a place name to a ``Place``, or None when the gazetteer lacks it.

    ``context_countries`` are ISO3 codes of countries the article mentions,
    ``nearby`` the points of towns and regions it names without doubt and
    ``regions`` their first-level region codes (see :func:`article_context`);
    they decide between places of one name.
    """
    ranked, note = rank_candidates(text, context_countries, gazetteer, nearby, regions)
    if not ranked:
        return None
    return _to_place(text, ranked[0], note)


def _holds(region: Entry, place: Place) -> bool:
    """True when a region reading holds a resolved town (same country, and region code or distance)."""
    if region.country != place.country:
        return False
    if region.kind == "country" or (place.admin1 is not None and place.admin1 == region.admin1):
        return True
    if place.lat is None or place.lon is None or region.lat is None or region.lon is None:
        return False
    return distance_km(region.lat, region.lon, place.lat, place.lon) <= QUALIFIER_RADIUS_KM


def _to_place(text: str, best: Scored, note: str) -> Place:
    entry = best.entry
    reason = "; ".join(r for r in (note, *best.reasons) if r)
    return Place(
        text=text,
        name=entry.name,
        country=entry.country,
        admin1=entry.admin1,
        lat=entry.lat,
        lon=entry.lon,
        geonameid=entry.geonameid,
        kind=entry.kind,
        basis="named",
        reason=reason,
    )


@dataclass(frozen=True)
class ArticleContext:
    """What an article's place names say without doubt: countries, points and regions."""

    countries: frozenset[str] = frozenset()
    points: tuple[tuple[float, float], ...] = ()
    # first-level region codes ("US.FL") of the regions and towns named
    regions: frozenset[str] = frozenset()
    # towns the article names with their region ("London, Ontario"), by folded
    # name: the same name alone later in the article is that town
    qualified: tuple[tuple[str, Scored], ...] = ()

    def resolve(self, text: str, gazetteer: Gazetteer | None = None) -> Place | None:
        """Resolve a place name of this article with everything its other names say."""
        cleaned = _clean(text)
        if cleaned is not None and "," not in cleaned:
            key = fold_name(cleaned)
            for name, scored in self.qualified:
                if name == key:
                    return _to_place(text, scored, "the town the article names with its region")
        return resolve_place(text, self.countries, gazetteer, self.points, self.regions)

    def resolve_within(self, text: str, town: str, gazetteer: Gazetteer | None = None) -> Place | None:
        """Resolve the region of "Tacoma, Washington": the reading that holds the town, if any."""
        ranked, _ = rank_candidates(text, self.countries, gazetteer, self.points, self.regions)
        place = self.resolve(f"{town}, {text}", gazetteer)
        holder = next(
            (
                s
                for s in ranked
                if place is not None
                and s.entry.kind in {"country", "admin1", "region"}
                and _holds(s.entry, place)
            ),
            None,
        )
        if holder is None or holder is (ranked[0] if ranked else None):
            return self.resolve(text, gazetteer)
        return _to_place(text, holder, "holds the town named before it")


def article_context(names: Iterable[str], gazetteer: Gazetteer | None = None) -> ArticleContext:
    """Countries, points and regions an article's place names point to without doubt.

    A name adds its country only when its best reading beats the best reading
    in any other country by the margin in ``rules.yaml``: "Atlanta" adds the
    United States, "Tbilisi" Georgia, but "Georgia" itself adds nothing, so it
    cannot decide its own case. It adds its point and its first-level region
    only when it also beats every other reading of the name by that margin
    (two Parklands of one size add neither), and never for a national capital,
    which news names for its government. The points and regions decide
    between towns of one name: "Riverdale" in an article about Atlanta is the
    one near Atlanta, "Parkland" beside "Florida" the one in Florida.
    """
    scores = place_rules()["scores"]
    margin = scores["confident_margin"]

    def evidence(scored: Scored) -> float:
        # the country bonus is a default, not evidence: "Georgia" the country
        # must beat the US state on size alone to count as sure
        return scored.score - (scores["country_bonus"] if scored.reasons[0].startswith("name of a") else 0.0)

    countries: set[str] = set()
    points: set[tuple[float, float]] = set()
    regions: set[str] = set()
    qualified: dict[str, Scored] = {}
    for name in sorted(set(names)):
        ranked, _ = rank_candidates(name, frozenset(), gazetteer)
        if not ranked or ranked[0].entry.country is None:
            continue
        best = ranked[0].entry
        head, _, qualifier = name.partition(",")
        town = best.kind not in {"country", "admin1", "region", "continent"}
        if qualifier.strip() and town and any(r.startswith("inside ") for r in ranked[0].reasons):
            qualified.setdefault(fold_name(head.strip()), ranked[0])
        rival = next((s for s in ranked[1:] if s.entry.country != best.country), None)
        if rival is not None and evidence(ranked[0]) - evidence(rival) < margin:
            continue
        countries.add(best.country)  # type: ignore[arg-type]
        # the place itself counts only when no other place of the name comes
        # close ("Parkland" has two towns of 30,000 people), and a national
        # capital not at all: it is mostly named for its government
        # ("Washington said") and says nothing about which town nearby is meant
        closest = ranked[1] if len(ranked) > 1 else None
        if best.capital or best.kind in {"country", "continent"}:
            continue
        if closest is not None and evidence(ranked[0]) - evidence(closest) < margin:
            continue
        if best.lat is not None and best.lon is not None:
            points.add((best.lat, best.lon))
        if best.kind in {"city", "admin1", "airport"} and _full_code(best.admin1_code):
            regions.add(best.admin1_code)  # type: ignore[arg-type]
    return ArticleContext(
        frozenset(countries), tuple(sorted(points)), frozenset(regions), tuple(sorted(qualified.items()))
    )


def context_countries(names: Iterable[str], gazetteer: Gazetteer | None = None) -> frozenset[str]:
    """The countries of :func:`article_context`."""
    return article_context(names, gazetteer).countries


def place_rank(place: Place | None) -> int:
    """Return how precise a place is: higher is finer (continent and regions
    spanning countries < country < region inside one < city < airport)."""
    if place is None or place.kind is None:
        return -1
    if place.kind == "region" and place.country is None:
        # "the Middle East", "the Atlantic": wider than any one country
        return 0
    return _KIND_RANK.get(place.kind, 0)


@dataclass(frozen=True)
class PlaceBasis:
    """One code of ``data/places/bases.csv``: where an event's place was found."""

    id: str
    stated: bool  # read from the event's own sentence or what it refers to
    rank: int  # higher is closer to the event's own words
    meaning: str


@functools.cache
def place_bases() -> dict[str, PlaceBasis]:
    """The place bases, by id (``data/places/bases.csv``)."""
    text = resources.files("eventwire").joinpath("data/places/bases.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {
        row["id"]: PlaceBasis(row["id"], row["stated"] == "yes", int(row["rank"]), row["meaning"])
        for row in rows
    }


def is_stated(place: Place | None) -> bool:
    """True when the place was read from the event's own sentence (or what it refers to).

    Places inferred from the dateline, the article's focus or the parties are
    guesses at the same scale for every event of an article: they neither
    join nor separate two reports when merging.
    """
    if place is None:
        return False
    basis = place_bases().get(place.basis)
    return basis is not None and basis.stated


def event_place_key(place: Place) -> tuple[int, int]:
    """How to choose among the places reports give one event: the basis closest
    to the event's words first, then the finer place."""
    basis = place_bases().get(place.basis)
    return (basis.rank if basis is not None else 0, place_rank(place))
