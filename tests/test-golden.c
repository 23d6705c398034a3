/* test-golden.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Results that must never change by accident. Three tiny searches on real
 * MNIST (REINFORCE, random search, REINFORCE with a searched depth) are run
 * and every stored episode is compared, bit for bit, with the figures in
 * golden/search-tiny.txt, recorded before the code was restructured. A
 * history file written by the schema-2 store (golden/history-v2.db, the same
 * three searches) must open, upgrade to the current schema and list the
 * same episodes, whose policies read back with the actions a fresh run
 * stores (recovered from the architecture: schema 2 did not keep them).
 *
 * To record the figures again after a deliberate change of results:
 *   NASCENT_GOLDEN_WRITE=1 build/tests/test-golden
 * writes golden/search-tiny.txt and golden/history-v2.db in the source tree. */

#define G_LOG_DOMAIN "test-golden"

#include "config.h"

#include <cblas.h>
#include <glib/gstdio.h>

#include "nas-dataset.h"
#include "nas-episode-policy.h"
#include "nas-nn.h"
#include "nas-search-engine.h"
#include "nas-store-private.h"

static char *tmpdir;

/* The actions_json of every episode the fresh searches stored, one line per
 * episode in the order of golden/search-tiny.txt; NULL when they did not
 * run (no MNIST). */
static GString *fresh_actions;

typedef struct
{
  const char  *name;
  NasStrategy  strategy;
  guint64      seed;
  gboolean     search_depth;
} GoldenCase;

static const GoldenCase cases[] = {
  { "reinforce", NAS_STRATEGY_REINFORCE, 7, FALSE },
  { "random", NAS_STRATEGY_RANDOM, 3, FALSE },
  { "reinforce-depth", NAS_STRATEGY_REINFORCE, 11, TRUE },
};

static NasSearchConfig *
golden_config (const GoldenCase *c)
{
  NasSearchConfig *config = nas_search_config_new ();

  config->strategy = c->strategy;
  config->episodes = 6;
  config->child_steps = 12;
  config->batch_size = 32;
  config->train_subset = 2000;
  config->n_filters = 2;
  config->seed = c->seed;
  config->n_kernels = 2;
  config->n_dropouts = 1;
  config->epsilon = 0.3;
  config->search_depth = c->search_depth;
  return config;
}

/* One line per episode, every double as a hex float so equal text means
 * bit-identical numbers. */
static void
append_episodes (GString    *out,
                 const char *name,
                 GPtrArray  *episodes)
{
  for (guint i = 0; i < episodes->len; i++)
    {
      const NasEpisodeRecord *e = g_ptr_array_index (episodes, i);

      g_string_append_printf (out, "%s\t%u\t%s\t%u\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT
                              "\t%a\t%a\t%a\t%a\t%a\t%a\t%a\t%d\n",
                              name, e->episode, e->architecture, e->layers, e->params, e->flops,
                              e->reward, e->baseline, e->advantage, e->loss, e->entropy,
                              e->validation_accuracy, e->validation_loss, (int) e->flags);
    }
}

static GPtrArray *
list_episodes (NasStore *store,
               gint64    run_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error);

  g_assert_no_error (error);
  return episodes;
}

/* The stored actions of @episodes, one line each, into *@out. On a file
 * older than schema 3 they are read back through the episode policy, which
 * recovers them from the architecture. */
