/* test-search-config.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-search-config"

#include "config.h"

#include <math.h>
#include <string.h>

#include "json-check.h"
#include "nas-parallel.h"
#include "nas-search-config.h"

static void
test_presets_valid (void)
{
  const char * const *names = nas_search_config_presets ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(NasSearchConfig) config = nas_search_config_new_preset (names[i], &error);
      NasSearchField field = NAS_FIELD_DATASET;

      g_assert_no_error (error);
      g_assert_true (nas_search_config_validate (config, &field, &error));
      g_assert_no_error (error);
      g_assert_cmpint (field, ==, NAS_FIELD_NONE);
      g_assert_cmpfloat (nas_search_config_count (config, 28, 28), >=, 1e3);
    }

  g_assert_null (nas_search_config_new_preset ("slow", &error));
  g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE);
}

/* The count against a brute-force enumeration of every pool sequence. */
static void
test_count (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  double per_layer;
  double brute = 0;

  config->max_layers = 3;
  config->n_pools = 3;
  config->pools[0] = 1;
  config->pools[1] = 3;
  config->pools[2] = 5;
  per_layer = config->n_kernels * config->n_filters * config->n_dropouts;

  /* On a 10×10 map: 10 → /5 → 2 → /3 → 0 is invalid, and so on. */
  for (guint a = 0; a < 3; a++)
    for (guint b = 0; b < 3; b++)
      for (guint c = 0; c < 3; c++)
        {
          guint s = 10;
          gboolean ok = TRUE;
          guint seq[3] = { config->pools[a], config->pools[b], config->pools[c] };

          for (guint i = 0; i < 3; i++)
            {
              s /= seq[i];
              ok = ok && s >= 1;
            }
          brute += ok ? per_layer * per_layer * per_layer : 0;
        }

  g_assert_cmpfloat (nas_search_config_count (config, 10, 10), ==, brute);
  g_assert_cmpfloat (brute, <, pow (per_layer * 3, 3));

  /* 1-D mode pools with stride 1: nothing is invalid. */
  config->conv_mode = NAS_CONV_1D;
  g_assert_cmpfloat (nas_search_config_count (config, 10, 10), ==, pow (per_layer * 3, 3));

  /* Searched depth adds the shallower spaces. */
  config->search_depth = TRUE;
  g_assert_cmpfloat (nas_search_config_count (config, 10, 10), ==,
                     pow (per_layer * 3, 3) + pow (per_layer * 3, 2) + per_layer * 3);
  g_assert_cmpuint (nas_search_config_n_decisions (config), ==, 13);
}

typedef struct
{
  const char     *what;
  void          (*spoil) (NasSearchConfig *config);
  NasSearchField  field;
} Spoiler;

static void spoil_layers (NasSearchConfig *c) { c->max_layers = 9; }
static void spoil_no_layers (NasSearchConfig *c) { c->max_layers = 0; }
static void spoil_even_kernel (NasSearchConfig *c) { c->kernels[1] = 4; }
static void spoil_no_kernels (NasSearchConfig *c) { c->n_kernels = 0; }
static void spoil_dup_filters (NasSearchConfig *c) { c->filters[1] = c->filters[0]; }
static void spoil_big_filters (NasSearchConfig *c) { c->filters[0] = 4096; }
static void spoil_pool (NasSearchConfig *c) { c->pools[0] = 0; }
static void spoil_dropout (NasSearchConfig *c) { c->dropouts[0] = 1.0; }
static void spoil_nan_dropout (NasSearchConfig *c) { c->dropouts[0] = NAN; }
static void spoil_episodes (NasSearchConfig *c) { c->episodes = 0; }
static void spoil_budget_both (NasSearchConfig *c) { c->child_epochs = 1; c->child_steps = 10; }
static void spoil_budget_none (NasSearchConfig *c) { c->child_epochs = 0; c->child_steps = 0; }
static void spoil_batch (NasSearchConfig *c) { c->batch_size = 0; }
static void spoil_subset (NasSearchConfig *c) { c->train_subset = 10; }
static void spoil_lr (NasSearchConfig *c) { c->controller_lr = 0; }
static void spoil_epsilon (NasSearchConfig *c) { c->epsilon = 1.5; }
static void spoil_dataset (NasSearchConfig *c) { g_clear_pointer (&c->dataset, g_free); }
static void spoil_threads (NasSearchConfig *c) { c->threads = 257; }
static void
spoil_all_pools_too_big (NasSearchConfig *c)
{
  c->max_layers = 5;
  c->n_pools = 1;
  c->pools[0] = 2;  /* 28 → 14 → 7 → 3 → 1 → 0 */
}

