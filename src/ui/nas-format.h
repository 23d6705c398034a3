/* nas-format.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Numbers as the Search view writes them for people: a duration rounded to
 * what a person plans with, a count in the locale's grouping. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *nas_format_duration (double seconds);
char *nas_format_count    (double count);

G_END_DECLS
