"""The typed values the rule core works with. All immutable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar, NamedTuple

# The basis on which a traveller stayed. A regime says which of them its limits count.
BASES = ("visa-free", "visa", "residence")


class Stay(NamedTuple):
    """One recorded stay: entry and exit days both count. `exit` None: still there.

    A named tuple rather than a dataclass: a long history makes tens of thousands, and a
    frozen dataclass takes twice as long to make.
    """

    entry: date
    exit: date | None
    country: str
    basis: str = "visa-free"


def maker(cls: type[tuple]) -> Callable[[tuple], tuple]:
    """Makes a named tuple of `cls` from a tuple of all its fields, in order.

    A named tuple's own constructor is Python code run for each one; this is C: in
    Pyodide, 7,300 `Stay(...)` took 7 ms and 7,300 `maker(Stay)((...))` 3 ms.
    """
    return partial(tuple.__new__, cls)


make_stay = maker(Stay)


# --- Limit kinds: generic shapes in code, their numbers in the rule data. -------------


@dataclass(frozen=True, slots=True)
class RollingWindow:
    """At most `days` days of presence in any `period`-day window, checked every day."""

    kind: ClassVar[str] = "rolling"
    days: int
    period: int

    def text(self) -> str:
        return f"at most {self.days} days in any {self.period}-day period"


@dataclass(frozen=True, slots=True)
class CalendarYear:
    """At most `days` days of presence in each calendar year."""

    kind: ClassVar[str] = "calendar_year"
    days: int

    def text(self) -> str:
        return f"at most {self.days} days in each calendar year"


@dataclass(frozen=True, slots=True)
class PerEntry:
    """A single continuous stay lasts at most `days` days, or `months` calendar months."""

    kind: ClassVar[str] = "per_entry"
    days: int | None = None
    months: int | None = None

    def text(self) -> str:
        if self.months is not None:
            unit = "month" if self.months == 1 else "months"
            return f"at most {self.months} {unit} per entry"
        return f"at most {self.days} days per entry"


@dataclass(frozen=True, slots=True)
class BreakAfterStay:
    """After a stay of `stay_days` days or more, stay out at least `break_days` full days."""

    kind: ClassVar[str] = "break"
    stay_days: int
    break_days: int

    def text(self) -> str:
        return f"after a stay of {self.stay_days} days, {self.break_days} days outside"


@dataclass(frozen=True, slots=True)
class Accumulating:
    """At most `days` days of presence in one count. Days add up across stays and a
    border crossing does not reset them: a new count starts only with the first entry
    after at least `reset_after` consecutive days outside."""

    kind: ClassVar[str] = "accumulating"
    days: int
    reset_after: int

    def text(self) -> str:
        return (f"at most {self.days} days in total; the count starts again only after "
                f"{self.reset_after} days in a row outside")


@dataclass(frozen=True, slots=True)
class FixedPeriod:
    """At most `days` days of presence in a period fixed from the first entry: `period`
    days long, or `period_months` calendar months. The next period begins on the first
    day of presence after the previous one ends (the next entry, or the day after the
    period for a stay that goes on past its end)."""

    kind: ClassVar[str] = "fixed_period"
    days: int
    period: int | None = None
    period_months: int | None = None

    def text(self) -> str:
        if self.period_months is not None:
            unit = "month" if self.period_months == 1 else "months"
            return (f"at most {self.days} days within {self.period_months} {unit} "
                    "from the first entry")
        return f"at most {self.days} days within {self.period} days from the first entry"


Limit = RollingWindow | CalendarYear | PerEntry | BreakAfterStay | Accumulating | FixedPeriod
LIMIT_KINDS: dict[str, type] = {
    cls.kind: cls for cls in (RollingWindow, CalendarYear, PerEntry, BreakAfterStay,
                              Accumulating, FixedPeriod)
}
# Limits on the days counted since a start that the history itself fixes (a reset, a
# first entry): a count can reach back across any number of stays.
CHAIN_KINDS = (Accumulating, FixedPeriod)


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Disputed:
    """Where the sources disagree: the reading the data takes and the other one.
    `nationalities`: the passports it concerns (empty: every passport the regime covers),
    so that a Russian is not shown a doubt about Kyrgyz citizens' extensions."""

    text: str
    nationalities: frozenset[str] = frozenset()

    def concerns(self, nationality: str | None) -> bool:
        return not self.nationalities or nationality is None or nationality in self.nationalities


@dataclass(frozen=True, slots=True)
class Version:
    """The limits in force from `effective_from` (inclusive) until the next version.

    `new_entries_only`: the version governs stays that begin on or after its date; a stay
    begun earlier stays under the previous version until its exit (a change that is not
    retroactive). `counts_earlier_days` False: days before `effective_from` do not count
    toward this version's windows. `repealed`: from this date no rule of the regime applies.
    `verified_on`: the day someone read the sources and found that they support this
    version (None: nobody has yet). `disputed`: where the sources disagree (Disputed).
    """

    effective_from: date
    verified_on: date | None
    limits: tuple[Limit, ...]
    sources: tuple[Source, ...]
    notes: tuple[str, ...] = ()
    disputed: tuple[Disputed, ...] = ()
    new_entries_only: bool = False
    counts_earlier_days: bool = True
    repealed: bool = False


@dataclass(frozen=True, slots=True)
class Membership:
    """A country counts as part of the regime's area from `first` to `last` (inclusive)."""

    country: str
    first: date | None = None
    last: date | None = None

    def covers(self, day: date) -> bool:
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)


@dataclass(frozen=True, slots=True)
class Regime:
    id: str
    title: str
    nationalities: frozenset[str]
    area: tuple[Membership, ...]
    counted_bases: frozenset[str]
    versions: tuple[Version, ...]
    notes: tuple[str, ...] = ()
    # Nationalities the rule does not limit at all (at home in the area, or free to move
    # in it, as EU citizens in the Schengen area).
    exempt: frozenset[str] = frozenset()
    # Nationalities whose stays are on a visa as a rule (Annex I nationals in the Schengen
    # area): the basis a new trip gets unless the traveller says otherwise.
    visa_nationalities: frozenset[str] = frozenset()
    path: Path | None = field(default=None, compare=False)

    def default_basis(self, nationality: str | None) -> str:
        """The basis a trip of a `nationality` passport is on unless recorded otherwise."""
        return "visa" if nationality in self.visa_nationalities else "visa-free"

    @property
    def destinations(self) -> tuple[str, ...]:
        """Every country that is, was or will be in the area, in the data's order."""
        return tuple(dict.fromkeys(m.country for m in self.area))
