"""Loads the rule data: one TOML file per regime in `core/staycheck/regimes/`.

The loader is strict, in the spirit of OpenFisca's parameters: a version without a source,
versions out of order, an unknown country code or limit kind are refused with a message
that names the file and the key, so bad data fails the build instead of giving wrong
answers.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .model import BASES, LIMIT_KINDS, Disputed, Limit, Membership, Regime, Source, Version

HERE = Path(__file__).parent
REGIMES_DIR = HERE / "regimes"
DATA_DIR = HERE / "data"

REGIME_KEYS = {"id", "title", "nationalities", "except_nationalities", "visa_nationalities",
               "area", "counted_bases", "versions", "notes"}
VERSION_KEYS = {"effective_from", "verified_on", "limits", "sources", "notes", "disputed",
                "new_entries_only", "counts_earlier_days", "repealed"}
# `verified_on = "unverified"`: nobody has checked the version against its sources yet.
UNVERIFIED = "unverified"
LIMIT_PARAMS = {
    "rolling": {"days", "period"},
    "calendar_year": {"days"},
    "per_entry": {"days", "months"},
    "break": {"stay_days", "break_days"},
    "accumulating": {"days", "reset_after"},
    "fixed_period": {"days", "period", "period_months"},
}
# Kinds that take exactly one of two keys (the other is the same length in months).
ONE_OF = {"per_entry": ("days", "months"), "fixed_period": ("period", "period_months")}


class RuleDataError(ValueError):
    """Bad rule data; the message names the file and the key."""


@cache
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English short name."""
    with open(DATA_DIR / "countries.toml", "rb") as f:
        return tomllib.load(f)


@cache
def country_groups() -> dict[str, frozenset[str]]:
    """Named groups of countries (`EAEU`, `EU`, ...), written once and used as `@NAME`."""
    path = DATA_DIR / "groups.toml"
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    groups: dict[str, frozenset[str]] = {}
    for name, members in raw.items():
        groups[name] = _expand_codes(members, path, name, groups)
    return groups


@cache
def load_regimes() -> tuple[Regime, ...]:
    """Every regime, sorted by id; refused if two could apply to the same traveller."""
    regimes = tuple(sorted((load_regime(p) for p in REGIMES_DIR.glob("*.toml")),
                           key=lambda r: r.id))
    check_no_overlap(regimes)
    return regimes


def check_no_overlap(regimes: tuple[Regime, ...]) -> None:
    """At most one regime may match a destination and a passport."""
    seen: dict[tuple[str, str], Regime] = {}
    for regime in regimes:
        for destination in regime.destinations:
            for nationality in sorted(regime.nationalities):
                other = seen.setdefault((destination, nationality), regime)
                if other is not regime:
                    raise RuleDataError(
                        f"{regime.path.name}: nationalities: {nationality} passports in "
                        f"{destination} are already covered by {other.path.name}")


def load_regime(path: Path) -> Regime:
    try:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"{path.name}: not valid TOML: {exc}") from exc
    return parse_regime(raw, path)


def parse_regime(raw: dict[str, Any], path: Path) -> Regime:
    where = path.name
    _no_unknown_keys(raw, REGIME_KEYS, where, "")
    regime_id = _required(raw, "id", str, where)
    if regime_id != path.stem:
        raise RuleDataError(f"{where}: id: {regime_id!r} must match the file name {path.stem!r}")
    groups = country_groups()
    nationalities = _expand_codes(_required(raw, "nationalities", list, where), path,
                                  "nationalities", groups)
    exempt = _expand_codes(raw.get("except_nationalities", []), path,
                           "except_nationalities", groups)
    nationalities -= exempt
    # Whose trips are on a visa as a rule (what the regime's notes say): a new trip's basis.
    on_visa = _expand_codes(raw.get("visa_nationalities", []), path, "visa_nationalities",
                            groups)
    if not nationalities:
        raise RuleDataError(f"{where}: nationalities: no nationality is covered")
    bases = _required(raw, "counted_bases", list, where)
    for basis in bases:
        if basis not in BASES:
            raise RuleDataError(f"{where}: counted_bases: unknown basis {basis!r}; "
                                f"known: {', '.join(BASES)}")
    area = tuple(_parse_membership(m, where, i)
                 for i, m in enumerate(_required(raw, "area", list, where)))
    if not area:
        raise RuleDataError(f"{where}: area: at least one country is needed")
    at_home = sorted(nationalities & {m.country for m in area})
    if at_home:
        raise RuleDataError(f"{where}: nationalities: {at_home[0]} citizens are at home in "
                            "the area; exclude them with except_nationalities")
    versions = tuple(_parse_version(v, where, i)
                     for i, v in enumerate(_required(raw, "versions", list, where)))
    if not versions:
        raise RuleDataError(f"{where}: versions: at least one version is needed")
    for i in range(1, len(versions)):
        if versions[i].effective_from <= versions[i - 1].effective_from:
            raise RuleDataError(
                f"{where}: versions[{i}].effective_from: {versions[i].effective_from} must be "
                f"after the previous version's {versions[i - 1].effective_from} "
                "(versions are sorted and dated once each)")
    for i, version in enumerate(versions):
        for j, doubt in enumerate(version.disputed):
            outside = sorted(doubt.nationalities - nationalities)
            if outside:
                raise RuleDataError(f"{where}: versions[{i}].disputed[{j}].nationalities: "
                                    f"{outside[0]} passports are not covered by the regime")
    return Regime(
        id=regime_id,
        title=_required(raw, "title", str, where),
        nationalities=frozenset(nationalities),
        area=area,
        counted_bases=frozenset(bases),
        versions=versions,
        notes=_notes(raw, where, ""),
        exempt=frozenset(exempt),
        visa_nationalities=frozenset(on_visa & nationalities),
        path=path,
    )


