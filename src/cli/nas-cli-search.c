/* nas-cli-search.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli search / resume: a whole search without a window, one line
 * per episode. It runs on the same NasSearchEngine as the window (worker
 * thread, events on the main loop); Ctrl-C stops at the next mini-batch and
 * leaves a run that `resume` continues. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <glib-unix.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nas-cli.h"
#include "nas-cli-mpi.h"
#include "nas-cli-publish.h"
#include "nas-dataset.h"
#include "nas-json.h"
#include "nas-memory.h"
#include "nas-nn.h"
#include "nas-parallel.h"
#include "nas-search-engine.h"
#include "nas-store.h"

typedef struct
{
  GMainLoop *loop;
  gboolean   json;
  gboolean   quiet;
  int        status;
  double     best;
  guint      interrupts;
  NasSearchEngine *engine;
  NasCliPublisher *publisher;   /* --publish, or NULL */
} Cli;

static void
print_episode (Cli                  *cli,
               const NasSearchEvent *event)
{
  const NasEpisodeRecord *e = event->record;

  if (!isnan (e->validation_accuracy) && (isnan (cli->best) || e->validation_accuracy > cli->best))
    cli->best = e->validation_accuracy;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "run");
      json_builder_add_int_value (b, event->run_id);
      json_builder_set_member_name (b, "episode");
      json_builder_add_int_value (b, e->episode + 1);
      json_builder_set_member_name (b, "architecture");
      json_builder_add_string_value (b, e->architecture);
      json_builder_set_member_name (b, "reward");
      json_builder_add_double_value (b, e->reward);
      json_builder_set_member_name (b, "baseline");
      json_builder_add_double_value (b, e->baseline);
      json_builder_set_member_name (b, "advantage");
      json_builder_add_double_value (b, e->advantage);
      json_builder_set_member_name (b, "entropy");
      json_builder_add_double_value (b, e->entropy);
      json_builder_set_member_name (b, "validation_accuracy");
      if (isnan (e->validation_accuracy))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, e->validation_accuracy);
      json_builder_set_member_name (b, "params");
      json_builder_add_int_value (b, (gint64) e->params);
      json_builder_set_member_name (b, "flops");
      json_builder_add_int_value (b, (gint64) e->flops);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, e->train_seconds);
      json_builder_set_member_name (b, "cached");
      json_builder_add_boolean_value (b, (e->flags & NAS_EPISODE_CACHED) != 0);
      json_builder_set_member_name (b, "explored");
      json_builder_add_boolean_value (b, (e->flags & NAS_EPISODE_EXPLORED) != 0);
      json_builder_set_member_name (b, "invalid");
      json_builder_add_boolean_value (b, (e->flags & NAS_EPISODE_INVALID) != 0);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = nas_json_to_string (root, FALSE);
      printf ("%s\n", text);
    }
  else if (!cli->quiet)
    {
      printf ("run %" G_GINT64_FORMAT " episode %u/%u  val %6.2f %%  reward %.4f  baseline %.4f  H %.3f  %6.1f s  %s%s%s%s\n",
              event->run_id, e->episode + 1, event->episodes_planned,
              100.0 * e->validation_accuracy, e->reward, e->baseline, e->entropy, e->train_seconds,
              e->architecture,
              (e->flags & NAS_EPISODE_CACHED) ? "  [cached]" : "",
              (e->flags & NAS_EPISODE_EXPLORED) ? "  [explored]" : "",
              (e->flags & NAS_EPISODE_INVALID) ? "  [invalid]" : "");
    }
  fflush (stdout);
}

