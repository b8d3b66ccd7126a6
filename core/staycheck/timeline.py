"""A traveller's presence under one regime, as day numbers, and its violations.

`Timeline` turns recorded stays into runs of counted presence (clipped to the days the
country was in the regime's area, merged where records overlap) and a prefix sum over a
day array, so that "days present from A to B" is two lookups. A `Scenario` is the
timeline with one extra run of days added (a stay continued or a trip planned): every
what-if question is a search over scenarios.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from datetime import date
from itertools import accumulate, compress, takewhile
from operator import itemgetter, sub
from typing import NamedTuple

from .dates import add_months, day_count
from .model import (
    CHAIN_KINDS,
    Accumulating,
    BreakAfterStay,
    CalendarYear,
    FixedPeriod,
    Limit,
    PerEntry,
    Regime,
    RollingWindow,
    Stay,
    Version,
    maker,
)


class Run(NamedTuple):
    """Days `entry`..`exit` (day numbers, inclusive) of one entry; `stays`: its records.

    Named tuples rather than dataclasses here: a long history makes tens of thousands.
    """

    entry: int
    exit: int
    stays: tuple[int, ...]


class Breach(NamedTuple):
    """One day on which one limit was exceeded: `count` against `limit`."""

    day: int
    kind: str
    count: int
    limit: int
    run: Run


# A long history makes thousands of runs and breach days: made in C (model.maker).
make_run = maker(Run)
make_breach = maker(Breach)


class Breaches(NamedTuple):
    """Breach days as columns, in order of day: the fields of a `Breach` each.

    A long history over its limit for years has thousands of breach days, which the
    answer only groups into violations: in Pyodide, making a `Breach` of each took longer
    than finding them (7,210 days: 3.5 ms).
    """

    days: Sequence[int]
    kinds: Sequence[str]
    counts: Sequence[int]
    limits: Sequence[int]
    runs: Sequence[Run]

    def items(self) -> list[Breach]:
        return list(map(make_breach, zip(*self, strict=True)))

    def rows(self, picked: Sequence[int]) -> Breaches:
        """The breaches at the places `picked`, in that order."""
        return Breaches(*([column[i] for i in picked] for column in self))


def breach_columns(days: list[int], kind: str, counts: list[int], limit: int,
                   runs: list[Run]) -> Breaches:
    """The breaches of one limit on `days` (with their `counts` and `runs`)."""
    return Breaches(days, [kind] * len(days), counts, [limit] * len(days), runs)


NO_BREACHES = Breaches((), (), (), (), ())


def joined(pieces: list[Breaches]) -> Breaches:
    """The breaches of every piece, in order of day (those of one day as the pieces
    list them)."""
    pieces = [piece for piece in pieces if piece.days]
    if len(pieces) <= 1:
        return pieces[0] if pieces else NO_BREACHES
    whole = Breaches(*([value for column in same for value in column]
                       for same in zip(*pieces, strict=True)))
    return whole.rows(sorted(range(len(whole.days)), key=whole.days.__getitem__))  # stable


# Limits that depend on the day and the presence around it, not on the stay: checked for
# every day of a version's span at once.
DAY_KINDS = (RollingWindow, CalendarYear, *CHAIN_KINDS)


class _Days(NamedTuple):
    """A scenario's presence from day `base` on, and its prefix sum, for window counts."""

    base: int
    present: bytearray
    prefix: list[int]


def limit_reach(limit: Limit) -> int:
    """How many days back a limit looks: presence further back cannot affect it."""
    if isinstance(limit, RollingWindow):
        return limit.period
    if isinstance(limit, CalendarYear):
        return 366
    if isinstance(limit, PerEntry):
        return limit.days if limit.days is not None else limit.months * 31 + 1
    # A count that began earlier can reach back any distance; these are how long after
    # the last day of presence a new count is sure to begin.
    if isinstance(limit, Accumulating):
        return max(limit.days, limit.reset_after) + 1
    if isinstance(limit, FixedPeriod):
        return (limit.period or limit.period_months * 31) + 1
    return limit.stay_days + limit.break_days + 1


def per_entry_cap(limit: PerEntry, entry: int) -> int:
    """Days a stay entering on day `entry` may last under a per-entry limit."""
    if limit.days is not None:
        return limit.days
    return add_months(date.fromordinal(entry), limit.months).toordinal() - entry