def _parse_membership(raw: Any, where: str, i: int) -> Membership:
    key = f"area[{i}]"
    if not isinstance(raw, dict):
        raise RuleDataError(f"{where}: {key}: must be a table with a country")
    _no_unknown_keys(raw, {"country", "from", "until"}, where, key)
    country = _required(raw, "country", str, where, key)
    _check_code(country, where, f"{key}.country")
    first, last = raw.get("from"), raw.get("until")
    for name, value in (("from", first), ("until", last)):
        if value is not None and not _is_date(value):
            raise RuleDataError(f"{where}: {key}.{name}: must be a date like 2023-01-01")
    if first and last and last < first:
        raise RuleDataError(f"{where}: {key}.until: before {key}.from")
    return Membership(country, first, last)


def _parse_version(raw: Any, where: str, i: int) -> Version:
    key = f"versions[{i}]"
    if not isinstance(raw, dict):
        raise RuleDataError(f"{where}: {key}: must be a table")
    _no_unknown_keys(raw, VERSION_KEYS, where, key)
    effective_from = _required(raw, "effective_from", date, where, key)
    verified_on = _verified_on(raw, where, key)
    sources = raw.get("sources") or []
    if not sources:
        raise RuleDataError(f"{where}: {key}.sources: every version needs at least one source")
    parsed_sources = []
    for j, source in enumerate(sources):
        skey = f"{key}.sources[{j}]"
        if not isinstance(source, dict):
            raise RuleDataError(f"{where}: {skey}: must be a table with title and url")
        _no_unknown_keys(source, {"title", "url"}, where, skey)
        url = _required(source, "url", str, where, skey)
        if not url.startswith("https://"):
            raise RuleDataError(f"{where}: {skey}.url: must be an https:// address")
        parsed_sources.append(Source(_required(source, "title", str, where, skey), url))
    repealed = _flag(raw, "repealed", False, where, key)
    limits = tuple(_parse_limit(lim, where, f"{key}.limits[{j}]")
                   for j, lim in enumerate(raw.get("limits", [])))
    if repealed and limits:
        raise RuleDataError(f"{where}: {key}.limits: a repealed version has no limits")
    if not repealed and not limits:
        raise RuleDataError(f"{where}: {key}.limits: a version needs at least one limit "
                            "(or repealed = true)")
    return Version(
        effective_from=effective_from,
        verified_on=verified_on,
        limits=limits,
        sources=tuple(parsed_sources),
        notes=_notes(raw, where, key),
        disputed=_disputed(raw, where, key),
        new_entries_only=_flag(raw, "new_entries_only", False, where, key),
        counts_earlier_days=_flag(raw, "counts_earlier_days", True, where, key),
        repealed=repealed,
    )


def _parse_limit(raw: Any, where: str, key: str) -> Limit:
    if not isinstance(raw, dict) or "kind" not in raw:
        raise RuleDataError(f"{where}: {key}: must be a table with a kind")
    kind = raw["kind"]
    if kind not in LIMIT_KINDS:
        raise RuleDataError(f"{where}: {key}.kind: unknown limit kind {kind!r}; "
                            f"known: {', '.join(LIMIT_KINDS)}")
    params = {k: v for k, v in raw.items() if k != "kind"}
    _no_unknown_keys(params, LIMIT_PARAMS[kind], where, key)
    for name, value in params.items():
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise RuleDataError(f"{where}: {key}.{name}: must be a positive whole number")
    required = set(LIMIT_PARAMS[kind])
    if kind in ONE_OF:
        either = ONE_OF[kind]
        if sum(name in params for name in either) != 1:
            raise RuleDataError(f"{where}: {key}: {kind} takes either {either[0]} "
                                f"or {either[1]}")
        required -= set(either)
    missing = required - params.keys()
    if missing:
        raise RuleDataError(f"{where}: {key}: missing {', '.join(sorted(missing))}")
    if kind in ("rolling", "fixed_period") and params["days"] > params.get("period", 1e9):
        raise RuleDataError(f"{where}: {key}.days: more than the period")
    return LIMIT_KINDS[kind](**params)