static void
test_validate (void)
{
  static const Spoiler spoilers[] = {
    { "9 layers", spoil_layers, NAS_FIELD_MAX_LAYERS },
    { "0 layers", spoil_no_layers, NAS_FIELD_MAX_LAYERS },
    { "even kernel", spoil_even_kernel, NAS_FIELD_KERNELS },
    { "no kernels", spoil_no_kernels, NAS_FIELD_KERNELS },
    { "duplicate filters", spoil_dup_filters, NAS_FIELD_FILTERS },
    { "huge filters", spoil_big_filters, NAS_FIELD_FILTERS },
    { "pool 0", spoil_pool, NAS_FIELD_POOLS },
    { "dropout 1", spoil_dropout, NAS_FIELD_DROPOUTS },
    { "dropout NaN", spoil_nan_dropout, NAS_FIELD_DROPOUTS },
    { "0 episodes", spoil_episodes, NAS_FIELD_EPISODES },
    { "epochs and steps", spoil_budget_both, NAS_FIELD_CHILD_BUDGET },
    { "no budget", spoil_budget_none, NAS_FIELD_CHILD_BUDGET },
    { "batch 0", spoil_batch, NAS_FIELD_BATCH_SIZE },
    { "subset < batch", spoil_subset, NAS_FIELD_TRAIN_SUBSET },
    { "lr 0", spoil_lr, NAS_FIELD_CONTROLLER },
    { "epsilon 1.5", spoil_epsilon, NAS_FIELD_EPSILON },
    { "no dataset", spoil_dataset, NAS_FIELD_DATASET },
    { "257 threads", spoil_threads, NAS_FIELD_THREADS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (spoilers); i++)
    {
      g_autoptr(NasSearchConfig) config = nas_search_config_new ();
      g_autoptr(GError) error = NULL;
      NasSearchField field = NAS_FIELD_NONE;

      spoilers[i].spoil (config);
      g_assert_false (nas_search_config_validate (config, &field, &error));
      g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID);
      g_test_message ("%s: %s", spoilers[i].what, error->message);
      g_assert_cmpint (field, ==, spoilers[i].field);
    }
}

/* Whether any architecture fits is checked against the real image shape,
 * apart from the checks that need no dataset, with the same message for
 * MNIST's 28×28 as before and the real shape for any other. */