def period_last(limit: FixedPeriod, start: int) -> int:
    """The last day of a fixed period that begins on day `start`."""
    if limit.period is not None:
        return start + limit.period - 1
    return add_months(date.fromordinal(start), limit.period_months).toordinal() - 1


ChainState = tuple[int, int] | None  # (first day of the count, last day of presence seen)


def advance(limit: Accumulating | FixedPeriod, state: ChainState, first: int,
            last: int) -> tuple[list[tuple[int, int, int]], ChainState]:
    """Carry a count over the days `first`..`last`, all of presence, after `state`.

    Returns (a, b, start) for each stretch of those days counted from day `start`, and
    the state after them. An accumulating count starts again on an entry after at least
    `reset_after` days away; a fixed period on the first day of presence after it ends.
    """
    start, seen = state if state is not None else (None, None)
    if isinstance(limit, Accumulating):
        if start is None or first - seen - 1 >= limit.reset_after:
            start = first
        return [(first, last, start)], (start, last)
    stretches = []
    day = first
    while day <= last:
        if start is None or day > period_last(limit, start):
            start = day
        end = min(last, period_last(limit, start))
        stretches.append((day, end, start))
        day = end + 1
    return stretches, (start, last)


class _Chain:
    """Where the counts of one chain limit start, over a timeline's recorded presence
    (from day `floor` on), kept per stretch of consecutive days of presence."""

    def __init__(self, limit: Accumulating | FixedPeriod, stretches: list[tuple[int, int]]):
        self.limit = limit
        self.stretches = stretches
        self.firsts = [a for a, _ in stretches]
        self.before: list[ChainState] = []
        self.after: list[ChainState] = []
        state: ChainState = None
        for a, b in stretches:
            self.before.append(state)
            state = advance(limit, state, a, b)[1]
            self.after.append(state)

    def state_at(self, day: int) -> ChainState:
        """The count's state once every day of presence up to `day` is taken in."""
        i = bisect_right(self.firsts, day) - 1
        if i < 0:
            return None
        a, b = self.stretches[i]
        if day >= b:
            return self.after[i]
        return advance(self.limit, self.before[i], a, day)[1]


def presence_stretches(runs: Iterator[Run], first: int, last: int) -> Iterator[tuple[int, int]]:
    """Days of presence in runs (sorted by entry) from `first` to `last`, as maximal
    stretches of consecutive days."""
    current = None
    for run in runs:
        if run.entry > last:
            break
        a, b = max(run.entry, first), min(run.exit, last)
        if a > b:
            continue
        if current is not None and a <= current[1] + 1:
            current = (current[0], max(current[1], b))
            continue
        if current is not None:
            yield current
        current = (a, b)
    if current is not None:
        yield current


def fresh_cap(version: Version, entry: int) -> int | None:
    """The longest stay from `entry` for a traveller with no history (None: no cap).

    With a history, a stay can be longer only under a fixed period (one begun late in a
    period goes on into the next one), which the searches take day by day.
    """
    caps = []
    for limit in version.limits:
        if isinstance(limit, RollingWindow | Accumulating):
            caps.append(limit.days)
        elif isinstance(limit, FixedPeriod):
            if day_count(entry, period_last(limit, entry)) > limit.days:
                caps.append(limit.days)
        elif isinstance(limit, CalendarYear):
            left = day_count(entry, date(date.fromordinal(entry).year, 12, 31).toordinal())
            # A stay that reaches 31 December may go on for the new year's allowance.
            caps.append(limit.days if left > limit.days else left + limit.days)
        elif isinstance(limit, PerEntry):
            caps.append(per_entry_cap(limit, entry))
    return min(caps) if caps else None


