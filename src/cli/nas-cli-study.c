/* nas-cli-study.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli study: did the search find something better than a
 * hand-designed network? Runs one configuration under each strategy with
 * several seeds, retrains each run's best architecture and the baselines
 * with several seeds, and reports (nas-study.c, nas-study-report.c).
 * Every step is stored as it finishes, so `study --resume ID` carries on
 * a killed or stopped study, and `study --report ID` prints a finished one
 * again from the history without training. One progress line per search
 * episode and per retrain goes to stdout; Ctrl-C stops at the next
 * mini-batch. With --mpi, the searches' children train on the other ranks
 * of an MPI job (nas-cli-mpi.c) and the retrains on rank 0. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nas-cli.h"
#include "nas-cli-mpi.h"
#include "nas-dataset.h"
#include "nas-export.h"
#include "nas-json.h"
#include "nas-memory.h"
#include "nas-nn.h"
#include "nas-study.h"
#include "nas-study-report.h"
#include "nas-study-svg.h"

typedef struct
{
  GCancellable *cancellable;
  guint         interrupts;
  gboolean      quiet;
  gint64        study_id;
} Cli;

static void
search_event_cb (const NasSearchEvent *event,
                 const NasStudyStep   *step,
                 gpointer              user_data)
{
  Cli *cli = user_data;
  const NasEpisodeRecord *e = event->record;

  if (cli->quiet || event->kind != NAS_SEARCH_EVENT_EPISODE_FINISHED)
    return;
  printf ("study %" G_GINT64_FORMAT ": %s seed %u: run %" G_GINT64_FORMAT " episode %u/%u  val %6.2f %%  "
          "reward %.4f  %6.1f s  %s\n", cli->study_id, step->strategy, step->run_seed_index + 1, event->run_id,
          e->episode + 1, event->episodes_planned, 100.0 * e->validation_accuracy, e->reward, e->train_seconds,
          e->architecture);
  fflush (stdout);
}

static void
retrained_cb (const NasStudyRetrain *r,
              guint                  done,
              guint                  total,
              gpointer               user_data)
{
  Cli *cli = user_data;

  if (cli->quiet)
    return;
  printf ("study %" G_GINT64_FORMAT ": retrain %u/%u  %s seed %u  test %6.2f %%  val %6.2f %%  %6.1f s\n",
          cli->study_id, done, total, r->name, r->seed_index + 1, 100.0 * r->test_accuracy,
          100.0 * r->validation_accuracy, r->train_seconds);
  fflush (stdout);
}

static gboolean
interrupt_cb (gpointer data)
{
  Cli *cli = data;

  if (cli->interrupts++ == 0)
    {
      fprintf (stderr, "nascent-cli: stopping the study at the next mini-batch (Ctrl-C again to quit at once)\n");
      g_cancellable_cancel (cli->cancellable);
      return G_SOURCE_CONTINUE;
    }
  /* Every finished step is stored: quitting now loses only the one in
   * flight, exactly like a crash. */
  fprintf (stderr, "nascent-cli: quitting\n");
  fflush (NULL);
  _exit (130);
}

/* Prints the report of study @id (text or JSON) and writes the Markdown
 * and HTML files if asked. Trains nothing: the history is opened
 * read-only. */
static int
report (const char *database,
        gint64      id,
        gboolean    json,
        const char *markdown_path,
        const char *html_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (database, NAS_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(NasStudyReport) r = NULL;

  if (store == NULL)
    return nas_cli_fail_error (error, NULL);
  r = nas_study_report_load (store, id, &error);
  if (r == NULL)
    return nas_cli_fail_error (error, NULL);

  if (markdown_path != NULL && !nas_study_report_write_markdown (r, markdown_path, &error))
    return nas_cli_fail_error (error, NULL);
  if (html_path != NULL && !nas_study_report_write_html (r, html_path, &error))
    return nas_cli_fail_error (error, NULL);
  if (json)
    {
      g_autoptr(JsonNode) node = nas_study_report_to_json (r);
      g_autofree char *text = nas_json_to_string (node, TRUE);

      printf ("%s\n", text);
    }
  else
    {
      g_autofree char *text = nas_study_report_to_text (r, FALSE);

      printf ("%s", text);
    }
  return NAS_EXIT_OK;
}

static int
list (const char *database,
      gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStore) store = nas_store_open (database, NAS_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (store == NULL)
    return nas_cli_fail_error (error, NULL);
  studies = nas_store_list_studies (store, &error);
  if (studies == NULL)
    return nas_cli_fail_error (error, NULL);

  json_builder_begin_array (b);
  if (!json)
    printf ("%4s  %-8s  %-14s  %-18s  %5s  %s\n", "ID", "STATUS", "DATASET", "STRATEGIES", "SEEDS", "NAME");
  for (guint i = 0; i < studies->len; i++)
    {
      const NasStudy *s = g_ptr_array_index (studies, i);
      const char *status = s->status == NAS_STUDY_FINISHED ? "finished" : "running";

      if (!json)
        {
          printf ("%4" G_GINT64_FORMAT "  %-8s  %-14s  %-18s  %5u  %s\n", s->id, status, s->dataset,
                  s->strategies, s->seeds, s->name);
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "study");
      json_builder_add_int_value (b, s->id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, s->name);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, status);
      json_builder_set_member_name (b, "dataset");
      json_builder_add_string_value (b, s->dataset);
      json_builder_set_member_name (b, "strategies");
      json_builder_add_string_value (b, s->strategies);
      json_builder_set_member_name (b, "seeds");
      json_builder_add_int_value (b, s->seeds);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      g_autofree char *text = nas_json_to_string (root, TRUE);

      printf ("%s\n", text);
    }
  return NAS_EXIT_OK;
}