static void
test_validate_input (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  NasSearchField field = NAS_FIELD_NONE;

  g_assert_true (nas_search_config_validate_input (config, 28, 28, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, NAS_FIELD_NONE);

  spoil_all_pools_too_big (config);
  g_assert_true (nas_search_config_validate (config, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, NAS_FIELD_NONE);

  g_assert_false (nas_search_config_validate_input (config, 28, 28, &field, &error));
  g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Every architecture pools a 28×28 image below 1×1: allow smaller pool sizes or fewer layers");
  g_assert_cmpint (field, ==, NAS_FIELD_POOLS);
  g_clear_error (&error);

  /* 32 → 16 → 8 → 4 → 2 → 1: five pools of 2 fit a larger image… */
  g_assert_true (nas_search_config_validate_input (config, 32, 32, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, NAS_FIELD_NONE);

  /* …and the message names the shape that was checked. */
  g_assert_false (nas_search_config_validate_input (config, 32, 20, &field, &error));
  g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "32×20"));
  g_assert_cmpint (field, ==, NAS_FIELD_POOLS);
}

/* The search space's decisions are the one layout of nas-policy.c. */
static void
test_policy_spec (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  NasPolicySpec spec, expected;
  guint n_choices[4];

  config->search_depth = TRUE;
  nas_search_config_policy_spec (config, &spec);
  n_choices[NAS_DECISION_KERNEL] = config->n_kernels;
  n_choices[NAS_DECISION_FILTERS] = config->n_filters;
  n_choices[NAS_DECISION_POOL] = config->n_pools;
  n_choices[NAS_DECISION_DROPOUT] = config->n_dropouts;
  nas_policy_spec_init_layers (&expected, config->max_layers, n_choices, TRUE);
  g_assert_cmpmem (&spec, sizeof spec, &expected, sizeof expected);
  g_assert_cmpuint (spec.n_decisions, ==, nas_search_config_n_decisions (config));
  g_assert_true (nas_policy_spec_validate (&spec, NULL));

  /* The largest space a user may choose fits the policy's capacity. */
  config->max_layers = NAS_MAX_LAYERS;
  nas_search_config_policy_spec (config, &spec);
  g_assert_cmpuint (spec.n_decisions, ==, NAS_POLICY_N_DECISIONS (NAS_MAX_LAYERS, TRUE));
  g_assert_true (nas_policy_spec_validate (&spec, NULL));
}

static void
test_json_roundtrip (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new_preset ("thorough", NULL);
  g_autoptr(NasSearchConfig) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  config->seed = G_MAXUINT64 - 5;
  config->strategy = NAS_STRATEGY_RANDOM;
  config->reward = NAS_REWARD_ACCURACY3;
  json = nas_search_config_to_string (config);
  back = nas_search_config_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->seed, ==, config->seed);
  g_assert_cmpint (back->strategy, ==, NAS_STRATEGY_RANDOM);
  g_assert_cmpint (back->reward, ==, NAS_REWARD_ACCURACY3);
  g_assert_cmpuint (back->n_dropouts, ==, config->n_dropouts);
  g_assert_true (back->search_depth);
  again = nas_search_config_to_string (back);
  g_assert_cmpstr (json, ==, again);
  g_clear_pointer (&back, nas_search_config_free);
  g_clear_pointer (&json, g_free);
  g_clear_pointer (&again, g_free);

  /* Doubles json-glib writes in exponent form without a '.' (the fuzzer
   * found a dropout of 2e-08 stored as "2e-08.0", which no reader takes
   * back) round-trip too. */
  config->dropouts[1] = 2e-08;
  config->controller_lr = 1e-300;
  config->entropy_weight = 1e-20;
  json = nas_search_config_to_string (config);
  back = nas_search_config_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (back->dropouts[1] == 2e-08);
  g_assert_true (back->controller_lr == 1e-300);
  g_assert_true (back->entropy_weight == 1e-20);
  again = nas_search_config_to_string (back);
  g_assert_cmpstr (json, ==, again);
}

static void
test_json_strict (void)
{
  static const char * const bad[] = {
    "[]",
    "{\"episodes\": -1}",
    "{\"episodes\": \"ten\"}",
    "{\"unknown\": 1}",
    "{\"kernels\": [3, \"5\"]}",
    "{\"conv\": \"3d\"}",
    "{\"strategy\": \"evolution\"}",
    "{\"seed\": 42}",
    "{\"max_layers\": 12}",
    "{\"dropouts\": 0.5}",
    "{\"kernels\": [1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33]}",
    "{not json",
    "{\"threads\": 0}",
    "{\"threads\": 300}",
    "{\"threads\": 1.5}",
    /* json-glib reads an octal escape as a raw byte: not UTF-8 (fuzzer) */
    "{\"dataset\": \"f\\333x\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NasSearchConfig) config = nas_search_config_from_string (bad[i], &error);

      g_assert_null (config);
      g_assert_nonnull (error);
      g_assert_true (error->domain == NAS_SEARCH_CONFIG_ERROR);
      g_test_message ("%s → %s", bad[i], error->message);
    }
}

/* The thread count is stored only when set, so that configurations
 * stored before it was keep their exact text and read back as "not
 * recorded". */
static void
test_json_threads (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(NasSearchConfig) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old = NULL;
  g_autofree char *text = NULL;

  old = nas_search_config_to_string (config);
  g_assert_null (strstr (old, "threads"));
  back = nas_search_config_from_string (old, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->threads, ==, 0);
  g_clear_pointer (&back, nas_search_config_free);

  config->threads = 3;
  text = nas_search_config_to_string (config);
  g_assert_nonnull (strstr (text, "\"threads\":3"));
  back = nas_search_config_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->threads, ==, 3);
}