class Rules:
    """The regime's versions, looked up by day number."""

    def __init__(self, regime: Regime):
        self.regime = regime
        self.versions = regime.versions
        self.starts = [v.effective_from.toordinal() for v in regime.versions]
        limits = [lim for v in regime.versions for lim in v.limits]
        self.reach = max(map(limit_reach, limits)) + 1
        self.live = [None if v.repealed else v for v in regime.versions]
        self.any_repealed = any(v.repealed for v in regime.versions)
        # Versions with limits that depend on the stay, not only on the day.
        self.per_run = [any(isinstance(lim, PerEntry | BreakAfterStay) for lim in v.limits)
                        for v in regime.versions]
        # A count that began earlier reaches any distance back, and added days change
        # the counts of every later day of presence in the same count.
        self.has_chain = any(isinstance(lim, CHAIN_KINDS) for lim in limits)
        # A fixed period that begins on an added day moves the periods after it: a longer
        # stay can then be lawful where a shorter one is not, so searches go day by day.
        self.monotone = not any(isinstance(lim, FixedPeriod) for lim in limits)
        fixed = [i for i, v in enumerate(regime.versions)
                 if any(isinstance(lim, FixedPeriod) for lim in v.limits)]
        self._last_fixed = fixed[-1] if fixed else -1
        self._counts_from = {
            id(v): None if v.counts_earlier_days else v.effective_from.toordinal()
            for v in regime.versions}

    def counts_from(self, version: Version) -> int | None:
        """The first day a version's windows count (None: every day counts)."""
        return self._counts_from[id(version)]

    def monotone_from(self, entry: int) -> bool:
        """Whether a longer stay entered on day `entry` is never lawful where a shorter one
        is not: no version that can govern a day of it or of a later stay has a fixed
        period (a day governed by a version entered under it or later: `governing` goes
        back no further than the version in force on the day of entry). The Schengen
        area's fixed period ended in 2013: a stay entered since is searched by bisection."""
        return self.monotone or self.index_at(entry) > self._last_fixed

    def index_at(self, day: int) -> int:
        return bisect_right(self.starts, day) - 1

    def in_force(self, day: int) -> Version | None:
        """The version in force on `day`; None before the first or after a repeal."""
        i = self.index_at(day)
        return None if i < 0 or self.versions[i].repealed else self.versions[i]

    def governing(self, entry: int, day: int) -> Version | None:
        """The version that governs `day` of a stay that began on `entry`.

        A version that applies to new entries only leaves a stay begun before it under
        the version before it, until that stay ends.
        """
        i = self.index_at(day)
        while i >= 0 and self.versions[i].new_entries_only and entry < self.starts[i]:
            i -= 1
        return None if i < 0 or self.versions[i].repealed else self.versions[i]

    def segments(self, run: Run, first: int, last: int) -> list[tuple[int, int, Version | None]]:
        """Split days `first`..`last` of `run` where the governing version changes."""
        starts = self.starts
        nxt = bisect_right(starts, first)
        if nxt == len(starts) or starts[nxt] > last:  # the common case: no change inside
            i = nxt - 1
            if i >= 0 and run.entry >= starts[i]:  # entered under it: no older rule applies
                return [(first, last, self.live[i])]
            return [(first, last, self.governing(run.entry, first))]
        out = []
        day = first
        while day <= last:
            nxt = bisect_right(starts, day)
            seg_last = min(last, starts[nxt] - 1) if nxt < len(starts) else last
            out.append((day, seg_last, self.governing(run.entry, day)))
            day = seg_last + 1
        return out


class Timeline:
    """Counted presence of one traveller under one regime."""

    def __init__(self, rules: Rules, stays: list[Stay], on: date, horizon: int):
        self.rules = rules
        self.on = on.toordinal()
        self.runs = runs = merge_runs(counted_pieces(rules.regime, stays, on))
        # Runs are sorted by entry and their exits never decrease.
        self.entries = list(map(itemgetter(0), runs))
        self.exits = list(map(itemgetter(1), runs))
        first = min(self.on, runs[0].entry) if runs else self.on
        # Searches may have to look past the last rule change (the end of a suspension).
        last = max(self.on, runs[-1].exit if runs else self.on, rules.starts[-1])
        # Room before the first day for every look-back, and after the last for searches.
        self.origin = origin = first - rules.reach - 1
        self.end = last + horizon
        days = bytearray(day_count(self.origin, self.end))
        for entry, exit_day, _ in runs:
            if entry == exit_day:
                days[entry - origin] = 1
            else:
                days[entry - origin:exit_day - origin + 1] = b"\x01" * day_count(entry, exit_day)
        self.days = days
        self.prefix = [0, *accumulate(days)]
        self._chains: dict[tuple[Limit, int | None], _Chain] = {}

    def chain(self, limit: Accumulating | FixedPeriod, floor: int | None) -> _Chain:
        """The recorded counts of a chain limit, days before `floor` not counting."""
        key = (limit, floor)
        if key not in self._chains:
            start = self.origin if floor is None else max(floor, self.origin)
            self._chains[key] = _Chain(limit, list(presence_stretches(
                iter(self.runs), start, self.end)))
        return self._chains[key]

    def base(self) -> Scenario:
        return Scenario(self)

    def with_run(self, first: int, last: int, continuing: bool) -> Scenario:
        """Add presence on days `first`..`last`.

        `continuing`: the traveller is present on `first` and simply does not leave, so the
        run that holds `first` grows. Otherwise it is a new entry on `first`. Either way a
        recorded run that shares a day with the new days (other than entering on its
        last day) becomes part of the same stay.
        """
        runs, entries = self.runs, self.entries
        # Runs are sorted by entry and their exits never decrease: the runs that merge
        # are a contiguous slice, found by bisection.
        lo = bisect_left(self.exits, first)
        hi = bisect_left(entries, last)
        if continuing:
            # The stay that holds `first` is the latest to begin by then; one that ended
            # that day, before a same-day re-entry, stays a separate entry.
            lo = max(lo, bisect_right(entries, first) - 1)
            hi = max(hi, bisect_right(entries, first))
        hi = max(hi, lo)
        merging = runs[lo:hi]
        merged = Run(min([first, *(r.entry for r in merging)]),
                     max([last, *(r.exit for r in merging)]),
                     tuple(i for r in merging for i in r.stays))
        return Scenario(self, first, last, merged, lo, hi)


