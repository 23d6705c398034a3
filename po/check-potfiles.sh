#!/bin/sh
# check-potfiles.sh SRCDIR
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when po/POTFILES.in misses a source file with translatable strings
# (gettext calls in C, translatable="yes" in .ui), or lists a file that does
# not exist: either way strings would silently never reach translators.
# Also fails on a gettext call whose msgid splices a G_G*_FORMAT macro:
# xgettext cuts the msgid there ("Run %"), so no catalogue can match it.

set -eu
srcdir=$1
potfiles="$srcdir/po/POTFILES.in"
status=0

listed=$(grep -v '^#' "$potfiles" | sed '/^[[:space:]]*$/d')

for f in $listed; do
  if [ ! -f "$srcdir/$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist"
    status=1
  fi
done

cd "$srcdir"
found=$( { grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dpgettext2|g_dngettext|ngettext)[[:space:]]*\(' src --include='*.c' || true
           grep -rl 'translatable="yes"' ui src --include='*.ui' 2>/dev/null || true; } | sort -u)

for f in $found; do
  if ! printf '%s\n' "$listed" | grep -qxF "$f"; then
    echo "$f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done

# Use PRId64/PRIu64 (segments xgettext and gettext know), or format the
# number first and pass it as %s.
spliced=$(grep -rnE '(^|[^A-Za-z0-9_])(N?C?_|g_dpgettext2|g_dngettext|ngettext)[[:space:]]*\([^)]*"[[:space:]]*G_G[A-Z0-9]+_FORMAT' \
            src --include='*.c' || true)
if [ -n "$spliced" ]; then
  echo "these msgids splice a G_G*_FORMAT macro, which xgettext cuts:"
  echo "$spliced"
  status=1
fi

[ $status -eq 0 ] && echo "po/POTFILES.in lists all $(printf '%s\n' "$found" | wc -l) source files with translatable strings"
exit $status