/* What a resume trains on: the count asked for, else the run's own, else
 * the program's default for a run that recorded none; a change is only
 * one that alters the effective count of a run that recorded one. */
static void
test_resume_threads (void)
{
  g_autoptr(NasSearchConfig) stored = nas_search_config_new ();
  gboolean changes = TRUE;

  g_assert_cmpuint (nas_search_config_resume_threads (stored, 0, 2, &changes), ==, 2);
  g_assert_false (changes);
  g_assert_cmpuint (nas_search_config_resume_threads (stored, 4, 2, &changes), ==, 4);
  g_assert_false (changes);

  stored->threads = 1;
  g_assert_cmpuint (nas_search_config_resume_threads (stored, 0, 2, &changes), ==, 1);
  g_assert_false (changes);
  g_assert_cmpuint (nas_search_config_resume_threads (stored, 1, 2, &changes), ==, 1);
  g_assert_false (changes);
  g_assert_cmpuint (nas_search_config_resume_threads (stored, 2, 2, &changes), ==, 2);
  g_assert_true (changes);

  /* Counts above what the core computes on are the same count. */
  stored->threads = NAS_PARALLEL_MAX_THREADS;
  g_assert_cmpuint (nas_search_config_resume_threads (stored, 200, 2, &changes), ==, NAS_PARALLEL_MAX_THREADS);
  g_assert_false (changes);
}

/* The text the quick preset was stored as before batch normalisation and
 * the dense head were part of the space. */
static const char old_quick[] =
  "{\"dataset\":\"mnist\",\"max_layers\":2,\"search_depth\":false,\"conv\":\"2d\",\"kernels\":[1,3,5],"
  "\"filters\":[4,8,16],\"pools\":[1,2],\"dropouts\":[0.0,0.25,0.5],\"episodes\":100,\"child_epochs\":0,"
  "\"child_steps\":300,\"batch_size\":64,\"train_subset\":0,\"strategy\":\"reinforce\",\"reward\":\"accuracy\","
  "\"controller_lr\":0.01,\"entropy_weight\":0.001,\"epsilon\":0.10000000000000001,\"epsilon_decay\":1.0,"
  "\"baseline_decay\":0.94999999999999996,\"episodes_per_update\":1,\"controller_units\":32,\"seed\":\"42\","
  "\"cache\":true}";

/* A stored configuration of before reads as one without the new choices,
 * and writes back to the same text; so does the default. */
static void
test_json_old (void)
{
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasSearchConfig) quick = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;
  g_autofree char *fresh = NULL;

  config = nas_search_config_from_string (old_quick, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->n_batchnorms, ==, 1);
  g_assert_false (config->batchnorms[0]);
  g_assert_cmpuint (config->n_dense_units, ==, 1);
  g_assert_cmpuint (config->dense_units[0], ==, 0);
  g_assert_cmpuint (config->n_dense_dropouts, ==, 1);
  g_assert_cmpfloat (config->dense_dropouts[0], ==, 0.0);
  g_assert_false (nas_search_config_has_head (config));
  g_assert_false (nas_search_config_head_batchnorm (config));
  again = nas_search_config_to_string (config);
  g_assert_cmpstr (again, ==, old_quick);
  fresh = nas_search_config_to_string (quick);
  g_assert_cmpstr (fresh, ==, old_quick);
  g_assert_cmpuint (nas_search_config_n_decisions (config), ==, 8);
}

