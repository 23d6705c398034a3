/* test-checkpoint-sizes.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The controller checkpoint loader against edited checkpoints whose
 * checksum was recomputed (as a hand edit or the fuzz target makes them):
 * refused from their sizes before anything large is allocated, or from a
 * random generator state that cannot occur. The round
 * trips and plain damage are in test-controller.c. */

#define _GNU_SOURCE   /* memmem */
#define G_LOG_DOMAIN "test-checkpoint-sizes"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "nas-controller.h"
#include "nas-controller-private.h"

static const guint choices[4] = { 3, 4, 3, 4 };

/* The checkpoint's FNV-1a checksum, as nas_controller_save() appends it. */
static void
reseal (guint8 *data,
        gsize   size)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i + 8 < size; i++)
    {
      h ^= data[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  h = GUINT64_TO_LE (h);
  memcpy (data + size - 8, &h, 8);
}

/* A checkpoint edited to say 4096 hidden units (checksum recomputed, as a
 * hand edit or a fuzzer would) is refused from its sizes, before the
 * gigabytes such a controller needs are allocated: the child runs with
 * 512 MiB of address space above what it has. */
static void
test_checkpoint_sizes (void)
{
  if (g_test_subprocess ())
    {
      NasPolicySpec spec;
      g_autoptr(NasController) ctrl = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *copy = NULL;
      guint32 hidden = GUINT32_TO_LE (4096);
      const guint8 *raw;
      gsize size, at;
      struct rlimit limit;

      for (guint s = 0; s < 2; s++)
        {
          NasControllerParams params;

          nas_policy_spec_init_layers (&spec, 2, choices, TRUE);
          nas_controller_params_init (&params);
          params.strategy = s == 0 ? NAS_STRATEGY_REINFORCE : NAS_STRATEGY_RANDOM;
          ctrl = nas_controller_new (&spec, &params, &error);
          g_assert_no_error (error);
          bytes = nas_controller_save (ctrl);
          raw = g_bytes_get_data (bytes, &size);
          copy = g_memdup2 (raw, size);
          /* magic, version, T, search depth, T decisions, strategy: hidden */
          at = 8 + 4 + 4 + 4 + 12 * spec.n_decisions + 4;
          memcpy (copy + at, &hidden, 4);
          memcpy (copy + at + 4, &hidden, 4);   /* and as wide embeddings */
          reseal (copy, size);
          g_clear_pointer (&bytes, g_bytes_unref);
          g_clear_pointer (&ctrl, nas_controller_free);
          bytes = g_bytes_new_take (g_steal_pointer (&copy), size);

          g_assert_cmpint (getrlimit (RLIMIT_AS, &limit), ==, 0);
          limit.rlim_cur = (rlim_t) 512 << 20;
          {
            FILE *f = fopen ("/proc/self/statm", "r");
            unsigned long pages = 0;

            g_assert_nonnull (f);
            g_assert_cmpint (fscanf (f, "%lu", &pages), ==, 1);
            fclose (f);
            limit.rlim_cur += (rlim_t) pages * (rlim_t) sysconf (_SC_PAGESIZE);
          }
          g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);

          ctrl = nas_controller_load (bytes, &error);
          g_assert_null (ctrl);
          g_assert_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT);
          g_clear_error (&error);
          g_clear_pointer (&bytes, g_bytes_unref);
        }
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A checkpoint whose random generator state was edited to all zeros
 * (checksum recomputed) is refused: xoshiro256** never reaches that state,
 * and from it nas_rng_below () would reject every draw, so the first
 * sample would never return (the fuzzer found this hang). */
static void
test_checkpoint_zero_rng (void)
{
  for (guint s = 0; s < 2; s++)
    {
      NasPolicySpec spec;
      NasControllerParams params;
      g_autoptr(NasController) ctrl = NULL;
      g_autoptr(NasController) again = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GBytes) edited = NULL;
      g_autoptr(GError) error = NULL;
      guint8 *copy, *found;
      gsize size;

      nas_policy_spec_init_layers (&spec, 2, choices, FALSE);
      nas_controller_params_init (&params);
      params.strategy = s == 0 ? NAS_STRATEGY_REINFORCE : NAS_STRATEGY_RANDOM;
      ctrl = nas_controller_new (&spec, &params, &error);
      g_assert_no_error (error);
      bytes = nas_controller_save (ctrl);
      g_bytes_get_data (bytes, &size);
      copy = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
      /* the state block begins with the generator's 4 × u64 */
      for (guint i = 0; i < 4; i++)
        ctrl->rng.s[i] = GUINT64_TO_LE (ctrl->rng.s[i]);
      found = memmem (copy, size, ctrl->rng.s, 32);
      g_assert_nonnull (found);
      memset (found, 0, 32);
      reseal (copy, size);
      edited = g_bytes_new_take (copy, size);

      again = nas_controller_load (edited, &error);
      g_assert_null (again);
      g_assert_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nn/controller/checkpoint/sizes", test_checkpoint_sizes);
  g_test_add_func ("/nn/controller/checkpoint/zero-rng", test_checkpoint_zero_rng);

  return g_test_run ();
}