/* Executes what is left of study @id, then reports it. With @mpi (on
 * rank 0, the workers started), each search's children train on the
 * worker ranks; the retrains train here, one after the other, as without
 * it. */
static int
execute (const char *database,
         gint64      id,
         gboolean    quiet,
         gboolean    json,
         const char *markdown_path,
         const char *html_path,
         gboolean    mpi)
{
  g_autoptr(GError) error = NULL;
  NasStudyCallbacks callbacks = { search_event_cb, retrained_cb, mpi ? nas_cli_mpi_pool_new : NULL };
  Cli cli = { .quiet = quiet || json, .study_id = id };
  guint sigint, sigterm;
  gboolean ok;

  {
    g_autoptr(NasStore) store = nas_store_open (database, NAS_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(NasStudy) study = store != NULL ? nas_store_get_study (store, id, &error) : NULL;
    g_autoptr(NasSearchConfig) config = NULL;

    if (study == NULL)
      return nas_cli_fail_error (error, NULL);
    config = nas_search_config_from_string (study->config_json, &error);
    if (config == NULL)
      return nas_cli_fail_error (error, "the study's configuration: ");
    nas_nn_set_threads ((int) config->threads);
    if (!cli.quiet)
      printf ("study %" G_GINT64_FORMAT ": %s, %s × %u seed%s%s\n", id, study->dataset, study->strategies,
              study->seeds, study->seeds == 1 ? "" : "s",
              study->status == NAS_STUDY_FINISHED ? " (finished)" : "");
  }

  cli.cancellable = g_cancellable_new ();
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &cli);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &cli);
  ok = nas_study_execute (database, id, &callbacks, &cli, cli.cancellable, &error);
  if (mpi)
    nas_cli_mpi_finish (ok ? NAS_EXIT_OK : nas_cli_error_status (error));
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_object_unref (cli.cancellable);

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return nas_cli_fail (NAS_EXIT_FAILURE, "study %" G_GINT64_FORMAT " stopped; continue it with: "
                             "nascent-cli study --resume %" G_GINT64_FORMAT, id, id);
      return nas_cli_fail_error (error, NULL);
    }
  if (!cli.quiet)
    printf ("\n");
  return report (database, id, json, markdown_path, html_path);
}

/* The configuration stored with study @id, or NULL if it cannot be read
 * (not said here: rank 0 refuses with a message, a worker does not need
 * it). */
static NasSearchConfig *
read_study_config (const char *database,
                   gint64      id)
{
  g_autoptr(NasStore) store = nas_store_open (database, NAS_STORE_OPEN_READ_ONLY, NULL);
  g_autoptr(NasStudy) study = store != NULL ? nas_store_get_study (store, id, NULL) : NULL;

  return study != NULL ? nas_search_config_from_string (study->config_json, NULL) : NULL;
}

/* What `--mpi` does first on every rank (nas_cli_mpi_start()): −1 on rank
 * 0, ready to run the study; otherwise the exit status of a worker rank,
 * or 2 if MPI is not usable. */
static int
start_mpi (const NasSearchConfig *config,
           guint                  worker_threads)
{
  NasCliMpiSetup setup = { 0 };

  if (config != NULL)
    {
      setup.dataset = config->dataset;
      setup.threads = config->threads;
      setup.episodes_per_update = config->episodes_per_update;
    }
  return nas_cli_mpi_start (config != NULL ? &setup : NULL, worker_threads);
}

