"""Mentions to events: one event, however many reports cite it.

Mentions are blocked by event type and status, then grouped greedily with
complete linkage: a mention joins a group only when it is compatible with
every member, which stops chains of near matches from gluing unrelated events
together. Two mentions are compatible when their modes do not differ, their
dates overlap (or one is unknown), their actor and recipient countries agree
(either way round for symmetric CONSULT), named actors do not conflict, and
they share at least one identified party.

Nothing here depends on where the texts were read from or in which order:
mentions are clustered in an order fixed by their content (precise dates and
fully identified reports first, then the article's publication date and text,
see ``dedupe.content_key``), never by their ids, which include the source path.
Event ids are the hash of the group's smallest mention id, so re-running on the
same input gives the same ids. Each source keeps the score with which it
matched the event's first report (``data/merge/scoring.yaml``), and fields the
reports give differently (a date, a place, a toll) are kept per source in the
event's ``disagreements`` rather than overwritten.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from importlib import resources

import yaml

from eventwire.coder.ontology import quad_of
from eventwire.dedupe import content_key
from eventwire.records import (
    ActorRef,
    Article,
    DateRange,
    Disagreement,
    Event,
    Mention,
    Place,
    Size,
    SourceRef,
)
from eventwire.resolve.places import place_rank

_GRANULARITY_RANK = {
    "day": 0,
    "week": 1,
    "month": 2,
    "season": 3,
    "range": 4,
    "year": 5,
    "decade": 6,
    "unknown": 9,
}


def _countries(refs: list[ActorRef]) -> set[str]:
    return {r.country for r in refs if r.country}


def _names(refs: list[ActorRef]) -> set[str]:
    return {r.name for r in refs if r.name}


def _sides_agree(a: list[ActorRef], b: list[ActorRef]) -> bool:
    """Countries intersect (or one side is unknown) and no named actors clash."""
    ca, cb = _countries(a), _countries(b)
    if ca and cb and not ca & cb:
        return False
    na, nb = _names(a), _names(b)
    return not (na and nb and not na & nb)


def _shares_party(x: Mention, y: Mention) -> bool:
    """Evidence that two reports are of one happening, not just of one country.

    A named participant in common is enough, and so is a country in common on
    the same day; otherwise both sides must be identified in both reports
    (actor countries meet, recipient countries meet).
    """
    names_x = _names(x.actor) | _names(x.recipient)
    if names_x & (_names(y.actor) | _names(y.recipient)):
        return True
    same_day = x.date.granularity == y.date.granularity == "day" and x.date.start == y.date.start
    shared_country = (_countries(x.actor) | _countries(x.recipient)) & (
        _countries(y.actor) | _countries(y.recipient)
    )
    if same_day and shared_country:
        return True
    if shared_country and _within_a_week(x.date, y.date) and _text_similarity(x, y) >= SAME_TEXT:
        # a wire copy that gives "last week" where another says "Tuesday"
        return True
    return bool(
        _countries(x.actor) & _countries(y.actor) and _countries(x.recipient) & _countries(y.recipient)
    ) or bool(
        x.type == "CONSULT"
        and _countries(x.actor) & _countries(y.recipient)
        and _countries(x.recipient) & _countries(y.actor)
    )


def _within_a_week(a: DateRange, b: DateRange) -> bool:
    spans = _day_span(a), _day_span(b)
    return all(span is not None and (span[1] - span[0]).days <= 7 for span in spans)


def _text_similarity(x: Mention, y: Mention) -> float:
    """Word-trigram Jaccard similarity of two reports' sentences."""
    a, b = _shingles(x.sentence), _shingles(y.sentence)
    return len(a & b) / len(a | b) if a and b else 0.0


def _dates_overlap(a: DateRange, b: DateRange) -> bool:
    if not (a.start and a.end and b.start and b.end):
        return True
    return a.start <= b.end and b.start <= a.end


