/* nas-cli-bench.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* nascent-cli bench: training and evaluation throughput of the benchmark
 * networks (bench-a to bench-d; D has batch normalisation) on random
 * 1×28×28 images, for
 * comparison with bench/compare-pytorch.py. A training image/s counts the
 * whole step: batch gather, forward, backward and optimizer. For each net
 * and batch size: a warm-up, then the median of RUNS timed runs of training
 * and of evaluation. Effective GFLOP/s = training images/s × 3 × forward
 * FLOPs per image (backward ≈ 2 × forward), against the ~190 GFLOP/s that
 * OpenBLAS sgemm peaks at on 2 threads here. */

#define G_LOG_DOMAIN "nascent-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nas-arch.h"
#include "nas-blas.h"
#include "nas-cli.h"
#include "nas-conv.h"
#include "nas-net.h"
#include "nas-nn.h"
#include "nas-optim.h"
#include "nas-parallel.h"
#include "nas-preset-times.h"
#include "nas-search-config.h"
#include "nas-stats.h"
#include "nas-throughput.h"

#define RUNS 5
#define POOL_BATCHES 4   /* random images = POOL_BATCHES mini-batches, cycled */

/* Images per second of one run lasting about @seconds (at least 2 steps). */
static double
timed_run (NasNet        *net,
           NasOptim      *opt,
           const float   *images,
           const guint8  *labels,
           size_t         batch,
           gboolean       training,
           double         seconds,
           NasRng        *rng)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  size_t chw = 28 * 28;
  guint64 steps = 0;
  double elapsed;

  do
    {
      size_t k = steps % POOL_BATCHES;

      nas_net_load_batch (net, images + k * batch * chw, labels + k * batch, NULL, batch);
      nas_net_forward (net, training, rng, NULL);
      if (training)
        {
          nas_net_zero_grad (net);
          nas_net_backward (net);
          nas_optim_step (opt, nas_net_get_params (net), nas_net_get_grads (net));
        }
      steps++;
    }
  while ((elapsed = g_timer_elapsed (timer, NULL)) < seconds || steps < 2);

  return steps * batch / elapsed;
}

static double
median_run (NasNet       *net,
            NasOptim     *opt,
            const float  *images,
            const guint8 *labels,
            size_t        batch,
            gboolean      training,
            double        seconds,
            NasRng       *rng)
{
  double runs[RUNS];

  for (guint r = 0; r < RUNS; r++)
    runs[r] = timed_run (net, opt, images, labels, batch, training, seconds / RUNS, rng);
  return nas_stats_median (runs, RUNS);
}

static gboolean
parse_list (const char  *text,
            GPtrArray   *out)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] == '\0')
        return FALSE;
      g_ptr_array_add (out, g_strdup (parts[i]));
    }
  return out->len > 0;
}

/* bench --estimate: the throughput probe the window runs, and what the
 * set-up form's estimate then says of each preset, beside its measured
 * wall time where there is one (bench/results/estimate-check.md). */
