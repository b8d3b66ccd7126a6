"""Common checks over every rule file in staycheck/regimes/, in the spirit of python `holidays`'
CommonCountryTests: the same checks run on every regime, and the loader's refusals are
tested on small bad files.

The checks here do not trust the loader: they re-derive what they check from the parsed
values, so a loader that let bad data through would still be caught.
"""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from staycheck.api import handle
from staycheck.model import Accumulating, Disputed, FixedPeriod, Regime, Version
from staycheck.rules import (
    REGIMES_DIR,
    RuleDataError,
    country_groups,
    country_names,
    load_regime,
    parse_regime,
)
from staycheck.timeline import Rules

# The day-by-day sweep runs from a year before each regime's first version to this day.
SWEEP_LAST_DAY = date(2030, 12, 31)

RULE_FILES = sorted(REGIMES_DIR.glob("*.toml"))


def _regime(path: Path) -> Regime:
    return load_regime(path)


def _all_regimes() -> list[Regime]:
    return [_regime(path) for path in RULE_FILES]


def _days(first: date, last: date):
    """Every day from `first` to `last`, both included."""
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _versions_in_force(regime: Regime, day: date) -> list[Version]:
    """Brute force: each version is in force from its date until the next version's date."""
    in_force = []
    for i, version in enumerate(regime.versions):
        following = regime.versions[i + 1].effective_from if i + 1 < len(regime.versions) else None
        if version.effective_from <= day and (following is None or day < following):
            in_force.append(version)
    return in_force


per_file = pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])


# --- Checks over every rule file --------------------------------------------------------


def test_there_are_rule_files_to_check():
    assert len(RULE_FILES) >= 2


@per_file
def test_every_rule_file_loads_without_error(path: Path):
    regime = _regime(path)
    assert regime.id == path.stem
    assert regime.title.strip()
    assert regime.versions


@per_file
def test_every_version_cites_an_https_source_and_says_when_it_was_verified(path: Path):
    for version in _regime(path).versions:
        assert version.sources, f"{path.name}: {version.effective_from} has no source"
        for source in version.sources:
            assert source.title.strip()
            assert source.url.startswith("https://"), source.url
            assert " " not in source.url, source.url
        # A date, or None where the file says "unverified".
        assert version.verified_on is None or type(version.verified_on) is date
        assert type(version.effective_from) is date


@per_file
def test_every_version_and_regime_says_something_in_its_notes(path: Path):
    regime = _regime(path)
    assert regime.notes, f"{path.name}: the regime has no notes"
    for version in regime.versions:
        assert version.notes, f"{path.name}: {version.effective_from} has no notes"
        assert all(note.strip() for note in version.notes)


@per_file
def test_versions_are_strictly_sorted_by_their_effective_date(path: Path):
    dates = [v.effective_from for v in _regime(path).versions]
    assert all(earlier < later for earlier, later in pairwise(dates))


@per_file
def test_every_country_code_in_a_rule_file_is_a_known_code(path: Path):
    known = set(country_names())
    regime = _regime(path)
    assert regime.nationalities <= known
    assert {m.country for m in regime.area} <= known
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    for key in ("nationalities", "except_nationalities"):
        for item in raw.get(key, []):
            if item == "*":
                continue
            if item.startswith("@"):
                assert item[1:] in country_groups(), f"{path.name}: {key}: {item}"
            else:
                assert item in known, f"{path.name}: {key}: {item}"


@per_file
def test_a_regime_covers_at_least_one_nationality(path: Path):
    assert _regime(path).nationalities


@per_file
def test_nationals_of_a_destination_are_not_covered_by_its_regime(path: Path):
    regime = _regime(path)
    for destination in regime.destinations:
        assert destination not in regime.nationalities, (
            f"{path.name}: nationals of {destination} are at home there")


