"""Whether two reports can tell one happening, and what says they do.

Two questions, kept apart. ``consistent`` asks whether anything rules the pair
out: another type or status, clashing modes, dates that do not overlap, parties
that clash. ``evidence`` asks what positively says they are one happening:
a participant named in both, both sides' countries, the same sentence retold,
or else enough points from the particulars (the parties described alike, the
same place, similar sentence content) and the kind (the trigger sense, a count,
a country). Type plus an overlapping date scores nothing: real news has many
assaults on any day, and reports by different outlets rarely resolve the
parties' countries ("a gunman", "two polygamist leaders"), so the
descriptions and the sentence content have to carry the decision.

Weights and thresholds are in ``data/merge/scoring.yaml``, the words in
``data/merge/words.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from eventwire.records import ActorRef, DateRange, Mention, Place
from eventwire.resolve.places import is_stated

# ------------------------------------------------------------------ data files


def _data(name: str) -> Any:
    return yaml.safe_load(resources.files("eventwire").joinpath(f"data/{name}").read_text("utf-8"))


@dataclass(frozen=True)
class Scoring:
    """The contents of ``scoring.yaml``, checked once."""

    same_text: float
    same_text_words: int
    points: dict[str, float]
    specific: frozenset[str]
    rules_out: frozenset[str]
    join_at: float
    specific_at_least: float
    group_mean_share: float
    weights: dict[str, float]
    weak_below: float
    publication_lookback: int
    publication_window: int


@functools.cache
def scoring() -> Scoring:
    """Load ``data/merge/scoring.yaml`` (cached)."""
    data = _data("merge/scoring.yaml")
    sufficient = data["sufficient"]
    return Scoring(
        same_text=float(sufficient["same_text"]),
        same_text_words=int(sufficient["same_text_words"]),
        points={str(k): float(v) for k, v in data["points"].items()},
        specific=frozenset(data["specific"]),
        rules_out=frozenset(data["rules_out"]),
        join_at=float(data["join_at"]),
        specific_at_least=float(data["specific_at_least"]),
        group_mean_share=float(data["group_mean_share"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
        weak_below=float(data["weak_below"]),
        publication_lookback=int(data["dates"]["publication_lookback_days"]),
        publication_window=int(data["dates"]["publication_window_days"]),
    )


@dataclass(frozen=True)
class Words:
    """The contents of ``words.yaml`` and the number words of the casualty table."""

    ignored: frozenset[str]
    irregular: dict[str, str]
    generic: frozenset[str]
    numbers: dict[str, str]
    head_group: dict[str, str]


@functools.cache
def words() -> Words:
    """Load ``data/merge/words.yaml`` (cached)."""
    data = _data("merge/words.yaml")
    odd = [w for w in data["ignored"] + data["generic_heads"] if not isinstance(w, str)]
    if odd:
        raise ValueError(f"data/merge/words.yaml: {odd} are not words (quote on, no, off, yes)")
    numbers = _data("rules/casualties.yaml").get("numbers", {})
    irregular = {str(k): str(v) for k, v in data["irregular"].items()}
    head_group: dict[str, str] = {}
    for group in data["head_groups"]:
        stems = [stem(str(w), irregular) for w in group]
        for member in stems:
            if head_group.setdefault(member, stems[0]) != stems[0]:
                raise ValueError(f"data/merge/words.yaml: {member!r} is in two head groups")
    return Words(
        ignored=frozenset(str(w) for w in data["ignored"]),
        irregular=irregular,
        generic=frozenset(stem(str(w), irregular) for w in data["generic_heads"]),
        numbers={str(k): str(v) for k, v in numbers.items()},
        head_group=head_group,
    )


# ------------------------------------------------------------------ word forms

_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s")


def stem(word: str, irregular: dict[str, str] | None = None) -> str:
    """A crude stem, enough to make "killed", "kills" and "killing" one word.

    Precision matters less than agreement: both reports go through the same
    function, so a wrong stem only matters when it joins two different words.
    """
    table = words().irregular if irregular is None else irregular
    word = word.lower().removesuffix("'s").removesuffix("’s")
    if word in table:
        return table[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in {"ies", "ied"}:
                return base + "y"
            if suffix in {"ing", "ed", "ings"} and len(base) > 3 and base[-1] == base[-2]:
                return base[:-1]  # "stopped" -> "stop"
            return base
    return word


_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*\d|\d")


@functools.lru_cache(maxsize=65536)
def content_words(sentence: str) -> dict[str, float]:
    """The sentence's content words (stems) with their weight.

    Proper nouns (capitalised, not the sentence's first word) and numbers weigh
    double: "Columbus", "mall" and "3" tell which happening it is, "attack"
    only what kind.
    """
    table = words()
    found: dict[str, float] = {}
    for n, match in enumerate(_TOKEN.finditer(sentence)):
        token = match.group().strip("'’-")
        lower = token.lower()
        if not token or lower in table.ignored or (len(token) == 1 and not token.isdigit()):
            continue
        if lower in table.numbers:
            key, weight = table.numbers[lower], 2.0
        elif token[0].isdigit():
            key, weight = token.replace(",", ""), 2.0
        else:
            key = stem(lower)
            key = table.head_group.get(key, key)  # "officers" and "police" are one word here too
            weight = 2.0 if token[0].isupper() and n > 0 and not token.isupper() else 1.0
        found[key] = max(found.get(key, 0.0), weight)
    return found


def content_similarity(a: str, b: str) -> tuple[float, int]:
    """Weighted Dice overlap of two sentences' content words, and the smaller count."""
    x, y = content_words(a), content_words(b)
    if not x or not y:
        return 0.0, 0
    common = sum(min(x[k], y[k]) for k in x.keys() & y.keys())
    return 2 * common / (sum(x.values()) + sum(y.values())), min(len(x), len(y))


@functools.lru_cache(maxsize=65536)
def _description(text: str) -> tuple[str, frozenset[str]]:
    """The head stem of a party's text and its modifiers' stems ("two polygamist
    leaders" -> ("leader", {"polygamist"})); numbers and function words dropped."""
    table = words()
    tokens = [t.lower() for t in re.findall(r"[^\W\d_][\w'’-]*", text)]
    tokens = [t for t in tokens if t not in table.ignored and t not in table.numbers]
    if not tokens:
        return "", frozenset()
    head = stem(tokens[-1])
    return table.head_group.get(head, head), frozenset(stem(t) for t in tokens[:-1])


@functools.lru_cache(maxsize=65536)
def shingles(sentence: str) -> frozenset[tuple[str, ...]]:
    """The sentence's word trigrams."""
    tokens = re.findall(r"\w+", sentence.lower())
    return frozenset(tuple(tokens[i : i + 3]) for i in range(max(len(tokens) - 2, 0)))


def text_similarity(x: Mention, y: Mention) -> float:
    """Word-trigram Jaccard similarity of two reports' sentences."""
    a, b = shingles(x.sentence), shingles(y.sentence)
    return len(a & b) / len(a | b) if a and b else 0.0


def trigger_stem(mention: Mention) -> str:
    """The stem of the trigger's last word, as the sentence gives it."""
    start, end = mention.trigger[0] - mention.start, mention.trigger[1] - mention.start
    return _last_stem(mention.sentence[max(start, 0) : max(end, 0)])


@functools.lru_cache(maxsize=65536)
def _last_stem(text: str) -> str:
    found = re.findall(r"[^\W\d_]+", text)
    return stem(found[-1]) if found else ""


_PART_OF_SPEECH = re.compile(r"-(noun|verb|adj|adjective|passive)$")


def rule_family(rule: str) -> str:
    """The rule's family: the id without its part of speech, and for a rule
    folded into another ("concede-ease>refusal-reject") the rule that fired
    first ("coerce-blockade-noun" and "coerce-blockade-verb" are one sense)."""
    return _PART_OF_SPEECH.sub("", rule.split(">")[0])


def same_trigger_sense(x: Mention, y: Mention) -> bool:
    """The same sense of the trigger: the same rule family, or the same trigger stem."""
    if rule_family(x.rule) == rule_family(y.rule):
        return True
    stem_x = trigger_stem(x)
    return bool(stem_x) and stem_x == trigger_stem(y)


# ------------------------------------------------------------------ parties


def countries(refs: list[ActorRef]) -> set[str]:
    """The countries of a side's actors."""
    return {r.country for r in refs if r.country}


def names(refs: list[ActorRef]) -> set[str]:
    """The resolved names of a side's actors."""
    return {r.name for r in refs if r.name}


def sides_agree(a: list[ActorRef], b: list[ActorRef]) -> bool:
    """Countries intersect (or one side is unknown) and no named actors clash."""
    ca, cb = countries(a), countries(b)
    if ca and cb and not ca & cb:
        return False
    na, nb = names(a), names(b)
    return not (na and nb and not na & nb)


def _pairs_of_sides(x: Mention, y: Mention) -> list[tuple[list[ActorRef], list[ActorRef]]]:
    """The sides to compare: actor with actor and recipient with recipient, and
    crossed too for a symmetric meeting (CONSULT), which outlets tell either way."""
    pairs = [(x.actor, y.actor), (x.recipient, y.recipient)]
    if x.type == "CONSULT":
        pairs += [(x.actor, y.recipient), (x.recipient, y.actor)]
    return pairs


def both_countries(x: Mention, y: Mention) -> bool:
    """Both sides identified by country in both reports, and meeting."""
    straight = bool(
        countries(x.actor) & countries(y.actor) and countries(x.recipient) & countries(y.recipient)
    )
    crossed = bool(
        x.type == "CONSULT"
        and countries(x.actor) & countries(y.recipient)
        and countries(x.recipient) & countries(y.actor)
    )
    return straight or crossed


def _description_points(x: Mention, y: Mention, points: dict[str, float]) -> dict[str, float]:
    """Points for parties described alike on the same side: the best side counts."""
    table = words()
    best: dict[str, float] = {}
    for a, b in _pairs_of_sides(x, y):
        found: dict[str, float] = {}
        heads: set[str] = set()
        modifiers = False
        # a named party is compared by name, and two parties that both have a
        # country by country ("Russia" is not a description of anyone)
        for ra in (r for r in a if r.text and not r.name):
            for rb in (r for r in b if r.text and not r.name):
                if ra.country and rb.country:
                    continue
                (head_a, mods_a), (head_b, mods_b) = _description(ra.text), _description(rb.text)
                if head_a and head_a == head_b:
                    heads.add(head_a)
                    modifiers = modifiers or bool(mods_a & mods_b)
        if heads:
            generic = all(h in table.generic for h in heads)
            key = "description_generic" if generic else "description"
            found[key] = points[key]
            if modifiers:
                found["description_modifier"] = points["description_modifier"]
        sectors_a = {r.sector for r in a if r.sector and not r.name}
        sectors_b = {r.sector for r in b if r.sector and not r.name}
        if sectors_a & sectors_b:
            found["sector"] = points["sector"]
        if sum(found.values()) > sum(best.values()):
            best = found
    return best


# ------------------------------------------------------------------ places and dates


def day_span(date: DateRange) -> tuple[dt.date, dt.date] | None:
    """The date's first and last day, or None when it has none."""
    if not (date.start and date.end):
        return None
    try:
        return dt.date.fromisoformat(date.start[:10]), dt.date.fromisoformat(date.end[:10])
    except ValueError:
        return None


def dates_overlap(a: DateRange, b: DateRange) -> bool:
    """True when the ranges overlap, or either is unknown."""
    if not (a.start and a.end and b.start and b.end):
        return True
    return a.start <= b.end and b.start <= a.end


def reach(date: DateRange) -> tuple[dt.date, dt.date] | None:
    """The days a mention's happening may lie in, as far as merging is concerned.

    A date read from the text is its own range. A date that is only the
    article's publication day says the happening was reported then: it took
    place on or before that day (up to ``publication_lookback_days`` before),
    and another report of it may be published up to ``publication_window_days``
    later.
    """
    span = day_span(date)
    if span is None or date.basis != "publication":
        return span
    config = scoring()
    back = max(config.publication_lookback, config.publication_window)
    return span[0] - dt.timedelta(days=back), span[1] + dt.timedelta(days=config.publication_window)


def dates_agree(a: DateRange, b: DateRange) -> bool:
    """True when two mentions' dates allow one happening.

    Two stated dates must overlap. A publication day against a stated date:
    the stated range must not begin after the publication day, nor end more
    than the look-back before it ("Iraq invaded Kuwait", in a paper of 15 August,
    is the invasion "on August 2"). Two publication days: at most the window apart.
    """
    x, y = day_span(a), day_span(b)
    if x is None or y is None:
        return True
    config = scoring()
    pub_a, pub_b = a.basis == "publication", b.basis == "publication"
    if pub_a and pub_b:
        gap = max((y[0] - x[1]).days, (x[0] - y[1]).days, 0)
        return gap <= config.publication_window
    if pub_a or pub_b:
        (pub, stated) = (x, y) if pub_a else (y, x)
        return stated[0] <= pub[1] and stated[1] >= pub[0] - dt.timedelta(days=config.publication_lookback)
    return x[0] <= y[1] and y[0] <= x[1]


def _place_name(place: Place) -> str:
    return (place.name or place.text).lower()


def place_relation(a: Place | None, b: Place | None) -> str | None:
    """ "same", "country" (only the country agrees), "conflict" or None (nothing to judge).

    A place inside the other ("Columbus" and "Ohio", "Helsinki" and "Finland")
    is not a conflict; two towns of one country are. Only places read from the
    reports' own sentences are judged: a dateline or an article's focus is where
    the story was filed or centred, true of every event in it, so it neither
    joins nor separates two reports.
    """
    if not (is_stated(a) and is_stated(b)):
        return None
    assert a is not None and b is not None
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return "same"
    if a.kind != "country" and b.kind != "country" and _place_name(a) == _place_name(b):
        return "same"
    if a.country and b.country and a.country != b.country:
        return "conflict"
    if a.kind == "country" or b.kind == "country":
        return "country" if a.country and a.country == b.country else None
    if _place_name(a) == (b.admin1 or "").lower() or _place_name(b) == (a.admin1 or "").lower():
        return "country"  # a town and the region it lies in
    return "conflict" if a.country and a.country == b.country else None


# ------------------------------------------------------------------ the two questions


def consistent(x: Mention, y: Mention) -> bool:
    """True when nothing rules out that two mentions report one happening."""
    if x.type != y.type or x.status != y.status:
        return False
    if x.mode and y.mode and x.mode != y.mode:
        return False
    if not dates_agree(x.date, y.date):
        return False
    if sides_agree(x.actor, y.actor) and sides_agree(x.recipient, y.recipient):
        return True
    return x.type == "CONSULT" and sides_agree(x.actor, y.recipient) and sides_agree(x.recipient, y.actor)


@dataclass(frozen=True)
class Evidence:
    """What says two reports are one happening: the parts and their total.

    ``sufficient`` names a part that decides alone (a named party, both sides'
    countries, the same sentence); otherwise ``total`` and ``specific`` are
    compared with the thresholds of ``scoring.yaml``.
    """

    parts: dict[str, float]
    sufficient: str | None = None

    @property
    def total(self) -> float:
        """The points of every part, penalties included; a sufficient part counts
        twice the joining threshold, so it outranks any sum of points."""
        if self.sufficient:
            return 2 * scoring().join_at
        return round(sum(self.parts.values()), 3)

    @property
    def specific(self) -> float:
        """The points that come from the particulars of the happening."""
        chosen = scoring().specific
        return sum(v for k, v in self.parts.items() if k in chosen)

    @property
    def enough(self) -> bool:
        """True when the evidence says one happening (``scoring.yaml`` thresholds)."""
        if self.sufficient:
            return True
        config = scoring()
        if config.rules_out & self.parts.keys():
            return False
        return self.total >= config.join_at and self.specific >= config.specific_at_least

    def describe(self) -> str:
        """The evidence in words: "named party" or "description 1.50, content 2.10 = 3.60"."""
        if self.sufficient:
            return self.sufficient.replace("_", " ")
        if not self.parts:
            return "no evidence"
        parts = ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in self.parts.items())
        return f"{parts} = {self.total:.2f}"


