"""Lighthouse on the built site, served gzipped as GitHub Pages serves it.

    .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--pages / ru/ kk/] [--keep DIR]

Builds the site (with its public address set to the local server's, so the hreflang links
are absolute as in the deployed build), serves it with local_site.py's Pages-like server
(gzip, ETags, max-age=600), and runs the pinned Lighthouse (node_modules, npm
`lighthouse`) in Debian's Chromium with the project's headless flags: mobile, default
simulated throttling, the four categories. Prints each run's scores and cumulative layout
shift, then the median per page, and the load average before and after: on a shared
machine the performance score drops with the load. Each run also names what shifted (the
`layout-shifts` audit: the element and its share of the score) and the element that was
the largest contentful paint; `--keep DIR` keeps every run's JSON report there.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import build  # noqa: E402
from local_site import CHROMIUM, CHROMIUM_ARGS, StaticServer  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def chrome_flags() -> str:
    """The project's Chromium flags as one --chrome-flags string (quoted where they hold
    spaces), headless."""
    flags = ["--headless=new"]
    for flag in CHROMIUM_ARGS:
        if flag.startswith("--disable-features="):
            continue  # Playwright's list repeated: it would replace chrome-launcher's own
        name, _, value = flag.partition("=")
        flags.append(f'{name}="{value}"' if " " in value else flag)
    return " ".join(flags)


def unread(audit: dict) -> str | None:
    """The first words of an audit's error, or None when it ran."""
    error = audit.get("errorMessage")
    return f"not read ({error[:60]}...)" if error else None


def run_lighthouse(url: str, report: Path) -> dict:
    command = [
        str(LIGHTHOUSE), url,
        "--output=json", f"--output-path={report}", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={chrome_flags()}",
    ]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: result["categories"][name]["score"] for name in CATEGORIES}
    audits = result["audits"]
    scores["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    scores["lcp_ms"] = audits["largest-contentful-paint"]["numericValue"]
    scores["tbt_ms"] = audits["total-blocking-time"]["numericValue"]
    # Equal when the largest paint is the first one (nothing larger is drawn later).
    observed = audits["metrics"]["details"]["items"][0]
    scores["observed_fcp_ms"] = observed["observedFirstContentfulPaint"]
    scores["observed_lcp_ms"] = observed["observedLargestContentfulPaint"]
    # Lighthouse 12.2.3 cannot read these from this Chromium's trace (its RootCauses
    # gatherer fails): then the audit's error is named instead (tests/e2e/test_layout.py
    # records the shifts and what moved itself).
    shifts = audits.get("layout-shifts", {})
    scores["shifts"] = unread(shifts) or ", ".join(
        f"{item['score']:.3f} {item.get('node', {}).get('selector', '?')}"
        for item in shifts.get("details", {}).get("items", [])
    ) or "none"
    lcp = audits.get("largest-contentful-paint-element", {})
    scores["lcp_element"] = unread(lcp) or next(
        (item["node"].get("selector", "?")
         for table in lcp.get("details", {}).get("items", []) for item in table.get("items", [])
         if "node" in item),
        "?",
    )
    scores["failed"] = sorted(
        audit_id
        for name in CATEGORIES[1:]
        for ref in result["categories"][name]["auditRefs"]
        if ref["weight"] and (audit_id := ref["id"]) and audits[audit_id]["score"] not in (1, None)
    )
    return scores


def line(label: str, scores: dict) -> str:
    figures = "  ".join(f"{scores[name]:.2f}" for name in CATEGORIES)
    return (f"{label:<14} {figures}   cls {scores['cls']:.3f}  lcp {scores['lcp_ms']:5.0f} ms"
            f"  tbt {scores['tbt_ms']:4.0f} ms  {' '.join(scores['failed'])}")


def details(scores: dict) -> str:
    """What shifted (score, element) and the LCP element, for one run."""
    return (
        f"{'':<14} observed (unthrottled) first paint {scores['observed_fcp_ms']:.0f} ms,"
        f" largest {scores['observed_lcp_ms']:.0f} ms\n"
        f"{'':<14} shifts: {scores['shifts']}\n{'':<14} lcp element: {scores['lcp_element']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", nargs="+", default=["", "ru/", "kk/"])
    parser.add_argument("--keep", type=Path, help="a folder to keep each run's JSON report in")
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()}", flush=True)
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build.main([str(site), "--base-url", f"http://127.0.0.1:{port}/"])
        server = StaticServer(site, like_pages=True, port=port)
        server.compress_ahead()
        print(f"{'page':<14} {'perf  a11y  b-p   seo'}", flush=True)
        medians = {}
        try:
            for page in args.pages:
                runs = []
                for run in range(args.runs):
                    report = Path(folder) / "report.json"
                    if args.keep:
                        args.keep.mkdir(parents=True, exist_ok=True)
                        report = args.keep / f"{page.strip('/') or 'en'}-{run + 1}.json"
                    scores = run_lighthouse(server.url + page, report)
                    runs.append(scores)
                    print(line(f"/{page} #{run + 1}", scores), flush=True)
                    print(details(scores), flush=True)
                medians[page] = {
                    name: statistics.median(r[name] for r in runs)
                    for name in (*CATEGORIES, "cls", "lcp_ms", "tbt_ms")
                } | {"failed": sorted({a for r in runs for a in r["failed"]})}
        finally:
            server.stop()
    print(f"median of {args.runs} runs")
    for page, scores in medians.items():
        print(line(f"/{page}", scores))
    print(f"load average at the end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