static void
event_cb (NasSearchEngine *engine,
          NasSearchEvent  *event,
          Cli             *cli)
{
  switch (event->kind)
    {
    case NAS_SEARCH_EVENT_RUN_STARTED:
      if (!cli->json && !cli->quiet)
        printf ("run %" G_GINT64_FORMAT ": %s, %s, %u episodes%s\n", event->run_id,
                event->config->dataset, nas_strategy_to_string (event->config->strategy),
                event->episodes_planned,
                event->episode > 0 ? " (resumed)" : "");
      break;
    case NAS_SEARCH_EVENT_EPISODE_FINISHED:
      /* Committed: a consistent point to publish, before the line that
       * tells a watcher about it. */
      nas_cli_publisher_episode (cli->publisher);
      print_episode (cli, event);
      break;
    case NAS_SEARCH_EVENT_RUN_FINISHED:
      if (!cli->json && !cli->quiet)
        {
          if (event->status == NAS_RUN_STOPPED)
            printf ("run %" G_GINT64_FORMAT " stopped after %u episodes; continue it with: nascent-cli resume %" G_GINT64_FORMAT "\n",
                    event->run_id, event->episode, event->run_id);
          else
            printf ("run %" G_GINT64_FORMAT " finished: best validation accuracy %.2f %%\n",
                    event->run_id, 100.0 * cli->best);
        }
      cli->status = NAS_EXIT_OK;
      break;
    case NAS_SEARCH_EVENT_RUN_FAILED:
      cli->status = nas_cli_fail_error (event->error, NULL);
      break;
    case NAS_SEARCH_EVENT_EPISODE_STARTED:
    case NAS_SEARCH_EVENT_CHILD_PROGRESS:
    case NAS_SEARCH_EVENT_PAUSED:
    case NAS_SEARCH_EVENT_RESUMED:
    default:
      break;
    }
}

static void
running_cb (NasSearchEngine *engine,
            GParamSpec      *pspec,
            Cli             *cli)
{
  if (!nas_search_engine_get_running (engine))
    g_main_loop_quit (cli->loop);
}

static gboolean
interrupt_cb (gpointer data)
{
  Cli *cli = data;

  if (cli->interrupts++ == 0)
    {
      fprintf (stderr, "nascent-cli: stopping at the next mini-batch (Ctrl-C again to quit at once)\n");
      nas_search_engine_stop (cli->engine);
      return G_SOURCE_CONTINUE;
    }

  /* A second Ctrl-C: the store is consistent at every moment (one
   * transaction per episode), so leaving now loses only the episode in
   * flight, exactly like a crash. */
  fprintf (stderr, "nascent-cli: quitting\n");
  fflush (NULL);
  _exit (130);
}

/* Runs one search on @engine until it ends and returns the exit status. The
 * handlers are connected before the search is launched (by @config, or by
 * @run_id to resume), so no event, not even an immediate failure, can be
 * emitted before someone listens; events are only ever dispatched by the
 * loop below. */
static int
drive (NasSearchEngine       *engine,
       const NasSearchConfig *config,
       const char            *name,
       gint64                 run_id,
       gboolean               json,
       gboolean               quiet,
       gboolean               mpi,
       NasCliPublisher       *publisher)
{
  Cli cli = { .json = json, .quiet = quiet, .status = NAS_EXIT_FAILURE, .best = NAN, .engine = engine,
              .publisher = publisher };
  g_autoptr(GError) error = NULL;
  gboolean launched;
  guint sigint, sigterm;

  cli.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (engine, "event", G_CALLBACK (event_cb), &cli);
  g_signal_connect (engine, "notify::running", G_CALLBACK (running_cb), &cli);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &cli);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &cli);

  if (mpi)
    nas_search_engine_set_pool_func (engine, nas_cli_mpi_pool_new, NULL);
  if (config != NULL)
    launched = nas_search_engine_start (engine, config, name, &error);
  else
    launched = nas_search_engine_resume (engine, run_id, &error);

  if (launched)
    {
      g_main_loop_run (cli.loop);
      nas_cli_publisher_flush (publisher);
    }
  else
    cli.status = nas_cli_fail_error (error, NULL);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handlers_disconnect_by_data (engine, &cli);
  g_main_loop_unref (cli.loop);
  if (mpi)
    nas_cli_mpi_finish (cli.status);
  return cli.status;
}

