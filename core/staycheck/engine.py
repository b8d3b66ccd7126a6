"""Answers a traveller's questions under one regime.

Every answer is exact under the counting conventions (entry and exit days count, a day
counts once, every limit is checked on every day of presence). The what-if answers
search over scenarios: "may I stay until L" is "does adding the days up to L make any
day a breach that was not one already". Adding days of presence never lowers a count,
so the answer is monotone in L and a binary search finds the last lawful day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import chain, compress, groupby, repeat
from operator import itemgetter, ne, sub

from .dates import day_count
from .model import CHAIN_KINDS, CalendarYear, PerEntry, Regime, RollingWindow, Stay, Version
from .timeline import (
    Breach,
    Breaches,
    Rules,
    Run,
    Scenario,
    Timeline,
    fresh_cap,
    per_entry_cap,
)

# Limits on a total of days (not on one stay): the headline answers with the first.
TOTAL_KINDS = (RollingWindow, CalendarYear, *CHAIN_KINDS)
# How far the timeline reaches by default: the whole history, within these bounds.
CHART_YEARS_BACK = 30
CHART_DAYS_AHEAD = 3 * 366


class PlanOverlapError(ValueError):
    """The planned entry falls on a day the traveller is already recorded as present."""

    def __init__(self, day: date, stay: int):
        super().__init__(f"on {day.isoformat()} you are already there (trip {stay + 1}); "
                         "plan an entry on a day you are away")
        self.day = day
        self.stay = stay


class NoRuleError(ValueError):
    """No rule of the regime is known for a date: the control day (`about` "on") or the
    planned entry (`about` "plan")."""

    def __init__(self, regime: Regime, day: date, about: str = "on"):
        first = regime.versions[0].effective_from
        super().__init__(f"no rule of {regime.title} is known for {day.isoformat()} "
                         f"(the rule data covers {first.isoformat()} onwards)")
        self.day = day
        self.covered_from = first
        self.about = about


@dataclass(frozen=True, slots=True)
class Check:
    """One limit's state on the control day."""

    kind: str
    used: int
    limit: int
    first: date | None
    last: date | None

    @property
    def over(self) -> int:
        return max(0, self.used - self.limit)


@dataclass(frozen=True, slots=True)
class Violation:
    """A run of consecutive days on which one limit was exceeded."""

    first: date
    last: date
    days: int
    peak: int
    limit: int
    kind: str
    stays: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NextEntry:
    earliest: date | None
    max_days: int
    full: date | None
    full_days: int
    assumes_exit: date | None
    limited_by: str | None  # what stops the stay from `earliest` lasting longer
    later_stay: int | None


# (limited_by, later_stay) where no limit, later trip or end of rules stops a stay.
NOTHING_STOPS: tuple[str | None, int | None] = (None, None)


@dataclass(frozen=True, slots=True)
class Plan:
    entry: date
    max_days: int
    last_day: date | None
    limited_by: str | None
    later_stay: int | None


@dataclass(frozen=True, slots=True)
class Chart:
    """The timeline, a column per field, one entry a day from `first`: each day's count
    under its governing version's primary limit and that limit (None: no rule), and
    presence (1 or 0); `segments`: (first index, last index, version index or None) of
    each run of days governed by one version."""

    first: date
    counts: list[int | None]
    limits: list[int | None]
    present: list[int]
    segments: list[tuple[int, int, int | None]]


@dataclass(frozen=True, slots=True)
class Evaluation:
    version: Version
    checks: tuple[Check, ...]
    present: bool
    current_stay: Run | None
    latest_exit: date | None
    latest_exit_limit: tuple[str | None, int | None]  # (limited_by, later_stay)
    violations: tuple[Violation, ...]
    next_entry: NextEntry | None
    plan: Plan | None
    chart: Chart
    unchecked: tuple[tuple[date, date], ...]
    merged: tuple[tuple[int, ...], ...]


