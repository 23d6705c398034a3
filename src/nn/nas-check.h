/* nas-check.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shape and invariant checks of the numeric core. Unlike g_assert() these
 * survive G_DISABLE_ASSERT: a wrong shape in a kernel would otherwise become a
 * silent out-of-bounds access, which is never worth the nanoseconds saved. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

G_NORETURN void nas_check_failed (const char *file,
                                  int         line,
                                  const char *func,
                                  const char *expr);

#define NAS_CHECK(expr) \
  G_STMT_START { \
    if G_LIKELY (expr) { } \
    else nas_check_failed (__FILE__, __LINE__, G_STRFUNC, #expr); \
  } G_STMT_END

G_END_DECLS