/* The configuration stored with run @run_id, or NULL if it cannot be read
 * (no such file or run, a damaged one…): the engine, which reads it again
 * to resume, then says what is wrong, exactly as it always did. */
static NasSearchConfig *
read_stored_config (const char *database,
                    gint64      run_id)
{
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasRun) run = NULL;

  if (!g_file_test (database, G_FILE_TEST_IS_REGULAR) ||
      (store = nas_store_open (database, NAS_STORE_OPEN_READ_ONLY, NULL)) == NULL ||
      (run = nas_store_get_run (store, run_id, NULL)) == NULL)
    return NULL;
  return nas_search_config_from_string (run->config_json, NULL);
}

/* --publish FILE and the hidden --publish-interval of search and resume. */
#define PUBLISH_ENTRIES(path, interval) \
  { "publish", 0, 0, G_OPTION_ARG_FILENAME, &(path), \
    "After stored episodes (at most every " G_STRINGIFY (NAS_CLI_PUBLISH_INTERVAL) " s) and at the end, " \
    "copy the history to FILE for a viewer on another host", "FILE" }, \
  { "publish-interval", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &(interval), \
    "Seconds between two snapshots", "S" }

static gboolean
parse_list (const char  *text,
            const char  *what,
            gboolean     fractions,
            guint       *uints,
            double      *doubles,
            guint       *n_out)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint n = g_strv_length (parts);

  if (n == 0 || n > NAS_MAX_CHOICES)
    {
      nas_cli_fail (NAS_EXIT_USAGE, "--%s takes 1 to %d comma-separated values", what, NAS_MAX_CHOICES);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      char *end = NULL;
      const char *part = g_strstrip (parts[i]);

      if (fractions)
        {
          doubles[i] = g_ascii_strtod (part, &end);
          if (end == part || *end != '\0')
            {
              nas_cli_fail (NAS_EXIT_USAGE, "--%s: “%s” is not a number", what, part);
              return FALSE;
            }
        }
      else
        {
          guint64 v;

          if (!g_ascii_string_to_unsigned (part, 10, 0, G_MAXUINT32, &v, NULL))
            {
              nas_cli_fail (NAS_EXIT_USAGE, "--%s: “%s” is not a whole number", what, part);
              return FALSE;
            }
          uints[i] = (guint) v;
        }
    }

  *n_out = n;
  return TRUE;
}

/* "off,on" → { FALSE, TRUE }. */
static gboolean
parse_batchnorms (const char *text,
                  gboolean   *values,
                  guint      *n_out)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint n = g_strv_length (parts);

  if (n == 0 || n > 2)
    {
      nas_cli_fail (NAS_EXIT_USAGE, "--batchnorm takes off, on or off,on");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (strcmp (part, "off") == 0)
        values[i] = FALSE;
      else if (strcmp (part, "on") == 0)
        values[i] = TRUE;
      else
        {
          nas_cli_fail (NAS_EXIT_USAGE, "--batchnorm: “%s” is not off or on", part);
          return FALSE;
        }
    }
  *n_out = n;
  return TRUE;
}

/* The options that describe a search, shared by every verb that takes a
 * configuration (search, calibrate): the text of each as given, NULL when
 * it was not. */
struct _NasCliSearchOptions
{
  char *preset;
  char *dataset;
  char *strategy;
  char *kernels;
  char *filters;
  char *pools;
  char *dropouts;
  char *batchnorm, *dense, *dense_dropouts;
  char *conv;
  char *reward;
  /* Numbers as text: NULL means not given (see nas_cli_parse_int). */
  char *episodes, *max_layers, *child_epochs, *child_steps;
  char *train_subset, *batch_size, *per_update, *seed;
  char *controller_lr, *entropy_weight, *epsilon;
  char *threads_text;
  char *rungs, *eta, *bracket, *min_steps, *min_subset;
  gboolean search_depth, no_cache;
};

NasCliSearchOptions *
nas_cli_search_options_new (void)
{
  return g_new0 (NasCliSearchOptions, 1);
}

