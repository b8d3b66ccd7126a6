"""The package as users install it: a wheel built from this tree, installed into a fresh
virtual environment, run from outside the source tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "trips.csv"


def test_the_installed_wheel_is_staycheck_alone_and_speaks_russian_and_kazakh(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = wheels.glob("staycheck-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
        names = set(archive.namelist())
    assert {t for t in tops if not t.endswith(".dist-info")} == {"staycheck"}
    for lang in ("ru", "kk"):
        assert f"staycheck/locale/{lang}/LC_MESSAGES/messages.mo" in names

    env = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        check=True, capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    trips = shutil.copy(EXAMPLE, elsewhere / "trips.csv")

    def staycheck(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(env / "bin" / "staycheck"), str(trips), "--to", "KZ", "--passport", "RU",
             "--on", "2023-09-15", *args],
            cwd=elsewhere, capture_output=True, text=True, check=False,
        )

    russian = staycheck("--lang", "ru")
    assert russian.returncode == 1, russian.stderr  # over the limit on the control day
    assert "Казахстан" in russian.stdout
    assert "использовано 113 из 90 дней" in russian.stdout
    kazakh = staycheck("--lang", "kk")
    assert kazakh.returncode == 1, kazakh.stderr
    assert "90 күннің 113 күні пайдаланылды" in kazakh.stdout

    no_core = subprocess.run([str(python), "-c", "import core"], cwd=elsewhere,
                             capture_output=True, check=False)
    assert no_core.returncode != 0
