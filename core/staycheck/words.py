"""Code -> words: the one home of what every code the core answers with means to a reader.

The core answers in codes (error and warning codes, limit kinds, what stops a stay); these
tables give their words, in English, marked for the message catalogs (`N_`, and `Nn_` for
a message with plural forms). The command line reads them through `say`; build.py renders
them into the pages (`limit_text`, `basis_name`) and, translated, into each language's
`i18n/<lang>.json` (`catalog_words`), where the page's scripts look codes up.

Placeholders are `{name}`, filled from the code's params (an error's `params`, a limit's
fields). A phrasing with plural forms names the param whose number picks the form. A
table entry may be a list of phrasings: the first whose params are all given is used (a
per-entry cap in days or in months). Standard library only.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any, NamedTuple


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is used."""
    return message


class Plural(NamedTuple):
    singular: str
    plural: str
    count: str  # the param whose number picks the form


def Nn_(singular: str, plural: str, count: str) -> Plural:
    """Marks a message with plural forms for extraction (`-k Nn_:1,2`)."""
    return Plural(singular, plural, count)


Words = str | Plural | list[str | Plural]

# Every error code of staycheck/api.py; params: the error's `params`.
ERRORS: dict[str, Words] = {
    "own_country": N_("Citizens have no stay limit in their own country."),
    "exempt": N_("Citizens of this country are exempt from this rule: no stay limit applies "
                 "to them here."),
    "no_regime": N_("Staycheck knows no rule for this passport in this country yet."),
    "no_rule": [N_("No rule is known for this date: the rule's data starts on {covered_from}."),
                N_("No rule is known for this date.")],
    "exit_before_entry": N_("The exit is before the entry."),
    "ongoing_in_future": N_("A trip you are still on cannot begin after today."),
    "several_ongoing": N_(
        "Only one trip can still be going on: give the earlier one its exit date."),
    "invalid_date": N_("This is not a valid date."),
    "date_out_of_range": N_("This date is outside the years Staycheck covers ({first} to {last})."),
    "plan_in_past": N_("Choose today or a later day."),
    "plan_overlaps_stay": N_(
        "You are already there on this day, on a trip you recorded. Choose a day after it."),
    "too_many_stays": N_("There are more trips than Staycheck can count at once."),
    "missing_field": N_("This field is required."),
    "unknown_country": N_("This is not a country Staycheck knows."),
    "unknown_basis": N_("This is not a basis of stay Staycheck knows."),
    "unknown_regime": N_("Staycheck knows no such rule."),
    "regime_mismatch": N_("This rule does not cover this country."),
    "invalid_json": N_("The calculator could not read the question (a bug in Staycheck)."),
    "invalid_type": N_("The calculator could not read the question (a bug in Staycheck)."),
    "invalid_range": N_("The calculator could not read the question (a bug in Staycheck)."),
    "internal_error": N_("The calculator ran into a bug. Reload the page and try again."),
}

# Every warning code of staycheck/api.py; `trips` is added: the trips' numbers, "2, 3".
WARNINGS: dict[str, Words] = {
    "overlap": N_("Trips {trips} overlap; their days are counted once."),
    "unchecked_days": N_("The days from {first} to {last} count toward later limits, but no "
                         "rule is known to check them against."),
    "nationality_not_covered": N_("This rule does not list your passport; the answer applies "
                                  "it anyway. Check that it is the right rule for you."),
}

# A limit kind, or another reason a stay stops (`limited_by.reason`), as a name: "limited
# by the rolling window", "29 days over the rolling window".
REASON_NAMES: dict[str, Words] = {
    "rolling": N_("the rolling window"),
    "calendar_year": N_("the calendar-year total"),
    "per_entry": N_("the per-entry cap"),
    "break": N_("the required break"),
    "accumulating": N_("the accumulated total"),
    "fixed_period": N_("the total for the period since the first entry"),
    "later_stay": N_("a later recorded trip"),
    "next_trip": N_("the next recorded trip"),
    "no_rule": N_("the end of the known rules"),
}

