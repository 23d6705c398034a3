/* nas-cli-calibrate.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli calibrate: does a configuration's cheap budget rank
 * architectures as a full budget does? Trains k architectures of its space
 * at both (nas-calibrate.c), prints a table and the rank correlations, and
 * stores the calibration in the history, attached to a run with --run.
 * Training runs on a worker thread so that Ctrl-C, on the main loop, can
 * cancel it; the history is written once, at the end, in one transaction,
 * so an interrupted calibration leaves nothing. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <glib-unix.h>
#include <math.h>
#include <stdio.h>

#include "nas-calibrate.h"
#include "nas-cli.h"
#include "nas-dataset.h"
#include "nas-json.h"
#include "nas-memory.h"
#include "nas-nn.h"
#include "nas-store.h"

typedef struct
{
  NasDataset          *dataset;
  NasCalibrateRequest  request;
  GCancellable        *cancellable;
  GMainLoop           *loop;
  NasCalibration      *calibration;  /* the result, or NULL and error */
  GError              *error;
  gboolean             quiet;
} Work;

static void
progress_cb (guint                index,
             guint                k,
             gboolean             full,
             const char          *architecture,
             const NasEvalResult *result,
             gpointer             user_data)
{
  Work *work = user_data;

  if (work->quiet)
    return;
  fprintf (stderr, "%-5s %u/%u  val %6.2f %%  %7.1f s  %s\n", full ? "full" : "cheap", index + 1, k,
           100.0 * result->validation_accuracy, result->train_seconds + result->eval_seconds, architecture);
  fflush (stderr);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gpointer
work_thread (gpointer data)
{
  Work *work = data;

  work->calibration = nas_calibrate_run (work->dataset, &work->request, progress_cb, work,
                                         work->cancellable, &work->error);
  g_idle_add (quit_cb, work->loop);
  return NULL;
}

static gboolean
interrupt_cb (gpointer data)
{
  Work *work = data;

  fprintf (stderr, "nascent-cli: stopping the calibration; nothing will be stored\n");
  g_cancellable_cancel (work->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
print_table (const NasCalibration *c,
             const char           *dataset)
{
  g_autofree guint *cheap_rank = g_new (guint, MAX (c->entries->len, 1));
  g_autofree guint *full_rank = g_new (guint, MAX (c->entries->len, 1));
  g_autofree char *cheap = nas_calibrate_budget_label (c->cheap_epochs, c->cheap_steps, c->cheap_subset);
  g_autofree char *full = nas_calibrate_budget_label (c->full_epochs, c->full_steps, c->full_subset);
  g_autofree char *summary = nas_calibrate_summary (c);
  g_autofree char *warning = nas_calibrate_warning (c);

  nas_calibrate_ranks (c, FALSE, cheap_rank);
  nas_calibrate_ranks (c, TRUE, full_rank);

  printf ("Calibration %" G_GINT64_FORMAT, c->id);
  if (c->run_id > 0)
    printf (" of run %" G_GINT64_FORMAT, c->run_id);
  printf (": %u architectures of %s, cheap %s, full %s, seed %" G_GUINT64_FORMAT "\n\n",
          c->entries->len, dataset, cheap, full, c->seed);
  printf ("%3s  %9s  %9s  %5s  %5s  %s\n", "#", "cheap acc", "full acc", "cheap", "full", "architecture");
  for (guint i = 0; i < c->entries->len; i++)
    {
      const NasCalibrationEntry *e = g_ptr_array_index (c->entries, i);

      printf ("%3u  %7.2f %%  %7.2f %%  %5u  %5u  %s\n", i + 1, 100.0 * e->cheap_accuracy,
              100.0 * e->full_accuracy, cheap_rank[i], full_rank[i], e->architecture);
    }
  printf ("\nCheap budget ranks: %s\n", summary);
  if (warning != NULL)
    printf ("warning: %s\n", warning);
}

int
nas_cli_calibrate (int    argc,
                   char **argv)
{
  g_autoptr(NasCliSearchOptions) options = nas_cli_search_options_new ();
  g_autofree GOptionEntry *entries = NULL;
  g_autofree char *database = NULL;
  g_autofree char *run_text = NULL, *k_text = NULL;
  g_autofree char *cheap_steps = NULL, *cheap_epochs = NULL;
  g_autofree char *full_steps = NULL, *full_epochs = NULL, *full_subset = NULL;
  gboolean json = FALSE, quiet = FALSE;
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  gint64 run_id = 0, v;
  int status;
  Work work = { 0 };
  GThread *thread;
  guint sigint, sigterm;
  const GOptionEntry own[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "History file (default: $XDG_DATA_HOME/nascent/history.db)", "FILE" },
    { "run", 0, 0, G_OPTION_ARG_STRING, &run_text, "Calibrate the configuration of run RUN and store it with the run", "RUN" },
    { "k", 'k', 0, G_OPTION_ARG_STRING, &k_text, "Architectures to train (2–1000, default 8)", "K" },
    { "cheap-steps", 0, 0, G_OPTION_ARG_STRING, &cheap_steps, "Cheap budget in mini-batches (default: the children's)", "N" },
    { "cheap-epochs", 0, 0, G_OPTION_ARG_STRING, &cheap_epochs, "Cheap budget in epochs", "E" },
    { "full-epochs", 0, 0, G_OPTION_ARG_STRING, &full_epochs, "Full budget in epochs (default 2)", "E" },
    { "full-steps", 0, 0, G_OPTION_ARG_STRING, &full_steps, "Full budget in mini-batches", "N" },
    { "full-subset", 0, 0, G_OPTION_ARG_STRING, &full_subset, "Full budget on the first N training images (default: all)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "The calibration as one JSON object", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress lines", NULL },
    { NULL }
  };

  entries = nas_cli_search_options_entries (options, own);
  if (!nas_cli_parse (entries, "", "Measures how well the children's cheap budget ranks architectures "
                      "against a full budget (Spearman's ρ, Kendall's τ, top-5 overlap).", &argc, &argv))
    return NAS_EXIT_USAGE;
  if (argc > 1)
    return nas_cli_fail (NAS_EXIT_USAGE, "unexpected argument “%s”", argv[1]);
  if (run_text != NULL)
    {
      if (!nas_cli_parse_int ("run", run_text, 1, G_MAXINT64, &run_id))
        return NAS_EXIT_USAGE;
      if (nas_cli_search_options_given (options))
        return nas_cli_fail (NAS_EXIT_USAGE, "--run calibrates the run's own configuration: "
                             "give no search options with it");
    }
  if (cheap_steps != NULL && cheap_epochs != NULL)
    return nas_cli_fail (NAS_EXIT_USAGE, "give --cheap-epochs or --cheap-steps, not both");
  if (full_steps != NULL && full_epochs != NULL)
    return nas_cli_fail (NAS_EXIT_USAGE, "give --full-epochs or --full-steps, not both");

  /* The configuration's options (and threads) come from the search ones;
   * with --run they are the run's, except the thread count. */
  config = nas_cli_search_options_to_config (options, &status);
  if (config == NULL)
    return status;

  if (database == NULL)
    database = nas_store_default_path ();
  store = nas_store_open (database, NAS_STORE_OPEN_READ_WRITE, &error);
  if (store == NULL)
    return nas_cli_fail_error (error, NULL);
  if (run_id > 0)
    {
      g_autoptr(NasRun) run = nas_store_get_run (store, run_id, &error);
      guint threads = config->threads;

      if (run == NULL)
        return nas_cli_fail_error (error, NULL);
      g_clear_pointer (&config, nas_search_config_free);
      config = nas_search_config_from_string (run->config_json, &error);
      if (config == NULL)
        return nas_cli_fail_error (error, "the run's configuration: ");
      config->threads = threads;
    }

  nas_calibrate_request_init (&work.request, config);
  if (k_text != NULL)
    {
      if (!nas_cli_parse_int ("k", k_text, 2, 1000, &v))
        return NAS_EXIT_USAGE;
      work.request.k = (guint) v;
    }
  if (cheap_steps != NULL)
    {
      if (!nas_cli_parse_int ("cheap-steps", cheap_steps, 1, G_MAXUINT32, &v))
        return NAS_EXIT_USAGE;
      work.request.cheap_steps = (guint64) v;
    }
  if (cheap_epochs != NULL)
    {
      if (!nas_cli_parse_int ("cheap-epochs", cheap_epochs, 1, 10000, &v))
        return NAS_EXIT_USAGE;
      work.request.cheap_epochs = (guint) v;
      work.request.cheap_steps = 0;
    }
  if (full_steps != NULL)
    {
      if (!nas_cli_parse_int ("full-steps", full_steps, 1, G_MAXUINT32, &v))
        return NAS_EXIT_USAGE;
      work.request.full_steps = (guint64) v;
    }
  if (full_epochs != NULL)
    {
      if (!nas_cli_parse_int ("full-epochs", full_epochs, 1, 10000, &v))
        return NAS_EXIT_USAGE;
      work.request.full_epochs = (guint) v;
      work.request.full_steps = 0;
    }
  if (full_subset != NULL)
    {
      if (!nas_cli_parse_int ("full-subset", full_subset, 0, G_MAXUINT32, &v))
        return NAS_EXIT_USAGE;
      work.request.full_subset = (guint) v;
    }

  nas_nn_set_threads ((int) config->threads);
  {
    NasDatasetShape shape;

    if (nas_dataset_peek (config->dataset, &shape, NULL) &&
        !nas_memory_check (config, &shape, nas_memory_available (), NULL, &error))
      return nas_cli_fail_error (error, NULL);
  }
  dataset = nas_dataset_load (config->dataset, &error);
  if (dataset == NULL)
    return nas_cli_fail_error (error, NULL);
  if (!nas_search_config_validate_input (config, dataset->train.h, dataset->train.w, NULL, &error))
    return nas_cli_fail_error (error, NULL);
  if (work.request.full_subset > dataset->train.n)
    return nas_cli_fail (NAS_EXIT_USAGE, "--full-subset %u is larger than the %zu training images",
                         work.request.full_subset, dataset->train.n);

  work.dataset = dataset;
  work.quiet = quiet;
  work.cancellable = g_cancellable_new ();
  work.loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &work);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &work);
  thread = g_thread_new ("calibrate", work_thread, &work);
  g_main_loop_run (work.loop);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_main_loop_unref (work.loop);
  g_object_unref (work.cancellable);

  if (work.calibration == NULL)
    {
      g_autoptr(GError) failure = work.error;

      if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return nas_cli_fail (NAS_EXIT_FAILURE, "calibration stopped; nothing was stored");
      return nas_cli_fail_error (failure, NULL);
    }

  {
    g_autoptr(NasCalibration) calibration = work.calibration;

    calibration->run_id = run_id;
    if (!nas_store_add_calibration (store, calibration, &calibration->id, &error))
      return nas_cli_fail_error (error, NULL);

    if (json)
      {
        g_autoptr(JsonNode) node = nas_calibrate_to_json (calibration);
        g_autofree char *text = nas_json_to_string (node, TRUE);

        printf ("%s\n", text);
      }
    else
      print_table (calibration, config->dataset);
  }
  return NAS_EXIT_OK;
}
