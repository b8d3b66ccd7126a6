"""A brute-force, day-by-day reference implementation of docs/counting.md.

Written to be obviously correct rather than fast: every answer is found by building the
scenario it asks about (a set of days of presence and its runs), recomputing every breach
of every limit on every day from scratch, and trying every candidate day or length in
order. It shares no code with staycheck/timeline.py or staycheck/engine.py; it only reads
the typed rule data (staycheck.model) and mirrors the field names of staycheck.engine's answers.

Days are handled as proleptic ordinals (date.toordinal()) so that "the next day" is +1.
Each rule of docs/counting.md is quoted (shortened) next to the code that implements it.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from staycheck.model import (
    Accumulating,
    BreakAfterStay,
    CalendarYear,
    FixedPeriod,
    PerEntry,
    Regime,
    RollingWindow,
    Stay,
    Version,
)

# How far past the last day of presence the searches look before giving up. Longer than
# any limit in the rule data (a calendar year, 12 months per entry), twice over.
SEARCH_REACH = 800

# The made-up stay index of a what-if stay (it never names a recorded trip).
NEW_STAY = -1


def day_of(value: date) -> int:
    return value.toordinal()


def date_of(day: int) -> date:
    return date.fromordinal(day)


# --- Calendar ----------------------------------------------------------------------------


def months_after(start: date, months: int) -> date:
    """The same day of the month `months` months after `start`; where that day does not
    exist, the first day of the next month stands for it (31 Aug + 6 -> 1 Mar)."""
    year, month = start.year, start.month + months
    while month > 12:
        month -= 12
        year += 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    if month == 12:
        return date(year + 1, 1, 1)
    return date(year, month + 1, 1)


def first_of_year(day: int) -> int:
    return day_of(date(date_of(day).year, 1, 1))


# --- Versions ----------------------------------------------------------------------------


def in_force(regime: Regime, day: int) -> Version | None:
    """The last version whose effective_from <= day; none before the first or if repealed."""
    found = None
    for version in regime.versions:
        if day_of(version.effective_from) <= day:
            found = version
    if found is None or found.repealed:
        return None
    return found


def governing(regime: Regime, entry: int, day: int) -> Version | None:
    """The version in force on `day`, except that while it has new_entries_only and the
    run's `entry` is before its effective_from, the version before it (repeatedly)."""
    index = None
    for i, version in enumerate(regime.versions):
        if day_of(version.effective_from) <= day:
            index = i
    while index is not None and index >= 0:
        version = regime.versions[index]
        if version.repealed:
            return None
        if version.new_entries_only and entry < day_of(version.effective_from):
            index -= 1
            continue
        return version
    return None


def per_entry_days(limit: PerEntry, entry: int) -> int:
    """K: the days of the cap, or (the same day m months after E) - E."""
    if limit.months is not None:
        return day_of(months_after(date_of(entry), limit.months)) - entry
    return limit.days


def fixed_period_last(limit: FixedPeriod, start: int) -> int:
    """The last day of a fixed period that begins on day `start`: `period` days, or the
    day before the same day `period_months` months later."""
    if limit.period is not None:
        return start + limit.period - 1
    return day_of(months_after(date_of(start), limit.period_months)) - 1


def fresh_cap(version: Version, entry: int) -> int | None:
    """The longest stay a traveller with no history could make from `entry` under
    `version`: the minimum over its limits of the longest stay each one allows."""
    caps = []
    for limit in version.limits:
        if isinstance(limit, RollingWindow):
            # N + 1 days in a row fit in one window of M days, unless M <= N.
            if limit.days < limit.period:
                caps.append(limit.days)
        elif isinstance(limit, CalendarYear):
            # The days left in the entry's year, and if they are not over N, N more days
            # in the next year (a year is longer than any N).
            left = day_of(date(date_of(entry).year, 12, 31)) - entry + 1
            caps.append(left + limit.days if left <= limit.days else limit.days)
        elif isinstance(limit, PerEntry):
            caps.append(per_entry_days(limit, entry))
        elif isinstance(limit, Accumulating):
            caps.append(limit.days)
        elif (isinstance(limit, FixedPeriod)
              and fixed_period_last(limit, entry) - entry + 1 > limit.days):
            # The period begins on the entry; N + 1 days in a row fit in it unless M <= N.
            caps.append(limit.days)
        # A break limit restricts nothing for a traveller with no history.
    return min(caps) if caps else None


# --- Presence and runs -------------------------------------------------------------------


