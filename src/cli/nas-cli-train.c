/* nas-cli-train.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli train: trains one architecture on a dataset's training split
 * and reports validation and test accuracy — the engine of one search
 * episode, plus the final test evaluation, without the search. Progress
 * lines go to stderr; the result to stdout (with --json, one JSON object on
 * the last line). */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "nas-arch.h"
#include "nas-cli.h"
#include "nas-dataset.h"
#include "nas-net.h"
#include "nas-nn.h"
#include "nas-trainer.h"

typedef struct
{
  gboolean quiet;
} TrainState;

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

/* Peak resident memory of the process, in MB. */
static double
peak_rss_mb (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return usage.ru_maxrss / 1024.0;   /* Linux reports KB */
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
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(NasArch) arch = NULL;
  g_autoptr(NasDataset) dataset = NULL;
  g_autoptr(NasNet) net = NULL;
  g_autofree char *canonical = NULL;
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

  nas_nn_set_threads (threads);
  net = nas_net_new (arch, dataset->train.c, dataset->train.h, dataset->train.w,
                     dataset->n_classes, (size_t) batch, (guint64) seed, &error);
  if (net == NULL)
    return nas_cli_fail_error (error, "train: ");
  canonical = nas_arch_to_string (arch);

  nas_train_config_init (&config);
  config.optimizer = opt;
  config.lr = (float) lr;
  config.batch_size = (size_t) batch;
  config.epochs = epochs > 0 ? (guint) epochs : 1;
  config.steps = steps > 0 ? (guint64) steps : 0;
  config.subset = (size_t) subset;
  config.seed = (guint64) seed;
  config.progress_every = (guint) progress_every;
  config.progress = progress_cb;
  config.user_data = &state;
  state.quiet = quiet;

  if (!quiet)
    fprintf (stderr, "training %s: %zu parameters, %.1f MFLOPs per image, on %zu %s images\n",
             canonical, nas_net_get_n_params (net), nas_net_get_flops (net) / 1e6,
             subset > 0 ? MIN ((gsize) subset, dataset->train.n) : dataset->train.n, dataset->name);

  if (!nas_train (net, &dataset->train, &config, NULL, &result, &error)
      || !nas_evaluate (net, &dataset->validation, NULL, &val_acc, &val_loss, &error)
      || !nas_evaluate (net, &dataset->test, NULL, &test_acc, &test_loss, &error))
    return nas_cli_fail_error (error, "train: ");
  if (save_path != NULL && !nas_net_save (net, save_path, &error))
    return nas_cli_fail_error (error, "train: ");

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *line = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "arch");
      json_builder_add_string_value (b, canonical);
      json_builder_set_member_name (b, "dataset");
      json_builder_add_string_value (b, dataset->name);
      json_builder_set_member_name (b, "params");
      json_builder_add_int_value (b, (gint64) nas_net_get_n_params (net));
      json_builder_set_member_name (b, "flops");
      json_builder_add_double_value (b, nas_net_get_flops (net));
      json_builder_set_member_name (b, "optimizer");
      json_builder_add_string_value (b, nas_optim_kind_to_string (opt));
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
      json_builder_set_member_name (b, "peak_memory_mb");
      json_builder_add_double_value (b, peak_rss_mb ());
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      line = json_to_string (root, FALSE);
      printf ("%s\n", line);
    }
  else
    printf ("%s\n  parameters %zu, %.1f MFLOPs/image, %" G_GUINT64_FORMAT " steps in %.1f s (%.0f images/s)\n"
            "  validation accuracy %.4f (loss %.4f)\n  test accuracy %.4f (loss %.4f)\n  peak memory %.0f MB\n",
            canonical, nas_net_get_n_params (net), nas_net_get_flops (net) / 1e6, result.steps,
            result.train_seconds, result.images_per_second, val_acc, val_loss, test_acc, test_loss,
            peak_rss_mb ());

  return NAS_EXIT_OK;
}
