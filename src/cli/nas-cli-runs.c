/* nas-cli-runs.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli runs / show / export / retrain: reading the history, and the
 * final evaluation of a run's best architecture against the baselines. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nas-calibrate.h"
#include "nas-cli.h"
#include "nas-cli-recipe.h"
#include "nas-export.h"
#include "nas-json.h"
#include "nas-nn.h"
#include "nas-recipe.h"
#include "nas-retrain.h"
#include "nas-search-job.h"

/* Readers open the file read-only: they never create, migrate or modify it. */
static NasStore *
open_reader (const char  *database,
             GError     **error)
{
  g_autofree char *path = database ? g_strdup (database) : nas_store_default_path ();

  return nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, error);
}

static gboolean
parse_run (int      argc,
           char   **argv,
           int      max_args,
           gint64  *run_id)
{
  if (argc < 2 || argc > max_args || !g_ascii_string_to_signed (argv[1], 10, 1, G_MAXINT64, run_id, NULL))
    {
      nas_cli_fail (NAS_EXIT_USAGE, "%s takes a run number (see: nascent-cli runs)", argv[0]);
      return FALSE;
    }
  return TRUE;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = nas_json_mend_doubles (json_generator_to_data (generator, NULL));
  printf ("%s\n", text);
}

static char *
format_accuracy (double value)
{
  return isnan (value) ? g_strdup ("–") : g_strdup_printf ("%.2f %%", 100.0 * value);
}

int
nas_cli_runs (int    argc,
              char **argv)
{
  g_autofree char *database = NULL;
  gboolean json = FALSE;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "History file", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "A JSON array, newest first", NULL },
    { NULL }
  };

  if (!nas_cli_parse (entries, "", "Lists the runs of the history, newest first.", &argc, &argv))
    return NAS_EXIT_USAGE;
  if (argc > 1)
    return nas_cli_fail (NAS_EXIT_USAGE, "unexpected argument “%s”", argv[1]);

  if ((store = open_reader (database, &error)) == NULL ||
      (runs = nas_store_list_runs (store, &error)) == NULL)
    return nas_cli_fail_error (error, NULL);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < runs->len; i++)
        {
          json_builder_begin_object (b);
          nas_export_add_run_members (b, g_ptr_array_index (runs, i));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return NAS_EXIT_OK;
    }

  if (runs->len == 0)
    {
      printf ("No runs yet. Start one with: nascent-cli search\n");
      return NAS_EXIT_OK;
    }

  printf ("%5s  %-11s  %-9s  %-14s  %9s  %9s  %-20s  %s\n",
          "RUN", "STATUS", "STRATEGY", "DATASET", "EPISODES", "BEST", "CREATED", "NAME");
  for (guint i = 0; i < runs->len; i++)
    {
      const NasRun *run = g_ptr_array_index (runs, i);
      g_autofree char *best = format_accuracy (run->best_validation_accuracy);
      g_autofree char *created = nas_export_time (run->created);
      g_autofree char *episodes = g_strdup_printf ("%u/%u", run->episodes_done, run->episodes_planned);

      printf ("%5" G_GINT64_FORMAT "  %-11s  %-9s  %-14s  %9s  %9s  %-20s  %s\n",
              run->id, nas_run_status_to_string (run->status), run->strategy, run->dataset,
              episodes, best, created ? created : "", run->name);
    }

  return NAS_EXIT_OK;
}

/* @text (the run as export writes it, consumed) with a member
 * "calibration": the run's newest calibration, or null. */
static char *
with_calibration (NasStore    *store,
                  gint64       run_id,
                  char        *text,
                  GError     **error)
{
  g_autofree char *owned = text;
  g_autoptr(NasCalibration) calibration = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!nas_store_get_run_calibration (store, run_id, &calibration, error) ||
      (root = json_from_string (owned, error)) == NULL)
    return NULL;
  if (calibration != NULL)
    json_object_set_member (json_node_get_object (root), "calibration", nas_calibrate_to_json (calibration));
  else
    json_object_set_null_member (json_node_get_object (root), "calibration");
  return nas_json_to_string (root, TRUE);
}

/* "Calibration: ρ = 0.82, τ = 0.64, top-5 overlap 4/5 (…)" and the
 * warning when the cheap budget does not rank; nothing without one. */