def evaluate(regime: Regime, stays: list[Stay], on: date, plan_entry: date | None = None,
             chart: tuple[date, date] | None = None) -> Evaluation:
    """Evaluate `stays` under `regime` on the control day `on`."""
    rules = Rules(regime)
    horizon = 3 * rules.reach + 2
    if plan_entry is not None:
        horizon += max(0, plan_entry.toordinal() - on.toordinal())
    timeline = Timeline(rules, stays, on, horizon)
    base = timeline.base()
    today = timeline.on
    current = base.run_at(today)
    version = (rules.governing(current.entry, today) if current else rules.in_force(today))
    if version is None:
        raise NoRuleError(regime, on)
    breaches = base.breach_columns(timeline.origin, timeline.end)
    search = _Search(timeline, base, breaches)
    latest_exit, latest_exit_limit = (search.latest_exit(current) if current
                                      else (None, NOTHING_STOPS))
    if plan_entry is not None:
        if rules.in_force(plan_entry.toordinal()) is None:
            raise NoRuleError(regime, plan_entry, "plan")
        holder = base.run_at(plan_entry.toordinal())
        if holder is not None:
            raise PlanOverlapError(plan_entry, min(holder.stays))
    chart_first, chart_last = chart or _whole_history(timeline, stays, today)
    return Evaluation(
        version=version,
        checks=tuple(_checks(base, version, current, today)),
        present=current is not None,
        current_stay=current,
        latest_exit=latest_exit,
        latest_exit_limit=latest_exit_limit,
        violations=tuple(_violation_runs(breaches)),
        next_entry=search.next_entry(current),
        plan=search.plan(plan_entry.toordinal()) if plan_entry is not None else None,
        chart=_chart(base, chart_first.toordinal(), chart_last.toordinal()),
        unchecked=tuple(_unchecked(base)),
        merged=_merged(timeline.runs),
    )


def _merged(runs: list[Run]) -> tuple[tuple[int, ...], ...]:
    """The records of each run made of more than one (records that overlap)."""
    return tuple([run.stays for run in runs if len(run.stays) > 1])


def primary_limit(version: Version):
    """The limit the headline answers with: the cumulative one, else the per-entry cap."""
    for limit in version.limits:
        if isinstance(limit, TOTAL_KINDS):
            return limit
    for limit in version.limits:
        if isinstance(limit, PerEntry):
            return limit
    return None


def _check(base: Scenario, limit, version: Version, run: Run | None, day: int) -> Check:
    """Days used against one counting limit on `day`, for a traveller in `run` or away."""
    if isinstance(limit, CHAIN_KINDS):
        floor = None if version.counts_earlier_days else version.effective_from.toordinal()
        start = base.chain_start(limit, floor, day)
        if start is None:  # a new count would begin on this day
            return Check(limit.kind, 0, limit.days, None, None)
        return Check(limit.kind, base.count(start, day), limit.days, date.fromordinal(start),
                     date.fromordinal(day))
    if isinstance(limit, RollingWindow | CalendarYear):
        if isinstance(limit, RollingWindow):
            first = day - limit.period + 1
        else:
            first = date(date.fromordinal(day).year, 1, 1).toordinal()
        if not version.counts_earlier_days:
            first = max(first, version.effective_from.toordinal())
        return Check(limit.kind, base.count(first, day), limit.days,
                     date.fromordinal(first), date.fromordinal(day))
    if run is None:
        return Check(limit.kind, 0, per_entry_cap(limit, day), None, None)
    return Check(limit.kind, day_count(run.entry, day), per_entry_cap(limit, run.entry),
                 date.fromordinal(run.entry), date.fromordinal(day))


def _checks(base: Scenario, version: Version, current: Run | None, today: int):
    """Every counting limit of `version` on the control day, the primary one first."""
    primary = primary_limit(version)
    ordered = sorted(version.limits, key=lambda lim: lim is not primary)
    return [_check(base, limit, version, current, today) for limit in ordered
            if isinstance(limit, (*TOTAL_KINDS, PerEntry))]