void
nas_cli_search_options_free (NasCliSearchOptions *o)
{
  if (o == NULL)
    return;
  g_free (o->preset);
  g_free (o->dataset);
  g_free (o->strategy);
  g_free (o->kernels);
  g_free (o->filters);
  g_free (o->pools);
  g_free (o->dropouts);
  g_free (o->batchnorm);
  g_free (o->dense);
  g_free (o->dense_dropouts);
  g_free (o->conv);
  g_free (o->reward);
  g_free (o->episodes);
  g_free (o->max_layers);
  g_free (o->child_epochs);
  g_free (o->child_steps);
  g_free (o->train_subset);
  g_free (o->batch_size);
  g_free (o->per_update);
  g_free (o->seed);
  g_free (o->controller_lr);
  g_free (o->entropy_weight);
  g_free (o->epsilon);
  g_free (o->threads_text);
  g_free (o->rungs);
  g_free (o->eta);
  g_free (o->bracket);
  g_free (o->min_steps);
  g_free (o->min_subset);
  g_free (o);
}

/**
 * nas_cli_search_options_entries:
 * @extra: the verb's own options, NULL-terminated
 *
 * The search options, writing into @o, followed by @extra; free the array
 * with g_free() (the strings are static).
 */
GOptionEntry *
nas_cli_search_options_entries (NasCliSearchOptions *o,
                                const GOptionEntry  *extra)
{
  const GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &o->preset, "quick (default), standard, tutorial-2017, thorough or wide", "P" },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &o->dataset, "Dataset name or folder", "D" },
    { "strategy", 0, 0, G_OPTION_ARG_STRING, &o->strategy, "reinforce or random", "S" },
    { "episodes", 0, 0, G_OPTION_ARG_STRING, &o->episodes, "Architectures to evaluate", "N" },
    { "max-layers", 0, 0, G_OPTION_ARG_STRING, &o->max_layers, "Maximum convolution layers (1–" G_STRINGIFY (NAS_MAX_LAYERS) ")", "L" },
    { "search-depth", 0, 0, G_OPTION_ARG_NONE, &o->search_depth, "Also search the number of layers", NULL },
    { "conv", 0, 0, G_OPTION_ARG_STRING, &o->conv, "2d, or 1d (the 2017 tutorial)", "MODE" },
    { "kernels", 0, 0, G_OPTION_ARG_STRING, &o->kernels, "Allowed kernel sizes, e.g. 1,3,5", "LIST" },
    { "filters", 0, 0, G_OPTION_ARG_STRING, &o->filters, "Allowed filter counts, e.g. 8,16,32", "LIST" },
    { "pools", 0, 0, G_OPTION_ARG_STRING, &o->pools, "Allowed pool sizes, e.g. 1,2", "LIST" },
    { "dropouts", 0, 0, G_OPTION_ARG_STRING, &o->dropouts, "Allowed dropout rates, e.g. 0,0.25", "LIST" },
    { "batchnorm", 0, 0, G_OPTION_ARG_STRING, &o->batchnorm, "Batch normalization per layer: off, on or off,on (the dense head has it when on is allowed)", "LIST" },
    { "dense", 0, 0, G_OPTION_ARG_STRING, &o->dense, "Allowed widths of a dense layer before the output, 0 = none, e.g. 0,128,256", "LIST" },
    { "dense-dropouts", 0, 0, G_OPTION_ARG_STRING, &o->dense_dropouts, "Allowed dropout rates of that dense layer, e.g. 0,0.5", "LIST" },
    { "child-epochs", 0, 0, G_OPTION_ARG_STRING, &o->child_epochs, "Train each child for E epochs", "E" },
    { "child-steps", 0, 0, G_OPTION_ARG_STRING, &o->child_steps, "Train each child for S mini-batches", "S" },
    { "train-subset", 0, 0, G_OPTION_ARG_STRING, &o->train_subset, "Train children on the first N images only", "N" },
    { "batch-size", 0, 0, G_OPTION_ARG_STRING, &o->batch_size, "Child mini-batch size", "B" },
    { "rungs", 0, 0, G_OPTION_ARG_STRING, &o->rungs, "Successive halving: budget rungs per bracket (1 = off, up to " G_STRINGIFY (NAS_HALVING_MAX_RUNGS) ")", "R" },
    { "eta", 0, 0, G_OPTION_ARG_STRING, &o->eta, "Successive halving: keep the best 1/η of each rung, η× the budget (2–8, default 3)", "η" },
    { "bracket", 0, 0, G_OPTION_ARG_STRING, &o->bracket, "Successive halving: architectures per bracket (default 9)", "N" },
    { "min-steps", 0, 0, G_OPTION_ARG_STRING, &o->min_steps, "Successive halving: mini-batches at the smallest rung (default: the child budget / η^(R−1))", "S" },
    { "min-subset", 0, 0, G_OPTION_ARG_STRING, &o->min_subset, "Successive halving: train the smallest rung on the first N images only", "N" },
    { "reward", 0, 0, G_OPTION_ARG_STRING, &o->reward, "accuracy or accuracy3", "R" },
    { "controller-lr", 0, 0, G_OPTION_ARG_STRING, &o->controller_lr, "Controller learning rate", "X" },
    { "entropy-weight", 0, 0, G_OPTION_ARG_STRING, &o->entropy_weight, "Entropy bonus weight", "X" },
    { "epsilon", 0, 0, G_OPTION_ARG_STRING, &o->epsilon, "Probability of a uniformly drawn episode", "X" },
    { "episodes-per-update", 0, 0, G_OPTION_ARG_STRING, &o->per_update, "Episodes per controller update", "M" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &o->seed, "Random seed", "N" },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &o->no_cache, "Retrain architectures seen before", NULL },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &o->threads_text, NAS_CLI_THREADS_HELP, "T" },
  };
  guint n_extra = 0;
  GOptionEntry *all;

  while (extra != NULL && extra[n_extra].long_name != NULL)
    n_extra++;
  all = g_new0 (GOptionEntry, G_N_ELEMENTS (entries) + n_extra + 1);
  memcpy (all, entries, sizeof entries);
  if (n_extra > 0)
    memcpy (all + G_N_ELEMENTS (entries), extra, n_extra * sizeof *extra);
  return all;
}

