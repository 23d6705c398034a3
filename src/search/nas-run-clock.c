/* nas-run-clock.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The ETA of a running search: elapsed working time, with every pause
 * (the one going on included) left out, and the time left extrapolated
 * from this session's pace. A resumed run's earlier sessions do not count:
 * their pace was measured on another day, perhaps another machine. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-run-clock.h"

/* Too little done to extrapolate from: a twentieth of an episode, or
 * under a second of work. */
#define MIN_SESSION_DONE 0.05
#define MIN_ELAPSED      1.0

/* Starts a session at @now: nothing done, nothing paused. */
void
nas_run_clock_start (NasRunClock *clock,
                     gint64       now)
{
  g_return_if_fail (clock != NULL);

  clock->start = now;
  clock->paused_at = 0;
  clock->paused_total = 0;
}

/* A pause begins at @now; pausing a paused clock changes nothing. */
void
nas_run_clock_pause (NasRunClock *clock,
                     gint64       now)
{
  g_return_if_fail (clock != NULL);

  if (clock->paused_at == 0)
    clock->paused_at = MAX (now, 1);
}

/* The pause ends at @now and its length is left out from then on. */
void
nas_run_clock_resume (NasRunClock *clock,
                      gint64       now)
{
  g_return_if_fail (clock != NULL);

  if (clock->paused_at != 0)
    clock->paused_total += MAX (0, now - clock->paused_at);
  clock->paused_at = 0;
}

gboolean
nas_run_clock_is_paused (const NasRunClock *clock)
{
  g_return_val_if_fail (clock != NULL, FALSE);

  return clock->paused_at != 0;
}

/* Seconds of work since the start, pauses (the current one too) left out. */
double
nas_run_clock_elapsed (const NasRunClock *clock,
                       gint64             now)
{
  gint64 paused;

  g_return_val_if_fail (clock != NULL, 0);

  paused = clock->paused_total + (clock->paused_at != 0 ? now - clock->paused_at : 0);

  return MAX (0, now - clock->start - paused) / (double) G_USEC_PER_SEC;
}

/**
 * nas_run_clock_seconds_left:
 * @session_done: episodes done in this session (fractions for a child
 *   part-way)
 * @left: episodes left to do
 *
 * Returns: the seconds the @left episodes take at this session's pace, or
 *   NAN while too little is done to tell
 */
double
nas_run_clock_seconds_left (const NasRunClock *clock,
                            gint64             now,
                            double             session_done,
                            double             left)
{
  double elapsed;

  g_return_val_if_fail (clock != NULL, NAN);

  elapsed = nas_run_clock_elapsed (clock, now);
  if (session_done < MIN_SESSION_DONE || elapsed < MIN_ELAPSED)
    return NAN;

  return elapsed / session_done * MAX (0, left);
}