def undated(x: Mention, y: Mention) -> bool:
    """True when either report has no date at all: nothing then rules a merge
    out in time, so the evidence has to carry more (``undated_extra``)."""
    return day_span(x.date) is None or day_span(y.date) is None


def _named_sides(x: Mention, y: Mention) -> tuple[bool, bool]:
    """(a named party in common on some side, named parties met on both sides)."""
    met = [bool(names(a) & names(b)) for a, b in _pairs_of_sides(x, y)]
    both = (met[0] and met[1]) or (len(met) > 2 and met[2] and met[3])
    return any(met), both


def evidence(x: Mention, y: Mention) -> Evidence:
    """The positive evidence that two (consistent) reports tell one happening."""
    config = scoring()
    some_named, both_named = _named_sides(x, y)
    if both_named:
        return Evidence({}, "named_parties")
    dated = not undated(x, y)
    if dated and both_countries(x, y):
        return Evidence({}, "both_countries")
    # two events told in one sentence share its words: that is no evidence
    same_sentence = x.article_id == y.article_id and x.start == y.start
    if (
        not same_sentence
        and text_similarity(x, y) >= config.same_text
        and min(len(x.sentence.split()), len(y.sentence.split())) >= config.same_text_words
    ):
        return Evidence({}, "same_text")
    points = config.points
    parts: dict[str, float] = {}
    if some_named:
        parts["named_party"] = points["named_party"]
    if both_countries(x, y):
        parts["both_countries"] = points["both_countries"]
    elif any(countries(a) & countries(b) and not names(a) & names(b) for a, b in _pairs_of_sides(x, y)):
        # a named party's country is the same fact again: counted once
        parts["shared_country"] = points["shared_country"]
    parts.update(_description_points(x, y, points))
    relation = place_relation(x.place, y.place)
    if relation == "same":
        parts["same_place"] = points["same_place"]
    elif relation == "country":
        parts["same_place_country"] = points["same_place_country"]
    elif relation == "conflict":
        parts["place_conflict"] = points["place_conflict"]
    if same_trigger_sense(x, y):
        parts["same_trigger"] = points["same_trigger"]
    if _same_count(x, y):
        parts["same_count"] = points["same_count"]
    if (
        x.date.granularity == y.date.granularity == "day"
        and x.date.start == y.date.start
        and x.date.basis in {"stated", "relative"}
        and y.date.basis in {"stated", "relative"}
    ):
        parts["same_day"] = points["same_day"]
    dice, fewest = (0.0, 0) if same_sentence else content_similarity(x.sentence, y.sentence)
    content = min(points["content_cap"], points["content_weight"] * max(0.0, dice - points["content_floor"]))
    content *= min(1.0, fewest / points["content_min_words"])
    if content > 0:
        parts["content"] = round(content, 3)
    if not dated:
        parts["undated"] = -points["undated_extra"]
    return Evidence(parts)