class Scenario:
    """A timeline, possibly with extra days of presence `first`..`last`.

    The extra days replace the timeline's runs `lo`..`hi - 1` by one run, `added`; the
    runs are not copied, so that a search can try hundreds of scenarios cheaply.
    """

    def __init__(self, timeline: Timeline, first: int | None = None, last: int | None = None,
                 added: Run | None = None, lo: int = 0, hi: int = 0):
        self.timeline = timeline
        self.first, self.last = first, last
        self.added, self.lo, self.hi = added, lo, hi

    @property
    def runs(self) -> list[Run]:
        runs = self.timeline.runs
        if self.added is None:
            return runs
        return [*runs[:self.lo], self.added, *runs[self.hi:]]

    def count(self, first: int, last: int) -> int:
        """Days of presence from `first` to `last`, both included."""
        tl = self.timeline
        lo, hi = max(first, tl.origin), min(last, tl.end)
        if lo > hi:
            return 0
        prefix, origin = tl.prefix, tl.origin
        n = prefix[hi - origin + 1] - prefix[lo - origin]
        if self.first is not None:
            a, b = max(lo, self.first), min(hi, self.last)
            if a <= b:
                n += day_count(a, b) - (prefix[b - origin + 1] - prefix[a - origin])
        return n

    def is_present(self, day: int) -> bool:
        return self.run_at(day) is not None

    def run_at(self, day: int) -> Run | None:
        """The run holding `day`: the later one where one ends and the next begins."""
        tl = self.timeline
        i = bisect_right(tl.entries, day) - 1
        added = self.added
        if added is not None:
            if i >= self.hi and tl.runs[i].exit >= day:
                return tl.runs[i]
            if added.entry <= day <= added.exit:
                return added
            i = min(i, self.lo - 1)
        return tl.runs[i] if i >= 0 and tl.runs[i].exit >= day else None

    def _runs_from(self, first: int) -> Iterator[tuple[Run | None, Run]]:
        """(previous run, run) for every run that ends on or after `first`, in order."""
        tl = self.timeline
        runs = tl.runs
        start = bisect_left(tl.exits, first)
        added = self.added
        if added is None:
            prev = runs[start - 1] if start > 0 else None
            for run in runs[start:]:
                yield prev, run
                prev = run
            return
        head = min(start, self.lo)
        prev = runs[head - 1] if head > 0 else None
        for run in runs[start:self.lo]:
            yield prev, run
            prev = run
        if added.exit >= first:
            yield prev, added
        prev = added
        for run in runs[max(start, self.hi):]:
            yield prev, run
            prev = run

    def breaches(self, first: int, last: int) -> list[Breach]:
        """Every day of presence from `first` to `last` on which a limit is exceeded,
        in order of day."""
        return self.breach_columns(first, last).items()

    def breach_columns(self, first: int, last: int) -> Breaches:
        """The breaches (see `breaches`) as columns.

        Window limits (rolling, calendar year) depend on the day, not on the entry: they
        are checked for all days of a version's span at once, off a prefix sum of this
        scenario's presence. Per-entry limits, breaks, and the days of a stay still under
        an older version are checked stay by stay.
        """
        tl, rules = self.timeline, self.timeline.rules
        first, last = max(first, tl.origin + rules.reach), min(last, tl.end)
        if first > last:
            return NO_BREACHES
        base = first - rules.reach  # every window of a day in range starts on or after it
        present = bytearray(tl.days[base - tl.origin:last - tl.origin + 1])
        if self.added is not None and self.first <= last and self.last >= base:
            lo, hi = max(self.first, base), min(self.last, last)
            present[lo - base:hi - base + 1] = b"\x01" * day_count(lo, hi)
        days = _Days(base, present, [0, *accumulate(present)])
        ordered, prevs = self._runs_between(first, last)
        entries = [run.entry for run in ordered] if self.added is not None else None
        exits = [run.exit for run in ordered] if self.added is not None else None
        if entries is None:
            lo = bisect_left(tl.exits, first)
            entries, exits = tl.entries[lo:lo + len(ordered)], tl.exits[lo:lo + len(ordered)]
        found: list[Breaches] = []
        starts = rules.starts
        for k, version in enumerate(rules.versions):
            span_first = max(first, starts[k])
            span_last = min(last, starts[k + 1] - 1 if k + 1 < len(starts) else last)
            if span_first > span_last:
                continue
            older = set()  # days held only by stays begun before a new-entries-only version
            if version.new_entries_only:
                for run in ordered[bisect_left(exits, span_first):bisect_left(entries, starts[k])]:
                    older.update(range(max(span_first, run.entry), min(span_last, run.exit) + 1))
                if older:
                    older.difference_update(
                        entries[bisect_left(entries, min(older)):bisect_right(entries, max(older))])
            if version.repealed:
                continue
            counts_from = rules.counts_from(version)
            for limit in version.limits:
                if isinstance(limit, RollingWindow | CalendarYear):
                    found.append(self._window_breaches(limit, span_first, span_last,
                                                       counts_from, days, frozenset(older)))
                elif isinstance(limit, CHAIN_KINDS):
                    found.append(self._chain_breaches(limit, span_first, span_last,
                                                      counts_from, frozenset(older)))
        per_run = rules.per_run
        for j in self._own_checks(entries, exits, first, last):
            run, prev = ordered[j], prevs[j]
            lo, hi = max(first, run.entry), min(last, run.exit)
            k = bisect_right(starts, lo) - 1
            if (k >= 0 and not per_run[k] and run.entry >= starts[k]
                    and (k + 1 == len(starts) or starts[k + 1] > hi)):
                continue  # one version, entered under it, no per-entry limit: done above
            for seg_first, seg_last, version in rules.segments(run, lo, hi):
                if version is None:
                    continue
                in_force = version is rules.live[rules.index_at(seg_first)]
                for limit in version.limits:
                    if in_force and isinstance(limit, DAY_KINDS):
                        continue  # checked above for every day of the span
                    found.append(self._limit_breaches(limit, run, prev, seg_first, seg_last,
                                                      rules.counts_from(version), days))
        return joined(found)

    def _runs_between(self, first: int, last: int) -> tuple[list[Run], list[Run | None]]:
        """The runs that end on or after `first` and begin by `last`, in order, and the run
        before each of them."""
        if self.added is not None:
            pairs = list(takewhile(lambda pair: pair[1].entry <= last, self._runs_from(first)))
            return [run for _, run in pairs], [prev for prev, _ in pairs]
        tl = self.timeline
        lo, hi = bisect_left(tl.exits, first), bisect_right(tl.entries, last)
        ordered = tl.runs[lo:hi]
        return ordered, [tl.runs[lo - 1] if lo > 0 else None, *ordered[:-1]]

    def _own_checks(self, entries: list[int], exits: list[int], first: int,
                    last: int) -> list[int]:
        """Which of the runs (by their `entries` and `exits`) may need checking one by one:
        those that begin before the first version or straddle a version's start, and
        those in the span of a version with a per-entry limit or a break."""
        rules = self.timeline.rules
        starts = rules.starts
        picked = set(range(bisect_left(entries, starts[0])))
        for k, start in enumerate(starts):
            picked.update(range(bisect_left(exits, start), bisect_left(entries, start)))
            if rules.per_run[k]:
                span_last = starts[k + 1] - 1 if k + 1 < len(starts) else last
                picked.update(range(bisect_left(exits, max(start, first)),
                                    bisect_right(entries, span_last)))
        return sorted(picked)

    def _window_breaches(self, limit: RollingWindow | CalendarYear, first: int, last: int,
                         counts_from: int | None, days: _Days, skip: frozenset[int] = frozenset(),
                         run: Run | None = None) -> Breaches:
        """Days from `first` to `last` present in `days` on which the window ending that day
        holds more than `limit.days` days; the breaches belong to `run` if given."""
        base, present, prefix = days
        cap, kind = limit.days, limit.kind
        floor = base if counts_from is None else max(base, counts_from)
        if isinstance(limit, RollingWindow):
            # The count of each day, a column at a time: days whose window would begin
            # before `floor` begin on it instead.
            back = limit.period - 1
            split = min(last + 1, max(first, floor + back))
            starts = [prefix[floor - base]] * (split - first)
            starts += prefix[split - back - base:last - back - base + 1]
            counts = map(sub, prefix[first - base + 1:last - base + 2], starts)
            # Only the days of presence are checked (compress skips the others in C).
            over = [(d, n) for d, n in compress(zip(range(first, last + 1), counts, strict=True),
                                                present[first - base:last - base + 1])
                    if n > cap]
        else:
            year_starts = _YearStarts()
            over = [(d, n) for d in range(first, last + 1) if present[d - base]
                    and (n := prefix[d - base + 1]
                         - prefix[max(year_starts.of(d), floor) - base]) > cap]
        if skip:
            over = [(d, n) for d, n in over if d not in skip]
        return self._attribute(over, kind, cap, run)

    def _chain_breaches(self, limit: Accumulating | FixedPeriod, first: int, last: int,
                        counts_from: int | None, skip: frozenset[int] = frozenset(),
                        run: Run | None = None) -> Breaches:
        """Days from `first` to `last` of presence on which the count they belong to holds
        more than `limit.days` days; the breaches belong to `run` if given."""
        cap = limit.days
        over = []
        for a, b, start in self.chain_stretches(limit, counts_from, first, last):
            before = self.count(start, a - 1)
            # Every day of a..b is present: the count on day d is before + days a..d.
            over += [(d, before + day_count(a, d))
                     for d in range(max(a, a + cap - before), b + 1)
                     if d not in skip]
        return self._attribute(over, limit.kind, cap, run)

    def chain_stretches(self, limit: Accumulating | FixedPeriod, floor: int | None,
                        first: int, last: int) -> list[tuple[int, int, int]]:
        """(a, b, start): the days of presence from `first` to `last` in stretches counted
        from day `start`, as this scenario's presence fixes them."""
        x = first - 1
        if self.added is not None:
            x = min(x, self.first - 1)  # before the added days the timeline's own counts hold
        state = self.timeline.chain(limit, floor).state_at(x)
        low = x + 1 if floor is None else max(x + 1, floor)
        out = []
        for a, b in presence_stretches((run for _, run in self._runs_from(low)), low, last):
            stretches, state = advance(limit, state, a, b)
            out += [(max(sa, first), sb, start) for sa, sb, start in stretches if sb >= first]
        return out

    def chain_start(self, limit: Accumulating | FixedPeriod, floor: int | None,
                    day: int) -> int | None:
        """The first day of the count that presence on `day` belongs to (or would join,
        for a day away); None where a new count would begin on `day` itself."""
        if floor is not None and day < floor:
            return None
        state = self.timeline.chain(limit, floor).state_at(day - 1)
        start = advance(limit, state, day, day)[0][0][2]
        return None if start == day and not self.is_present(day) else start

    def _attribute(self, over: list[tuple[int, int]], kind: str, cap: int,
                   run: Run | None) -> Breaches:
        """Breaches on the (day, count) pairs `over`, each with the run holding its day."""
        if not over:
            return NO_BREACHES
        days = [day for day, _ in over]
        counts = [n for _, n in over]
        if run is not None:
            return breach_columns(days, kind, counts, cap, [run] * len(days))
        if self.added is not None:  # a what-if: a short range, few days to look up
            return breach_columns(days, kind, counts, cap, [self.run_at(day) for day in days])
        # The whole history, thousands of days: each day's run is the latest to begin by
        # then, counted off a running sum of the days runs begin on (no two runs begin on
        # one day). In Pyodide, for 7,210 days, 1.6 ms against 3.8 for a bisection a day.
        tl = self.timeline
        runs, origin = tl.runs, tl.origin
        begun = bytearray(len(tl.days))
        for entry in tl.entries:
            begun[entry - origin] = 1
        index = list(accumulate(begun, initial=-1))  # of the run held on day origin + i - 1
        shift = origin - 1
        return breach_columns(days, kind, counts, cap, [runs[index[day - shift]] for day in days])

    def _limit_breaches(self, limit: Limit, run: Run, prev: Run | None, first: int, last: int,
                        counts_from: int | None, days: _Days) -> Breaches:
        kind = limit.kind
        if isinstance(limit, RollingWindow | CalendarYear):  # a stay under an older version
            return self._window_breaches(limit, first, last, counts_from, days, run=run)
        if isinstance(limit, CHAIN_KINDS):
            return self._chain_breaches(limit, first, last, counts_from, run=run)
        if isinstance(limit, PerEntry):
            cap = per_entry_cap(limit, run.entry)
            over = list(range(max(first, run.entry + cap), last + 1))
            return breach_columns(over, kind, [day_count(run.entry, day) for day in over], cap,
                                  [run] * len(over))
        # BreakAfterStay: the days of this run that fall in the break the previous owes.
        if prev is None:
            return NO_BREACHES
        if day_count(prev.entry, prev.exit) < limit.stay_days:
            return NO_BREACHES
        owed_until = prev.exit + limit.break_days
        over = list(range(first, min(last, owed_until) + 1))
        return breach_columns(over, kind, [day_count(day, owed_until) for day in over], 0,
                              [run] * len(over))


