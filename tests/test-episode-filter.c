/* test-episode-filter.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* History's numeric bounds on episodes, headless: each bound alone, at
 * its edge (inclusive), together, off again; an invalid architecture
 * (no accuracy) and equality of filters. */

#define G_LOG_DOMAIN "test-episode-filter"

#include "config.h"

#include <math.h>

#include "nas-episode-filter.h"

static NasEpisodeRecord *
record (double   accuracy,
        guint64  params,
        guint64  flops)
{
  NasEpisodeRecord *r = nas_episode_record_new ();

  r->validation_accuracy = accuracy;
  r->params = params;
  r->flops = flops;
  return r;
}

static void
test_filter_bounds (void)
{
  g_autoptr(GPtrArray) episodes = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_episode_record_free);
  NasEpisodeFilter filter;
  /* Which of the four below each filter keeps, one bit each. */
  struct { NasEpisodeBounds active; double acc; guint64 params, flops; guint kept; } cases[] = {
    { 0,                                     0,    0,      0,         0xf },
    { NAS_EPISODE_BOUND_MIN_VALIDATION,      0.98, 0,      0,         0x3 },
    { NAS_EPISODE_BOUND_MIN_VALIDATION,      0.99, 0,      0,         0x1 },   /* inclusive */
    { NAS_EPISODE_BOUND_MIN_VALIDATION,      0.0,  0,      0,         0x7 },   /* NAN never */
    { NAS_EPISODE_BOUND_MAX_PARAMS,          0,    20000,  0,         0xe },   /* inclusive */
    { NAS_EPISODE_BOUND_MAX_FLOPS,           0,    0,      1000000,   0xc },
    { NAS_EPISODE_BOUND_MIN_VALIDATION |
      NAS_EPISODE_BOUND_MAX_PARAMS,          0.9,  50000,  0,         0x6 },
    { NAS_EPISODE_BOUND_MIN_VALIDATION |
      NAS_EPISODE_BOUND_MAX_PARAMS |
      NAS_EPISODE_BOUND_MAX_FLOPS,           0.9,  50000,  1000000,   0x4 },
  };

  g_ptr_array_add (episodes, record (0.99, 120000, 9000000));
  g_ptr_array_add (episodes, record (0.985, 20000, 2000000));
  g_ptr_array_add (episodes, record (0.95, 8000, 600000));
  g_ptr_array_add (episodes, record (NAN, 0, 0));

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint kept = 0;

      nas_episode_filter_init (&filter);
      filter.active = cases[c].active;
      filter.min_validation = cases[c].acc;
      if (cases[c].params != 0)
        filter.max_params = cases[c].params;
      if (cases[c].flops != 0)
        filter.max_flops = cases[c].flops;
      g_assert_cmpint (nas_episode_filter_is_active (&filter), ==, cases[c].active != 0);

      for (guint i = 0; i < episodes->len; i++)
        if (nas_episode_filter_matches (&filter, g_ptr_array_index (episodes, i)))
          kept |= 1u << i;
      g_test_message ("case %u keeps 0x%x", c, kept);
      g_assert_cmphex (kept, ==, cases[c].kept);
    }
}

static void
test_filter_equal (void)
{
  NasEpisodeFilter a, b;

  nas_episode_filter_init (&a);
  nas_episode_filter_init (&b);
  g_assert_false (nas_episode_filter_is_active (&a));
  g_assert_true (nas_episode_filter_equal (&a, &b));

  /* The value of a bound that is off does not count... */
  b.max_params = 10;
  g_assert_true (nas_episode_filter_equal (&a, &b));
  /* ...one that is on does. */
  a.active = b.active = NAS_EPISODE_BOUND_MAX_PARAMS;
  g_assert_false (nas_episode_filter_equal (&a, &b));
  a.max_params = 10;
  g_assert_true (nas_episode_filter_equal (&a, &b));
  b.active |= NAS_EPISODE_BOUND_MAX_FLOPS;
  g_assert_false (nas_episode_filter_equal (&a, &b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/episode-filter/bounds", test_filter_bounds);
  g_test_add_func ("/search/episode-filter/equal", test_filter_equal);

  return g_test_run ();
}