static void
test_json_optional (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new_preset ("wide", NULL);
  g_autoptr(NasSearchConfig) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  config->n_dense_dropouts = 3;
  config->dense_dropouts[2] = 0.25;
  json = nas_search_config_to_string (config);
  g_assert_nonnull (strstr (json, "\"batchnorms\":[false,true]"));
  g_assert_nonnull (strstr (json, "\"dense_units\":[0,128,256]"));
  g_assert_nonnull (strstr (json, "\"dense_dropouts\":[0.0,0.5,0.25]"));
  back = nas_search_config_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n_batchnorms, ==, 2);
  g_assert_true (back->batchnorms[1]);
  g_assert_cmpuint (back->n_dense_units, ==, 3);
  g_assert_cmpuint (back->dense_units[2], ==, 256);
  g_assert_cmpuint (back->n_dense_dropouts, ==, 3);
  g_assert_cmpfloat (back->dense_dropouts[2], ==, 0.25);
  again = nas_search_config_to_string (back);
  g_assert_cmpstr (json, ==, again);
  g_assert_true (nas_search_config_head_batchnorm (back));

  /* BN fixed on, one head width: not decisions, but kept. */
  config->n_batchnorms = 1;
  config->batchnorms[0] = TRUE;
  config->n_dense_units = 1;
  config->dense_units[0] = 64;
  g_clear_pointer (&json, g_free);
  g_clear_pointer (&back, nas_search_config_free);
  json = nas_search_config_to_string (config);
  back = nas_search_config_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (back->n_batchnorms == 1 && back->batchnorms[0]);
  g_assert_true (back->n_dense_units == 1 && back->dense_units[0] == 64);
  /* 1 depth + 1 head dropout + 6 × 4 per layer */
  g_assert_cmpuint (nas_search_config_n_decisions (back), ==, 1 + 1 + 6 * 4);
}

/* Each bad value names its own field. */
static void
test_validate_optional (void)
{
  const struct { const char *json; NasSearchField field; } cases[] = {
    { "{\"batchnorms\": []}", NAS_FIELD_BATCHNORMS },
    { "{\"batchnorms\": [true, true]}", NAS_FIELD_BATCHNORMS },
    { "{\"dense_units\": []}", NAS_FIELD_DENSE_UNITS },
    { "{\"dense_units\": [0, 5000]}", NAS_FIELD_DENSE_UNITS },
    { "{\"dense_units\": [128, 128]}", NAS_FIELD_DENSE_UNITS },
    { "{\"dense_dropouts\": []}", NAS_FIELD_DENSE_DROPOUTS },
    { "{\"dense_dropouts\": [0.95]}", NAS_FIELD_DENSE_DROPOUTS },
    { "{\"dense_dropouts\": [0.5, 0.5]}", NAS_FIELD_DENSE_DROPOUTS },
  };
  static const char * const malformed[] = {
    "{\"batchnorms\": [false, true, false]}",
    "{\"batchnorms\": [0, 1]}",
    "{\"dense_units\": [-1]}",
    "{\"dense_dropouts\": [\"0.5\"]}",
    "{\"dense_units\": 128}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(NasSearchConfig) config = nas_search_config_new ();
      NasSearchField field = NAS_FIELD_NONE;
      JsonObject *o;

      g_assert_null (nas_search_config_from_string (cases[i].json, &error));
      g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID);
      g_test_message ("%s → %s", cases[i].json, error->message);
      g_clear_error (&error);

      /* The same value in the struct names the field. */
      g_assert_true (json_parser_load_from_data (parser, cases[i].json, -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      if (json_object_has_member (o, "batchnorms"))
        {
          JsonArray *a = json_object_get_array_member (o, "batchnorms");

          config->n_batchnorms = json_array_get_length (a);
          for (guint j = 0; j < config->n_batchnorms; j++)
            config->batchnorms[j] = json_array_get_boolean_element (a, j);
        }
      if (json_object_has_member (o, "dense_units"))
        {
          JsonArray *a = json_object_get_array_member (o, "dense_units");

          config->n_dense_units = json_array_get_length (a);
          for (guint j = 0; j < config->n_dense_units; j++)
            config->dense_units[j] = json_array_get_int_element (a, j);
        }
      if (json_object_has_member (o, "dense_dropouts"))
        {
          JsonArray *a = json_object_get_array_member (o, "dense_dropouts");

          config->n_dense_dropouts = json_array_get_length (a);
          for (guint j = 0; j < config->n_dense_dropouts; j++)
            config->dense_dropouts[j] = json_array_get_double_element (a, j);
        }
      g_assert_false (nas_search_config_validate (config, &field, &error));
      g_assert_cmpint (field, ==, cases[i].field);
    }

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (nas_search_config_from_string (malformed[i], &error));
      g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE);
      g_test_message ("%s → %s", malformed[i], error->message);
    }
}

