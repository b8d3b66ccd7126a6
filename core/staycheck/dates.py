"""Calendar arithmetic on plain dates.

Every stay is a run of whole calendar days, both ends included: the entry day and the
exit day each count as a day of stay. The core works on day numbers (proleptic ordinals,
`date.toordinal()`), and `day_count` is the one place that turns two of them into a
number of days.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

# The range of dates the core accepts. Wide enough for any real travel history, narrow
# enough that day arrays stay small and a typo like 20023 is caught.
FIRST_SUPPORTED = date(1950, 1, 1)
LAST_SUPPORTED = date(2099, 12, 31)


def day_count(first: int, last: int) -> int:
    """Days from day number `first` to day number `last`, both counted (1 if they are the
    same day, 0 if `last` is the day before `first`)."""
    return last - first + 1


def add_months(start: date, months: int) -> date:
    """The date `months` calendar months after `start`, on the same day of the month.

    Where that day does not exist (31 Aug + 6 months: there is no 31 Feb), the next
    existing day is taken: the first day of the following month. So a period of months
    that begins on the 31st ends, one day earlier, on the last day of the shorter month.
    """
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    return date(year, month, 1) + timedelta(days=calendar.monthrange(year, month)[1])
