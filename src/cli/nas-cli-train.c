/* nas-cli-train.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli train: trains one architecture on a dataset's training split
 * and reports validation and test accuracy — the engine of one search
 * episode, plus the final test evaluation, without the search. With
 * --seeds it trains once per seed and reports the mean and sample standard
 * deviation as well. Progress lines go to stderr; the result to stdout
 * (with --json, one JSON object on the last line). */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "nas-arch.h"
#include "nas-cli.h"
#include "nas-cli-recipe.h"
#include "nas-dataset.h"
#include "nas-json.h"
#include "nas-net.h"
#include "nas-nn.h"
#include "nas-recipe.h"
#include "nas-trainer.h"

/* The most seeds one call trains. */
#define MAX_SEEDS 100

typedef struct
{
  gboolean quiet;
  GArray  *epoch_accuracy;  /* double, with --validate-epochs */
} TrainState;

/* One training of the architecture, with one seed. */
typedef struct
{
  guint64  seed;
  guint64  steps;
  double   train_seconds;
  double   images_per_second;
  double   val_acc, val_loss, test_acc, test_loss;
  GArray  *epoch_accuracy;  /* double per epoch, or NULL */
} SeedRun;

static void
seed_run_clear (SeedRun *run)
{
  g_clear_pointer (&run->epoch_accuracy, g_array_unref);
}

static gboolean
progress_cb (const NasTrainProgress *p,
             gpointer                user_data)
{
  TrainState *state = user_data;

  if (!state->quiet)
    fprintf (stderr, "step %6" G_GUINT64_FORMAT "  epoch %3u  loss %.4f  accuracy %.4f  %.0f images/s\n",
             p->step, p->epoch + 1, p->loss, p->accuracy, p->images_per_second);
  return TRUE;
}

static gboolean
epoch_cb (guint    epoch,
          double   accuracy,
          double   loss,
          gpointer user_data)
{
  TrainState *state = user_data;

  g_array_append_val (state->epoch_accuracy, accuracy);
  if (!state->quiet)
    fprintf (stderr, "epoch %3u  validation accuracy %.4f  loss %.4f\n", epoch + 1, accuracy, loss);
  return TRUE;
}

/* Peak resident memory of the process, in MB. */
static double
peak_rss_mb (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return usage.ru_maxrss / 1024.0;   /* Linux reports KB */
}

/* Parses "1,2,3" into at most MAX_SEEDS seeds. */
static GArray *
parse_seeds (const char  *text,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GArray) seeds = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 seed;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, G_MAXINT64, &seed, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--seeds takes a comma-separated list of seeds, not “%s”", text);
          return NULL;
        }
      g_array_append_val (seeds, seed);
    }
  if (seeds->len < 1 || seeds->len > MAX_SEEDS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--seeds takes 1 to %d seeds", MAX_SEEDS);
      return NULL;
    }
  return g_steal_pointer (&seeds);
}

/* Mean and sample standard deviation (NAN for fewer than two values) of
 * one field of @runs. */
static void
mean_sd (const SeedRun *runs,
         guint          n,
         gsize          offset,
         double        *mean,
         double        *sd)
{
  double sum = 0, squares = 0;

  for (guint i = 0; i < n; i++)
    sum += G_STRUCT_MEMBER (double, &runs[i], offset);
  *mean = sum / n;
  for (guint i = 0; i < n; i++)
    {
      double d = G_STRUCT_MEMBER (double, &runs[i], offset) - *mean;

      squares += d * d;
    }
  *sd = n > 1 ? sqrt (squares / (n - 1)) : NAN;
}

