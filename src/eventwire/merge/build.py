"""One event from a group of reports: its parties, date, place, toll and sources.

Fields the reports give differently (a date, a place, a toll) are kept per
source in the event's ``disagreements`` rather than overwritten. Each source
keeps the score with which it matched the event's first report and, in words,
what joined it to the event (``link_score`` and ``evidence``), which
``eventwire explain`` shows.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from eventwire.coder.ontology import quad_of
from eventwire.merge.cluster import granularity_rank, span_days
from eventwire.merge.evidence import dates_overlap, evidence, link_score, oriented, sides_agree
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
from eventwire.resolve.places import event_place_key, is_stated


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
    return min(pool, key=lambda d: (granularity_rank(d), span_days(d), d.start or ""))


def _best_place(group: list[Mention]) -> Place | None:
    """The place closest to the reports' own words, then the finest: a town one
    report names beats another report's dateline."""
    places = [m.place for m in group if m.place is not None]
    return max(places, key=event_place_key) if places else None


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
        if is_stated(mention.place):
            assert mention.place is not None
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


def joined_on(group: list[Mention]) -> dict[str, str]:
    """What joined each report to its group, in words: the best evidence it has
    with a report met before it ("named party", "description 1.50, content 2.10
    = 3.60 with the report of <article>"). The first report has none."""
    said: dict[str, str] = {}
    for i, mention in enumerate(group[1:], start=1):
        found = [(evidence(mention, m), m) for m in group[:i]]
        best, member = max(found, key=lambda pair: pair[0].total)
        said[mention.id] = f"joined on {best.describe()} (with a report in {member.article_id})"
    return said


def _source_ref(
    mention: Mention,
    article: Article | None,
    anchor: Mention,
    joined: str = "",
    coded_with: str | None = None,
) -> SourceRef:
    url = article.source.get("url") if article else None
    score, reason = link_score(mention, anchor)
    if joined:
        reason = f"{reason}; {joined}"
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
        language=article.language if article else None,
        coded_with=coded_with,
    )


def _confidence(group: list[Mention], copies: Mapping[str, str]) -> float:
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
    coded_with: Mapping[str, str] | None = None,
) -> Event:
    """Assemble one event from a group of mentions that tell one happening.

    ``copies`` maps an article to the earlier article it copies (a wire story
    republished elsewhere); every copy is still cited, but counts once as evidence.
    Sources are listed by their article's content key (``article_keys``), then
    by place in the text; ``coded_with`` gives each article's configuration hash.
    """
    keys = article_keys or {}
    coded = coded_with or {}
    sides = [oriented(m, group[0]) for m in group]
    modes = Counter(m.mode for m in group if m.mode)
    joined = joined_on(group)
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
        confidence=_confidence(group, copies or {}),
        sources=[
            _source_ref(
                m, articles.get(m.article_id), group[0], joined.get(m.id, ""), coded.get(m.article_id)
            )
            for m in sorted(group, key=lambda m: (keys.get(m.article_id, ""), m.start, m.trigger[0], m.id))
        ],
        disagreements=disagreements(group),
    )


def contradicted_by_body(group: list[Mention], body: Mapping[str, list[Mention]]) -> bool:
    """True for a caption-only group that the body of its article tells otherwise:
    the same kind of event between the same sides, with another status or date."""
    if not all(m.in_caption for m in group):
        return False
    for caption in group:
        for told in body.get(caption.article_id, []):
            if told.type != caption.type:
                continue
            sides = sides_agree(told.actor, caption.actor) and sides_agree(told.recipient, caption.recipient)
            if sides and (told.status != caption.status or not dates_overlap(told.date, caption.date)):
                return True
    return False
