#!/usr/bin/env bash
# The message catalogs in site/locale/, kept with Babel:
#   bash scripts/catalogs.sh update    extract every message into messages.pot and merge
#                                      it into each language's messages.po
#   bash scripts/catalogs.sh init xx   start the catalog of a new language (then update)
#   bash scripts/catalogs.sh compile   compile the .po files into core/staycheck/locale/*.mo for the
#                                      command line (setup.sh runs this; build.py reads the
#                                      .po files itself)
set -euo pipefail
cd "$(dirname "$0")/.."
BABEL=.venv/bin/pybabel
case "${1:-}" in
    init)
        "$BABEL" init -i site/locale/messages.pot -d site/locale -l "${2:?language code}" \
            --no-wrap
        ;;
    update)
        "$BABEL" extract -F babel.cfg -k _n:1,2 -k Nn_:1,2 -k in_language:2 --add-location=file --sort-by-file \
            --no-wrap --project=Staycheck --copyright-holder="Staycheck contributors" \
            -o site/locale/messages.pot .
        compgen -G "site/locale/*/LC_MESSAGES/messages.po" >/dev/null || exit 0
        "$BABEL" update -i site/locale/messages.pot -d site/locale --no-wrap \
            --ignore-obsolete
        ;;
    compile)
        for po in site/locale/*/LC_MESSAGES/messages.po; do
            lang="$(basename "$(dirname "$(dirname "$po")")")"
            mkdir -p "core/staycheck/locale/$lang/LC_MESSAGES"
            "$BABEL" -q compile -i "$po" -o "core/staycheck/locale/$lang/LC_MESSAGES/messages.mo" -l "$lang"
        done
        ;;
    *)
        echo "usage: bash scripts/catalogs.sh update|compile" >&2
        exit 2
        ;;
esac