def _expand_codes(items: Any, path: Path, key: str,
                  groups: dict[str, frozenset[str]]) -> set[str]:
    where = path.name
    if not isinstance(items, list):
        raise RuleDataError(f"{where}: {key}: must be a list of country codes")
    codes: set[str] = set()
    for item in items:
        if item == "*":
            codes |= set(country_names())
        elif isinstance(item, str) and item.startswith("@"):
            if item[1:] not in groups:
                raise RuleDataError(f"{where}: {key}: unknown group {item!r}")
            codes |= groups[item[1:]]
        else:
            _check_code(item, where, key)
            codes.add(item)
    return codes


def _check_code(code: Any, where: str, key: str) -> None:
    if code not in country_names():
        raise RuleDataError(f"{where}: {key}: unknown country code {code!r} "
                            "(ISO 3166-1 alpha-2 expected)")


def _required(raw: dict[str, Any], name: str, kind: type, where: str, key: str = "") -> Any:
    full = f"{key}.{name}" if key else name
    if name not in raw:
        raise RuleDataError(f"{where}: {full}: missing")
    value = raw[name]
    if kind is date:
        if not _is_date(value):
            raise RuleDataError(f"{where}: {full}: must be a date like 2023-01-27")
    elif not isinstance(value, kind):
        raise RuleDataError(f"{where}: {full}: must be a {kind.__name__}")
    return value


def _flag(raw: dict[str, Any], name: str, default: bool, where: str, key: str) -> bool:
    value = raw.get(name, default)
    if not isinstance(value, bool):
        raise RuleDataError(f"{where}: {key}.{name}: must be true or false")
    return value


def _verified_on(raw: dict[str, Any], where: str, key: str) -> date | None:
    value = _required(raw, "verified_on", object, where, key)
    if value == UNVERIFIED:
        return None
    if not _is_date(value):
        raise RuleDataError(f"{where}: {key}.verified_on: must be a date like 2026-11-25 "
                            f"or {UNVERIFIED!r}")
    return value


def _notes(raw: dict[str, Any], where: str, key: str, name: str = "notes") -> tuple[str, ...]:
    notes = raw.get(name, [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        prefix = f"{key}." if key else ""
        raise RuleDataError(f"{where}: {prefix}{name}: must be a list of texts")
    return tuple(notes)


def _disputed(raw: dict[str, Any], where: str, key: str) -> tuple[Disputed, ...]:
    """`disputed`: texts, or tables {text, nationalities} for a doubt that concerns only
    some passports."""
    items = raw.get("disputed", [])
    if not isinstance(items, list):
        raise RuleDataError(f"{where}: {key}.disputed: must be a list of texts")
    parsed = []
    for j, item in enumerate(items):
        ikey = f"{key}.disputed[{j}]"
        if isinstance(item, str):
            parsed.append(Disputed(item))
            continue
        if not isinstance(item, dict):
            raise RuleDataError(f"{where}: {ikey}: must be a text or a table")
        _no_unknown_keys(item, {"text", "nationalities"}, where, ikey)
        codes = _required(item, "nationalities", list, where, ikey)
        for code in codes:
            _check_code(code, where, f"{ikey}.nationalities")
        parsed.append(Disputed(_required(item, "text", str, where, ikey), frozenset(codes)))
    return tuple(parsed)


def _is_date(value: Any) -> bool:
    # tomllib loads 2023-01-27 as a date and 2023-01-27T00:00 as a datetime (a subclass).
    return isinstance(value, date) and type(value) is date


def _no_unknown_keys(raw: dict[str, Any], allowed: set[str], where: str, key: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        prefix = f"{key}." if key else ""
        raise RuleDataError(f"{where}: {prefix}{unknown[0]}: unknown key; "
                            f"expected one of {', '.join(sorted(allowed))}")


def regime_by_id(regime_id: str) -> Regime | None:
    return next((r for r in load_regimes() if r.id == regime_id), None)


def regimes_for(destination: str) -> tuple[Regime, ...]:
    """The regimes whose area includes `destination` on some date."""
    return tuple(r for r in load_regimes() if destination in r.destinations)


def select_regime(destination: str, nationality: str) -> Regime | None:
    """The one regime for this destination and passport, or None."""
    return next((r for r in regimes_for(destination) if nationality in r.nationalities), None)