@dataclass
class Run:
    """One entry: days first..last, both included, and the recorded stays in it."""

    first: int
    last: int
    stays: list[int] = field(default_factory=list)

    def days(self) -> range:
        return range(self.first, self.last + 1)

    def length(self) -> int:
        return self.last - self.first + 1


def in_area(regime: Regime, country: str, day: int) -> bool:
    for row in regime.area:
        if row.country != country:
            continue
        if row.first is not None and day < day_of(row.first):
            continue
        if row.last is not None and day > day_of(row.last):
            continue
        return True
    return False


def counted_pieces(regime: Regime, stays: list[Stay], on: date) -> list[tuple[int, int, int]]:
    """(first, last, stay index) for every stretch of consecutive counted days of a stay."""
    pieces = []
    for index, stay in enumerate(stays):
        if stay.basis not in regime.counted_bases:
            continue
        last = day_of(stay.exit) if stay.exit is not None else day_of(on)
        current = None
        for day in range(day_of(stay.entry), last + 1):
            if in_area(regime, stay.country, day):
                if current is None:
                    current = [day, day]
                else:
                    current[1] = day
            elif current is not None:
                pieces.append((current[0], current[1], index))
                current = None
        if current is not None:
            pieces.append((current[0], current[1], index))
    return pieces


def merge_runs(pieces: list[tuple[int, int, int]]) -> list[Run]:
    """Pieces sorted by (entry, exit); a piece joins the previous run if it begins before
    that run's last day or on that run's first day. Beginning on its last day: new entry."""
    runs: list[Run] = []
    for first, last, stay in sorted(pieces, key=lambda p: (p[0], p[1])):
        if runs and (first < runs[-1].last or first == runs[-1].first):
            runs[-1].last = max(runs[-1].last, last)
            if stay not in runs[-1].stays:
                runs[-1].stays.append(stay)
        else:
            runs.append(Run(first, last, [stay]))
    return runs


# --- Breaches ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    day: int
    kind: str
    count: int
    limit: int
    run: int  # index into the scenario's runs


class Memo:
    """Remembers governing() and per_entry_days() answers: the scenarios of one request ask
    the same questions again and again. Only a cache; the answers are the functions'."""

    def __init__(self, regime: Regime):
        self.regime = regime
        self._versions: dict[tuple[int, int], Version | None] = {}
        self._caps: dict[tuple[PerEntry, int], int] = {}
        self._in_force: dict[int, Version | None] = {}

    def in_force(self, day: int) -> Version | None:
        if day not in self._in_force:
            self._in_force[day] = in_force(self.regime, day)
        return self._in_force[day]

    def governing(self, entry: int, day: int) -> Version | None:
        if (entry, day) not in self._versions:
            self._versions[entry, day] = governing(self.regime, entry, day)
        return self._versions[entry, day]

    def per_entry_days(self, limit: PerEntry, entry: int) -> int:
        if (limit, entry) not in self._caps:
            self._caps[limit, entry] = per_entry_days(limit, entry)
        return self._caps[limit, entry]