static void
append_actions (GString   **out,
                NasStore   *store,
                GPtrArray  *episodes)
{
  if (*out == NULL)
    *out = g_string_new (NULL);

  for (guint i = 0; i < episodes->len; i++)
    {
      const NasEpisodeRecord *listed = g_ptr_array_index (episodes, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(NasEpisodeRecord) e = nas_store_get_episode (store, listed->run_id, listed->episode, &error);
      g_autoptr(NasRun) run = NULL;
      g_autoptr(NasEpisodePolicy) policy = NULL;
      g_autofree char *actions = NULL;

      g_assert_no_error (error);
      run = nas_store_get_run (store, e->run_id, &error);
      g_assert_no_error (error);
      policy = nas_episode_policy_from_stored (e, run, &error);
      g_assert_no_error (error);
      g_assert_true (policy->has_actions);
      nas_episode_policy_to_json (policy, &actions, NULL, NULL);
      if (e->actions_json != NULL)
        g_assert_cmpstr (actions, ==, e->actions_json);
      g_string_append_printf (*out, "%u\t%s\n", e->episode, actions);
    }
}

static char *
golden_path (const char *name)
{
  return g_build_filename (TEST_SRCDIR, "golden", name, NULL);
}

static gboolean
writing (void)
{
  return g_getenv ("NASCENT_GOLDEN_WRITE") != NULL;
}

/* The recorded figures depend on OpenBLAS's kernels: they were recorded with
 * its Haswell kernels, which meson pins for this test (OPENBLAS_CORETYPE in
 * tests/meson.build). Anywhere else (run by hand, a CPU without AVX2) the
 * comparison cannot hold and is skipped. */
static gboolean
recorded_kernels (void)
{
  g_autofree char *why = NULL;

  if (g_ascii_strcasecmp (openblas_get_corename (), "Haswell") == 0)
    return TRUE;
  why = g_strdup_printf ("figures recorded with OpenBLAS's Haswell kernels, this process runs %s "
                         "(set OPENBLAS_CORETYPE=Haswell, as meson test does)",
                         openblas_get_corename ());
  g_test_skip (why);
  return FALSE;
}

static void
test_searches (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "golden.db", NULL);
  g_autofree char *expected_path = golden_path ("search-tiny.txt");
  g_autofree char *folder = nas_dataset_find ("mnist", NULL);
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(NasStore) store = NULL;

  if (!writing () && !recorded_kernels ())
    return;
  if (folder == NULL)
    {
      g_test_skip ("MNIST is not installed (build-aux/setup.sh installs it)");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(NasSearchConfig) config = golden_config (&cases[i]);
      g_autoptr(NasSearchJob) job = nas_search_job_new (db, config, cases[i].name);
      g_autoptr(GPtrArray) episodes = NULL;

      g_assert_true (nas_search_job_run (job, &error));
      g_assert_no_error (error);
      store = nas_store_open (db, NAS_STORE_OPEN_READ_ONLY, &error);
      g_assert_no_error (error);
      episodes = list_episodes (store, nas_search_job_get_run_id (job));
      g_assert_cmpuint (episodes->len, ==, 6);
      append_episodes (got, cases[i].name, episodes);
      append_actions (&fresh_actions, store, episodes);
      g_clear_pointer (&store, nas_store_free);
    }

  if (writing ())
    {
      g_autofree char *fixture = golden_path ("history-v2.db");
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_set_contents (expected_path, got->str, -1, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (db, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (fixture, contents, length, &error));
      g_assert_no_error (error);
      g_test_message ("wrote %s and %s", expected_path, fixture);
      return;
    }

  g_assert_true (g_file_get_contents (expected_path, &expected, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (got->str, ==, expected);
}

/* A history written by the schema-2 store opens (upgraded in place on a
 * copy) and lists exactly the recorded episodes. */
static void
test_history_v2 (void)
{
  g_autofree char *fixture = golden_path ("history-v2.db");
  g_autofree char *expected_path = golden_path ("search-tiny.txt");
  g_autofree char *copy = g_build_filename (tmpdir, "history-v2.db", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GString) actions = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = NULL;
  gint64 version = 0;
  gsize length;

  if (writing ())
    {
      g_test_skip ("recording");
      return;
    }

  g_assert_true (g_file_get_contents (fixture, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (copy, contents, length, &error));
  g_assert_no_error (error);

  /* As recorded: schema 2, which a read-only store will not upgrade. */
  store = nas_store_open (copy, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_NEEDS_UPGRADE);
  g_clear_error (&error);

  store = nas_store_open (copy, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_true (nas_store_pragma_int (store, "PRAGMA user_version", &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 9);
  g_assert_cmpint (version, ==, NAS_STORE_SCHEMA_VERSION);
  runs = nas_store_list_runs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* Newest first. */
      const NasRun *run = g_ptr_array_index (runs, runs->len - 1 - i);
      g_autoptr(GPtrArray) episodes = list_episodes (store, run->id);

      g_assert_cmpstr (run->name, ==, cases[i].name);
      g_assert_cmpint (run->status, ==, NAS_RUN_FINISHED);
      append_episodes (got, cases[i].name, episodes);
      for (guint j = 0; j < episodes->len; j++)
        {
          g_autoptr(NasEpisodeRecord) e =
            nas_store_get_episode (store, run->id, ((NasEpisodeRecord *) episodes->pdata[j])->episode, &error);

          g_assert_no_error (error);
          g_assert_null (e->actions_json);   /* stored before schema 3 */
        }
      append_actions (&actions, store, episodes);
    }

  g_assert_true (g_file_get_contents (expected_path, &expected, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (got->str, ==, expected);

  if (fresh_actions != NULL)
    g_assert_cmpstr (actions->str, ==, fresh_actions->str);
  else
    g_test_message ("MNIST is not installed: the actions were not compared with a fresh run");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Thread counts change floating-point sums: the figures are for one,
   * and for the portable SSE tiles of the direct convolution (the AVX-512
   * ones sum in another order, on the CPUs that have them). */
  nas_nn_set_threads (1);
  nas_conv_wide_set (NAS_CONV_WIDE_NONE);
  tmpdir = g_dir_make_tmp ("nascent-test-golden-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/search/golden/searches", test_searches);
  g_test_add_func ("/search/golden/history-v2", test_history_v2);
  status = g_test_run ();
  if (fresh_actions != NULL)
    g_string_free (fresh_actions, TRUE);

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (tmpdir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (tmpdir);
  }
  return status;
}