def test_no_two_regimes_match_the_same_destination_and_nationality():
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for regime in _all_regimes():
        for destination in regime.destinations:
            for nationality in regime.nationalities:
                owners[(destination, nationality)].append(regime.id)
    clashes = {pair: ids for pair, ids in owners.items() if len(ids) > 1}
    assert not clashes, f"more than one regime for: {sorted(clashes.items())[:10]}"


@per_file
def test_exactly_one_version_applies_on_every_day_from_the_first_through_2030(path: Path):
    # The engine's own lookup, asked on every day, against the versions' dates.
    regime = _regime(path)
    rules = Rules(regime)
    first = regime.versions[0].effective_from
    for day in _days(first - timedelta(days=366), SWEEP_LAST_DAY):
        in_force = _versions_in_force(regime, day)
        engine = rules.in_force(day.toordinal())
        if day < first:
            assert not in_force, f"{path.name}: a version applies on {day}, before {first}"
            assert engine is None, f"{path.name}: the engine applies a rule on {day}"
            continue
        assert len(in_force) == 1, f"{path.name}: {len(in_force)} versions on {day}"
        version = in_force[0]
        # A day is governed either by limits or by an explicit repeal, never by nothing.
        assert version.repealed or version.limits, f"{path.name}: nothing applies on {day}"
        assert not (version.repealed and version.limits)
        assert engine is (None if version.repealed else version), (
            f"{path.name}: the engine applies another version on {day}")


@per_file
def test_the_first_version_of_a_regime_is_not_a_repeal(path: Path):
    assert not _regime(path).versions[0].repealed


def _answered_version(regime: Regime, day: date) -> str | None:
    """The effective date of the version the API answers with on `day` (no trips), or
    None where it answers that no rule applies."""
    answer = json.loads(handle(json.dumps({"regime": regime.id, "on": day.isoformat(),
                                           "stays": []})))
    if not answer["ok"]:
        assert answer["error"]["code"] == "no_rule", answer["error"]
        return None
    return answer["regime"]["version"]["effective_from"]


@per_file
def test_the_day_before_and_the_day_of_each_change_fall_under_different_versions(path: Path):
    regime = _regime(path)
    for earlier, later in pairwise(regime.versions):
        change = later.effective_from
        assert _versions_in_force(regime, change - timedelta(days=1)) == [earlier]
        assert _versions_in_force(regime, change) == [later]
        for day, version in ((change - timedelta(days=1), earlier), (change, later)):
            expected = None if version.repealed else version.effective_from.isoformat()
            assert _answered_version(regime, day) == expected, f"{path.name}: {day}"


def test_the_country_groups_use_only_known_codes():
    known = set(country_names())
    for name, members in country_groups().items():
        assert members, name
        assert members <= known, name


# --- The loader refuses bad rule data, naming the file and the key ------------------------

GOOD_REGIME = """\
id = "{name}"
title = "Test regime"
nationalities = ["US"]
counted_bases = ["visa-free"]
area = [{{ country = "KZ" }}]

[[versions]]
effective_from = 2023-01-27
verified_on = 2026-11-25
limits = [{{ kind = "rolling", days = 90, period = 180 }}]
sources = [{{ title = "A source", url = "https://example.org/a" }}]
"""

SECOND_VERSION = """
[[versions]]
effective_from = {when}
verified_on = 2026-11-25
limits = [{{ kind = "per_entry", days = 30 }}]
sources = [{{ title = "Another source", url = "https://example.org/b" }}]
"""


def _write(tmp_path: Path, text: str, name: str = "test-regime") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(RuleDataError) as excinfo:
        load_regime(path)
    return str(excinfo.value)


def test_a_good_small_rule_file_loads(tmp_path: Path):
    regime = load_regime(_write(tmp_path, GOOD_REGIME.format(name="test-regime")))
    assert regime.nationalities == {"US"}


GOOD_SOURCE = 'sources = [{ title = "A source", url = "https://example.org/a" }]\n'


