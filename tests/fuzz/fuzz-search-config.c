/* fuzz-search-config.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the search configuration's JSON reader, which reads
 * a run's stored configuration (resume, retrain, show) and the set-up the
 * window saved: nas_search_config_from_string(). A failure must be a
 * NAS_SEARCH_CONFIG_ERROR; a configuration that parses must be valid,
 * print a JSON form that reads back to the same text, and give a policy
 * layout and, when it fits a 28×28 input, an architecture count. */

#define G_LOG_DOMAIN "fuzz-search-config"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "nas-policy.h"
#include "nas-search-config.h"

void
write_seeds (void)
{
  static const char * const damaged[] = {
    "", "{}", "[]", "{\"episodes\": -1}", "{\"kernels\": [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33]}",
    "{\"max_layers\": 0}", "{\"max_layers\": 9}", "{\"conv\": \"3d\"}", "{\"seed\": \"18446744073709551616\"}",
    "{\"seed\": 5}", "{\"dropouts\": [0.5, 1.5]}", "{\"recipe\": {\"schedule\": \"cosine\", \"warmup\": 2}}",
    "{\"recipe\": {\"nope\": 1}}", "{\"filters\": [65536, 1]}", "{\"dataset\": \"fashion-mnist\", \"cache\": false}",
    "{\"unknown\": true}", "{\"episodes\": 10", "{\"kernels\": [[[[[[[[]]]]]]]]}",
  };
  const char * const *presets = nas_search_config_presets ();

  for (guint i = 0; presets[i] != NULL; i++)
    {
      g_autoptr(NasSearchConfig) config = nas_search_config_new_preset (presets[i], NULL);
      g_autofree char *json = nas_search_config_to_string (config);

      fuzz_seed_text (presets[i], json);
    }
  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autofree char *name = g_strdup_printf ("damaged-%02u", i);

      fuzz_seed_text (name, damaged[i]);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasSearchConfig) config = nas_search_config_from_string (text, &error);
  g_autoptr(NasSearchConfig) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  NasPolicySpec spec;

  if (config == NULL)
    {
      g_assert_true (error != NULL && error->domain == NAS_SEARCH_CONFIG_ERROR);
      return 0;
    }

  g_assert_true (nas_search_config_validate (config, NULL, &error));
  g_assert_no_error (error);
  json = nas_search_config_to_string (config);
  again = nas_search_config_from_string (json, &error);
  g_assert_no_error (error);
  json_again = nas_search_config_to_string (again);
  g_assert_cmpstr (json, ==, json_again);

  nas_search_config_policy_spec (config, &spec);
  g_assert_cmpuint (spec.n_decisions, ==, nas_search_config_n_decisions (config));
  g_assert_true (nas_policy_spec_validate (&spec, NULL));
  if (nas_search_config_validate_input (config, 28, 28, NULL, NULL))
    g_assert_cmpfloat (nas_search_config_count (config, 28, 28), >=, 0);
  return 0;
}