/* Whether @o gave any option that changes the configuration (a preset,
 * the space, the budget, the strategy, the seed…). */
gboolean
nas_cli_search_options_given (const NasCliSearchOptions *o)
{
  return o->preset || o->dataset || o->strategy || o->kernels || o->filters || o->pools ||
         o->dropouts || o->batchnorm || o->dense || o->dense_dropouts || o->conv || o->reward ||
         o->episodes || o->max_layers || o->child_epochs || o->child_steps || o->train_subset ||
         o->batch_size || o->per_update || o->seed || o->controller_lr || o->entropy_weight ||
         o->epsilon || o->search_depth || o->no_cache || o->rungs || o->eta || o->bracket ||
         o->min_steps || o->min_subset;
}

/**
 * nas_cli_search_options_to_config:
 * @status: (out): NAS_EXIT_USAGE when it returns NULL
 *
 * The configuration @o describes: its preset (quick when none) with every
 * option given applied, validated, and its thread count set. Prints what is
 * wrong and returns NULL on bad input.
 */
NasSearchConfig *
nas_cli_search_options_to_config (const NasCliSearchOptions *o,
                                  int                       *status)
{
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  int threads;

  *status = NAS_EXIT_USAGE;
  config = nas_search_config_new_preset (o->preset ? o->preset : "quick", &error);
  if (config == NULL)
    {
      nas_cli_fail (NAS_EXIT_USAGE, "%s", error->message);
      return NULL;
    }

  if (o->dataset)
    {
      g_free (config->dataset);
      config->dataset = g_strdup (o->dataset);
    }
  if (o->strategy)
    {
      if (strcmp (o->strategy, "reinforce") == 0)
        config->strategy = NAS_STRATEGY_REINFORCE;
      else if (strcmp (o->strategy, "random") == 0)
        config->strategy = NAS_STRATEGY_RANDOM;
      else
        {
          nas_cli_fail (NAS_EXIT_USAGE, "--strategy must be reinforce or random, not “%s”", o->strategy);
          return NULL;
        }
    }
  if (o->conv)
    {
      if (strcmp (o->conv, "2d") == 0)
        config->conv_mode = NAS_CONV_2D;
      else if (strcmp (o->conv, "1d") == 0)
        config->conv_mode = NAS_CONV_1D;
      else
        {
          nas_cli_fail (NAS_EXIT_USAGE, "--conv must be 2d or 1d, not “%s”", o->conv);
          return NULL;
        }
    }
  if (o->reward)
    {
      if (strcmp (o->reward, "accuracy") == 0)
        config->reward = NAS_REWARD_ACCURACY;
      else if (strcmp (o->reward, "accuracy3") == 0)
        config->reward = NAS_REWARD_ACCURACY3;
      else
        {
          nas_cli_fail (NAS_EXIT_USAGE, "--reward must be accuracy or accuracy3, not “%s”", o->reward);
          return NULL;
        }
    }
  if ((o->kernels && !parse_list (o->kernels, "kernels", FALSE, config->kernels, NULL, &config->n_kernels)) ||
      (o->filters && !parse_list (o->filters, "filters", FALSE, config->filters, NULL, &config->n_filters)) ||
      (o->pools && !parse_list (o->pools, "pools", FALSE, config->pools, NULL, &config->n_pools)) ||
      (o->dropouts && !parse_list (o->dropouts, "dropouts", TRUE, NULL, config->dropouts, &config->n_dropouts)) ||
      (o->batchnorm && !parse_batchnorms (o->batchnorm, config->batchnorms, &config->n_batchnorms)) ||
      (o->dense && !parse_list (o->dense, "dense", FALSE, config->dense_units, NULL, &config->n_dense_units)) ||
      (o->dense_dropouts && !parse_list (o->dense_dropouts, "dense-dropouts", TRUE, NULL, config->dense_dropouts,
                                         &config->n_dense_dropouts)))
    return NULL;

#define SET_UINT(opt, name, field) \
  G_STMT_START { \
    gint64 v; \
    if ((opt) != NULL) \
      { \
        if (!nas_cli_parse_int (name, (opt), 0, G_MAXUINT32, &v)) \
          return NULL; \
        config->field = (guint) v; \
      } \
  } G_STMT_END
#define SET_DOUBLE(opt, name, field) \
  G_STMT_START { \
    if ((opt) != NULL && !nas_cli_parse_double (name, (opt), -G_MAXDOUBLE, G_MAXDOUBLE, &config->field)) \
      return NULL; \
  } G_STMT_END

  if (o->child_epochs != NULL && o->child_steps != NULL)
    {
      nas_cli_fail (NAS_EXIT_USAGE, "give --child-epochs or --child-steps, not both");
      return NULL;
    }
  SET_UINT (o->episodes, "episodes", episodes);
  SET_UINT (o->max_layers, "max-layers", max_layers);
  SET_UINT (o->train_subset, "train-subset", train_subset);
  SET_UINT (o->batch_size, "batch-size", batch_size);
  SET_UINT (o->per_update, "episodes-per-update", episodes_per_update);
  SET_UINT (o->child_epochs, "child-epochs", child_epochs);
  SET_UINT (o->child_steps, "child-steps", child_steps);
  SET_UINT (o->rungs, "rungs", halving_rungs);
  SET_UINT (o->eta, "eta", halving_eta);
  SET_UINT (o->bracket, "bracket", halving_bracket);
  SET_UINT (o->min_steps, "min-steps", halving_min_steps);
  SET_UINT (o->min_subset, "min-subset", halving_min_subset);
  if (o->child_epochs != NULL)
    config->child_steps = 0;
  if (o->child_steps != NULL)
    config->child_epochs = 0;
  SET_DOUBLE (o->controller_lr, "controller-lr", controller_lr);
  SET_DOUBLE (o->entropy_weight, "entropy-weight", entropy_weight);
  SET_DOUBLE (o->epsilon, "epsilon", epsilon);
#undef SET_UINT
#undef SET_DOUBLE
  if (o->seed != NULL)
    {
      gint64 v;

      if (!nas_cli_parse_int ("seed", o->seed, 0, G_MAXINT64, &v))
        return NULL;
      config->seed = (guint64) v;
    }
  if (o->search_depth)
    config->search_depth = TRUE;
  if (o->no_cache)
    config->cache = FALSE;
  if (!nas_cli_parse_threads (o->threads_text, &threads))
    return NULL;

  /* The count the children really train on is part of what determines
   * the run's numbers: it is stored with it, for resume to use. */
  config->threads = nas_search_config_effective_threads ((guint) threads);
  if (!nas_search_config_validate (config, NULL, &error))
    {
      nas_cli_fail (NAS_EXIT_USAGE, "%s", error->message);
      return NULL;
    }

  *status = NAS_EXIT_OK;
  return g_steal_pointer (&config);
}

