/* test-preset-times.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The measured wall times of the presets, headless: quick's and
 * standard's are README's measurements, and every entry names a preset
 * that exists. */

#define G_LOG_DOMAIN "test-preset-times"

#include "config.h"

#include "nas-preset-times.h"
#include "nas-search-config.h"

static void
test_quick (void)
{
  const NasPresetTime *quick = nas_preset_time_lookup ("quick");

  /* README: 100 episodes in 1 min 58 s on the 2-core machine. */
  g_assert_nonnull (quick);
  g_assert_cmpfloat (quick->seconds, ==, 1 * 60 + 58);
  g_assert_cmpuint (quick->threads, ==, 2);
  g_assert_cmpstr (quick->machine, ==, "2 cores");
}

static void
test_entries (void)
{
  const char * const *presets = nas_search_config_presets ();
  const NasPresetTime *standard = nas_preset_time_lookup ("standard");
  guint found = 0;

  /* README: 54 architectures in 11 min 55 s, within the half hour. */
  g_assert_nonnull (standard);
  g_assert_cmpfloat (standard->seconds, ==, 11 * 60 + 55);
  g_assert_cmpfloat (standard->seconds, <=, 30 * 60);
  /* README: 108 architectures in three rungs in 40 min 55 s, longer. */
  g_assert_cmpfloat (nas_preset_time_lookup ("thorough")->seconds, ==, 40 * 60 + 55);
  g_assert_cmpfloat (nas_preset_time_lookup ("thorough")->seconds, >, standard->seconds);
  g_assert_null (nas_preset_time_lookup ("custom"));
  g_assert_null (nas_preset_time_lookup (""));

  for (guint i = 0; presets[i] != NULL; i++)
    {
      const NasPresetTime *entry = nas_preset_time_lookup (presets[i]);

      if (entry == NULL)
        continue;
      found++;
      g_assert_cmpstr (entry->preset, ==, presets[i]);
      g_assert_cmpfloat (entry->seconds, >=, 0);
      g_assert_cmpuint (entry->threads, >, 0);
      g_assert_nonnull (entry->machine);
    }
  g_assert_cmpuint (found, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/preset-times/quick", test_quick);
  g_test_add_func ("/search/preset-times/entries", test_entries);

  return g_test_run ();
}