/* The study's own options, parsed into a NasStudy (NULL and @status on
 * bad input). */
static NasStudy *
study_from_options (const char *strategies,
                    const char *seeds,
                    const char *epochs,
                    const char *retrain_seeds,
                    const char *retrain_steps,
                    const char *retrain_subset,
                    const char *baselines,
                    const char *name,
                    int        *status)
{
  g_autoptr(NasStudy) study = nas_study_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) s = NULL, b = NULL;
  gint64 v;

  *status = NAS_EXIT_USAGE;
  if (!nas_study_check_lists (strategies != NULL ? strategies : NAS_STUDY_DEFAULT_STRATEGIES,
                              baselines != NULL ? baselines : NAS_STUDY_DEFAULT_BASELINES, &error))
    {
      nas_cli_fail (NAS_EXIT_USAGE, "%s", error->message);
      return NULL;
    }
  /* Stored normalised: trimmed, without empty items. */
  s = nas_study_split_list (strategies != NULL ? strategies : NAS_STUDY_DEFAULT_STRATEGIES);
  b = nas_study_split_list (baselines != NULL ? baselines : NAS_STUDY_DEFAULT_BASELINES);
  study->strategies = g_strjoinv (",", s);
  study->baselines = g_strjoinv (",", b);
  study->name = g_strdup (name != NULL ? name : "");

  study->seeds = NAS_STUDY_DEFAULT_SEEDS;
  study->epochs = NAS_STUDY_DEFAULT_EPOCHS;
  study->retrain_seeds = NAS_STUDY_DEFAULT_RETRAIN_SEEDS;
  if (seeds != NULL)
    {
      if (!nas_cli_parse_int ("seeds", seeds, 1, NAS_STUDY_MAX_SEEDS, &v))
        return NULL;
      study->seeds = (guint) v;
    }
  if (epochs != NULL)
    {
      if (!nas_cli_parse_int ("epochs", epochs, 1, 1000, &v))
        return NULL;
      study->epochs = (guint) v;
    }
  if (retrain_seeds != NULL)
    {
      if (!nas_cli_parse_int ("retrain-seeds", retrain_seeds, 1, NAS_STUDY_MAX_SEEDS, &v))
        return NULL;
      study->retrain_seeds = (guint) v;
    }
  if (retrain_steps != NULL)
    {
      if (!nas_cli_parse_int ("retrain-steps", retrain_steps, 1, G_MAXUINT32, &v))
        return NULL;
      study->retrain_steps = (guint64) v;
    }
  if (retrain_subset != NULL)
    {
      if (!nas_cli_parse_int ("retrain-subset", retrain_subset, 1, G_MAXUINT32, &v))
        return NULL;
      study->retrain_subset = (guint) v;
    }
  *status = NAS_EXIT_OK;
  return g_steal_pointer (&study);
}