int
nas_cli_search (int    argc,
                char **argv)
{
  g_autoptr(NasCliSearchOptions) options = nas_cli_search_options_new ();
  g_autofree GOptionEntry *entries = NULL;
  g_autofree char *database = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stop_after_text = NULL;
  g_autofree char *publish = NULL, *publish_interval = NULL;
  g_autoptr(NasCliPublisher) publisher = NULL;
  double interval;
  gint64 stop_after = 0;
  int status;
  gboolean json = FALSE, quiet = FALSE, mpi = FALSE;
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasSearchEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry own[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "History file (default: $XDG_DATA_HOME/nascent/history.db)", "FILE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Name of the run", "NAME" },
    { "stop-after", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &stop_after_text, "Stop after N stored episodes", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON object per episode", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only errors", NULL },
    { "mpi", 0, 0, G_OPTION_ARG_NONE, &mpi, "Train the children on the other ranks of an MPI job (under mpirun or srun)", NULL },
    PUBLISH_ENTRIES (publish, publish_interval),
    { NULL }
  };

  entries = nas_cli_search_options_entries (options, own);
  if (!nas_cli_parse (entries, "", "Runs a neural architecture search.", &argc, &argv))
    return NAS_EXIT_USAGE;
  if (argc > 1)
    return nas_cli_fail (NAS_EXIT_USAGE, "unexpected argument “%s”", argv[1]);

  config = nas_cli_search_options_to_config (options, &status);
  if (config == NULL)
    return status;
  if (stop_after_text != NULL && !nas_cli_parse_int ("stop-after", stop_after_text, 0, G_MAXUINT32, &stop_after))
    return NAS_EXIT_USAGE;

  nas_nn_set_threads ((int) config->threads);

  /* Refused before the history is opened: a child that cannot fit would
   * fail at its allocation, or drive the machine into swap first. A
   * dataset that cannot be read is the engine's to report. */
  {
    NasDatasetShape shape;

    if (nas_dataset_peek (config->dataset, &shape, NULL) &&
        !nas_memory_check (config, &shape, nas_memory_available (), NULL, &error))
      return nas_cli_fail_error (error, NULL);
  }

  if (database == NULL)
    database = nas_store_default_path ();
  if ((status = nas_cli_publish_check (database, publish, publish_interval, &interval)) != NAS_EXIT_OK)
    return status;

  if (mpi)
    {
      NasCliMpiSetup setup = { config->dataset, config->threads, config->episodes_per_update };
      int mpi_status = nas_cli_mpi_start (&setup, config->threads);

      if (mpi_status >= 0)
        return mpi_status;   /* a worker rank, or MPI unusable */
    }

  engine = nas_search_engine_new (database);
  nas_search_engine_set_stop_after (engine, (guint) stop_after);
  if (publish != NULL)
    publisher = nas_cli_publisher_new (database, publish, interval);
  return drive (engine, config, name, 0, json, quiet, mpi, publisher);
}