static gboolean
print_calibration (NasStore  *store,
                   gint64     run_id,
                   GError   **error)
{
  g_autoptr(NasCalibration) c = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *cheap = NULL;
  g_autofree char *full = NULL;

  if (!nas_store_get_run_calibration (store, run_id, &c, error))
    return FALSE;
  if (c == NULL)
    return TRUE;
  summary = nas_calibrate_summary (c);
  warning = nas_calibrate_warning (c);
  cheap = nas_calibrate_budget_label (c->cheap_epochs, c->cheap_steps, c->cheap_subset);
  full = nas_calibrate_budget_label (c->full_epochs, c->full_steps, c->full_subset);
  printf ("\nCheap budget ranks: %s (%u architectures, %s against %s)\n", summary, c->entries->len, cheap, full);
  if (warning != NULL)
    printf ("warning: %s\n", warning);
  return TRUE;
}

int
nas_cli_show (int    argc,
              char **argv)
{
  g_autofree char *database = NULL;
  gboolean json = FALSE;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasRun) run = NULL;
  g_autoptr(GPtrArray) episodes = NULL;
  g_autoptr(GPtrArray) evaluations = NULL;
  g_autoptr(GError) error = NULL;
  gint64 run_id;
  guint reached[NAS_HALVING_MAX_RUNGS] = { 0 };
  guint64 steps[NAS_HALVING_MAX_RUNGS] = { 0 };
  gboolean halving = FALSE;
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "History file", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "As JSON (the same shape as export)", NULL },
    { NULL }
  };

  if (!nas_cli_parse (entries, "RUN", "Shows a run: its configuration, episodes and final evaluations.",
                      &argc, &argv))
    return NAS_EXIT_USAGE;
  if (!parse_run (argc, argv, 2, &run_id))
    return NAS_EXIT_USAGE;

  if ((store = open_reader (database, &error)) == NULL)
    return nas_cli_fail_error (error, NULL);

  if (json)
    {
      g_autofree char *text = nas_export_run_json (store, run_id, TRUE, &error);

      if (text == NULL || (text = with_calibration (store, run_id, g_steal_pointer (&text), &error)) == NULL)
        return nas_cli_fail_error (error, NULL);
      printf ("%s\n", text);
      return NAS_EXIT_OK;
    }

  if ((run = nas_store_get_run (store, run_id, &error)) == NULL ||
      (episodes = nas_store_list_episodes (store, run_id, NAS_EPISODE_ORDER_NUMBER, &error)) == NULL ||
      (evaluations = nas_store_list_final_evaluations (store, run_id, &error)) == NULL)
    return nas_cli_fail_error (error, NULL);

  {
    g_autofree char *best = format_accuracy (run->best_validation_accuracy);
    g_autofree char *created = nas_export_time (run->created);

    printf ("Run %" G_GINT64_FORMAT ": %s\n", run->id, run->name);
    printf ("  status      %s\n", nas_run_status_to_string (run->status));
    printf ("  strategy    %s\n", run->strategy);
    printf ("  dataset     %s\n", run->dataset);
    printf ("  seed        %" G_GUINT64_FORMAT "\n", run->seed);
    printf ("  episodes    %u of %u\n", run->episodes_done, run->episodes_planned);
    printf ("  best        %s\n", best);
    printf ("  created     %s\n", created ? created : "");
    printf ("  config      %s\n\n", run->config_json);
  }

  if (!nas_export_attach_rungs (store, run_id, episodes, &halving, &error))
    return nas_cli_fail_error (error, NULL);

  /* Episodes numbered from 1, as the window and `retrain RUN EPISODE` number
   * them; under successive halving, the highest rung each reached. */
  printf ("%7s  %9s  %9s  %8s  %8s  %10s  %7s  %s%-5s  %s\n",
          "EPISODE", "VAL ACC", "TEST ACC", "REWARD", "BASELINE", "PARAMS", "SECONDS",
          halving ? "RUNG  " : "", "FLAGS", "ARCHITECTURE");
  for (guint i = 0; i < episodes->len; i++)
    {
      const NasEpisodeRecord *e = g_ptr_array_index (episodes, i);
      g_autofree char *accuracy = format_accuracy (e->validation_accuracy);
      g_autofree char *test = format_accuracy (e->test_accuracy);
      g_autofree char *rung = NULL;
      char flags[4] = {
        (e->flags & NAS_EPISODE_CACHED) ? 'c' : '-',
        (e->flags & NAS_EPISODE_EXPLORED) ? 'e' : '-',
        (e->flags & NAS_EPISODE_INVALID) ? 'i' : '-',
        0
      };

      if (halving && e->rungs->len > 0)
        {
          const NasRungEvaluation *top = g_ptr_array_index (e->rungs, e->rungs->len - 1);

          rung = g_strdup_printf ("%4u  ", top->rung);
          if (top->rung < G_N_ELEMENTS (reached))
            {
              reached[top->rung]++;
              for (guint r = 0; r < e->rungs->len && r < G_N_ELEMENTS (reached); r++)
                steps[r] = ((NasRungEvaluation *) g_ptr_array_index (e->rungs, r))->steps;
            }
        }
      else
        rung = g_strdup (halving ? "   –  " : "");

      printf ("%7u  %9s  %9s  %8.4f  %8.4f  %10" G_GUINT64_FORMAT "  %7.1f  %s%-5s  %s\n",
              e->episode + 1, accuracy, test, e->reward, e->baseline, e->params, e->train_seconds, rung,
              flags, e->architecture);
    }

  if (halving)
    {
      guint at_least = 0;

      /* How many architectures trained at each rung: every one that
       * reached it or a higher one. */
      printf ("\nRungs (successive halving):\n");
      for (guint r = G_N_ELEMENTS (reached); r-- > 0;)
        {
          at_least += reached[r];
          reached[r] = at_least;
        }
      for (guint r = 0; r < G_N_ELEMENTS (reached) && reached[r] > 0; r++)
        printf ("  rung %u  %5u architectures  %8" G_GUINT64_FORMAT " steps%s\n", r, reached[r], steps[r],
                steps[r] == 0 ? " (epochs)" : "");
    }

  if (!print_calibration (store, run_id, &error))
    return nas_cli_fail_error (error, NULL);

  if (evaluations->len > 0)
    {
      printf ("\nFinal evaluations (test set):\n");
      for (guint i = 0; i < evaluations->len; i++)
        {
          const NasFinalEvaluation *f = g_ptr_array_index (evaluations, i);
          g_autofree char *test = format_accuracy (f->test_accuracy);

          printf ("  %-24s  %9s  %3u epochs  %10" G_GUINT64_FORMAT " params  %s\n",
                  f->name, test, f->epochs, f->params, f->architecture);
        }
    }

  return NAS_EXIT_OK;
}