# A limit of the rule data in words; params: the limit's fields.
LIMITS: dict[str, Words] = {
    "rolling": Nn_("at most {days} day in any period of {period} days",
                   "at most {days} days in any period of {period} days", "days"),
    "calendar_year": Nn_("at most {days} day in each calendar year",
                         "at most {days} days in each calendar year", "days"),
    "per_entry": [Nn_("at most {months} month per entry", "at most {months} months per entry",
                      "months"),
                  Nn_("at most {days} day per entry", "at most {days} days per entry", "days")],
    "break": Nn_("after a stay of {stay_days} day or more, {break_days} days outside",
                 "after a stay of {stay_days} days or more, {break_days} days outside",
                 "stay_days"),
    "accumulating": Nn_(
        "at most {days} day in total; the count starts again only after {reset_after} days "
        "in a row outside",
        "at most {days} days in total; the count starts again only after {reset_after} days "
        "in a row outside", "days"),
    "fixed_period": [
        Nn_("at most {days} day within {period_months} months from the first entry",
            "at most {days} days within {period_months} months from the first entry", "days"),
        Nn_("at most {days} day within {period} days from the first entry",
            "at most {days} days within {period} days from the first entry", "days")],
}

# What stops a stay (`limited_by.reason`), as the page says it under the answer; params:
# the fields of the regime's limit of that kind, or `date`, the named trip's entry.
STOPS: dict[str, Words] = {
    "rolling": Nn_("What limits it: at most {days} day in any period of {period} days.",
                   "What limits it: at most {days} days in any period of {period} days.",
                   "days"),
    "calendar_year": Nn_("What limits it: at most {days} day in each calendar year.",
                         "What limits it: at most {days} days in each calendar year.", "days"),
    "per_entry": N_("What limits it: the longest single stay allowed."),
    "break": N_("What limits it: the break required after a long stay."),
    "accumulating": N_("What limits it: the total of days counted since the count last "
                       "started again."),
    "fixed_period": N_("What limits it: the days allowed in the period that began with your "
                       "first entry."),
    "no_rule": N_("What limits it: no rule is known for the days after it."),
    "later_stay": N_("What limits it: your trip recorded from {date}. Staying longer would put "
                     "that trip over the limit."),
    "next_trip": N_("What limits it: your next recorded trip begins on {date}."),
}

# Why a run of days is an overstay, by limit kind; params: the violation's.
OVERSTAYS: dict[str, Words] = {
    "rolling": Nn_("More than {limit} day in the window. Leaving and coming back does not "
                   "reset this count: only days that drop out of the window do.",
                   "More than {limit} days in the window. Leaving and coming back does not "
                   "reset this count: only days that drop out of the window do.", "limit"),
    "per_entry": Nn_("A single stay longer than {limit} day. Under this rule each new entry "
                     "starts a new count, so leaving and coming back (a “visa run”) resets it, "
                     "but staying on does not.",
                     "A single stay longer than {limit} days. Under this rule each new entry "
                     "starts a new count, so leaving and coming back (a “visa run”) resets it, "
                     "but staying on does not.", "limit"),
    "calendar_year": Nn_("More than {limit} day in one calendar year. The count restarts on "
                         "1 January, not when you leave.",
                         "More than {limit} days in one calendar year. The count restarts on "
                         "1 January, not when you leave.", "limit"),
    "break": N_("Came back before the required break was over."),
    "accumulating": Nn_("More than {limit} day counted in total. Leaving and coming back does "
                        "not reset this count: only a long enough time outside does.",
                        "More than {limit} days counted in total. Leaving and coming back does "
                        "not reset this count: only a long enough time outside does.", "limit"),
    "fixed_period": Nn_("More than {limit} day in the period that began with the first entry. "
                        "A new period begins only with the first entry after it ends.",
                        "More than {limit} days in the period that began with the first entry. "
                        "A new period begins only with the first entry after it ends.", "limit"),
}

# Where no rule applies, the rule panel says why; params: `passport`, `destination` names.
NO_RULE_WHY: dict[str, Words] = {
    "own_country": N_("{destination} is the country of your passport: no stay limit applies."),
    "exempt": N_("Citizens of {passport} are exempt from this rule in {destination}:"),
    "no_regime": N_("Staycheck knows these rules for {destination}, none of them for a "
                    "passport of {passport}:"),
}

# The bases of stay (staycheck.model.BASES).
BASES: dict[str, Words] = {
    "visa-free": N_("Visa-free"),
    "visa": N_("On a visa"),
    "residence": N_("Residence permit"),
}