static void
add_double_or_null (JsonBuilder *b,
                    const char  *member,
                    double       value)
{
  json_builder_set_member_name (b, member);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

static void
add_epoch_accuracy (JsonBuilder   *b,
                    const SeedRun *run)
{
  if (run->epoch_accuracy == NULL)
    return;
  json_builder_set_member_name (b, "validation_accuracy_by_epoch");
  json_builder_begin_array (b);
  for (guint e = 0; e < run->epoch_accuracy->len; e++)
    json_builder_add_double_value (b, g_array_index (run->epoch_accuracy, double, e));
  json_builder_end_array (b);
}

/* The members that open both JSON reports: what was trained, on what. */
static void
add_network_members (JsonBuilder      *b,
                     const char       *canonical,
                     const NasDataset *dataset,
                     NasNet           *net)
{
  json_builder_set_member_name (b, "arch");
  json_builder_add_string_value (b, canonical);
  json_builder_set_member_name (b, "dataset");
  json_builder_add_string_value (b, dataset->name);
  json_builder_set_member_name (b, "params");
  json_builder_add_int_value (b, (gint64) nas_net_get_n_params (net));
  json_builder_set_member_name (b, "flops");
  json_builder_add_double_value (b, nas_net_get_flops (net));
}

/* The report of a --seeds call: one row per seed, then mean ± sd. */
static void
print_seeds (const char       *canonical,
             const NasDataset *dataset,
             NasNet           *net,
             const NasRecipe  *recipe,
             gint              batch,
             gint              threads,
             const SeedRun    *runs,
             guint             n,
             gboolean          json)
{
  g_autofree char *described = nas_recipe_describe (recipe);
  double test_mean, test_sd, val_mean, val_sd, time_mean, time_sd;

  mean_sd (runs, n, G_STRUCT_OFFSET (SeedRun, test_acc), &test_mean, &test_sd);
  mean_sd (runs, n, G_STRUCT_OFFSET (SeedRun, val_acc), &val_mean, &val_sd);
  mean_sd (runs, n, G_STRUCT_OFFSET (SeedRun, train_seconds), &time_mean, &time_sd);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *line = NULL;

      json_builder_begin_object (b);
      add_network_members (b, canonical, dataset, net);
      json_builder_set_member_name (b, "recipe");
      json_builder_add_value (b, nas_recipe_to_json (recipe));
      json_builder_set_member_name (b, "batch_size");
      json_builder_add_int_value (b, batch);
      json_builder_set_member_name (b, "threads");
      json_builder_add_int_value (b, threads);
      json_builder_set_member_name (b, "runs");
      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "seed");
          json_builder_add_int_value (b, (gint64) runs[i].seed);
          json_builder_set_member_name (b, "steps");
          json_builder_add_int_value (b, (gint64) runs[i].steps);
          json_builder_set_member_name (b, "train_seconds");
          json_builder_add_double_value (b, runs[i].train_seconds);
          json_builder_set_member_name (b, "train_images_per_second");
          json_builder_add_double_value (b, runs[i].images_per_second);
          json_builder_set_member_name (b, "validation_accuracy");
          json_builder_add_double_value (b, runs[i].val_acc);
          json_builder_set_member_name (b, "validation_loss");
          json_builder_add_double_value (b, runs[i].val_loss);
          json_builder_set_member_name (b, "test_accuracy");
          json_builder_add_double_value (b, runs[i].test_acc);
          json_builder_set_member_name (b, "test_loss");
          json_builder_add_double_value (b, runs[i].test_loss);
          add_epoch_accuracy (b, &runs[i]);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      add_double_or_null (b, "test_accuracy_mean", test_mean);
      add_double_or_null (b, "test_accuracy_sd", test_sd);
      add_double_or_null (b, "validation_accuracy_mean", val_mean);
      add_double_or_null (b, "validation_accuracy_sd", val_sd);
      add_double_or_null (b, "train_seconds_mean", time_mean);
      json_builder_set_member_name (b, "peak_memory_mb");
      json_builder_add_double_value (b, peak_rss_mb ());
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      line = nas_json_to_string (root, FALSE);
      printf ("%s\n", line);
      return;
    }

  printf ("%s\n  parameters %zu, %.1f MFLOPs/image, %s, batch %d\n"
          "  %20s  %9s  %9s  %8s  %9s\n", canonical, nas_net_get_n_params (net), nas_net_get_flops (net) / 1e6,
          described, batch, "SEED", "TEST ACC", "VAL ACC", "STEPS", "SECONDS");
  for (guint i = 0; i < n; i++)
    printf ("  %20" G_GUINT64_FORMAT "  %9.4f  %9.4f  %8" G_GUINT64_FORMAT "  %9.1f\n", runs[i].seed,
            runs[i].test_acc, runs[i].val_acc, runs[i].steps, runs[i].train_seconds);
  if (n > 1)
    printf ("  test accuracy %.4f ± %.4f, validation accuracy %.4f ± %.4f (mean ± sample sd of %u seeds)\n",
            test_mean, test_sd, val_mean, val_sd, n);
  printf ("  training %.1f s per seed on average\n  peak memory %.0f MB\n", time_mean, peak_rss_mb ());
}