def compatible(x: Mention, y: Mention) -> bool:
    """True when two mentions can report the same event."""
    if x.type != y.type or x.status != y.status:
        return False
    if x.mode and y.mode and x.mode != y.mode:
        return False
    if not _dates_overlap(x.date, y.date) or not _shares_party(x, y):
        return False
    if _sides_agree(x.actor, y.actor) and _sides_agree(x.recipient, y.recipient):
        return True
    return x.type == "CONSULT" and _sides_agree(x.actor, y.recipient) and _sides_agree(x.recipient, y.actor)


def _order_key(
    mention: Mention, article_keys: Mapping[str, str] | None = None
) -> tuple[int, int, int, int, str, int, int, str, str, str]:
    """The order in which mentions meet the groups; the first member anchors its group.

    Body before captions, precise dates before loose ones, reports that name
    both sides before those that name one (a report missing its recipient then
    joins the group it fits best instead of gluing two), then content: the
    article's key (publication date, then a hash of its text), the place in the
    text, the rule. The id comes last and only separates identical texts.
    """
    sides = int(bool(_countries(mention.actor) | _names(mention.actor))) + int(
        bool(_countries(mention.recipient) | _names(mention.recipient))
    )
    return (
        int(mention.in_caption),
        _GRANULARITY_RANK.get(mention.date.granularity, 9),
        _span_days(mention.date),
        -sides,
        (article_keys or {}).get(mention.article_id, ""),
        mention.start,
        mention.trigger[0],
        mention.rule,
        mention.sentence,
        mention.id,
    )


# Sentences this similar (word-trigram Jaccard) are the same report retold: with
# a country in common and dates within a week, that is evidence enough.
SAME_TEXT = 0.5
# A mention whose date spans more months than this (or has none) is indexed as
# "wide": every mention of its block is compared with it.
MAX_INDEXED_MONTHS = 24
WIDE = "wide"


def _month_keys(date: DateRange) -> list[str]:
    """The calendar months a mention's date touches, or ["wide"].

    Two mentions can only be merged when their dates overlap, so a group needs
    to be compared only with mentions that share a month with one of its
    members (or with every mention, when a member has a wide or unknown date).
    """
    span = _day_span(date)
    if span is None:
        return [WIDE]
    start, end = span
    months = (end.year - start.year) * 12 + end.month - start.month
    if months < 0 or months > MAX_INDEXED_MONTHS:
        return [WIDE]
    keys = []
    year, month = start.year, start.month
    for _ in range(months + 1):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _best_home(mention: Mention, groups: list[list[Mention]], candidates: Iterable[int]) -> int | None:
    """The group a mention joins: among those it is compatible with in full, the
    one whose first report it matches best (``link_score``), the earliest on a tie."""
    best: tuple[float, int] | None = None
    for i in candidates:
        if all(compatible(mention, m) for m in groups[i]):
            score = link_score(mention, groups[i][0])[0]
            if best is None or score > best[0]:
                best = (score, i)
    return None if best is None else best[1]


def _cluster_block(
    mentions: list[Mention], article_keys: Mapping[str, str] | None = None
) -> list[list[Mention]]:
    """Greedy complete linkage over one (type, status) block.

    A mention joins the compatible group whose first report it matches best
    (a report compatible with two groups goes where it fits). Groups are
    indexed by the months their members' dates touch, so each mention is only
    compared with groups it could overlap: the result is the same as comparing
    with every group, at near-linear cost.
    """
    groups: list[list[Mention]] = []
    index: dict[str, list[int]] = defaultdict(list)
    for mention in sorted(mentions, key=lambda m: _order_key(m, article_keys)):
        keys = _month_keys(mention.date)
        if keys == [WIDE]:
            candidates: Iterable[int] = range(len(groups))
        else:
            seen = {i for key in (*keys, WIDE) for i in index.get(key, ())}
            candidates = sorted(seen)
        home = _best_home(mention, groups, candidates)
        if home is None:
            home = len(groups)
            groups.append([])
        groups[home].append(mention)
        for key in keys:
            if not index[key] or index[key][-1] != home:
                index[key].append(home)
    return groups


