"""The rules page's description of one regime (site/_regime.html), rendered on its own:
the new limit kinds in words with their explanation, the disputed readings, and each
version's check date, marked where it is over a year old or missing."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import build  # noqa: E402
from staycheck.rules import country_names, load_regime  # noqa: E402

TEST_REGIMES = ROOT / "tests" / "core" / "regimes"


def render(regime, locale: str = "en", build_day: date = date(2026, 12, 1),
           monkeypatch=None) -> str:
    epoch = datetime(build_day.year, build_day.month, build_day.day, tzinfo=UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch)))
    env = build.make_environment(build.load_translations(locale), country_names(), locale)
    html = env.get_template("_regime.html").render(
        regime=regime, hidden=False, bases=build.core_bases(), country_names=country_names())
    return re.sub(r"\s+", " ", html)


def test_an_accumulating_limit_is_worded_and_explained_in_each_language(monkeypatch):
    regime = load_regime(TEST_REGIMES / "kg-accumulating-test.toml")
    en = render(regime, monkeypatch=monkeypatch)
    assert ("at most 90 days in total; the count starts again only after 90 days in a row "
            "outside") in en
    assert "leaving and coming back does not start a new count" in en
    ru = render(regime, "ru", monkeypatch=monkeypatch)
    assert "не более 90 дней в сумме" in ru
    assert "выезд и повторный въезд не начинают новый счёт" in ru
    kk = render(regime, "kk", monkeypatch=monkeypatch)
    assert "барлығы 90 күннен аспайды" in kk


def test_a_fixed_period_is_worded_in_days_or_months_and_explained(monkeypatch):
    mongolia = render(load_regime(TEST_REGIMES / "mn-fixed-period-test.toml"), "ru",
                      monkeypatch=monkeypatch)
    assert "не более 90 дней в течение 180 дней с даты первого въезда" in mongolia
    assert "в отличие от скользящего периода" in mongolia
    schengen = render(load_regime(TEST_REGIMES / "schengen-2013-test.toml"),
                      monkeypatch=monkeypatch)
    assert "at most 90 days within 6 months from the first entry" in schengen
    assert "unlike a rolling window" in schengen


def test_a_disputed_reading_is_shown_beside_the_version(monkeypatch):
    html = render(load_regime(TEST_REGIMES / "kg-accumulating-test.toml"),
                  monkeypatch=monkeypatch)
    assert ("<strong>Sources disagree:</strong> The data counts as the border service does; "
            "a rolling 90 days in 180 is the other reading.") in html


@pytest.mark.parametrize(("build_day", "status"), [
    (date(2026, 12, 1), "checked"),  # checked 365 days before the build
    (date(2026, 12, 2), "stale"),  # 366 days
])
def test_a_check_over_a_year_before_the_build_is_marked(monkeypatch, build_day, status):
    regime = load_regime(TEST_REGIMES / "mn-fixed-period-test.toml")
    regime = replace(regime, versions=(replace(regime.versions[0],
                                               verified_on=date(2025, 12, 1)),))
    html = render(regime, build_day=build_day, monkeypatch=monkeypatch)
    assert f'data-check="{status}"' in html
    assert "Sources (last checked 1 Dec 2025):" in html
    marked = "Not checked for over a year: the rule may have changed since." in html
    assert marked == (status == "stale")
    ru = render(regime, "ru", build_day=build_day, monkeypatch=monkeypatch)
    assert ("Не проверялось больше года" in ru) == (status == "stale")


def test_an_unverified_version_says_so_instead_of_a_date(monkeypatch):
    html = render(load_regime(TEST_REGIMES / "kg-accumulating-test.toml"), "kk",
                  monkeypatch=monkeypatch)
    assert 'data-check="unverified"' in html
    assert "ереженің бұл нұсқасы олар бойынша әлі тексерілмеген" in html