/* A stored or saved configuration nested 100,000 deep is refused, not
 * parsed into a stack overflow. */
static void
test_json_depth (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *deep = nested_json ("{\"kernels\": ", 100000);
  g_autoptr(NasSearchConfig) config = nas_search_config_from_string (deep, &error);

  g_assert_null (config);
  g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested"));
}

/* Empty or blank text is an error with a message, not a critical warning
 * and NULL without one (found by the fuzz target). */
static void
test_json_empty (void)
{
  static const char * const texts[] = { "", "  \n", "/* */" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NasSearchConfig) config = nas_search_config_from_string (texts[i], &error);

      g_assert_null (config);
      g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE);
    }
}

/* The successive-halving block: absent from the JSON when off, read back
 * when on; out-of-range values name the halving field; the wide preset
 * takes 3 rungs at η = 3 in brackets of 9. */
static void
test_halving (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(NasSearchConfig) wide = NULL;
  g_autoptr(NasSearchConfig) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *off = NULL;
  g_autofree char *on = NULL;
  NasSearchField field = NAS_FIELD_NONE;

  off = nas_search_config_to_string (config);
  g_assert_null (strstr (off, "halving"));

  config->halving_rungs = 3;
  config->halving_eta = 2;
  config->halving_bracket = 8;
  config->halving_min_steps = 50;
  config->halving_min_subset = 640;
  g_assert_true (nas_search_config_validate (config, NULL, &error));
  on = nas_search_config_to_string (config);
  back = nas_search_config_from_string (on, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->halving_rungs, ==, 3);
  g_assert_cmpuint (back->halving_eta, ==, 2);
  g_assert_cmpuint (back->halving_bracket, ==, 8);
  g_assert_cmpuint (back->halving_min_steps, ==, 50);
  g_assert_cmpuint (back->halving_min_subset, ==, 640);

  config->halving_bracket = 3;   /* fewer than η^(r−1) = 4 */
  g_assert_false (nas_search_config_validate (config, &field, &error));
  g_assert_cmpint (field, ==, NAS_FIELD_HALVING);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  config->halving_bracket = 8;
  config->halving_min_steps = 150;   /* 150·2 ≥ 300 child steps */
  g_assert_false (nas_search_config_validate (config, &field, &error));
  g_assert_cmpint (field, ==, NAS_FIELD_HALVING);
  g_clear_error (&error);
  config->halving_min_steps = 50;
  config->halving_eta = 9;
  g_assert_false (nas_search_config_validate (config, &field, &error));
  g_clear_error (&error);

  g_assert_null (nas_search_config_from_string ("{\"halving\": {\"rungs\": 2, \"speed\": 1}}", &error));
  g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_PARSE);
  g_clear_error (&error);

  wide = nas_search_config_new_preset ("wide", &error);
  g_assert_no_error (error);
  wide->halving_rungs = 3;
  wide->halving_eta = 3;
  wide->halving_bracket = 9;
  g_assert_true (nas_search_config_validate (wide, NULL, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/config/presets-valid", test_presets_valid);
  g_test_add_func ("/search/config/count", test_count);
  g_test_add_func ("/search/config/validate", test_validate);
  g_test_add_func ("/search/config/validate-input", test_validate_input);
  g_test_add_func ("/search/config/policy-spec", test_policy_spec);
  g_test_add_func ("/search/config/json-roundtrip", test_json_roundtrip);
  g_test_add_func ("/search/config/json-strict", test_json_strict);
  g_test_add_func ("/search/config/json-threads", test_json_threads);
  g_test_add_func ("/search/config/resume-threads", test_resume_threads);
  g_test_add_func ("/search/config/json-old", test_json_old);
  g_test_add_func ("/search/config/json-optional", test_json_optional);
  g_test_add_func ("/search/config/validate-optional", test_validate_optional);
  g_test_add_func ("/search/config/json-depth", test_json_depth);
  g_test_add_func ("/search/config/json-empty", test_json_empty);
  g_test_add_func ("/search/config/halving", test_halving);
  return g_test_run ();
}
