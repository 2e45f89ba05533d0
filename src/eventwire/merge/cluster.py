"""Grouping mentions into happenings: which group each report joins.

Mentions are blocked by event type and status and met in an order fixed by
their content. A mention joins a group when it is consistent with every member
(complete linkage on what rules a merge out: dates, modes, clashing parties),
has evidence enough with at least one member, and on average at least a share
of that with the members (see ``data/merge/scoring.yaml``): reports of one
shooting by twenty outlets rarely all share a detail pairwise, but one close
report must not chain a group of strangers to it either. Among the groups it
fits, it joins the one it fits best.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from eventwire.merge.evidence import (
    consistent,
    countries,
    day_span,
    evidence,
    link_score,
    names,
    reach,
    scoring,
)
from eventwire.merge.keys import meeting_keys
from eventwire.merge.windows import DateBounds
from eventwire.records import DateRange, Mention

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
# A mention whose date spans more months than this is indexed by its years; one
# spanning more years than that (or with no date) is indexed as "wide": every
# mention of its block is compared with it.
MAX_INDEXED_MONTHS = 24
MAX_INDEXED_YEARS = 100
WIDE = "wide"


def granularity_rank(date: DateRange) -> int:
    """Finer dates first: day 0 ... unknown 9."""
    return _GRANULARITY_RANK.get(date.granularity, 9)


def span_days(date: DateRange) -> int:
    """Length of a date range in days (unknown ranges last longest): the narrowest
    of two ranges ("the final months of X's presidency" within "the X era") is the
    more precise."""
    span = day_span(date)
    return (span[1] - span[0]).days if span else 10**6


def order_key(
    mention: Mention, article_keys: Mapping[str, str] | None = None
) -> tuple[int, int, int, int, str, int, int, str, str, str]:
    """The order in which mentions meet the groups; the first member anchors its group.

    Body before captions, precise dates before loose ones, reports that name
    both sides before those that name one (a report missing its recipient then
    joins the group it fits best instead of gluing two), then content: the
    article's key (publication date, then a hash of its text), the place in the
    text, the rule. The id comes last and only separates identical texts.
    """
    sides = int(bool(countries(mention.actor) | names(mention.actor))) + int(
        bool(countries(mention.recipient) | names(mention.recipient))
    )
    return (
        int(mention.in_caption),
        granularity_rank(mention.date),
        span_days(mention.date),
        -sides,
        (article_keys or {}).get(mention.article_id, ""),
        mention.start,
        mention.trigger[0],
        mention.rule,
        mention.sentence,
        mention.id,
    )


def time_keys(date: DateRange) -> list[str]:
    """The calendar months a mention's date may reach (``evidence.reach``); the
    years ("Y1990") when that is more than ``MAX_INDEXED_MONTHS`` months, up to
    ``MAX_INDEXED_YEARS``; else ["wide"].

    Two mentions can only be merged when their dates agree, so a group needs
    to be compared only with mentions whose time keys meet one of its members'
    (``lookup_keys``), or with every mention when a member is "wide".
    """
    span = reach(date)
    if span is None:
        return [WIDE]
    start, end = span
    months = (end.year - start.year) * 12 + end.month - start.month
    if months < 0:
        return [WIDE]
    if months > MAX_INDEXED_MONTHS:
        if end.year - start.year > MAX_INDEXED_YEARS:
            return [WIDE]
        return [f"Y{year:04d}" for year in range(start.year, end.year + 1)]
    keys = []
    year, month = start.year, start.month
    for _ in range(months + 1):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def lookup_keys(date: DateRange) -> list[str] | None:
    """The time keys of the members a mention of this date may meet: its months
    with their years, or its years with all their months, and "wide"; None
    (every group) when its own key is "wide"."""
    own = time_keys(date)
    if own == [WIDE]:
        return None
    if own[0].startswith("Y"):
        years = [int(key[1:]) for key in own]
        return [*own, *(f"{y:04d}-{m:02d}" for y in years for m in range(1, 13)), WIDE]
    return [*own, *sorted({f"Y{key[:4]}" for key in own}), WIDE]


def fit(mention: Mention, group: list[Mention]) -> float | None:
    """How well a mention fits a group (its best evidence with a member), or
    None when it may not join: a member rules it out, no member gives evidence
    enough, or the evidence over the members is too thin on average."""
    if not all(consistent(mention, m) for m in group):
        return None
    found = [evidence(mention, m) for m in group]
    if not any(e.enough for e in found):
        return None
    config = scoring()
    mean = sum(max(e.total, 0.0) for e in found) / len(found)
    if mean < config.join_at * config.group_mean_share:
        return None
    return max(e.total for e in found)


def best_home(mention: Mention, groups: list[list[Mention]], candidates: Iterable[int]) -> int | None:
    """The group a mention joins: among those it fits, the one it fits best,
    then the one whose first report it matches best (``link_score``), the
    earliest on a tie."""
    best: tuple[float, float, int] | None = None
    for i in candidates:
        score = fit(mention, groups[i])
        if score is None:
            continue
        key = (score, link_score(mention, groups[i][0])[0], -i)
        if best is None or key > best:
            best = key
    return None if best is None else -best[2]


def _cluster_block(
    mentions: list[Mention], article_keys: Mapping[str, str] | None = None
) -> list[list[Mention]]:
    """Greedy grouping over one (type, status) block.

    Groups are indexed by the months their members' dates touch and by their
    members' meeting keys (``GroupIndex``), so each mention is only compared
    with groups it could join: the result is the same as comparing with every
    group, at near-linear cost.
    """
    groups: list[list[Mention]] = []
    index = GroupIndex()
    for mention in sorted(mentions, key=lambda m: order_key(m, article_keys)):
        home = best_home(mention, groups, index.candidates(mention))
        if home is None:
            home = len(groups)
            groups.append([])
        groups[home].append(mention)
        index.add(home, mention)
    return groups


class GroupIndex:
    """Which groups a report may join: those with a member whose date reaches one
    of its months or years (any group, for a report of a wide or unknown date,
    and any group with such a member), a member sharing a meeting key with it
    (``merge.keys``), and whose dated members all allow its date (``DateBounds``,
    a check in constant time of what ``fit`` would find member by member).

    Any other group would be ruled out by ``fit`` anyway (no member's date
    agrees, or no member has evidence enough), so trying only these gives the
    grouping of trying every group, at a cost that follows the groups a
    report could join instead of all the groups of its block and month.
    """

    def __init__(self) -> None:
        self.by_block: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.by_month: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        self.by_key: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        self.unkeyed: set[int] = set()  # groups with a member that has no keys (see meeting_keys)
        self.bounds: dict[int, DateBounds] = {}  # what each group's dated members demand

    @staticmethod
    def _append(slot: list[int], group: int) -> None:
        if not slot or slot[-1] != group:
            slot.append(group)

    def add(self, group: int, mention: Mention) -> None:
        """Record that ``mention`` is now a member of ``group``."""
        block = (mention.type, mention.status)
        self._append(self.by_block[block], group)
        self.bounds.setdefault(group, DateBounds()).add(mention.date)
        for month in time_keys(mention.date):
            self._append(self.by_month[(*block, month)], group)
        keys = meeting_keys(mention)
        if keys is None:
            self.unkeyed.add(group)
            return
        for key in keys:
            self._append(self.by_key[(*block, key)], group)

    def candidates(self, mention: Mention) -> list[int]:
        """The groups ``mention`` may join, in the order they were made."""
        block = (mention.type, mention.status)
        months = lookup_keys(mention.date)
        if months is None:
            found = set(self.by_block.get(block, ()))
        else:
            found = {i for month in months for i in self.by_month.get((*block, month), ())}
        keys = meeting_keys(mention)
        if keys is not None and found:
            shared = {i for key in keys for i in self.by_key.get((*block, key), ())}
            found &= shared | self.unkeyed
        return sorted(i for i in found if self.bounds[i].admits(mention.date))


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
