"""Adding reports to the events already stored, at the cost of the new reports.

A run's new reports meet, in the content order of ``cluster.order_key``, the
stored events of their type and status whose dates they may agree with
(``merge.windows``), and the groups the run has made so far; each joins the
group it fits best
(``cluster.best_home``) or starts its own. Stored events gain sources but are
never split or regrouped by later reports, so the work of a run grows with
its reports and the events of the weeks their dates allow, never with the
store's history.

On an empty store this is the same greedy grouping as ``cluster_mentions``
(the same reports meet the same groups in the same order), so one run gives
the events it always gave. Reports added by later runs are grouped as they
arrive: a later report can join a stored event, but it cannot take an earlier
report away from the event that report joined when it was stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from eventwire.merge.cluster import GroupIndex, best_home, order_key
from eventwire.merge.keys import meeting_keys
from eventwire.merge.windows import report_buckets
from eventwire.records import Mention

# (type, status, date buckets, meeting keys or None) -> {stored event id: its reports}
Buckets = set[tuple[str, int]]
StoredLookup = Callable[[str, str, Buckets, set[str] | None], Mapping[str, list[Mention]]]


@dataclass
class Grouping:
    """The groups a pass touched: stored events that gained reports, and new groups."""

    groups: list[list[Mention]] = field(default_factory=list)
    stored_id: list[str | None] = field(default_factory=list)
    grown: set[int] = field(default_factory=set)

    def changed(self) -> list[tuple[str | None, list[Mention]]]:
        """Each group the pass made or grew, with the stored event it replaces (or None)."""
        return [
            (self.stored_id[i], group)
            for i, group in enumerate(self.groups)
            if self.stored_id[i] is None or i in self.grown
        ]


def add_reports(
    mentions: Iterable[Mention], stored: StoredLookup, article_keys: Mapping[str, str] | None = None
) -> Grouping:
    """Group new reports with the stored events they fit (see the module's docstring).

    ``stored`` gives the stored events of a type and status whose date window
    holds one of the buckets (``merge.windows``), and those with a report
    sharing one of the meeting keys (None: every event of the block);
    ``article_keys`` orders reports by their article's content.
    """
    keys = article_keys or {}
    result = Grouping()
    index = GroupIndex()
    ordered = sorted(mentions, key=lambda m: order_key(m, keys))
    # per block, the date buckets of its dated reports and the meeting keys of
    # its undated ones: one lookup each (None: any date, or any key). A dated
    # report can only join an event whose window it reaches; an undated one,
    # which any date allows, only an event with a report sharing a key.
    wanted: dict[tuple[str, str], tuple[Buckets, set[str] | None]] = {}
    for mention in ordered:
        block = (mention.type, mention.status)
        buckets, shared = wanted.get(block, (set(), set()))
        reaching = report_buckets(mention.date)
        if reaching is not None:
            buckets |= {(reaching[0], b) for b in reaching[1]}
        elif shared is not None:
            found_keys = meeting_keys(mention)
            shared = None if found_keys is None else shared | found_keys
        wanted[block] = (buckets, shared)
    loaded: dict[str, list[Mention]] = {}
    for (event_type, status), (buckets, shared) in sorted(wanted.items()):
        for event_id, members in stored(event_type, status, buckets, shared).items():
            loaded[event_id] = sorted(members, key=lambda m: order_key(m, keys))
    # stored events meet the reports in the order of their first report, as in one run
    for event_id in sorted(loaded, key=lambda e: order_key(loaded[e][0], keys)):
        result.groups.append(loaded[event_id])
        result.stored_id.append(event_id)
        for member in loaded[event_id]:
            index.add(len(result.groups) - 1, member)
    for mention in ordered:
        home = best_home(mention, result.groups, index.candidates(mention))
        if home is None:
            home = len(result.groups)
            result.groups.append([])
            result.stored_id.append(None)
        result.groups[home].append(mention)
        if result.stored_id[home] is not None:
            result.grown.add(home)
        index.add(home, mention)
    return result
