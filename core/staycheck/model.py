"""The typed values the rule core works with. All immutable."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

# The basis on which a traveller stayed. A regime says which of them its limits count.
BASES = ("visa-free", "visa", "residence")


@dataclass(frozen=True, slots=True)
class Stay:
    """One recorded stay: entry and exit days both count. `exit` None: still there."""

    entry: date
    exit: date | None
    country: str
    basis: str = "visa-free"


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


Limit = RollingWindow | CalendarYear | PerEntry | BreakAfterStay
LIMIT_KINDS: dict[str, type] = {
    cls.kind: cls for cls in (RollingWindow, CalendarYear, PerEntry, BreakAfterStay)
}


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Version:
    """The limits in force from `effective_from` (inclusive) until the next version.

    `new_entries_only`: the version governs stays that begin on or after its date; a stay
    begun earlier stays under the previous version until its exit (a change that is not
    retroactive). `counts_earlier_days` False: days before `effective_from` do not count
    toward this version's windows. `repealed`: from this date no rule of the regime applies.
    """

    effective_from: date
    verified_on: date
    limits: tuple[Limit, ...]
    sources: tuple[Source, ...]
    notes: tuple[str, ...] = ()
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
    path: Path | None = field(default=None, compare=False)

    @property
    def destinations(self) -> tuple[str, ...]:
        """Every country that is, was or will be in the area, in the data's order."""
        return tuple(dict.fromkeys(m.country for m in self.area))
