"""Compiles the gettext catalogs into the package when it is built, so that an installed
`staycheck --lang ru` finds them. Everything else about the package is in pyproject.toml.

The catalogs live in site/locale/<lang>/LC_MESSAGES/messages.po (the site and the command
line share them); the package gets staycheck/locale/<lang>/LC_MESSAGES/messages.mo."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent
CATALOGS = HERE / "site" / "locale"


def compile_catalogs(target: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(CATALOGS.glob("*/LC_MESSAGES/messages.po")):
        lang = po.parent.parent.name
        with po.open("rb") as source:
            catalog = read_po(source, locale=lang)
        mo = target / lang / "LC_MESSAGES" / "messages.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as out:
            write_mo(out, catalog)


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        # An editable install imports from the source folder, a wheel from build_lib.
        package = HERE / "core" if self.editable_mode else Path(self.build_lib)
        compile_catalogs(package / "staycheck" / "locale")


setup(cmdclass={"build_py": BuildWithCatalogs})