int
nas_cli_export (int    argc,
                char **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 run_id;
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "History file", "FILE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv or json", "F" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE (“-”: standard output, the default)", "FILE" },
    { NULL }
  };

  if (!nas_cli_parse (entries, "RUN", "Exports a run's episodes as CSV or JSON.", &argc, &argv))
    return NAS_EXIT_USAGE;
  if (!parse_run (argc, argv, 2, &run_id))
    return NAS_EXIT_USAGE;
  if (format == NULL || (strcmp (format, "csv") != 0 && strcmp (format, "json") != 0))
    return nas_cli_fail (NAS_EXIT_USAGE, "--format must be csv or json");

  if ((store = open_reader (database, &error)) == NULL)
    return nas_cli_fail_error (error, NULL);

  text = strcmp (format, "csv") == 0 ? nas_export_run_csv (store, run_id, &error)
                                     : nas_export_run_json (store, run_id, TRUE, &error);
  if (text == NULL)
    return nas_cli_fail_error (error, NULL);

  if (output != NULL && strcmp (output, "-") != 0)
    {
      if (!nas_export_write_file (output, text, strlen (text), &error))
        return nas_cli_fail_error (error, NULL);
    }
  else if (fputs (text, stdout) == EOF || (strcmp (format, "json") == 0 && fputs ("\n", stdout) == EOF))
    return nas_cli_fail (NAS_EXIT_FAILURE, "could not write the export");

  return NAS_EXIT_OK;
}

static gboolean
retrain_progress_cb (const char          *name,
                     const NasCurvePoint *point,
                     guint64              total_steps,
                     gpointer             user_data)
{
  gboolean *quiet = user_data;

  if (!*quiet)
    {
      fprintf (stderr, "\r%-24s step %6u/%-6" G_GUINT64_FORMAT "  loss %.4f  acc %5.1f %%  %6.0f img/s",
               name, point->step, total_steps, point->loss, 100.0 * point->accuracy, point->images_per_s);
      if (point->step >= total_steps)
        fputc ('\n', stderr);
    }
  return TRUE;
}

/* The training recipe run @run_id was searched with. */
static gboolean
stored_recipe (const char  *database,
               gint64       run_id,
               NasRecipe   *recipe,
               GError     **error)
{
  g_autoptr(NasStore) store = open_reader (database, error);
  g_autoptr(NasRun) run = NULL;
  g_autoptr(NasSearchConfig) config = NULL;

  if (store == NULL || (run = nas_store_get_run (store, run_id, error)) == NULL
      || (config = nas_search_config_from_string (run->config_json, error)) == NULL)
    return FALSE;
  *recipe = config->recipe;
  return TRUE;
}

