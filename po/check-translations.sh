#!/bin/sh
# check-translations.sh SRCDIR
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when a catalogue of po/LINGUAS misses or leaves untranslated a
# message of the sources listed in po/POTFILES.in: extracts them as the
# build's nascent-pot target does (i18n.gettext's glib preset) into a
# temporary template and compares each catalogue with msgcmp.

set -eu
srcdir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$srcdir"
grep -v '^#' po/POTFILES.in | sed '/^[[:space:]]*$/d' > "$tmp/files"
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --files-from="$tmp/files" --output="$tmp/nascent.pot"

status=0
for lang in $(sed 's/#.*//' po/LINGUAS); do
  if msgcmp "po/$lang.po" "$tmp/nascent.pot" 2> "$tmp/$lang.log"; then
    echo "po/$lang.po translates every message of the sources"
  else
    grep -v 'this message is not used' "$tmp/$lang.log" || true
    status=1
  fi
done
exit $status
