/* nas-cli-dataset.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `nascent-cli dataset info NAME-OR-FOLDER [--json]`: loads a dataset with
 * every check the app applies and prints what it holds, so that a user (or
 * the set-up script) can tell a good download from a damaged one before a
 * search starts. A damaged file is bad input: one line on stderr naming it,
 * exit status 2. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "nas-cli.h"
#include "nas-dataset.h"
#include "nas-json.h"

static const NasSplit *
splits_of (const NasDataset *dataset,
           guint             i)
{
  const NasSplit *splits[] = { &dataset->train_file, &dataset->train, &dataset->validation, &dataset->test };

  return i < G_N_ELEMENTS (splits) ? splits[i] : NULL;
}

static void
print_text (const NasDataset *dataset)
{
  g_autofree gsize *counts = g_new0 (gsize, dataset->n_classes);
  const NasSplit *split;

  printf ("dataset  %s\n", dataset->name);
  printf ("folder   %s\n", dataset->folder);
  printf ("classes  %u\n", dataset->n_classes);
  printf ("%-11s %7s  %-9s  %s\n", "split", "count", "shape", "label histogram (class 0, 1, …)");

  for (guint i = 0; (split = splits_of (dataset, i)) != NULL; i++)
    {
      g_autofree char *shape = g_strdup_printf ("%" G_GSIZE_FORMAT "×%" G_GSIZE_FORMAT "×%" G_GSIZE_FORMAT,
                                                split->c, split->h, split->w);
      g_autoptr(GString) histogram = g_string_new (NULL);

      nas_split_histogram (split, dataset->n_classes, counts);
      for (guint k = 0; k < dataset->n_classes; k++)
        g_string_append_printf (histogram, "%s%" G_GSIZE_FORMAT, k > 0 ? " " : "", counts[k]);

      /* "×" is two bytes but one column: pad by hand. */
      printf ("%-11s %7" G_GSIZE_FORMAT "  %s%*s  %s\n", split->name, split->n, shape,
              (int) MAX (0, 9 - (glong) g_utf8_strlen (shape, -1)), "", histogram->str);
    }
}

static void
print_json (const NasDataset *dataset)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree gsize *counts = g_new0 (gsize, dataset->n_classes);
  g_autofree char *text = NULL;
  const NasSplit *split;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, dataset->name);
  json_builder_set_member_name (builder, "folder");
  json_builder_add_string_value (builder, dataset->folder);
  json_builder_set_member_name (builder, "classes");
  json_builder_add_int_value (builder, dataset->n_classes);
  json_builder_set_member_name (builder, "splits");
  json_builder_begin_array (builder);

  for (guint i = 0; (split = splits_of (dataset, i)) != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, split->name);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, (gint64) split->n);
      json_builder_set_member_name (builder, "shape");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, (gint64) split->c);
      json_builder_add_int_value (builder, (gint64) split->h);
      json_builder_add_int_value (builder, (gint64) split->w);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "histogram");
      json_builder_begin_array (builder);
      nas_split_histogram (split, dataset->n_classes, counts);
      for (guint k = 0; k < dataset->n_classes; k++)
        json_builder_add_int_value (builder, (gint64) counts[k]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = nas_json_mend_doubles (json_generator_to_data (generator, NULL));
  printf ("%s\n", text);
}

int
nas_cli_dataset (int    argc,
                 char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON instead of a table", NULL },
    { NULL }
  };
  g_autoptr(NasDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  if (!nas_cli_parse (entries, "info NAME-OR-FOLDER",
                      "Loads a dataset with every check and prints, for the whole training file\n"
                      "and the train, validation and test splits, the count, the image shape\n"
                      "and the label histogram. NAME is looked up in $NASCENT_DATA_DIR,\n"
                      "$XDG_DATA_HOME/nascent/datasets and /usr/share/datasets.",
                      &argc, &argv))
    return NAS_EXIT_USAGE;

  if (argc != 3 || strcmp (argv[1], "info") != 0)
    return nas_cli_fail (NAS_EXIT_USAGE, "usage: nascent-cli dataset info NAME-OR-FOLDER [--json]");

  dataset = nas_dataset_load (argv[2], &error);
  if (dataset == NULL)
    return nas_cli_fail_error (error, NULL);

  if (json)
    print_json (dataset);
  else
    print_text (dataset);

  return NAS_EXIT_OK;
}
