/* nas-run-clock.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The clock of a running search, as the Search view shows it: how long
 * this session has worked (pauses left out) and, from that pace, how long
 * the rest will take. Times are monotonic microseconds passed in, so that
 * the arithmetic is tested without waiting. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 start;         /* when this session began, µs */
  gint64 paused_at;     /* when the current pause began, 0 when running */
  gint64 paused_total;  /* the pauses that ended, µs */
} NasRunClock;

void     nas_run_clock_start        (NasRunClock       *clock,
                                     gint64             now);
void     nas_run_clock_pause        (NasRunClock       *clock,
                                     gint64             now);
void     nas_run_clock_resume       (NasRunClock       *clock,
                                     gint64             now);
gboolean nas_run_clock_is_paused    (const NasRunClock *clock);
double   nas_run_clock_elapsed      (const NasRunClock *clock,
                                     gint64             now);
double   nas_run_clock_seconds_left (const NasRunClock *clock,
                                     gint64             now,
                                     double             session_done,
                                     double             left);

G_END_DECLS