class _YearStarts:
    """Day number of 1 January of a day's year, remembering the last year asked."""

    def __init__(self) -> None:
        self.lo, self.hi = 1, 0

    def of(self, day: int) -> int:
        if not self.lo <= day <= self.hi:
            year = date.fromordinal(day).year
            self.lo, self.hi = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        return self.lo


def counted_pieces(regime: Regime, stays: list[Stay], on: date) -> list[tuple[int, int, int]]:
    """(entry, exit, stay index) of the days of each stay that count under the regime.

    A stay counts if its basis does, and only on days its country is in the area. A stay
    still going on counts up to the control day.
    """
    members: dict[str, list[tuple[int | None, int | None]]] = {}
    for member in regime.area:
        members.setdefault(member.country, []).append(
            (member.first.toordinal() if member.first else None,
             member.last.toordinal() if member.last else None))
    counted = regime.counted_bases
    today = on.toordinal()
    # Most countries are in the area all the time: their stays count whole (a stay still
    # going on that begins after `on` has no day), taken in one comprehension, which in
    # Pyodide is faster than the loop below (7,300 stays: 4.0 -> 3.2 ms).
    always = {country for country, spans in members.items() if spans == [(None, None)]}
    pieces = [(first, last, index)
              for index, (entry, exit_day, country, basis) in enumerate(stays)
              if country in always and basis in counted
              and (first := entry.toordinal())
              <= (last := today if exit_day is None else exit_day.toordinal())]
    # The others count on the days their country is in the area.
    for index, (entry, exit_day, country, basis) in (
            enumerate(stays) if len(pieces) < len(stays) else ()):
        if basis not in counted or country in always or country not in members:
            continue
        first = entry.toordinal()
        last = exit_day.toordinal() if exit_day is not None else today
        for since, until in members[country]:
            a = first if since is None or first > since else since
            b = last if until is None or last < until else until
            if a <= b:
                pieces.append((a, b, index))
    pieces.sort()
    return pieces


def merge_runs(pieces: list[tuple[int, int, int]]) -> list[Run]:
    """Merge pieces into runs of one entry each.

    Records that share days are one stay (the overlap is reported elsewhere). Leaving and
    entering again on the same day is two entries: the day itself counts once, through
    the prefix sum, but the second entry starts a new stay.
    """
    runs: list[Run] = []
    entry = exit_ = 0
    stays: list[int] = []  # of the run being built: one list, not a tuple per record
    for first, last, index in pieces:
        if stays and (first < exit_ or first == entry):
            exit_ = max(exit_, last)
            stays.append(index)
            continue
        if stays:
            runs.append(make_run((entry, exit_, tuple(stays))))
        entry, exit_, stays = first, last, [index]
    if stays:
        runs.append(make_run((entry, exit_, tuple(stays))))
    return runs