int
nas_cli_study (int    argc,
               char **argv)
{
  g_autoptr(NasCliSearchOptions) options = nas_cli_search_options_new ();
  g_autofree GOptionEntry *entries = NULL;
  g_autofree char *database = NULL, *name = NULL, *markdown = NULL, *html = NULL;
  g_autofree char *strategies = NULL, *seeds = NULL, *epochs = NULL, *retrain_seeds = NULL;
  g_autofree char *retrain_steps = NULL, *retrain_subset = NULL, *baselines = NULL;
  g_autofree char *resume_text = NULL, *report_text = NULL;
  gboolean json = FALSE, quiet = FALSE, list_studies = FALSE, mpi = FALSE;
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasStudy) study = NULL;
  g_autoptr(NasStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  int status;
  const GOptionEntry own[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "History file (default: $XDG_DATA_HOME/nascent/history.db)", "FILE" },
    { "strategies", 0, 0, G_OPTION_ARG_STRING, &strategies, "Strategies to compare (default: reinforce,random)", "LIST" },
    { "seeds", 0, 0, G_OPTION_ARG_STRING, &seeds, "Search seeds per strategy (1–100, default 3)", "S" },
    { "epochs", 0, 0, G_OPTION_ARG_STRING, &epochs, "Epochs of each retrain (1–1,000, default 10)", "E" },
    { "retrain-seeds", 0, 0, G_OPTION_ARG_STRING, &retrain_seeds, "Seeds of each retrained network (1–100, default 3)", "R" },
    { "retrain-steps", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &retrain_steps, "Retrain for N mini-batches instead of epochs", "N" },
    { "retrain-subset", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &retrain_subset, "Retrain on the first N training images", "N" },
    { "baselines", 0, 0, G_OPTION_ARG_STRING, &baselines,
      "Built-in networks to compare with, “” for none (default: tf-tutorial,keras-mnist,keras-mnist-bn)", "LIST" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Name of the study", "NAME" },
    { "resume", 0, 0, G_OPTION_ARG_STRING, &resume_text, "Carry on study ID where it stopped", "ID" },
    { "report", 0, 0, G_OPTION_ARG_STRING, &report_text, "Report study ID from the history, training nothing", "ID" },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list_studies, "List the studies of the history", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "The report (or list) as JSON, without progress lines", NULL },
    { "markdown", 0, 0, G_OPTION_ARG_FILENAME, &markdown, "Also write the report to FILE as Markdown, its charts as SVG beside it", "FILE" },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html, "Also write the report to FILE as one HTML page with its charts", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress lines", NULL },
    { "mpi", 0, 0, G_OPTION_ARG_NONE, &mpi, "Train the searches' children on the other ranks of an MPI job (under mpirun or srun)", NULL },
    { NULL }
  };

  /* The search options' --strategy would be silently overridden. */
  for (int i = 1; i < argc && g_strcmp0 (argv[i], "--") != 0; i++)
    if (g_strcmp0 (argv[i], "--strategy") == 0 || g_str_has_prefix (argv[i], "--strategy="))
      return nas_cli_fail (NAS_EXIT_USAGE, "a study compares strategies: give --strategies LIST, not --strategy");

  entries = nas_cli_search_options_entries (options, own);
  if (!nas_cli_parse (entries, "", "Runs a search under each strategy with several seeds, retrains the best "
                      "architectures and hand-designed baselines with several seeds, and compares them on the "
                      "test set (McNemar's exact test).", &argc, &argv))
    return NAS_EXIT_USAGE;
  if (argc > 1)
    return nas_cli_fail (NAS_EXIT_USAGE, "unexpected argument “%s”", argv[1]);
  if ((resume_text != NULL) + (report_text != NULL) + (list_studies != FALSE) > 1)
    return nas_cli_fail (NAS_EXIT_USAGE, "give one of --resume, --report and --list");
  if ((resume_text != NULL || report_text != NULL || list_studies) &&
      (nas_cli_search_options_given (options) || strategies || seeds || epochs || retrain_seeds ||
       retrain_steps || retrain_subset || baselines || name))
    return nas_cli_fail (NAS_EXIT_USAGE, "--resume, --report and --list take a study from the history: "
                         "give no search or study options with them");
  if (mpi && (report_text != NULL || list_studies))
    return nas_cli_fail (NAS_EXIT_USAGE, "--mpi trains: give it to a new study or with --resume");
  if (database == NULL)
    database = nas_store_default_path ();

  if (list_studies)
    return list (database, json);
  if (report_text != NULL)
    {
      if (!nas_cli_parse_int ("report", report_text, 1, G_MAXINT64, &id))
        return NAS_EXIT_USAGE;
      return report (database, id, json, markdown, html);
    }
  if (resume_text != NULL)
    {
      if (!nas_cli_parse_int ("resume", resume_text, 1, G_MAXINT64, &id))
        return NAS_EXIT_USAGE;
      if (mpi)
        {
          /* Only rank 0 needs to read the history: the workers take its
           * dataset and thread count, and check them against their own. */
          g_autoptr(NasSearchConfig) stored = read_study_config (database, id);

          if ((status = start_mpi (stored, 0)) >= 0)
            return status;
        }
      return execute (database, id, quiet, json, markdown, html, mpi);
    }

  study = study_from_options (strategies, seeds, epochs, retrain_seeds, retrain_steps, retrain_subset,
                              baselines, name, &status);
  if (study == NULL)
    return status;
  config = nas_cli_search_options_to_config (options, &status);
  if (config == NULL)
    return status;
  {
    NasDatasetShape shape;

    if (nas_dataset_peek (config->dataset, &shape, NULL) &&
        !nas_memory_check (config, &shape, nas_memory_available (), NULL, &error))
      return nas_cli_fail_error (error, NULL);
  }
  study->dataset = g_strdup (config->dataset);
  study->config_json = nas_search_config_to_string (config);
  /* Before the history is touched: a worker rank must not add the study. */
  if (mpi && (status = start_mpi (config, config->threads)) >= 0)
    return status;

  store = nas_store_open (database, NAS_STORE_OPEN_READ_WRITE, &error);
  if (store == NULL || !nas_store_add_study (store, study, &id, &error))
    return nas_cli_fail_error (error, NULL);
  g_clear_pointer (&store, nas_store_free);
  return execute (database, id, quiet, json, markdown, html, mpi);
}