def _same_count(x: Mention, y: Mention) -> bool:
    if x.size is None or y.size is None:
        return False
    for field in ("dead", "injured", "arrested"):
        a, b = getattr(x.size, field), getattr(y.size, field)
        if a is not None and a == b and a > 0:
            return True
    return False


def compatible(x: Mention, y: Mention) -> bool:
    """True when two mentions can be merged as a pair: consistent, with evidence enough."""
    return consistent(x, y) and evidence(x, y).enough


# ------------------------------------------------------------------ the score shown per source


def link_score(mention: Mention, anchor: Mention) -> tuple[float, str]:
    """Score how well a report matches the event's first report (``data/merge/scoring.yaml``).

    Returns the weighted mean of the features that could be judged, in [0, 1],
    and the features in words ("named actor 1.00, date overlap 0.50, text 0.12").
    """
    if mention.id == anchor.id:
        return 1.0, "first report"
    weights = scoring().weights
    features: dict[str, float] = {}
    mention_names = names(mention.actor) | names(mention.recipient)
    anchor_names = names(anchor.actor) | names(anchor.recipient)
    if mention_names and anchor_names:
        features["named_actor"] = float(bool(mention_names & anchor_names))
    actor_x, recipient_x = oriented(mention, anchor)
    if countries(actor_x) and countries(anchor.actor):
        features["actor_country"] = float(bool(countries(actor_x) & countries(anchor.actor)))
    if countries(recipient_x) and countries(anchor.recipient):
        features["recipient_country"] = float(bool(countries(recipient_x) & countries(anchor.recipient)))
    described = _description_points(mention, anchor, scoring().points)
    if any(r.text for r in mention.actor + mention.recipient) and any(
        r.text for r in anchor.actor + anchor.recipient
    ):
        features["description"] = float(any(k.startswith("description") for k in described))
    span_x, span_y = day_span(mention.date), day_span(anchor.date)
    if span_x and span_y:
        overlap = (min(span_x[1], span_y[1]) - max(span_x[0], span_y[0])).days + 1
        union = (max(span_x[1], span_y[1]) - min(span_x[0], span_y[0])).days + 1
        features["date_overlap"] = max(overlap, 0) / union
    relation = place_relation(mention.place, anchor.place)
    if relation is not None:
        features["place"] = float(relation in {"same", "country"})
    features["trigger"] = float(same_trigger_sense(mention, anchor))
    if mention.size is not None and anchor.size is not None:
        features["count"] = float(_same_count(mention, anchor))
    if shingles(mention.sentence) and shingles(anchor.sentence):
        features["text"] = text_similarity(mention, anchor)
        features["content"] = content_similarity(mention.sentence, anchor.sentence)[0]
    total = sum(weights[k] for k in features)
    score = sum(weights[k] * v for k, v in features.items()) / total if total else 0.0
    reason = ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in features.items()) or "no feature to judge"
    return round(score, 3), reason


def oriented(mention: Mention, anchor: Mention) -> tuple[list[ActorRef], list[ActorRef]]:
    """Return the mention's (actor, recipient), swapped when it tells a symmetric
    CONSULT the other way round from the group's first report."""
    if mention.type != "CONSULT":
        return mention.actor, mention.recipient
    same = sides_agree(mention.actor, anchor.actor) and sides_agree(mention.recipient, anchor.recipient)
    overlap = countries(mention.actor) & countries(anchor.actor) or names(mention.actor) & names(anchor.actor)
    if same and overlap:
        return mention.actor, mention.recipient
    return mention.recipient, mention.actor


def weak_mark(score: float) -> str:
    """ " (weak)" for a merge scored below the configured threshold, else ""."""
    return " (weak)" if score < scoring().weak_below else ""