int
nas_cli_retrain (int    argc,
                 char **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *threads_text = NULL;
  gint epochs = 10;
  int threads;
  gboolean baselines = FALSE, json = FALSE, quiet = FALSE;
  g_autoptr(GPtrArray) evaluations = NULL;
  g_autoptr(GError) error = NULL;
  gint64 run_id, episode = 0;
  g_autofree char *steps_text = NULL;
  guint64 steps = 0;
  NasCliRecipe recipe_options = NAS_CLI_RECIPE_INIT;
  NasRecipe recipe;
  gboolean custom;
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "History file", "FILE" },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs, "Epochs on the whole training split (default 10)", "E" },
    { "baselines", 0, 0, G_OPTION_ARG_NONE, &baselines, "Also train tf-tutorial and keras-mnist the same way", NULL },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &threads_text, NAS_CLI_THREADS_HELP, "T" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the results as JSON", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &recipe_options.lr, "Learning rate (default: the run's recipe)", "X" },
    NAS_CLI_RECIPE_ENTRIES (&recipe_options),
    { "steps", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &steps_text,
      "Train each network for N mini-batches instead of the epochs (tests)", "N" },
    { NULL }
  };

  if (!nas_cli_parse (entries, "RUN [EPISODE]",
                      "Retrains an architecture (default: the run's best) and measures test accuracy.",
                      &argc, &argv))
    return NAS_EXIT_USAGE;
  if (!parse_run (argc, argv, 3, &run_id))
    return NAS_EXIT_USAGE;
  /* EPISODE is numbered from 1, as `show`, the exports and the window
   * number episodes; the store counts from 0. */
  if (argc == 3 && !g_ascii_string_to_signed (argv[2], 10, 1, G_MAXINT32, &episode, NULL))
    return nas_cli_fail (NAS_EXIT_USAGE, "“%s” is not an episode number (they start at 1; see: nascent-cli show %s)",
                         argv[2], argv[1]);
  if (steps_text != NULL && (!g_ascii_string_to_unsigned (steps_text, 10, 1, G_MAXUINT32, &steps, NULL)))
    return nas_cli_fail (NAS_EXIT_USAGE, "--steps must be a whole number from 1");
  if (epochs < 1)
    return nas_cli_fail (NAS_EXIT_USAGE, "--epochs must be at least 1");
  if (!nas_cli_parse_threads (threads_text, &threads))
    return NAS_EXIT_USAGE;

  nas_nn_set_threads (threads);
  if (database == NULL)
    database = nas_store_default_path ();

  /* Options change the run's own recipe, for every network alike. */
  custom = nas_cli_recipe_given (&recipe_options);
  if (custom)
    {
      if (!stored_recipe (database, run_id, &recipe, &error))
        return nas_cli_fail_error (error, NULL);
      if (!nas_cli_recipe_apply (&recipe_options, &recipe, &error))
        return nas_cli_fail (NAS_EXIT_USAGE, "retrain: %s", error->message);
      if (!quiet)
        {
          g_autofree char *described = nas_recipe_describe (&recipe);

          fprintf (stderr, "recipe: %s\n", described);
        }
    }

  if (!nas_search_retrain_with_recipe (database, run_id, (gint) episode - 1, (guint) epochs, steps, baselines,
                                       custom ? &recipe : NULL,
                                       retrain_progress_cb, &quiet, NULL, &evaluations, &error))
    return nas_cli_fail_error (error, NULL);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < evaluations->len; i++)
        nas_export_add_evaluation (b, g_ptr_array_index (evaluations, i));
      json_builder_end_array (b);
      print_json (b);
    }
  else
    {
      printf ("%-24s  %9s  %9s  %10s  %8s  %s\n", "NETWORK", "TEST ACC", "VAL ACC", "PARAMS", "SECONDS", "ARCHITECTURE");
      for (guint i = 0; i < evaluations->len; i++)
        {
          const NasFinalEvaluation *f = g_ptr_array_index (evaluations, i);
          g_autofree char *test = format_accuracy (f->test_accuracy);
          g_autofree char *val = format_accuracy (f->validation_accuracy);

          printf ("%-24s  %9s  %9s  %10" G_GUINT64_FORMAT "  %8.1f  %s\n",
                  f->name, test, val, f->params, f->train_seconds, f->architecture);
        }
    }

  return NAS_EXIT_OK;
}
