// What the scripts' tests read from the Python side, so that they test against the real
// thing: the catalogs (i18n/<locale>.json) as build.py writes them (made once per test
// run with `build.py --catalogs-only`), and answers of staycheck.api.handle. Python is
// the project's .venv's, or $PYTHON.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { useCatalog } from "../../site/static/i18n.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const VENV_PYTHON = join(ROOT, ".venv", "bin", "python");
const INTL = { en: "en-GB", ru: "ru-RU", kk: "kk-KZ" };

const PYTHON = process.env.PYTHON || (existsSync(VENV_PYTHON) ? VENV_PYTHON : "python3");
let folder = null;

function built() {
  if (!folder) {
    const made = mkdtempSync(join(tmpdir(), "staycheck-js-"));
    process.on("exit", () => rmSync(made, { recursive: true, force: true }));
    folder = join(made, "out");
    execFileSync(PYTHON, [join(ROOT, "build.py"), "--catalogs-only", folder], { cwd: ROOT, stdio: "inherit" });
  }
  return folder;
}

const HANDLE_EACH = "import json, sys\nfrom staycheck.api import handle\nprint(json.dumps([json.loads(handle(json.dumps(r))) for r in json.load(sys.stdin)]))";

/** The core's answers to `requests`, in one Python call. */
export function answers(requests) {
  const out = execFileSync(PYTHON, ["-c", HANDLE_EACH], { cwd: ROOT, input: JSON.stringify(requests), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString("utf-8"));
}

/** Each language build.py writes a catalog for, with the Intl locale its page names. */
export function languages() {
  const codes = readdirSync(join(built(), "i18n")).map((name) => name.replace(/\.json$/, ""));
  return codes.map((code) => ({ code, intl: INTL[code] || code }));
}

/** The parsed catalog of `locale`. */
export function catalog(locale) {
  return JSON.parse(readFileSync(join(built(), "i18n", `${locale}.json`), "utf-8"));
}

/** Makes the scripts speak `locale`, as the page in that language does. */
export function speak(locale) {
  useCatalog(catalog(locale), INTL[locale]);
}