int
nas_cli_train (int    argc,
               char **argv)
{
  g_autofree char *arch_text = NULL;
  g_autofree char *dataset_name = NULL;
  g_autofree char *opt_name = NULL;
  g_autofree char *save_path = NULL;
  /* Numbers as text: NULL means not given (see nas_cli_parse_int). */
  g_autofree char *epochs_text = NULL, *steps_text = NULL, *lr_text = NULL, *threads_text = NULL;
  gint64 epochs = 0, steps = 0, seed = 0, subset = 0;
  gint batch = 100, threads, progress_every = 100;
  gdouble lr = 0;
  gboolean json = FALSE, quiet = FALSE;
  g_autofree char *seeds_text = NULL;
  gboolean validate_epochs = FALSE;
  NasCliRecipe recipe_options = NAS_CLI_RECIPE_INIT;
  GOptionEntry entries[] = {
    { "arch", 'a', 0, G_OPTION_ARG_STRING, &arch_text, "Built-in name, text form or JSON of the architecture", "ARCH" },
    { "dataset", 'd', 0, G_OPTION_ARG_STRING, &dataset_name, "Dataset name or folder (default mnist)", "NAME" },
    { "epochs", 'e', 0, G_OPTION_ARG_STRING, &epochs_text, "Epochs of training (default 1)", "E" },
    { "steps", 's', 0, G_OPTION_ARG_STRING, &steps_text, "Mini-batches of training, instead of epochs", "S" },
    { "batch-size", 'b', 0, G_OPTION_ARG_INT, &batch, "Mini-batch size (default 100)", "B" },
    { "opt", 0, 0, G_OPTION_ARG_STRING, &opt_name, "Optimizer: adam (default) or sgd", "OPT" },
    { "lr", 0, 0, G_OPTION_ARG_STRING, &lr_text, "Learning rate (default: adam 1e-3, sgd 1e-2)", "X" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of weights, shuffles and dropout (default 0)", "N" },
    { "subset", 0, 0, G_OPTION_ARG_INT64, &subset, "Train on the first N training images only", "N" },
    { "threads", 't', 0, G_OPTION_ARG_STRING, &threads_text, NAS_CLI_THREADS_HELP, "T" },
    { "progress-every", 0, 0, G_OPTION_ARG_INT, &progress_every, "Steps between progress lines (default 100)", "K" },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save_path, "Write the trained weights to FILE", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress lines", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the result as one JSON line", NULL },
    { "seeds", 0, 0, G_OPTION_ARG_STRING, &seeds_text,
      "Train once per seed (e.g. 1,2,3) and report the mean and sample sd", "LIST" },
    { "validate-epochs", 0, 0, G_OPTION_ARG_NONE, &validate_epochs,
      "Measure validation accuracy after every epoch (a curve; the result stays the last epoch's)", NULL },
    NAS_CLI_RECIPE_ENTRIES (&recipe_options),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(NasArch) arch = NULL;
  g_autoptr(NasDataset) dataset = NULL;
  g_autoptr(NasNet) net = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr(GArray) seeds = NULL;
  g_autofree SeedRun *runs = NULL;
  NasRecipe recipe = { 0 };
  NasTrainConfig config;
  NasTrainResult result;
  TrainState state = { 0 };
  double val_acc, val_loss, test_acc, test_loss;
  NasOptimKind opt = NAS_OPTIM_ADAM;

  if (!nas_cli_parse (entries, "", "Train one network and report its validation and test accuracy.", &argc, &argv))
    return NAS_EXIT_USAGE;
  if (argc > 1)
    return nas_cli_fail (NAS_EXIT_USAGE, "train: unexpected argument “%s”", argv[1]);
  if (arch_text == NULL)
    return nas_cli_fail (NAS_EXIT_USAGE, "train: --arch is required");
  if (epochs_text != NULL && steps_text != NULL)
    return nas_cli_fail (NAS_EXIT_USAGE, "train: give --epochs or --steps, not both");
  if ((epochs_text != NULL && !nas_cli_parse_int ("epochs", epochs_text, 1, G_MAXUINT32, &epochs)) ||
      (steps_text != NULL && !nas_cli_parse_int ("steps", steps_text, 1, G_MAXINT64, &steps)) ||
      (lr_text != NULL && !nas_cli_parse_double ("lr", lr_text, G_MINDOUBLE, 1e6, &lr)) ||
      !nas_cli_parse_threads (threads_text, &threads))
    return NAS_EXIT_USAGE;
  if (batch < 1 || batch > 65536)
    return nas_cli_fail (NAS_EXIT_USAGE, "train: --batch-size must be from 1 to 65536");
  if (subset < 0 || seed < 0 || progress_every < 0)
    return nas_cli_fail (NAS_EXIT_USAGE, "train: negative --subset, --seed or --progress-every");
  if (opt_name != NULL && !nas_optim_kind_from_string (opt_name, &opt))
    return nas_cli_fail (NAS_EXIT_USAGE, "train: unknown optimizer “%s” (adam or sgd)", opt_name);

  if (!(arch = nas_arch_from_any (arch_text, &error)))
    return nas_cli_fail_error (error, "train: ");
  if (!(dataset = nas_dataset_load (dataset_name ? dataset_name : "mnist", &error)))
    return nas_cli_fail_error (error, "train: ");
  if ((guint64) subset > dataset->train.n)
    return nas_cli_fail (NAS_EXIT_USAGE, "train: --subset %" G_GINT64_FORMAT " is larger than the "
                         "training split (%zu images)", subset, dataset->train.n);
  /* Refuse an unwritable destination before the training, not after it. */
  if (save_path != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (save_path);

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR) || access (folder, W_OK) != 0 ||
          g_file_test (save_path, G_FILE_TEST_IS_DIR))
        return nas_cli_fail (NAS_EXIT_USAGE, "train: --save: cannot write “%s”: %s", save_path,
                             g_file_test (save_path, G_FILE_TEST_IS_DIR) ? "it is a folder"
                             : !g_file_test (folder, G_FILE_TEST_IS_DIR) ? "no such folder"
                             : "the folder is write-protected");
    }

  if (seeds_text != NULL && !(seeds = parse_seeds (seeds_text, &error)))
    return nas_cli_fail (NAS_EXIT_USAGE, "train: %s", error->message);
  if (seeds != NULL && save_path != NULL && seeds->len > 1)
    return nas_cli_fail (NAS_EXIT_USAGE, "train: --save keeps one network: give one seed");
  if (seeds == NULL)
    {
      seeds = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_array_append_val (seeds, seed);
    }
  recipe.optimizer = opt;
  recipe.lr = (float) lr;
  if (!nas_cli_recipe_apply (&recipe_options, &recipe, &error))
    return nas_cli_fail (NAS_EXIT_USAGE, "train: %s", error->message);

  nas_nn_set_threads (threads);
  state.quiet = quiet;
  runs = g_new0 (SeedRun, seeds->len);
  for (guint i = 0; i < seeds->len; i++)
    {
      SeedRun *run = &runs[i];

      run->seed = g_array_index (seeds, guint64, i);
      g_clear_pointer (&net, nas_net_free);
      net = nas_net_new (arch, dataset->train.c, dataset->train.h, dataset->train.w,
                         dataset->n_classes, (size_t) batch, run->seed, &error);
      if (net == NULL)
        return nas_cli_fail_error (error, "train: ");
      if (canonical == NULL)
        canonical = nas_arch_to_string (arch);

      nas_train_config_init (&config);
      nas_train_config_set_recipe (&config, &recipe);
      config.batch_size = (size_t) batch;
      config.epochs = epochs > 0 ? (guint) epochs : 1;
      config.steps = steps > 0 ? (guint64) steps : 0;
      config.subset = (size_t) subset;
      config.seed = run->seed;
      config.progress_every = (guint) progress_every;
      config.progress = progress_cb;
      config.user_data = &state;
      if (validate_epochs)
        {
          run->epoch_accuracy = state.epoch_accuracy = g_array_new (FALSE, FALSE, sizeof (double));
          config.validation = &dataset->validation;
          config.epoch_end = epoch_cb;
        }

      if (!quiet && i == 0)
        fprintf (stderr, "training %s: %zu parameters, %.1f MFLOPs per image, on %zu %s images\n",
                 canonical, nas_net_get_n_params (net), nas_net_get_flops (net) / 1e6,
                 subset > 0 ? MIN ((gsize) subset, dataset->train.n) : dataset->train.n, dataset->name);
      if (!quiet && seeds_text != NULL)
        fprintf (stderr, "seed %" G_GUINT64_FORMAT " (%u of %u)\n", run->seed, i + 1, seeds->len);

      if (!nas_train (net, &dataset->train, &config, NULL, &result, &error)
          || !nas_evaluate (net, &dataset->validation, NULL, &run->val_acc, &run->val_loss, &error)
          || !nas_evaluate (net, &dataset->test, NULL, &run->test_acc, &run->test_loss, &error))
        {
          for (guint j = 0; j <= i; j++)
            seed_run_clear (&runs[j]);
          return nas_cli_fail_error (error, "train: ");
        }
      run->steps = result.steps;
      run->train_seconds = result.train_seconds;
      run->images_per_second = result.images_per_second;
    }
  if (save_path != NULL && !nas_net_save (net, save_path, &error))
    return nas_cli_fail_error (error, "train: ");

  if (seeds_text != NULL)
    {
      print_seeds (canonical, dataset, net, &recipe, batch, threads, runs, seeds->len, json);
      for (guint i = 0; i < seeds->len; i++)
        seed_run_clear (&runs[i]);
      return NAS_EXIT_OK;
    }

  val_acc = runs[0].val_acc;
  val_loss = runs[0].val_loss;
  test_acc = runs[0].test_acc;
  test_loss = runs[0].test_loss;
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *line = NULL;

      json_builder_begin_object (b);
      add_network_members (b, canonical, dataset, net);
      json_builder_set_member_name (b, "optimizer");
      json_builder_add_string_value (b, nas_optim_kind_to_string (opt));
      if (!nas_recipe_is_default (&recipe))
        {
          json_builder_set_member_name (b, "recipe");
          json_builder_add_value (b, nas_recipe_to_json (&recipe));
        }
      json_builder_set_member_name (b, "batch_size");
      json_builder_add_int_value (b, batch);
      json_builder_set_member_name (b, "steps");
      json_builder_add_int_value (b, (gint64) result.steps);
      json_builder_set_member_name (b, "seed");
      json_builder_add_int_value (b, seed);
      json_builder_set_member_name (b, "threads");
      json_builder_add_int_value (b, threads);
      json_builder_set_member_name (b, "train_seconds");
      json_builder_add_double_value (b, result.train_seconds);
      json_builder_set_member_name (b, "train_images_per_second");
      json_builder_add_double_value (b, result.images_per_second);
      json_builder_set_member_name (b, "validation_accuracy");
      json_builder_add_double_value (b, val_acc);
      json_builder_set_member_name (b, "validation_loss");
      json_builder_add_double_value (b, val_loss);
      json_builder_set_member_name (b, "test_accuracy");
      json_builder_add_double_value (b, test_acc);
      json_builder_set_member_name (b, "test_loss");
      json_builder_add_double_value (b, test_loss);
      add_epoch_accuracy (b, &runs[0]);
      json_builder_set_member_name (b, "peak_memory_mb");
      json_builder_add_double_value (b, peak_rss_mb ());
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      line = nas_json_to_string (root, FALSE);
      printf ("%s\n", line);
    }
  else
    {
      printf ("%s\n  parameters %zu, %.1f MFLOPs/image, %" G_GUINT64_FORMAT " steps in %.1f s (%.0f images/s)\n"
              "  validation accuracy %.4f (loss %.4f)\n  test accuracy %.4f (loss %.4f)\n  peak memory %.0f MB\n",
              canonical, nas_net_get_n_params (net), nas_net_get_flops (net) / 1e6, result.steps,
              result.train_seconds, result.images_per_second, val_acc, val_loss, test_acc, test_loss,
              peak_rss_mb ());
      if (!nas_recipe_is_default (&recipe))
        {
          g_autofree char *described = nas_recipe_describe (&recipe);

          printf ("  recipe %s\n", described);
        }
    }
  seed_run_clear (&runs[0]);

  return NAS_EXIT_OK;
}