def cluster_mentions(
    mentions: Iterable[Mention], article_keys: Mapping[str, str] | None = None
) -> list[list[Mention]]:
    """Group mentions of one event; each group is in anchoring order.

    ``article_keys`` gives each article's content key (``dedupe.content_key``),
    which orders mentions of otherwise equal standing by content, not by id.
    """
    blocks: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for mention in mentions:
        blocks[(mention.type, mention.status)].append(mention)
    groups: list[list[Mention]] = []
    for key in sorted(blocks):
        groups.extend(_cluster_block(blocks[key], article_keys))
    return groups


def _union(refs: Iterable[ActorRef]) -> list[ActorRef]:
    """Merge actor lists, keeping the most specific reference per actor."""
    best: dict[tuple[str | None, str | None], ActorRef] = {}
    for ref in refs:
        key = (ref.name, ref.country) if ref.name else (None, ref.country or ref.text.lower())
        current = best.get(key)
        if current is None or (current.sector is None and ref.sector is not None):
            best[key] = ref
    # an unnamed "Russian officer" adds nothing beside a named Russian actor, nor
    # "the military leaders" (no name, no country) beside identified military ones
    named_countries = {r.country for r in best.values() if r.name}
    identified = [r for r in best.values() if r.name or r.country]

    def adds_something(ref: ActorRef) -> bool:
        if ref.name:
            return True
        if ref.country:
            return ref.country not in named_countries
        return not any(ref.sector is None or other.sector == ref.sector for other in identified)

    return [r for r in best.values() if adds_something(r)]


def _best_date(group: list[Mention]) -> DateRange:
    stated = [m.date for m in group if m.date.basis in {"stated", "relative"} and m.date.start]
    pool = stated or [m.date for m in group if m.date.start] or [group[0].date]
    return min(pool, key=lambda d: (_GRANULARITY_RANK.get(d.granularity, 9), _span_days(d), d.start or ""))


def _span_days(date: DateRange) -> int:
    """Length of a date range in days (unknown ranges last longest): the narrowest
    of two ranges ("the final months of X's presidency" within "the X era") is the
    more precise."""
    span = _day_span(date)
    return (span[1] - span[0]).days if span else 10**6


def _best_place(group: list[Mention]) -> Place | None:
    places = [m.place for m in group if m.place is not None]
    return max(places, key=place_rank) if places else None


def _best_size(group: list[Mention]) -> Size | None:
    sizes = [m.size for m in group if m.size is not None]
    if not sizes:
        return None

    def most(values: list[int | None]) -> int | None:
        known = [v for v in values if v is not None]
        return max(known) if known else None

    return Size(
        dead=most([s.dead for s in sizes]),
        injured=most([s.injured for s in sizes]),
        arrested=most([s.arrested for s in sizes]),
    )


