/* fuzz-checkpoint.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the controller checkpoint loader. An input is a
 * checkpoint without its trailing 8-byte FNV-1a checksum: the harness
 * appends the right one, so that mutations reach the parser behind the
 * checksum, and also loads the input as it is (the checksum path). A
 * failure must be NAS_CONTROLLER_ERROR_CHECKPOINT; a controller that loads
 * must save bytes that load again to the same bytes, and sample an
 * episode. */

#define G_LOG_DOMAIN "fuzz-checkpoint"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "nas-controller.h"
#include "nas-search-config.h"

static guint64
fnv1a (const guint8 *data,
       gsize         len)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < len; i++)
    {
      h ^= data[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return h;
}

/* A saved controller, without its checksum. */
static void
seed_controller (const char  *name,
                 guint        max_layers,
                 gboolean     search_depth,
                 NasStrategy  strategy,
                 guint        hidden,
                 guint        episodes)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(NasController) ctrl = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *truncated = g_strconcat (name, "-truncated", NULL);
  NasControllerParams params;
  NasPolicySpec spec;
  const guint8 *data;
  gsize size;

  config->max_layers = max_layers;
  config->search_depth = search_depth;
  nas_search_config_policy_spec (config, &spec);
  nas_controller_params_init (&params);
  params.strategy = strategy;
  params.hidden = hidden;
  params.embedding = hidden;
  params.batch = 2;
  ctrl = nas_controller_new (&spec, &params, NULL);
  for (guint i = 0; i < episodes; i++)
    {
      g_autoptr(NasSample) sample = nas_controller_sample (ctrl);

      nas_controller_report (ctrl, sample, 0.1 * i, NULL, NULL);
    }
  bytes = nas_controller_save (ctrl);
  data = g_bytes_get_data (bytes, &size);
  fuzz_seed (name, data, size - 8);
  fuzz_seed (truncated, data, size / 2);
}

void
write_seeds (void)
{
  seed_controller ("reinforce-1", 1, FALSE, NAS_STRATEGY_REINFORCE, 2, 0);
  seed_controller ("reinforce-2-depth", 2, TRUE, NAS_STRATEGY_REINFORCE, 3, 3);
  seed_controller ("random-2", 2, FALSE, NAS_STRATEGY_RANDOM, 4, 5);
  fuzz_seed_text ("magic-only", "NASCTRL");
  fuzz_seed ("header-only", "NASCTRL\0\1\0\0\0", 12);
  fuzz_seed_text ("empty", "");
}

static NasController *
load (const guint8 *data,
      gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  NasController *ctrl = nas_controller_load (bytes, &error);

  if (ctrl == NULL)
    g_assert_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT);
  return ctrl;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree guint8 *sealed = g_malloc (size + 8);
  g_autoptr(NasController) ctrl = NULL;
  g_autoptr(NasController) again = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) saved_again = NULL;
  g_autoptr(NasSample) sample = NULL;
  guint64 hash = GUINT64_TO_LE (fnv1a (data, size));

  g_clear_pointer (&ctrl, nas_controller_free);
  ctrl = load (data, size);
  g_clear_pointer (&ctrl, nas_controller_free);

  memcpy (sealed, data, size);
  memcpy (sealed + size, &hash, 8);
  ctrl = load (sealed, size + 8);
  if (ctrl == NULL)
    return 0;

  saved = nas_controller_save (ctrl);
  again = load (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved));
  g_assert_nonnull (again);
  saved_again = nas_controller_save (again);
  g_assert_true (g_bytes_equal (saved, saved_again));

  sample = nas_controller_sample (ctrl);
  g_assert_nonnull (sample);
  for (guint t = 0; t < sample->n_active; t++)
    g_assert_cmpint (sample->actions[t], >=, 0);
  return 0;
}
