/* nas-cli-nascell.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `nascent-cli nascell CASE.json`: runs the NASCell over a case and prints
 * {"m": [[…] per step], "c": [[…] per step]}, so the cell can be compared
 * with TensorFlow (or tests/nascell_reference.py) from outside. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "nas-cli.h"
#include "nas-json.h"
#include "nas-nascell.h"

static void
add_rows (JsonBuilder *builder,
          const float *values,
          size_t       rows,
          size_t       cols)
{
  json_builder_begin_array (builder);
  for (size_t r = 0; r < rows; r++)
    {
      json_builder_begin_array (builder);
      for (size_t i = 0; i < cols; i++)
        json_builder_add_double_value (builder, values[r * cols + i]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

int
nas_cli_nascell (int    argc,
                 char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(NasNascellCase) kase = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree float *c = NULL;
  g_autofree float *m = NULL;
  g_autofree float *cache = NULL;
  g_autofree char *text = NULL;
  NasNascell *cell;

  if (!nas_cli_parse (entries, "CASE.json",
                      "Runs the NASCell over the inputs of CASE.json (keys units, num_proj,\n"
                      "use_bias, kernel, recurrent_kernel, bias, projection, inputs, c0, m0;\n"
                      "TensorFlow layout) and prints {\"m\": [...], \"c\": [...]} per step.",
                      &argc, &argv))
    return NAS_EXIT_USAGE;
  if (argc != 2)
    return nas_cli_fail (NAS_EXIT_USAGE, "nascell: expected one CASE.json argument");

  /* The reader refuses JSON nested too deep before json-glib parses it. */
  kase = nas_nascell_case_new_from_file (argv[1], &error);
  if (kase == NULL)
    return nas_cli_fail (NAS_EXIT_USAGE, "nascell: %s: %s", argv[1], error->message);

  cell = kase->cell;
  c = g_new (float, kase->T * cell->n);
  m = g_new (float, kase->T * cell->p);
  cache = g_new (float, kase->T * nas_nascell_cache_size (cell));
  nas_nascell_forward (c, m, cache, kase->inputs, kase->c0, kase->m0, cell, kase->T);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "m");
  add_rows (builder, m, kase->T, cell->p);
  json_builder_set_member_name (builder, "c");
  add_rows (builder, c, kase->T, cell->n);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = nas_json_mend_doubles (json_generator_to_data (generator, NULL));
  printf ("%s\n", text);
  return fflush (stdout) == 0 ? NAS_EXIT_OK : NAS_EXIT_FAILURE;
}