@pytest.mark.parametrize(("old", "new", "named"), [
    pytest.param(GOOD_SOURCE, "", ["versions[0].sources"], id="a version without sources"),
    pytest.param("https://example.org/a", "http://example.org/a",
                 ["versions[0].sources[0].url"], id="a source without an https address"),
    pytest.param(GOOD_SOURCE, GOOD_SOURCE + SECOND_VERSION.format(when="2020-01-01"),
                 ["versions[1].effective_from"], id="versions out of order"),
    pytest.param(GOOD_SOURCE, GOOD_SOURCE + SECOND_VERSION.format(when="2023-01-27"),
                 ["versions[1].effective_from"], id="two versions with the same date"),
    pytest.param('["US"]', '["US", "QQ"]', ["nationalities", "'QQ'"],
                 id="an unknown country code"),
    pytest.param('country = "KZ"', 'country = "ZZ"', ["area[0].country"],
                 id="an unknown country code in the area"),
    pytest.param('kind = "rolling"', 'kind = "sliding"',
                 ["versions[0].limits[0].kind", "'sliding'"], id="an unknown limit kind"),
    pytest.param('title = "Test regime"\n', 'title = "Test regime"\ncolour = "blue"\n',
                 ["colour"], id="an unknown key"),
    pytest.param("verified_on = 2026-11-25\n", 'verified_on = 2026-11-25\nverified_by = "me"\n',
                 ["versions[0].verified_by"], id="an unknown key inside a version"),
    pytest.param("effective_from = 2023-01-27", "effective_from = 2023-01-27T00:00:00",
                 ["versions[0].effective_from"], id="a datetime where a date is expected"),
    pytest.param("limits = [", 'new_entries_only = "false"\nlimits = [',
                 ["versions[0].new_entries_only"], id="a flag written as a string"),
    pytest.param("limits = [", 'notes = "one text"\nlimits = [', ["versions[0].notes"],
                 id="notes that are a text, not a list of texts"),
    pytest.param('nationalities = ["US"]', 'nationalities = ["US"]\n'
                 'except_nationalities = ["US"]', ["nationalities"],
                 id="a regime whose exceptions leave no nationality"),
    pytest.param('nationalities = ["US"]', 'nationalities = ["US", "KZ"]', ["nationalities"],
                 id="a regime that covers the area's own citizens"),
    pytest.param("verified_on = 2026-11-25", 'verified_on = "last week"',
                 ["versions[0].verified_on", "unverified"],
                 id="verified_on neither a date nor unverified"),
    pytest.param("limits = [", 'disputed = "one text"\nlimits = [', ["versions[0].disputed"],
                 id="disputed that is a text, not a list of texts"),
    pytest.param('kind = "rolling", days = 90, period = 180',
                 'kind = "accumulating", days = 90', ["versions[0].limits[0]", "reset_after"],
                 id="an accumulating limit without reset_after"),
    pytest.param('kind = "rolling", days = 90, period = 180',
                 'kind = "fixed_period", days = 90, period = 180, period_months = 6',
                 ["versions[0].limits[0]", "period_months"],
                 id="a fixed period given in days and in months"),
    pytest.param('kind = "rolling", days = 90, period = 180',
                 'kind = "fixed_period", days = 190, period = 180',
                 ["versions[0].limits[0].days"], id="a fixed period shorter than its days"),
    pytest.param('kind = "rolling", days = 90, period = 180',
                 'kind = "accumulating", days = 90, reset_after = 0',
                 ["versions[0].limits[0].reset_after"], id="a reset after no days"),
])
def test_the_loader_refuses_bad_data_naming_the_file_and_the_key(tmp_path: Path, old, new,
                                                                  named):
    good = GOOD_REGIME.format(name="test-regime")
    assert old in good
    message = _refusal(_write(tmp_path, good.replace(old, new, 1)))
    assert "test-regime.toml" in message
    for part in named:
        assert part in message