@functools.cache
def _scoring() -> tuple[dict[str, float], float]:
    text = resources.files("eventwire").joinpath("data/merge/scoring.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {str(k): float(v) for k, v in data["weights"].items()}, float(data["weak_below"])


def _shingles(sentence: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", sentence.lower())
    return {tuple(words[i : i + 3]) for i in range(max(len(words) - 2, 0))}


def _day_span(date: DateRange) -> tuple[dt.date, dt.date] | None:
    if not (date.start and date.end):
        return None
    try:
        return dt.date.fromisoformat(date.start[:10]), dt.date.fromisoformat(date.end[:10])
    except ValueError:
        return None


def link_score(mention: Mention, anchor: Mention) -> tuple[float, str]:
    """Score how well a report matches the event's first report (``data/merge/scoring.yaml``).

    Returns the weighted mean of the features that could be judged, in [0, 1],
    and the features in words ("named actor, date overlap 0.50, text 0.12").
    """
    if mention.id == anchor.id:
        return 1.0, "first report"
    weights, _ = _scoring()
    features: dict[str, float] = {}
    names = _names(mention.actor) | _names(mention.recipient)
    anchor_names = _names(anchor.actor) | _names(anchor.recipient)
    if names and anchor_names:
        features["named_actor"] = float(bool(names & anchor_names))
    actor_x, actor_y = _oriented(mention, anchor)[0], anchor.actor
    if _countries(actor_x) and _countries(actor_y):
        features["actor_country"] = float(bool(_countries(actor_x) & _countries(actor_y)))
    recipient_x, recipient_y = _oriented(mention, anchor)[1], anchor.recipient
    if _countries(recipient_x) and _countries(recipient_y):
        features["recipient_country"] = float(bool(_countries(recipient_x) & _countries(recipient_y)))
    span_x, span_y = _day_span(mention.date), _day_span(anchor.date)
    if span_x and span_y:
        overlap = (min(span_x[1], span_y[1]) - max(span_x[0], span_y[0])).days + 1
        union = (max(span_x[1], span_y[1]) - min(span_x[0], span_y[0])).days + 1
        features["date_overlap"] = max(overlap, 0) / union
    if mention.place is not None and anchor.place is not None:
        features["place"] = float(
            mention.place.name == anchor.place.name or mention.place.country == anchor.place.country
        )
    if _shingles(mention.sentence) and _shingles(anchor.sentence):
        features["text"] = _text_similarity(mention, anchor)
    total = sum(weights[k] for k in features)
    score = sum(weights[k] * v for k, v in features.items()) / total if total else 0.0
    reason = ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in features.items()) or "no feature to judge"
    return round(score, 3), reason


def weak_mark(score: float) -> str:
    """ " (weak)" for a merge scored below the configured threshold, else ""."""
    return " (weak)" if score < _scoring()[1] else ""


def disagreements(group: list[Mention]) -> list[Disagreement]:
    """Fields the reports of one event give differently, each value with its sources.

    Only stated values count (a date read from the text, a named place, a
    counted toll); a report that says nothing does not disagree.
    """
    found: list[Disagreement] = []
    fields: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    places: list[Place] = []
    for mention in group:
        if mention.date.basis in {"stated", "relative"} and mention.date.start:
            fields["date"][f"{mention.date.start}..{mention.date.end}"].add(mention.article_id)
        if mention.place is not None:
            fields["place"][mention.place.name or mention.place.text].add(mention.article_id)
            places.append(mention.place)
        if mention.size is not None:
            for name in ("dead", "injured", "arrested"):
                value = getattr(mention.size, name)
                if value is not None:
                    fields[name][str(value)].add(mention.article_id)
    for name, values in fields.items():
        if name == "date" and len(values) > 1 and _all_overlap(list(values)):
            # "Wednesday" and "September 22" are one date said two ways
            continue
        if name == "place" and _nested(places):
            # "Helsinki" and "Finland" name one place at two scales
            continue
        if len(values) > 1:
            found.append(
                Disagreement(
                    field=name,
                    values=[{"value": v, "sources": sorted(a)} for v, a in sorted(values.items())],
                )
            )
    return found


def _nested(places: list[Place]) -> bool:
    """True when the places are one country, with at most one place inside it named."""
    countries = {p.country for p in places}
    inner = {p.name or p.text for p in places if p.kind != "country"}
    return len(countries) == 1 and len(inner) <= 1


def _all_overlap(ranges: list[str]) -> bool:
    spans = [r.split("..") for r in ranges]
    return max(a for a, _ in spans) <= min(b for _, b in spans)


def _source_ref(mention: Mention, article: Article | None, anchor: Mention) -> SourceRef:
    url = article.source.get("url") if article else None
    score, reason = link_score(mention, anchor)
    return SourceRef(
        article_id=mention.article_id,
        url=url,
        outlet=article.outlet if article else None,
        published=article.published if article else None,
        sentence=mention.sentence,
        start=mention.start,
        end=mention.end,
        trigger=list(mention.trigger),
        in_caption=mention.in_caption,
        mention_id=mention.id,
        rule=mention.rule,
        merge_score=score,
        merge_reason=reason,
    )


def _oriented(mention: Mention, anchor: Mention) -> tuple[list[ActorRef], list[ActorRef]]:
    """Return the mention's (actor, recipient), swapped when it tells a symmetric
    CONSULT the other way round from the group's first report."""
    if mention.type != "CONSULT":
        return mention.actor, mention.recipient
    same = _sides_agree(mention.actor, anchor.actor) and _sides_agree(mention.recipient, anchor.recipient)
    overlap = _countries(mention.actor) & _countries(anchor.actor) or _names(mention.actor) & _names(
        anchor.actor
    )
    if same and overlap:
        return mention.actor, mention.recipient
    return mention.recipient, mention.actor


def _evidence(group: list[Mention], copies: Mapping[str, str]) -> float:
    """Combined confidence of a group, counting a wire story once however many
    outlets republished it: per original article, only its strongest report counts."""
    strongest: dict[str, float] = {}
    for mention in group:
        original = copies.get(mention.article_id, mention.article_id)
        strongest[original] = max(strongest.get(original, 0.0), mention.confidence)
    uncertainty = 1.0
    for confidence in strongest.values():
        uncertainty *= 1.0 - confidence
    return round(1.0 - uncertainty, 3)


def build_event(
    group: list[Mention],
    articles: Mapping[str, Article],
    copies: Mapping[str, str] | None = None,
    article_keys: Mapping[str, str] | None = None,
) -> Event:
    """Assemble one event from a group of compatible mentions.

    ``copies`` maps an article to the earlier article it copies (a wire story
    republished elsewhere); every copy is still cited, but counts once as evidence.
    Sources are listed by their article's content key (``article_keys``), then
    by place in the text.
    """
    keys = article_keys or {}
    sides = [_oriented(m, group[0]) for m in group]
    modes = Counter(m.mode for m in group if m.mode)
    return Event(
        id="ev_" + hashlib.sha256(min(m.id for m in group).encode()).hexdigest()[:16],
        type=group[0].type,
        mode=modes.most_common(1)[0][0] if modes else None,
        context=sorted({c for m in group for c in m.context}),
        status=group[0].status,
        historical=all(m.historical for m in group),
        actor=_union(a for actors, _ in sides for a in actors),
        recipient=_union(r for _, recipients in sides for r in recipients),
        quad=quad_of(group[0].type),
        date=_best_date(group),
        place=_best_place(group),
        size=_best_size(group),
        confidence=_evidence(group, copies or {}),
        sources=[
            _source_ref(m, articles.get(m.article_id), group[0])
            for m in sorted(group, key=lambda m: (keys.get(m.article_id, ""), m.start, m.trigger[0], m.id))
        ],
        disagreements=disagreements(group),
    )


def _contradicted_by_body(group: list[Mention], body: Mapping[str, list[Mention]]) -> bool:
    """True for a caption-only group that the body of its article tells otherwise:
    the same kind of event between the same sides, with another status or date."""
    if not all(m.in_caption for m in group):
        return False
    for caption in group:
        for told in body.get(caption.article_id, []):
            if told.type != caption.type:
                continue
            sides = _sides_agree(told.actor, caption.actor) and _sides_agree(
                told.recipient, caption.recipient
            )
            if sides and (told.status != caption.status or not _dates_overlap(told.date, caption.date)):
                return True
    return False


def merge_mentions(
    mentions: Iterable[Mention], articles: Mapping[str, Article], copies: Mapping[str, str] | None = None
) -> list[Event]:
    """Merge mentions into events, sorted by date, type and content for stable output.

    A photo caption may add a source to an event the body reports, but never
    creates an event the body of its article contradicts. The result depends
    on the articles' content only, not on their ids, paths or input order.
    """
    mentions = list(mentions)
    body: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if not mention.in_caption:
            body[mention.article_id].append(mention)
    keys = {article_id: content_key(article) for article_id, article in articles.items()}
    groups = [g for g in cluster_mentions(mentions, keys) if not _contradicted_by_body(g, body)]
    built = [(build_event(group, articles, copies, keys), _order_key(group[0], keys)) for group in groups]
    built.sort(key=lambda pair: (pair[0].date.start or "9999", pair[0].type, pair[0].status, pair[1]))
    return [event for event, _ in built]