int
nas_cli_resume (int    argc,
                char **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *threads_text = NULL, *stop_after_text = NULL;
  g_autofree char *publish = NULL, *publish_interval = NULL;
  g_autoptr(NasCliPublisher) publisher = NULL;
  double interval;
  gint64 stop_after = 0;
  int threads, check;
  gboolean json = FALSE, quiet = FALSE, mpi = FALSE;
  g_autoptr(NasSearchEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(NasSearchConfig) stored = NULL;
  gint64 run_id;
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "History file", "FILE" },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &threads_text,
      "Threads for training: 1 to 256, 0 for one per processor (default: the run's own)", "T" },
    { "stop-after", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &stop_after_text, "Stop after N stored episodes", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON object per episode", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only errors", NULL },
    { "mpi", 0, 0, G_OPTION_ARG_NONE, &mpi, "Train the children on the other ranks of an MPI job (under mpirun or srun)", NULL },
    PUBLISH_ENTRIES (publish, publish_interval),
    { NULL }
  };

  if (!nas_cli_parse (entries, "RUN", "Continues an interrupted or stopped search from its last checkpoint.",
                      &argc, &argv))
    return NAS_EXIT_USAGE;
  if (argc != 2 || !g_ascii_string_to_signed (argv[1], 10, 1, G_MAXINT64, &run_id, NULL))
    return nas_cli_fail (NAS_EXIT_USAGE, "resume takes one run number");
  if (!nas_cli_parse_threads (threads_text, &threads) ||
      (stop_after_text != NULL && !nas_cli_parse_int ("stop-after", stop_after_text, 0, G_MAXUINT32, &stop_after)))
    return NAS_EXIT_USAGE;

  if (database == NULL)
    database = nas_store_default_path ();
  if ((check = nas_cli_publish_check (database, publish, publish_interval, &interval)) != NAS_EXIT_OK)
    return check;

  stored = read_stored_config (database, run_id);
  if (stored != NULL)
    {
      gboolean changes = FALSE;

      threads = (int) nas_search_config_resume_threads (stored, threads_text != NULL ? (guint) threads : 0,
                                                         (guint) threads, &changes);
      /* The user asked for it: a resumed run with another count is still a
       * search of trained children, only no longer the uninterrupted run's
       * twin. Said before the first episode, so it can be stopped. */
      if (changes)
        fprintf (stderr, "nascent-cli: run %" G_GINT64_FORMAT " was started with %u thread%s; "
                 "resuming with %d changes its results from the next episode on\n",
                 run_id, stored->threads, stored->threads == 1 ? "" : "s", threads);
    }

  /* A run whose largest child cannot fit here is refused before it is
   * claimed, as a new search is. */
  if (stored != NULL && !nas_memory_check_resume (stored, run_id, &error))
    return nas_cli_fail_error (error, NULL);

  nas_nn_set_threads (threads);
  if (mpi)
    {
      /* Only rank 0 reads the history: the workers take its dataset and
       * thread count, and check them against their own. */
      NasCliMpiSetup setup = { stored != NULL ? stored->dataset : NULL, (guint) threads,
                               stored != NULL ? stored->episodes_per_update : 0 };
      int status = nas_cli_mpi_start (stored != NULL ? &setup : NULL,
                                      threads_text != NULL ? nas_search_config_effective_threads ((guint) threads) : 0);

      if (status >= 0)
        return status;
    }
  engine = nas_search_engine_new (database);
  nas_search_engine_set_stop_after (engine, (guint) stop_after);
  if (publish != NULL)
    publisher = nas_cli_publisher_new (database, publish, interval);
  return drive (engine, NULL, NULL, run_id, json, quiet, mpi, publisher);
}