@pytest.mark.parametrize(("limit", "expected"), [
    ('{ kind = "accumulating", days = 90, reset_after = 90 }', Accumulating(90, 90)),
    ('{ kind = "fixed_period", days = 90, period = 180 }', FixedPeriod(90, period=180)),
    ('{ kind = "fixed_period", days = 90, period_months = 6 }',
     FixedPeriod(90, period_months=6)),
])
def test_the_chain_limit_kinds_load_with_their_numbers(tmp_path: Path, limit, expected):
    good = GOOD_REGIME.format(name="test-regime")
    text = good.replace('{ kind = "rolling", days = 90, period = 180 }', limit)
    assert load_regime(_write(tmp_path, text)).versions[0].limits == (expected,)


def test_verified_on_may_say_unverified_and_disputed_lists_the_readings(tmp_path: Path):
    good = GOOD_REGIME.format(name="test-regime")
    text = good.replace("verified_on = 2026-11-25",
                        'verified_on = "unverified"\ndisputed = ["We read A; B reads C."]')
    version = load_regime(_write(tmp_path, text)).versions[0]
    assert version.verified_on is None
    assert version.disputed == (Disputed("We read A; B reads C."),)
    assert load_regime(_write(tmp_path, good)).versions[0].disputed == ()


def test_a_disputed_reading_may_concern_some_passports_only(tmp_path: Path):
    good = GOOD_REGIME.format(name="test-regime")
    nationality = tomllib.loads(good)["nationalities"][0]
    doubt = f'disputed = [{{ text = "Only them.", nationalities = ["{nationality}"] }}]'
    text = good.replace("verified_on = 2026-11-25", f"verified_on = 2026-11-25\n{doubt}")
    version = load_regime(_write(tmp_path, text)).versions[0]
    assert version.disputed == (Disputed("Only them.", frozenset({nationality})),)
    assert version.disputed[0].concerns(nationality) and not version.disputed[0].concerns("ZZ")
    outside = doubt.replace(f'"{nationality}"', '"AQ"')
    with pytest.raises(RuleDataError, match=r"disputed\[0\]\.nationalities: AQ passports"):
        load_regime(_write(tmp_path, good.replace("verified_on = 2026-11-25",
                                                  f"verified_on = 2026-11-25\n{outside}")))


def test_parse_regime_refuses_a_datetime_value_given_directly(tmp_path: Path):
    raw = tomllib.loads(GOOD_REGIME.format(name="test-regime"))
    raw["versions"][0]["verified_on"] = datetime(2026, 11, 25, 12, 0)
    with pytest.raises(RuleDataError) as excinfo:
        parse_regime(raw, tmp_path / "test-regime.toml")
    assert "test-regime.toml" in str(excinfo.value)
    assert "versions[0].verified_on" in str(excinfo.value)


def test_the_loader_refuses_an_id_that_does_not_match_the_file_name(tmp_path: Path):
    text = GOOD_REGIME.format(name="another-regime")
    message = _refusal(_write(tmp_path, text, name="test-regime"))
    assert "test-regime.toml" in message
    assert "id" in message
    assert "'another-regime'" in message


def test_the_loader_refuses_a_file_that_is_not_valid_toml(tmp_path: Path):
    text = GOOD_REGIME.format(name="test-regime") + "\nthis is not toml\n"
    message = _refusal(_write(tmp_path, text))
    assert "test-regime.toml" in message


def test_two_regimes_for_the_same_passport_and_destination_are_refused(tmp_path: Path):
    from staycheck.rules import check_no_overlap

    first = load_regime(_write(tmp_path, GOOD_REGIME.format(name="first"), name="first"))
    second = load_regime(_write(tmp_path, GOOD_REGIME.format(name="second"), name="second"))
    with pytest.raises(RuleDataError) as excinfo:
        check_no_overlap((first, second))
    assert "second.toml" in str(excinfo.value)
    assert "first.toml" in str(excinfo.value)
