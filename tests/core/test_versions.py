"""`python -m staycheck.versions`: every version with the day its sources were checked,
the longest unchecked first, and which checks are overdue (over a year old)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from staycheck.rules import load_regimes
from staycheck.versions import CHECKED, STALE, UNVERIFIED, check_status, entries, main

D = date


def _version(verified_on):
    return replace(load_regimes()[0].versions[0], verified_on=verified_on)


@pytest.mark.parametrize(("on", "status"), [
    (D(2026, 12, 1), CHECKED),  # checked 365 days before: still within a year
    (D(2026, 12, 2), STALE),  # 366 days: over a year
])
def test_a_check_is_overdue_from_the_366th_day_after_it(on, status):
    assert check_status(_version(D(2025, 12, 1)), on) == status


def test_a_version_nobody_checked_is_unverified_whatever_the_day():
    assert check_status(_version(None), D(2020, 1, 1)) == UNVERIFIED


def test_the_list_puts_unverified_versions_first_then_the_oldest_checks():
    regime = load_regimes()[0]
    dates = [None, D(2024, 5, 1), D(2026, 1, 1), D(2022, 3, 1), None]
    versions = tuple(replace(regime.versions[0], verified_on=d,
                             effective_from=D(2000 + i, 1, 1)) for i, d in enumerate(dates))
    listed = entries((replace(regime, versions=versions),), D(2026, 12, 1))
    assert [e.version.verified_on for e in listed] == [None, None, D(2022, 3, 1),
                                                       D(2024, 5, 1), D(2026, 1, 1)]
    assert [e.status for e in listed] == [UNVERIFIED, UNVERIFIED, STALE, STALE, CHECKED]


def test_the_command_lists_every_version_with_its_sources(capsys):
    assert main(["--json", "--on", "2026-12-01"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == sum(len(r.versions) for r in load_regimes())
    assert all(item["sources"] and item["status"] in (UNVERIFIED, STALE, CHECKED)
               for item in listed)
    keys = [(item["verified_on"] is not None, item["verified_on"] or "") for item in listed]
    assert keys == sorted(keys)


def test_the_text_listing_names_the_regime_the_date_and_each_source(capsys):
    regime = load_regimes()[0]
    assert main(["--on", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert f"{regime.id}  from {regime.versions[0].effective_from}" in out
    assert f"<{regime.versions[0].sources[0].url}>" in out


def test_due_lists_only_the_versions_never_checked_or_checked_over_a_year_ago(capsys):
    assert main(["--json", "--due", "--on", "2099-01-01"]) == 0
    everything = json.loads(capsys.readouterr().out)
    assert len(everything) == sum(len(r.versions) for r in load_regimes())
    assert main(["--json", "--due", "--on", "2000-01-01"]) == 0
    assert all(item["status"] == UNVERIFIED for item in json.loads(capsys.readouterr().out))