def _violation_runs(breaches: Breaches):
    """Group breach days into runs of consecutive days of the same limit kind. Thousands
    of days for a long history: a column at a time."""
    runs = []
    kinds = set(breaches.kinds)
    for kind in kinds:
        group = breaches
        if len(kinds) > 1:
            group = group.rows([i for i, other in enumerate(group.kinds) if other == kind])
        if len(set(group.days)) < len(group.days):  # two limits of a kind over on one day
            best: dict[int, int] = {}  # day -> its highest count's place, the first of equal
            for i, day in enumerate(group.days):
                known = best.get(day)
                if known is None or group.counts[i] > group.counts[known]:
                    best[day] = i
            group = group.rows(sorted(best.values(), key=group.days.__getitem__))
        days, counts, limits, held = group.days, group.counts, group.limits, group.runs
        # Where a day does not follow the one before, a new run of days begins. (The days
        # are distinct and in order: if the last is as far from the first as they are
        # many, none is missing. So it is for an overstay of thousands of days.)
        if days[-1] - days[0] == len(days) - 1:
            cuts = []
        else:
            cuts = list(compress(range(1, len(days)),
                                 map(ne, map(sub, days[1:], days), repeat(1))))
        for start, end in zip([0, *cuts], [*cuts, len(days)], strict=True):
            # Many breach days share a run, and they follow each other: take each run's
            # records once.
            runs_hit = map(itemgetter(0), groupby(held[start:end]))
            stays = sorted(set(chain.from_iterable(map(itemgetter(2), runs_hit))))
            runs.append(Violation(
                first=date.fromordinal(days[start]), last=date.fromordinal(days[end - 1]),
                days=end - start, peak=max(counts[start:end]), limit=limits[start],
                kind=kind, stays=tuple(stays)))
    return sorted(runs, key=lambda v: (v.first, v.kind))


def _whole_history(timeline: Timeline, stays: list[Stay], today: int) -> tuple[date, date]:
    """The chart's default days: from the first counted day (at least a year before the
    control day, at most CHART_YEARS_BACK years) to the last recorded exit (at least 180
    days after the control day, at most CHART_DAYS_AHEAD)."""
    first = min(today - 364, timeline.entries[0]) if timeline.runs else today - 364
    latest = max(filter(None, map(itemgetter(1), stays)), default=None)  # the last exit
    last = min(max(today + 180, latest.toordinal() if latest else today),
               today + CHART_DAYS_AHEAD)
    first = max(first, today - round(CHART_YEARS_BACK * 365.25))
    return date.fromordinal(first), date.fromordinal(last)


def _chart(base: Scenario, first: int, last: int) -> Chart:
    """Each day's count under the primary limit of the rule that governs it, presence, and
    which version governs it.

    Day by day over decades, so it goes by stretches in which the governing version does
    not change: the version and its limit are looked up once a stretch, and a window's
    counts come straight from the prefix sums, a column at a time."""
    rules = base.timeline.rules
    index_of = {id(version): i for i, version in enumerate(rules.versions)}
    counts: list[int | None] = []
    limits: list[int | None] = []
    segments: list[tuple[int, int, int | None]] = []
    for a, b in _version_stretches(base, first, last):
        run = base.run_at(a)
        version = rules.governing(run.entry, a) if run else rules.in_force(a)
        limit = primary_limit(version) if version else None
        number = index_of[id(version)] if version else None
        if segments and segments[-1][2] == number:
            segments[-1] = (segments[-1][0], b - first, number)
        else:
            segments.append((a - first, b - first, number))
        n = b - a + 1
        if limit is None:
            counts += [None] * n
            limits += [None] * n
        elif isinstance(limit, RollingWindow):
            counts += _window_counts(base, limit.period, rules.counts_from(version), a, b)
            limits += [limit.days] * n
        elif isinstance(limit, PerEntry):
            for c, d in _stretches(base, a, b):  # the cap and the count go by the stay
                held = base.run_at(c)
                if held is not None:
                    counts += range(c - held.entry + 1, d - held.entry + 2)
                    limits += [per_entry_cap(limit, held.entry)] * (d - c + 1)
                elif limit.days is not None:
                    counts += [0] * (d - c + 1)
                    limits += [limit.days] * (d - c + 1)
                else:
                    counts += [0] * (d - c + 1)
                    limits += [per_entry_cap(limit, day) for day in range(c, d + 1)]
        else:  # a calendar year or a count: no stretch of days shares one window
            for day in range(a, b + 1):
                check = _check(base, limit, version, run, day)
                counts.append(check.used)
                limits.append(check.limit)
    return Chart(first=date.fromordinal(first), counts=counts, limits=limits,
                 present=_presence(base.timeline, first, last), segments=segments)