class Scenario:
    """A set of days of presence and its runs, with every breach computed from scratch."""

    def __init__(self, regime: Regime, runs: list[Run], memo: Memo | None = None):
        self.regime = regime
        self.memo = memo or Memo(regime)
        self.runs = runs
        presence: set[int] = set()
        for run in runs:
            presence.update(run.days())
        self.presence = presence
        self._sorted = sorted(presence)
        self._starts: dict[tuple, dict[int, int]] = {}
        self.breaches = self._all_breaches()
        self.breach_days = {b.day for b in self.breaches}

    def count(self, first: int, last: int) -> int:
        """Days of presence in [first, last] (each day once)."""
        return bisect_right(self._sorted, last) - bisect_left(self._sorted, first)

    def count_starts(self, limit: Accumulating | FixedPeriod,
                     counts_from: int | None) -> dict[int, int]:
        """For every day of presence (from counts_from on), the first day of its count.

        Accumulating: "days add up across stays; a new count starts only with an entry
        after at least R consecutive days outside". Fixed period: "a period of M days (or
        months) begins on the first entry; the next begins on the first day of presence
        after it ends"."""
        key = (limit, counts_from)
        if key not in self._starts:
            starts: dict[int, int] = {}
            start = previous = None
            for day in self._sorted:
                if counts_from is not None and day < counts_from:
                    continue
                if start is None:
                    start = day
                elif isinstance(limit, Accumulating):
                    if day - previous - 1 >= limit.reset_after:
                        start = day
                elif day > fixed_period_last(limit, start):
                    start = day
                starts[day] = start
                previous = day
            self._starts[key] = starts
        return self._starts[key]

    def count_used(self, limit: Accumulating | FixedPeriod, counts_from: int | None,
                   day: int) -> int:
        """Days in the count of `day`: its own if present, else the count an entry on `day`
        would join (0 if a new one would begin)."""
        starts = self.count_starts(limit, counts_from)
        if day in starts:
            return self.count(starts[day], day)
        earlier = [d for d in starts if d < day]
        if not earlier:
            return 0
        previous = max(earlier)
        start = starts[previous]
        if isinstance(limit, Accumulating):
            fresh = day - previous - 1 >= limit.reset_after
        else:
            fresh = day > fixed_period_last(limit, start)
        return 0 if fresh else self.count(start, day)

    def _all_breaches(self) -> list[Breach]:
        """Every limit, checked on every day D of every run, under the version governing
        that day of that run."""
        found = []
        for r, run in enumerate(self.runs):
            previous = self.runs[r - 1] if r > 0 else None
            for day in run.days():
                version = self.memo.governing(run.first, day)
                if version is None:
                    continue
                counts_from = (None if version.counts_earlier_days
                               else day_of(version.effective_from))
                for limit in version.limits:
                    breach = self._check(limit, run, previous, day, counts_from, r)
                    if breach is not None:
                        found.append(breach)
        return found

    def _check(self, limit, run: Run, previous: Run | None, day: int,
               counts_from: int | None, r: int) -> Breach | None:
        if isinstance(limit, RollingWindow):
            first = day - limit.period + 1
            if counts_from is not None:
                first = max(first, counts_from)
            used = self.count(first, day)
            if used > limit.days:
                return Breach(day, limit.kind, used, limit.days, r)
        elif isinstance(limit, CalendarYear):
            first = first_of_year(day)
            if counts_from is not None:
                first = max(first, counts_from)
            used = self.count(first, day)
            if used > limit.days:
                return Breach(day, limit.kind, used, limit.days, r)
        elif isinstance(limit, PerEntry):
            cap = self.memo.per_entry_days(limit, run.first)
            used = day - run.first + 1
            if used > cap:
                return Breach(day, limit.kind, used, cap, r)
        elif isinstance(limit, Accumulating | FixedPeriod):
            used = self.count_used(limit, counts_from, day)
            if used > limit.days:
                return Breach(day, limit.kind, used, limit.days, r)
        elif isinstance(limit, BreakAfterStay):
            # If the previous run lasted A days or more, no day of this run may fall on or
            # before P.exit + B. Count: the days of the break still owed (P.exit + B - D + 1);
            # limit: 0.
            if (previous is not None and previous.length() >= limit.stay_days
                    and day <= previous.last + limit.break_days):
                return Breach(day, limit.kind, previous.last + limit.break_days - day + 1, 0, r)
        else:  # pragma: no cover
            raise AssertionError(f"unknown limit {limit!r}")
        return None

    def run_at(self, day: int) -> Run | None:
        """The run holding `day`: the later one where one ends and another begins."""
        holding = [run for run in self.runs if run.first <= day <= run.last]
        return holding[-1] if holding else None

    def next_run_after(self, day: int) -> Run | None:
        """The first run that begins after `day`."""
        later = [run for run in self.runs if run.first > day]
        return later[0] if later else None


@dataclass(frozen=True)
class ViolationRun:
    first: date
    last: date
    days: int
    peak: int
    limit: int
    kind: str


def violations(scenario: Scenario) -> list[ViolationRun]:
    """Consecutive breach days of the same limit kind make one violation."""
    by_kind: dict[str, dict[int, Breach]] = {}
    for breach in scenario.breaches:
        days = by_kind.setdefault(breach.kind, {})
        if breach.day not in days or breach.count > days[breach.day].count:
            days[breach.day] = breach
    out = []
    for kind, days in by_kind.items():
        group: list[Breach] = []
        for day in sorted(days):
            if group and day != group[-1].day + 1:
                out.append(_violation(kind, group))
                group = []
            group.append(days[day])
        if group:
            out.append(_violation(kind, group))
    return sorted(out, key=lambda v: (v.first, v.kind))


def _violation(kind: str, group: list[Breach]) -> ViolationRun:
    return ViolationRun(date_of(group[0].day), date_of(group[-1].day), len(group),
                        max(b.count for b in group), group[0].limit, kind)


# --- The answers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Stop:
    """What stops a stay from lasting one day more: the kinds of breach that day would
    cause first (several can fall on one day; the spec does not order them), or
    {"later_stay"}, or {"next_trip"}, or {None}; and the recorded trip that day would make
    a breach on or run into (where that day is shared by two runs, one ending and the
    next beginning, either one's first record)."""

    limited_by: frozenset[str | None]
    later_stay: frozenset[int | None]


