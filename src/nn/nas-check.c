/* nas-check.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "nas-check.h"

void
nas_check_failed (const char *file,
                  int         line,
                  const char *func,
                  const char *expr)
{
  /* Not g_error(): it may be made non-fatal by a log handler, and a failed
   * shape check must never continue. */
  fprintf (stderr, "%s:%d: %s: check failed: (%s)\n", file, line, func, expr);
  fflush (stderr);
  abort ();
}