def _presence(timeline: Timeline, first: int, last: int) -> list[int]:
    """1 for each day of presence from `first` to `last`, 0 for a day away."""
    lo, hi = max(first, timeline.origin), min(last, timeline.end)
    if lo > hi:
        return [0] * day_count(first, last)
    origin = timeline.origin
    return [*[0] * (lo - first), *timeline.days[lo - origin:hi - origin + 1],
            *[0] * (last - hi)]


def _version_stretches(base: Scenario, first: int, last: int) -> list[tuple[int, int]]:
    """Days `first`..`last` cut where the governing version may change: where a version
    starts, and around the stays that began before a new-entries-only version (they keep
    the older one: every other day of presence goes by the version in force)."""
    rules = base.timeline.rules
    tl = base.timeline
    cuts = {first, last + 1, *rules.starts}
    for k, version in enumerate(rules.versions):
        if version.new_entries_only:  # the stays that began before it and end after
            start = rules.starts[k]
            for run in tl.runs[bisect_left(tl.exits, start):bisect_left(tl.entries, start)]:
                cuts.update((run.entry, run.exit, run.exit + 1))
    ordered = sorted(cut for cut in cuts if first <= cut <= last + 1)
    return list(zip(ordered, (cut - 1 for cut in ordered[1:]), strict=False))


def _stretches(base: Scenario, first: int, last: int):
    """Days `first`..`last` cut where a stay begins or ends."""
    tl = base.timeline
    lo = bisect_left(tl.exits, first - 1)
    hi = bisect_right(tl.entries, last)
    cuts = {first, last + 1}
    for run in tl.runs[lo:hi]:
        cuts.add(run.entry)
        cuts.add(run.exit + 1)
    ordered = sorted(cut for cut in cuts if first <= cut <= last + 1)
    return list(zip(ordered, (cut - 1 for cut in ordered[1:]), strict=False))


def _window_counts(base: Scenario, period: int, floor: int | None, a: int, b: int) -> list[int]:
    """The days counted in the window of `period` days ending on each day `a`..`b`."""
    tl = base.timeline
    if base.first is not None or a - period < tl.origin or b > tl.end:
        return [base.count(day - period + 1 if floor is None else max(day - period + 1, floor),
                           day) for day in range(a, b + 1)]
    prefix, origin = tl.prefix, tl.origin
    ends = prefix[a - origin + 1:b - origin + 2]
    # Days whose window would begin before `floor` begin on it instead.
    floored = 0 if floor is None else max(0, min(b + 1, floor + period - 1) - a)
    starts = [prefix[floor - origin]] * floored if floored else []
    starts += prefix[a + floored - period + 1 - origin:b - period + 2 - origin]
    return list(map(sub, ends, starts))


def _unchecked(base: Scenario) -> list[tuple[date, date]]:
    """Ranges of days of presence for which no rule is known, each as long as it runs: the
    days of one-day trips on consecutive days (or of trips that touch) make one range."""
    rules = base.timeline.rules
    runs = base.runs
    first_rule = rules.starts[0]
    ranges: list[list[int]] = []
    for run in runs:
        if run.entry >= first_rule and not rules.any_repealed:
            break  # only days before the first version, or in a repeal, can lack a rule
        if run.exit < first_rule:
            pieces = ((run.entry, run.exit),)  # before every rule
        else:
            pieces = ((a, b) for a, b, version in rules.segments(run, run.entry, run.exit)
                      if version is None)
        for a, b in pieces:
            if ranges and a <= ranges[-1][1] + 1:
                ranges[-1][1] = max(ranges[-1][1], b)
            else:
                ranges.append([a, b])
    return [(date.fromordinal(a), date.fromordinal(b)) for a, b in ranges]


