"""Run inside Pyodide before the memory snapshot is taken (scripts/make_snapshot.mjs):
import the core and answer requests that touch every module and the rule data, so the
restored interpreter needs no file and imports nothing before its first answer."""

import gc
import json
import sys

# The core was written after start-up listed site-packages: forget that listing.
# (importlib.invalidate_caches() would also import importlib.metadata into the heap.)
for finder in list(sys.path_importer_cache.values()):
    if hasattr(finder, "invalidate_caches"):
        finder.invalidate_caches()

import staycheck.api  # noqa: E402
from staycheck.rules import country_names, load_regimes  # noqa: E402

load_regimes()
country_names()
SAMPLES = (
    {
        "destination": "KZ",
        "nationality": "RU",
        "on": "2023-05-10",
        "stays": [
            {"entry": "2023-02-01", "exit": "2023-04-01", "country": "KZ", "basis": "visa-free"},
            {"entry": "2023-04-10", "exit": None},
        ],
        "plan": {"entry": "2023-09-01"},
    },
    {"destination": "KZ", "nationality": "RU", "on": "2023-05-10",
     "stays": [{"entry": "2023-13-01", "exit": None}]},
    "not json",
)
for sample in SAMPLES:
    request = sample if isinstance(sample, str) else json.dumps(sample)
    reply = json.loads(staycheck.api.handle(request))
    assert reply["ok"] == (sample is SAMPLES[0]), reply
gc.collect()