static int
bench_estimate (double   seconds,
                gboolean json)
{
  const char * const *presets = nas_search_config_presets ();
  g_autoptr(GError) error = NULL;
  NasThroughput measured;
  NasDatasetShape shape;

  if (!nas_throughput_measure (seconds, NULL, &measured, &error))
    return nas_cli_fail (NAS_EXIT_FAILURE, "bench: %s", error->message);
  nas_estimate_set_throughput (&measured);
  nas_estimate_default_shape (&shape);

  if (json)
    printf ("{\"gflops\":%.3f,\"us_per_image\":%.3f,\"threads\":%u,\"presets\":[",
            measured.flops_per_second / 1e9, measured.seconds_per_image * 1e6, nas_parallel_get_threads ());
  else
    printf ("throughput: %.1f GFLOP/s and %.2f µs per training image (%u thread%s)\n"
            "%-14s %12s %12s\n", measured.flops_per_second / 1e9, measured.seconds_per_image * 1e6,
            nas_parallel_get_threads (), nas_parallel_get_threads () == 1 ? "" : "s",
            "preset", "estimate s", "measured s");
  for (guint i = 0; presets[i] != NULL; i++)
    {
      g_autoptr(NasSearchConfig) config = nas_search_config_new_preset (presets[i], NULL);
      const NasPresetTime *time = nas_preset_time_lookup (presets[i]);
      double estimate = nas_estimate_seconds (config, &shape);
      double wall = time != NULL ? time->seconds : 0;

      if (json)
        printf ("%s{\"preset\":\"%s\",\"estimate_s\":%.1f,\"measured_s\":%.1f}", i > 0 ? "," : "",
                presets[i], estimate, wall);
      else if (wall > 0)
        printf ("%-14s %12.0f %12.0f\n", presets[i], estimate, wall);
      else
        printf ("%-14s %12.0f %12s\n", presets[i], estimate, "-");
    }
  if (json)
    printf ("]}\n");
  return NAS_EXIT_OK;
}

