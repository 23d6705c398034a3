/* fuzz-arch.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer target for the architecture's two readers: every input is read
 * as the text form (nas_arch_parse) and as the JSON form
 * (nas_arch_from_json_string). A failure must be a NAS_ARCH_ERROR; an
 * architecture that parses must print a canonical text and a JSON form
 * that read back to an equal architecture, print the same again, and
 * plan against a 1×28×28 input without a crash. */

#define G_LOG_DOMAIN "fuzz-arch"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "nas-arch.h"

void
write_seeds (void)
{
  static const char * const damaged[] = {
    "", "conv", "conv 5x5", "conv 5x5x32 pool", "conv 5x5x32 pool2 |", "| dense 10",
    "conv 0x5x32 | dense 10", "conv 5x5x32 drop1 | dense 10", "conv 5x5x32 pool2 pool2 | dense 10",
    "dense 10 | conv 3x3x8 | dense 10", "conv1d 5x8 | conv 3x3x8 | dense 10",
    "dense 1024 drop0.5 | dense 10 drop0.5", "conv 99999x1x1 | dense 10",
    "conv 3x3x8 bn valid pool2 drop0.125 | conv1d 3x8 | dense 10",
    "{\"layers\": []}", "{\"layers\": [{\"type\": \"dense\"}]}",
    "{\"layers\": [{\"type\": \"conv2d\", \"kernel\": [3], \"filters\": 8}, {\"type\": \"dense\", \"units\": 10}]}",
    "{\"layers\": [{\"type\": \"dense\", \"units\": 10.5}]}",
    "{\"layers\": [{\"type\": \"dense\", \"units\": 10, \"extra\": 1}]}",
    ("{\"layers\": [{\"type\": \"conv1d\", \"kernel\": 5, \"filters\": 8, \"pool\": 2, \"dropout\": 0.25},"
     " {\"type\": \"dense\", \"units\": 10}]}"),
    "{\"layers\": [[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]}",
    "{\"layers\": [{\"type\": \"dense\", \"units\": 10", "[1, 2, 3]", "null",
  };
  const char * const *names = nas_arch_builtin_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(NasArch) arch = nas_arch_builtin (names[i], NULL);
      g_autofree char *text = nas_arch_to_string (arch);
      g_autofree char *json = nas_arch_to_json_string (arch);
      g_autofree char *text_name = g_strdup_printf ("%s.txt", names[i]);
      g_autofree char *json_name = g_strdup_printf ("%s.json", names[i]);

      fuzz_seed_text (text_name, text);
      fuzz_seed_text (json_name, json);
    }
  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autofree char *name = g_strdup_printf ("damaged-%02u", i);

      fuzz_seed_text (name, damaged[i]);
    }
}

/* Field by field: nas_arch_equal() compares canonical texts, and the
 * point is that the text keeps everything. */
static gboolean
same_arch (const NasArch *a,
           const NasArch *b)
{
  if (a->n_layers != b->n_layers)
    return FALSE;
  for (guint i = 0; i < a->n_layers; i++)
    {
      const NasLayer *x = &a->layers[i], *y = &b->layers[i];

      if (x->kind != y->kind || x->kh != y->kh || x->kw != y->kw || x->units != y->units ||
          x->valid != y->valid || x->pool != y->pool || x->dropout != y->dropout ||
          x->batchnorm != y->batchnorm)
        return FALSE;
    }
  return TRUE;
}

static void
check_arch (const NasArch *arch)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = nas_arch_to_string (arch);
  g_autofree char *json = nas_arch_to_json_string (arch);
  g_autoptr(NasArch) from_text = nas_arch_parse (text, &error);
  g_autoptr(NasArch) from_json = NULL;
  g_autofree char *text_again = NULL;
  NasStagePlan plans[NAS_ARCH_MAX_LAYERS];

  g_assert_no_error (error);
  g_assert_true (nas_arch_validate (arch, NULL));
  if (!same_arch (arch, from_text) || !nas_arch_equal (arch, from_text))
    g_error ("“%s” does not read back to the same architecture", text);
  text_again = nas_arch_to_string (from_text);
  g_assert_cmpstr (text, ==, text_again);

  from_json = nas_arch_from_json_string (json, &error);
  g_assert_no_error (error);
  if (!same_arch (arch, from_json) || !nas_arch_equal (arch, from_json))
    g_error ("%s does not read back to the same architecture", json);

  /* Plan against an MNIST image; a shape that does not fit is an error. */
  if (nas_arch_plan (arch, 1, 28, 28, arch->layers[arch->n_layers - 1].units, plans, &error))
    {
      g_assert_cmpuint (nas_arch_params (arch, 1, 28, 28), >, 0);
      g_assert_cmpfloat (nas_arch_flops (arch, 1, 28, 28), >, 0);
      for (guint i = 0; i < arch->n_layers; i++)
        g_assert_cmpuint (plans[i].out_size, >, 0);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == NAS_ARCH_ERROR);
      g_assert_cmpuint (nas_arch_params (arch, 1, 28, 28), ==, 0);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasArch) arch = NULL;

  arch = nas_arch_parse (text, &error);
  if (arch != NULL)
    check_arch (arch);
  else
    g_assert_true (error != NULL && error->domain == NAS_ARCH_ERROR);
  g_clear_pointer (&arch, nas_arch_free);
  g_clear_error (&error);

  arch = nas_arch_from_json_string (text, &error);
  if (arch != NULL)
    check_arch (arch);
  else
    g_assert_true (error != NULL && error->domain == NAS_ARCH_ERROR);
  return 0;
}