@dataclass(frozen=True)
class NextEntryAnswer:
    earliest: date | None
    max_days: int
    full: date | None
    full_days: int
    assumes_exit: date | None
    limit: Stop


@dataclass(frozen=True)
class PlanAnswer:
    entry: date
    max_days: int
    last_day: date | None
    limit: Stop


@dataclass(frozen=True)
class Answer:
    error: str | None  # "no_rule", "plan_no_rule", "plan_overlaps_stay" or None
    days_used: int = 0
    primary_kind: str | None = None
    present: bool = False
    current_entry: date | None = None
    latest_exit: date | None = None
    latest_exit_limit: Stop | None = None
    violations: tuple[ViolationRun, ...] = ()
    next_entry: NextEntryAnswer | None = None
    plan: PlanAnswer | None = None
    notes: tuple[str, ...] = ()


class Reference:
    """Answers one request of docs/counting.md by brute force."""

    def __init__(self, regime: Regime, stays: list[Stay], on: date):
        self.regime = regime
        self.on = day_of(on)
        self.pieces = counted_pieces(regime, stays, on)
        self.memo = Memo(regime)
        self.base = Scenario(regime, merge_runs(self.pieces), self.memo)
        self.notes: list[str] = []

    # Scenarios ------------------------------------------------------------------------

    def with_piece(self, first: int, last: int, stay: int) -> Scenario:
        """The history with days first..last added as one more piece, runs re-merged."""
        return Scenario(self.regime, merge_runs([*self.pieces, (first, last, stay)]), self.memo)

    def lawful(self, scenario: Scenario, added_first: int, added_last: int) -> bool:
        """No breach on the added days, and no day that was lawful made a breach. An added
        day for which no version is in force is refused as if it were a breach (no_rule)."""
        for day in range(added_first, added_last + 1):
            if self.memo.in_force(day) is None:
                return False
        for breach in scenario.breaches:
            if added_first <= breach.day <= added_last:
                return False
            if breach.day not in self.base.breach_days:
                return False
        return True

    def lawful_new_stay(self, first: int, last: int) -> bool:
        return self.lawful(self.with_piece(first, last, NEW_STAY), first, last)

    def search_end(self) -> int:
        last_presence = max(self.base.presence, default=self.on)
        return max(self.on, last_presence) + SEARCH_REACH

    # Answers --------------------------------------------------------------------------

    def primary_days_used(self, version: Version, current: Run | None) -> tuple[int, str | None]:
        """Presence in the window of the first rolling or calendar-year limit ending on
        `on` (or in the count of the first accumulating or fixed-period limit), else the
        per-entry count of the current run."""
        counts_from = None if version.counts_earlier_days else day_of(version.effective_from)
        for limit in version.limits:
            if isinstance(limit, Accumulating | FixedPeriod):
                return self.base.count_used(limit, counts_from, self.on), limit.kind
            if isinstance(limit, RollingWindow | CalendarYear):
                if isinstance(limit, RollingWindow):
                    first = self.on - limit.period + 1
                else:
                    first = first_of_year(self.on)
                if counts_from is not None:
                    first = max(first, counts_from)
                return self.base.count(first, self.on), limit.kind
        for limit in version.limits:
            if isinstance(limit, PerEntry):
                used = self.on - current.first + 1 if current is not None else 0
                return used, limit.kind
        return 0, None

    def latest_exit(self, current: Run) -> int | None:
        # If a day of the current run already breaches: the day before the first such day.
        own = [d for d in current.days() if d in self.base.breach_days]
        if own:
            last = min(own) - 1
            return last if last >= current.first else None
        # Otherwise the last L such that presence on every day on..L, continuing the
        # current run, is lawful; L stays before the next trip beginning after its exit.
        following = self.base.next_run_after(current.last)
        best = current.last
        for last in range(current.last + 1, self.search_end()):
            if following is not None and last >= following.first:
                return best
            # A piece from the run's own entry joins the run (it begins on its first day).
            stay = min(current.stays)
            scenario = self.with_piece(current.first, last, stay)
            if not self.lawful(scenario, self.on, last):
                return best
            best = last
        self.notes.append("latest_exit: search reached its end")
        return best

    def longest_new_stay(self, first: int) -> int:
        """Days of the longest lawful new stay from `first` (0 if one day breaches),
        ending before the next recorded trip."""
        following = self.base.next_run_after(first)
        length = 0
        while first + length < self.search_end():
            last = first + length
            if following is not None and last >= following.first:
                return length
            if not self.lawful_new_stay(first, last):
                return length
            length += 1
        self.notes.append("longest_new_stay: search reached its end")
        return length

    def next_entry(self, current: Run | None) -> NextEntryAnswer | None:
        start = current.last + 1 if current is not None else self.on
        earliest = full = None
        max_days = full_days = 0
        for day in range(start, self.search_end()):
            if day in self.base.presence or in_force(self.regime, day) is None:
                continue
            if earliest is None:
                if not self.lawful_new_stay(day, day):
                    continue
                earliest = day
                max_days = self.longest_new_stay(day)
            cap = fresh_cap(in_force(self.regime, day), day)
            if cap is None:
                continue
            following = self.base.next_run_after(day)
            if following is not None and day + cap - 1 >= following.first:
                continue
            if self.lawful_new_stay(day, day + cap - 1):
                full, full_days = day, cap
                break
        if earliest is None:
            return None
        return NextEntryAnswer(
            date_of(earliest), max_days, date_of(full) if full is not None else None,
            full_days, date_of(current.last) if current is not None else None,
            self.plan(earliest).limit)

    def plan(self, entry: int) -> PlanAnswer:
        max_days = self.longest_new_stay(entry)
        last = entry + max_days - 1
        scenario = self.with_piece(entry, last + 1, NEW_STAY)
        limit = self.stop(scenario, entry, last + 1, self.base.next_run_after(entry))
        return PlanAnswer(date_of(entry), max_days, date_of(last) if max_days else None,
                          limit)

    def stop(self, scenario: Scenario, added_first: int, next_day: int,
             following: Run | None) -> Stop:
        """Why the added days added_first..next_day - 1 cannot run to `next_day`, given
        `scenario`, the history with added_first..next_day added."""
        new = sorted((b for b in scenario.breaches if b.day not in self.base.breach_days
                      or added_first <= b.day <= next_day), key=lambda b: b.day)
        # An added day with no version in force counts as a breach of kind no_rule.
        on_stay = [(b.day, b.kind) for b in new if added_first <= b.day <= next_day]
        on_stay += [(day, "no_rule") for day in range(added_first, next_day + 1)
                    if self.memo.in_force(day) is None]
        later = [b for b in new if b.day > next_day]
        if on_stay:
            first_day = min(day for day, _ in on_stay)
            return Stop(frozenset(kind for day, kind in on_stay if day == first_day),
                        frozenset({None}))
        if later:
            first_day = later[0].day
            return Stop(frozenset({"later_stay"}),
                        frozenset(min(s for s in scenario.runs[b.run].stays if s != NEW_STAY)
                                  for b in later if b.day == first_day))
        if following is not None and following.first == next_day:
            return Stop(frozenset({"next_trip"}), frozenset({min(following.stays)}))
        return Stop(frozenset({None}), frozenset({None}))

    def latest_exit_limit(self, current: Run, latest: int) -> Stop:
        """Why staying on from the control day cannot last past `latest`."""
        scenario = self.with_piece(current.first, latest + 1, min(current.stays))
        return self.stop(scenario, self.on, latest + 1, self.base.next_run_after(current.last))

    def answer(self, plan_entry: date | None = None) -> Answer:
        current = self.base.run_at(self.on)
        version = (governing(self.regime, current.first, self.on) if current is not None
                   else in_force(self.regime, self.on))
        if version is None:
            return Answer(error="no_rule")
        plan = None
        if plan_entry is not None:
            x = day_of(plan_entry)
            if in_force(self.regime, x) is None:
                return Answer(error="plan_no_rule")
            if x in self.base.presence:
                return Answer(error="plan_overlaps_stay")
            plan = self.plan(x)
        used, kind = self.primary_days_used(version, current)
        latest = self.latest_exit(current) if current is not None else None
        return Answer(
            error=None,
            days_used=used,
            primary_kind=kind,
            present=current is not None,
            current_entry=date_of(current.first) if current is not None else None,
            latest_exit=date_of(latest) if latest is not None else None,
            latest_exit_limit=(self.latest_exit_limit(current, latest)
                               if latest is not None and latest >= self.on else None),
            violations=tuple(violations(self.base)),
            next_entry=self.next_entry(current),
            plan=plan,
            notes=tuple(self.notes),
        )


def reference_answer(regime: Regime, stays: list[Stay], on: date,
                     plan_entry: date | None = None) -> Answer:
    return Reference(regime, stays, on).answer(plan_entry)
