/* test-blas.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The choice of OpenBLAS kernels (nas-blas.c): the rule, and the programs
 * as run, which must not train on SSE kernels on a CPU with AVX. */

#include <cblas.h>
#include <json-glib/json-glib.h>

#include "nas-blas.h"

static void
test_rule (void)
{
  NasCpuFeatures avx512 = NAS_CPU_AVX | NAS_CPU_AVX2 | NAS_CPU_AVX512;
  NasCpuFeatures avx2 = NAS_CPU_AVX | NAS_CPU_AVX2;

  /* OpenBLAS 0.3.21 on Emerald Rapids (family 6, model 207). */
  g_assert_cmpstr (nas_blas_core_for ("Prescott", avx512), ==, "SkylakeX");
  g_assert_cmpstr (nas_blas_core_for ("Core2", avx2), ==, "Haswell");
  g_assert_cmpstr (nas_blas_core_for ("Nehalem", NAS_CPU_AVX), ==, "Sandybridge");
  g_assert_cmpstr (nas_blas_core_for ("prescott", avx512), ==, "SkylakeX");
  /* A CPU without AVX keeps what OpenBLAS chose. */
  g_assert_null (nas_blas_core_for ("Prescott", 0));
  /* An AVX choice is OpenBLAS's to make, even below the CPU's widest. */
  g_assert_null (nas_blas_core_for ("Haswell", avx512));
  g_assert_null (nas_blas_core_for ("Zen", avx512));
  g_assert_null (nas_blas_core_for ("SkylakeX", avx512));
  g_assert_null (nas_blas_core_for ("SapphireRapids", avx512));
  g_assert_null (nas_blas_core_for ("Sandybridge", avx2));
  g_assert_null (nas_blas_core_for (NULL, avx512));
}

static char *
bench_member (const char * const *extra_env,
              const char         *member)
{
  const char *cli = g_getenv ("NASCENT_CLI");
  const char *argv[] = { cli, "bench", "--json", "--nets", "C", "--batches", "8",
                         "--seconds", "0.05", "--threads", "1", NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status;

  env = g_environ_unsetenv (env, "OPENBLAS_CORETYPE");
  env = g_environ_unsetenv (env, "NASCENT_BLAS_DETECTED");
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i += 2)
    env = g_environ_setenv (env, extra_env[i], extra_env[i + 1], TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  member));
}

static char *
bench_blas (const char * const *extra_env)
{
  return bench_member (extra_env, "blas");
}

/* The convolution tiles the CLI trains with, as NASCENT_CONV_WIDE asks. */
static void
test_cli_conv (void)
{
  const char *off[] = { "NASCENT_CONV_WIDE", "0", NULL };
  const char *avx2[] = { "NASCENT_CONV_WIDE", "avx2", NULL };
  NasCpuFeatures features = nas_cpu_features ();
  g_autofree char *portable = NULL, *capped = NULL, *best = NULL;

  if (g_getenv ("NASCENT_CLI") == NULL)
    {
      g_test_skip ("NASCENT_CLI is not set");
      return;
    }
  portable = bench_member (off, "conv");
  g_assert_true (g_str_has_prefix (portable, "portable"));
  capped = bench_member (avx2, "conv");
  best = bench_member (NULL, "conv");
  if (features & NAS_CPU_AVX512)
    g_assert_cmpstr (best, ==, "AVX-512");
  if (features & NAS_CPU_AVX2)
    g_assert_cmpstr (capped, ==, __builtin_cpu_supports ("fma") ? "AVX2" : portable);
  else
    g_assert_cmpstr (capped, ==, portable);
}

/* On a CPU with AVX, the CLI trains on AVX kernels whatever OpenBLAS's
 * table says about the CPU's model; a user's OPENBLAS_CORETYPE wins. */
static void
test_cli (void)
{
  const char *forced[] = { "OPENBLAS_CORETYPE", "Prescott", NULL };
  NasCpuFeatures features = nas_cpu_features ();
  g_autofree char *chosen = NULL;
  g_autofree char *user = NULL;

  if (g_getenv ("NASCENT_CLI") == NULL)
    {
      g_test_skip ("NASCENT_CLI is not set");
      return;
    }
  if (strstr (openblas_get_config (), "DYNAMIC_ARCH") == NULL)
    {
      g_test_skip ("this OpenBLAS has one set of kernels (no DYNAMIC_ARCH)");
      return;
    }

  chosen = bench_blas (NULL);
  g_test_message ("CPU features %#x; this test process runs %s; the CLI %s",
                  features, openblas_get_corename (), chosen);
  if (features & NAS_CPU_AVX)
    {
      /* "X" or "X (OpenBLAS detected Y)": X is an AVX core. */
      g_auto(GStrv) words = g_strsplit (chosen, " ", 2);
      g_assert_null (nas_blas_core_for (words[0], features));
    }

  user = bench_blas (forced);
  g_assert_cmpstr (user, ==, "Prescott");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/blas/rule", test_rule);
  g_test_add_func ("/nn/blas/cli", test_cli);
  g_test_add_func ("/nn/blas/cli-conv", test_cli_conv);
  return g_test_run ();
}