class _Search:
    """The what-if questions: searches over scenarios that add days of presence."""

    def __init__(self, timeline: Timeline, base: Scenario, breaches: Breaches):
        self.timeline = timeline
        self.rules = timeline.rules
        self.base = base
        self.breach_days = set(breaches.days)

    def first_new_breach(self, scenario: Scenario) -> Breach | None:
        """The first breach the added days cause: on an added day, or a new one later.

        An added day for which no rule is known is refused too (kind `no_rule`): a stay
        cannot be planned into a period the rule data does not cover, or after a repeal.
        """
        first, last = scenario.first, scenario.last
        added = scenario.added
        for seg_first, _, version in self.rules.segments(added, first, last):
            if version is None:
                return Breach(seg_first, "no_rule", 0, 0, added)
        end = max(last, added.exit) + self.rules.reach
        if self.rules.has_chain and self.timeline.exits:
            end = max(end, self.timeline.exits[-1])  # a count runs on through later trips
        for breach in scenario.breaches(first, end):
            if breach.day <= last or breach.day not in self.breach_days:
                return breach
        return None

    def lawful(self, first: int, last: int, continuing: bool) -> bool:
        return self.first_new_breach(self.timeline.with_run(first, last, continuing)) is None

    def over_at_end(self, first: int, last: int) -> bool:
        """Whether a new stay on days `first`..`last`, all of them days away in the history
        and under one version, is over a rolling window on its last day: then it is not
        lawful. A few lookups, where lawful() builds and checks a whole scenario: the
        searches for a next entry try every day after a long history, most of them over.
        (The stay is an entry of its own, joined by no recorded run: none holds `first`,
        and the callers know that none begins on a day up to `last`.)"""
        rules = self.rules
        version = rules.in_force(first)
        if (version is None or rules.index_at(first) != rules.index_at(last)
                or last > self.timeline.end):
            return False  # no rule, a change of rule within the stay, past the days kept
        floor = rules.counts_from(version)
        for limit in version.limits:
            if isinstance(limit, RollingWindow):
                start = last - limit.period + 1
                if floor is not None:
                    start = max(start, floor)
                if start > last:
                    continue
                added = day_count(max(start, first), last)  # none of them in the history
                if self.base.count(start, last) + added > limit.days:
                    return True
        return False

    def cap_bound(self, entry: int) -> int:
        """No stay from `entry` can be longer than this, whatever the history."""
        caps = [fresh_cap(v, entry) for v in self.rules.versions if not v.repealed]
        finite = [c for c in caps if c is not None]
        return max(finite) if finite else 2 * self.rules.reach

    def next_recorded(self, after: int) -> Run | None:
        """The first recorded run that begins after day `after`."""
        i = bisect_right(self.timeline.entries, after)
        return self.timeline.runs[i] if i < len(self.timeline.runs) else None

    def longest(self, first: int, continuing: bool, known_lawful: int) -> int:
        """The last lawful day of a stay from `first`, given a day known to be lawful.

        The stay ends before the next recorded trip begins: that trip is a separate entry
        the traveller has planned, and it keeps its own dates.
        """
        lo, hi = known_lawful, first + self.cap_bound(first)
        following = self.next_recorded(known_lawful)
        stop = following.entry if following else self.timeline.end - self.rules.reach
        # The earliest entry the stay can take (it joins any run that holds `first`).
        tl = self.timeline
        i = bisect_left(tl.exits, first)
        entry = min(first, tl.entries[i]) if i < len(tl.entries) else first
        if not self.rules.monotone_from(entry):  # the first day that would breach, in order
            while lo + 1 < stop and self.lawful(first, lo + 1, continuing):
                lo += 1
            return lo
        if hi >= stop:
            hi = stop  # no stay runs into the next recorded trip
        else:
            while hi < stop and self.lawful(first, hi, continuing):  # an unbounded rule
                lo, hi = hi, min(hi + self.rules.reach, stop)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.lawful(first, mid, continuing):
                lo = mid
            else:
                hi = mid
        return lo

    def latest_exit(self, current: Run) -> tuple[date | None, tuple[str | None, int | None]]:
        """The last day the traveller may stay if they stay on from the control day, and
        what stops them staying longer (see limited_by; nothing if that day is past)."""
        today = self.timeline.on
        own = sorted(d for d in self.breach_days if current.entry <= d <= current.exit)
        if own:
            last = own[0] - 1
            if last < current.entry:
                return None, NOTHING_STOPS
        else:
            last = self.longest(today, True, current.exit)
        if last < today:
            return date.fromordinal(last), NOTHING_STOPS
        return date.fromordinal(last), self.limited_by(today, last, True, current.exit)

    def next_entry(self, current: Run | None) -> NextEntry | None:
        """The earliest day to enter again, for how long, and when a full stay is possible."""
        today = self.timeline.on
        start = current.exit + 1 if current else today
        starts, reach = self.rules.starts, self.rules.reach
        # Past the last recorded day by a full look-back, history no longer matters.
        # (The runs' exits never decrease: the last is the latest.)
        exits = self.timeline.exits
        limit_day = max(start, exits[-1] if exits else start) + reach + 1
        # A full stay that would run into a rule change may fit only after it.
        nxt = bisect_right(starts, start)
        while nxt < len(starts) and starts[nxt] <= limit_day + reach:
            limit_day = max(limit_day, starts[nxt] + reach + 1)
            nxt += 1
        earliest = full = None
        max_days = full_days = 0
        day = start - 1
        while day < limit_day:
            day += 1
            if self.rules.in_force(day) is None:
                # No rule here (a suspension): look on from the next version.
                nxt = bisect_right(starts, day)
                if nxt == len(starts):
                    break
                day = starts[nxt] - 1
                limit_day = max(limit_day, starts[nxt] + reach + 1)
                continue
            if self.base.is_present(day):
                continue
            if earliest is None and not self.over_at_end(day, day) and self.lawful(day, day,
                                                                                   False):
                earliest = day
                max_days = day_count(day, self.longest(day, False, day))
            if earliest is not None:
                cap = fresh_cap(self.rules.in_force(day), day)
                if cap is None:
                    continue
                following = self.next_recorded(day)
                if following is not None and following.entry <= day + cap - 1:
                    continue  # a full stay would run into the next recorded trip
                if (day == earliest and max_days >= cap) or (
                        not self.over_at_end(day, day + cap - 1)
                        and self.lawful(day, day + cap - 1, False)):
                    full, full_days = day, cap
                    break
        if earliest is None:
            return None
        limited_by, later_stay = self.limited_by(earliest, earliest + max_days - 1, False,
                                                 earliest)
        return NextEntry(
            earliest=date.fromordinal(earliest), max_days=max_days,
            full=date.fromordinal(full) if full is not None else None, full_days=full_days,
            assumes_exit=date.fromordinal(current.exit) if current else None,
            limited_by=limited_by, later_stay=later_stay)

    def plan(self, entry: int) -> Plan:
        """How long a stay entering on `entry` may last, and what stops it."""
        if self.lawful(entry, entry, False):
            last = self.longest(entry, False, entry)
            max_days = day_count(entry, last)
        else:
            last, max_days = entry - 1, 0
        limited_by, later_stay = self.limited_by(entry, last, False, entry)
        return Plan(date.fromordinal(entry), max_days,
                    date.fromordinal(last) if max_days else None, limited_by, later_stay)

    def limited_by(self, first: int, last: int, continuing: bool,
                   after: int) -> tuple[str | None, int | None]:
        """What stops presence on days first..last from lasting one day more.

        A limit's kind (or `no_rule`) where the next day itself would breach;
        `later_stay` with the recorded trip that day would put over a limit; `next_trip`
        with the recorded trip beginning that day (the first one after day `after`);
        NOTHING_STOPS where nothing does within the period searched.
        """
        stopper = self.first_new_breach(self.timeline.with_run(first, last + 1, continuing))
        if stopper is not None and stopper.day <= last + 1:
            return stopper.kind, None
        if stopper is not None:
            return "later_stay", min(stopper.run.stays)
        following = self.next_recorded(after)
        if following is not None and following.entry == last + 1:
            return "next_trip", min(following.stays)
        return NOTHING_STOPS