int
nas_cli_bench (int    argc,
               char **argv)
{
  g_autofree char *nets_text = NULL;
  g_autofree char *batches_text = NULL;
  g_autofree char *opt_name = NULL;
  gdouble seconds = 3.0;
  g_autofree char *threads_text = NULL;
  int threads;
  gboolean json = FALSE;
  gboolean estimate = FALSE;
  g_autofree char *blas = NULL;
  const char *conv;
  GOptionEntry entries[] = {
    { "nets", 'n', 0, G_OPTION_ARG_STRING, &nets_text, "Networks: A, B, C, D or any architecture name (default A,B,C,D)", "LIST" },
    { "batches", 'b', 0, G_OPTION_ARG_STRING, &batches_text, "Batch sizes (default 32,128)", "LIST" },
    { "opt", 0, 0, G_OPTION_ARG_STRING, &opt_name, "Optimizer: adam (default) or sgd", "OPT" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, "Measured seconds per net and batch, training and evaluation together (default 3)", "S" },
    { "threads", 't', 0, G_OPTION_ARG_STRING, &threads_text, NAS_CLI_THREADS_HELP, "T" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON line per result", NULL },
    { "estimate", 0, 0, G_OPTION_ARG_NONE, &estimate, "Run the window's throughput probe for S seconds and print its estimate of each preset", NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) nets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) batch_words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) batches = g_array_new (FALSE, FALSE, sizeof (size_t));
  NasOptimKind opt_kind = NAS_OPTIM_ADAM;
  NasRng rng;

  if (!nas_cli_parse (entries, "", "Measure training and evaluation throughput on random 28×28 images.", &argc, &argv))
    return NAS_EXIT_USAGE;
  if (argc > 1)
    return nas_cli_fail (NAS_EXIT_USAGE, "bench: unexpected argument “%s”", argv[1]);
  if (!parse_list (nets_text ? nets_text : "A,B,C,D", nets))
    return nas_cli_fail (NAS_EXIT_USAGE, "bench: --nets must be a comma-separated list");
  if (!parse_list (batches_text ? batches_text : "32,128", batch_words))
    return nas_cli_fail (NAS_EXIT_USAGE, "bench: --batches must be a comma-separated list");
  for (guint i = 0; i < batch_words->len; i++)
    {
      guint64 b;

      if (!g_ascii_string_to_unsigned (batch_words->pdata[i], 10, 1, 4096, &b, NULL))
        return nas_cli_fail (NAS_EXIT_USAGE, "bench: batch size “%s” is not from 1 to 4096",
                             (char *) batch_words->pdata[i]);
      g_array_append_val (batches, b);
    }
  if (!(seconds > 0 && seconds <= 3600))
    return nas_cli_fail (NAS_EXIT_USAGE, "bench: --seconds must be in (0, 3600]");
  if (!nas_cli_parse_threads (threads_text, &threads))
    return NAS_EXIT_USAGE;
  if (opt_name != NULL && !nas_optim_kind_from_string (opt_name, &opt_kind))
    return nas_cli_fail (NAS_EXIT_USAGE, "bench: unknown optimizer “%s” (adam or sgd)", opt_name);

  nas_nn_set_threads (threads);
  if (estimate)
    return bench_estimate (seconds, json);
  nas_rng_seed (&rng, 1);

  blas = nas_blas_describe ();
  conv = nas_conv_wide_describe ();
  if (!json)
    {
      printf ("OpenBLAS kernels: %s; convolution tiles: %s; %d thread%s\n", blas, conv, threads,
              threads == 1 ? "" : "s");
      printf ("%-6s %6s %14s %14s %10s %9s\n", "net", "batch", "train img/s", "eval img/s", "GFLOP/s", "MB");
    }

  for (guint i = 0; i < nets->len; i++)
    {
      const char *name = nets->pdata[i];
      g_autofree char *builtin = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(NasArch) arch = NULL;

      /* A to D are the benchmark nets; anything else is an architecture. */
      if (strlen (name) == 1)
        {
          builtin = g_strdup_printf ("bench-%c", g_ascii_tolower (name[0]));
          if (!(arch = nas_arch_builtin (builtin, NULL)))
            return nas_cli_fail (NAS_EXIT_USAGE, "bench: unknown net “%s” (A, B, C, D or an architecture)", name);
        }
      else if (!(arch = nas_arch_from_any (name, &error)))
        return nas_cli_fail (NAS_EXIT_USAGE, "bench: %s", error->message);

      for (guint j = 0; j < batches->len; j++)
        {
          size_t batch = g_array_index (batches, size_t, j);
          size_t n = batch * POOL_BATCHES;
          g_autoptr(NasNet) net = nas_net_new (arch, 1, 28, 28, 10, batch, 1, &error);
          g_autoptr(NasOptim) opt = NULL;
          g_autofree float *images = NULL;
          g_autofree guint8 *labels = NULL;
          double train, eval, gflops;

          if (net == NULL)
            return nas_cli_fail (NAS_EXIT_USAGE, "bench: %s", error->message);
          opt = nas_optim_new (opt_kind, 0, nas_net_get_n_params (net));
          images = g_new (float, n * 28 * 28);
          labels = g_new (guint8, n);
          for (size_t k = 0; k < n * 28 * 28; k++)
            images[k] = nas_rng_float (&rng);
          for (size_t k = 0; k < n; k++)
            labels[k] = (guint8) nas_rng_below (&rng, 10);

          /* Warm-up: page in every buffer, let OpenBLAS start its threads. */
          timed_run (net, opt, images, labels, batch, TRUE, MIN (0.3, seconds / 10), &rng);
          train = median_run (net, opt, images, labels, batch, TRUE, seconds * 2 / 3, &rng);
          eval = median_run (net, opt, images, labels, batch, FALSE, seconds / 3, &rng);
          gflops = train * 3 * nas_net_get_flops (net) / 1e9;

          if (json)
            printf ("{\"net\":\"%s\",\"batch\":%zu,\"train_img_s\":%.1f,\"eval_img_s\":%.1f,\"gflops\":%.2f,"
                    "\"threads\":%d,\"optimizer\":\"%s\",\"memory_mb\":%.1f,\"blas\":\"%s\",\"conv\":\"%s\"}\n",
                    name, batch, train, eval, gflops, threads, nas_optim_kind_to_string (opt_kind),
                    nas_net_get_memory (net) / 1048576.0, blas, conv);
          else
            printf ("%-6s %6zu %14.0f %14.0f %10.1f %9.1f\n", name, batch, train, eval, gflops,
                    nas_net_get_memory (net) / 1048576.0);
          fflush (stdout);
        }
    }
  return NAS_EXIT_OK;
}
