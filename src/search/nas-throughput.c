/* nas-throughput.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The throughput probe behind the set-up form's estimate. A constant
 * 10 GFLOP/s was wrong by a factor of seven and more once the
 * convolutions got faster (the standard preset: 2 h 45 min estimated,
 * 24 and then 12 minutes measured), and would be wrong again on any other
 * computer. So the window times real training (nas_train(): shuffle,
 * gather, forward, backward, Adam) of two networks on random images, with
 * the numeric core's threads, and fits the two numbers of the model:
 * seconds per training image = 3 · FLOPs / P + c. Each net is timed three
 * times and the median kept; the whole probe lasts about the seconds
 * asked (bench/results/estimate-check.md). */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include <gio/gio.h>

#include "nas-arch.h"
#include "nas-net.h"
#include "nas-rng.h"
#include "nas-stats.h"
#include "nas-trainer.h"
#include "nas-throughput.h"

#define BATCH 64
#define POOL  4      /* random mini-batches, cycled */
#define RUNS  3

/**
 * nas_throughput_fit:
 * @small_flops: forward FLOPs per image of the small net
 * @small_seconds: its seconds per training image
 * @large_flops: the same, of the large net
 * @large_seconds: its seconds per training image
 * @throughput: (out): the fitted model
 *
 * Solves seconds = 3 · flops / P + c through the two points. When the two
 * do not give a positive P and c (timings too noisy to tell the constant
 * from the slope), c is taken as 0, or as what the small net leaves.
 *
 * Returns: %FALSE when the timings cannot give a throughput at all
 */
gboolean
nas_throughput_fit (double         small_flops,
                    double         small_seconds,
                    double         large_flops,
                    double         large_seconds,
                    NasThroughput *throughput)
{
  double p, c;

  g_return_val_if_fail (throughput != NULL, FALSE);

  if (!(small_flops > 0 && large_flops > small_flops && small_seconds > 0 && large_seconds > 0) ||
      !isfinite (small_seconds) || !isfinite (large_seconds))
    return FALSE;

  p = 3 * (large_flops - small_flops) / (large_seconds - small_seconds);
  c = small_seconds - 3 * small_flops / p;
  if (!(large_seconds > small_seconds) || c < 0)
    {
      /* All of the large net's time is FLOPs, and the small net's beyond
       * them is the constant (none if the small net was even slower per
       * FLOP). */
      p = 3 * large_flops / large_seconds;
      c = MAX (0, small_seconds - 3 * small_flops / p);
    }
  throughput->flops_per_second = p;
  throughput->seconds_per_image = c;
  return TRUE;
}

/* The median over RUNS of the seconds per training image of @text, each
 * run lasting about @seconds / RUNS: nas_train() over a split of random
 * images, so the probe pays what a child pays per mini-batch besides its
 * layers (the shuffle, the gather of the batch, the loss and accuracy
 * kept for the progress). */
static gboolean
time_net (const char    *text,
          double         seconds,
          GCancellable  *cancellable,
          double        *flops,
          double        *per_image,
          GError       **error)
{
  g_autoptr(NasArch) arch = NULL;
  g_autoptr(NasNet) net = NULL;
  g_autofree float *images = NULL;
  g_autofree guint8 *labels = NULL;
  NasTrainConfig config;
  NasTrainResult result;
  NasSplit split;
  NasRng rng;
  double runs[RUNS];
  guint64 steps;

  if (!(arch = nas_arch_parse (text, error)))
    return FALSE;
  if (!(net = nas_net_new (arch, 1, 28, 28, 10, BATCH, 1, error)))
    return FALSE;
  *flops = nas_net_get_flops (net);

  nas_rng_seed (&rng, 1);
  images = g_new (float, POOL * BATCH * 28 * 28);
  labels = g_new (guint8, POOL * BATCH);
  for (size_t k = 0; k < POOL * BATCH * 28 * 28; k++)
    images[k] = nas_rng_float (&rng);
  for (size_t k = 0; k < POOL * BATCH; k++)
    labels[k] = (guint8) nas_rng_below (&rng, 10);
  split = (NasSplit) { "train", POOL * BATCH, 1, 28, 28, images, labels };

  nas_train_config_init (&config);
  config.batch_size = BATCH;
  config.seed = 1;

  /* Two steps to warm up (page in the buffers, wake the thread pool) and
   * to size the runs, of at least two steps each. */
  config.steps = 2;
  if (!nas_train (net, &split, &config, cancellable, &result, error))
    return FALSE;
  steps = (guint64) (seconds / RUNS / MAX (result.train_seconds / 2, 1e-6));
  config.steps = CLAMP (steps, 2, 100000);
  for (guint r = 0; r < RUNS; r++)
    {
      if (!nas_train (net, &split, &config, cancellable, &result, error))
        return FALSE;
      runs[r] = result.train_seconds / (config.steps * BATCH);
    }

  *per_image = nas_stats_median (runs, RUNS);
  return TRUE;
}

/**
 * nas_throughput_measure:
 * @seconds: how long to measure, about (half on each net)
 * @cancellable: (nullable): stops the measure at the next mini-batch, with
 *   G_IO_ERROR_CANCELLED
 * @throughput: (out): the fitted model
 *
 * Times training steps of %NAS_THROUGHPUT_SMALL_NET and
 * %NAS_THROUGHPUT_LARGE_NET with the numeric core's current threads and
 * fits the estimate's model to them (nas_throughput_fit()). Blocks: call
 * it on a worker thread, while no search trains, or it measures the share
 * of the cores the search leaves.
 *
 * Returns: %FALSE with @error set if a net cannot be built
 */
gboolean
nas_throughput_measure (double         seconds,
                        GCancellable  *cancellable,
                        NasThroughput *throughput,
                        GError       **error)
{
  double small_flops, small_seconds, large_flops, large_seconds;

  g_return_val_if_fail (seconds > 0, FALSE);
  g_return_val_if_fail (throughput != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!time_net (NAS_THROUGHPUT_SMALL_NET, seconds / 2, cancellable, &small_flops, &small_seconds, error) ||
      !time_net (NAS_THROUGHPUT_LARGE_NET, seconds / 2, cancellable, &large_flops, &large_seconds, error))
    return FALSE;

  g_debug ("throughput probe: %.3g FLOPs at %.3g s, %.3g FLOPs at %.3g s per training image",
           small_flops, small_seconds, large_flops, large_seconds);
  if (!nas_throughput_fit (small_flops, small_seconds, large_flops, large_seconds, throughput))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The training steps could not be timed (%g s and %g s per image)",
                   small_seconds, large_seconds);
      return FALSE;
    }
  return TRUE;
}