# How a limit kind counts, in plain words, where its one-line phrasing is not enough (the
# rules page); params: the limit's fields.
LIMIT_HOW: dict[str, Words] = {
    "accumulating": Nn_(
        "The days of all your stays add up: leaving and coming back does not start a new "
        "count. A new count starts only when you enter after at least {reset_after} day in a "
        "row outside.",
        "The days of all your stays add up: leaving and coming back does not start a new "
        "count. A new count starts only when you enter after at least {reset_after} days in "
        "a row outside.", "reset_after"),
    "fixed_period": N_(
        "The period begins on the day of your first entry and stays put, unlike a rolling "
        "window. The next period begins on your first day in the country after it ends: your "
        "next entry, or the day after the period if you are still there."),
}

# The name of a regime's area where it spans several countries (an event of the Schengen
# area is not one of Germany's); keyed by regime id.
AREAS: dict[str, Words] = {
    "schengen": N_("the Schengen area"),
}

TABLES: dict[str, dict[str, Words]] = {
    "errors": ERRORS,
    "warnings": WARNINGS,
    "reason_names": REASON_NAMES,
    "limits": LIMITS,
    "limit_how": LIMIT_HOW,
    "stops": STOPS,
    "overstays": OVERSTAYS,
    "no_rule_why": NO_RULE_WHY,
    "bases": BASES,
    "areas": AREAS,
}

_FIELD = re.compile(r"\{(\w+)\}")


def placeholders(words: str | Plural) -> set[str]:
    texts = (words,) if isinstance(words, str) else (words.singular, words.plural)
    return {name for text in texts for name in _FIELD.findall(text)}


def choose(entry: Words, params: Mapping[str, Any]) -> str | Plural:
    """The first phrasing of `entry` whose placeholders the params all give (the last one
    if none does)."""
    options = entry if isinstance(entry, list) else [entry]
    for words in options:
        count_given = not isinstance(words, Plural) or params.get(words.count) is not None
        if count_given and all(params.get(name) is not None for name in placeholders(words)):
            return words
    return options[-1]


class _Keep(dict):
    """Leaves a placeholder the params lack as it is, rather than failing."""

    def __missing__(self, key: str) -> str:
        return f"{{{key}}}"


def fill(text: str, params: Mapping[str, Any]) -> str:
    return string.Formatter().vformat(text, (), _Keep(params))


def say(translations: Any, table: Mapping[str, Words], code: str,
        params: Mapping[str, Any] | None = None) -> str | None:
    """The words for `code` in `table`, translated and filled; None for a code it lacks."""
    if code not in table:
        return None
    params = params or {}
    words = choose(table[code], params)
    if isinstance(words, Plural):
        text = translations.ngettext(words.singular, words.plural, int(params[words.count]))
    else:
        text = translations.gettext(words)
    return fill(text, params)


def limit_params(limit: Any) -> dict[str, Any]:
    """A limit's fields, from the API's limit object or a staycheck.model limit."""
    if isinstance(limit, Mapping):
        return dict(limit)
    return {name: getattr(limit, name) for name in limit.__slots__} | {"kind": limit.kind}


def limit_text(translations: Any, limit: Any) -> str:
    """A limit in words; the core's own English text for a kind without words."""
    params = limit_params(limit)
    text = say(translations, LIMITS, params["kind"], params)
    if text is None or _FIELD.search(text):
        return params["text"] if "text" in params else limit.text()
    return text


def limit_how(translations: Any, limit: Any) -> str | None:
    """How a limit of this kind counts, in plain words; None for a kind that needs none."""
    params = limit_params(limit)
    return say(translations, LIMIT_HOW, params["kind"], params)


def messages() -> list[str | tuple[str, str]]:
    """Every message of the tables: a string, or (singular, plural)."""
    found: dict[str | tuple[str, str], None] = {}
    for table in TABLES.values():
        for entry in table.values():
            for words in entry if isinstance(entry, list) else [entry]:
                found[(words.singular, words.plural) if isinstance(words, Plural) else words] = None
    return list(found)


def catalog_words(translations: Any, plural_samples: Mapping[str, int]) -> dict[str, Any]:
    """The tables translated, for the page's catalog JSON: a message is its text, a message
    with plural forms {"count": param, "forms": {CLDR category: text}} (the form gettext
    gives a number of each category); an entry with several phrasings is a list."""

    def one(words: str | Plural) -> Any:
        if isinstance(words, str):
            return translations.gettext(words)
        forms = {category: translations.ngettext(words.singular, words.plural, n)
                 for category, n in plural_samples.items()}
        return {"count": words.count, "forms": forms}

    return {
        name: {code: [one(w) for w in entry] if isinstance(entry, list) else one(entry)
               for code, entry in table.items()}
        for name, table in TABLES.items()
    }
