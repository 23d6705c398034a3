/* nas-memory.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The memory check made before a search starts, in the CLI and in the
 * set-up form: a space with 512 filters and no pooling would otherwise be
 * accepted and only a failing allocation (or the kernel's OOM killer)
 * would stop it.
 *
 * The bound walks the space's layers and builds, for each depth, the
 * architecture whose every part is largest: every layer with the largest
 * kernel, the most filters, the smallest pool (the largest maps downstream)
 * and dropout if any rate is above 0. Its exact size (nas_net_memory_size()
 * plus Adam's two moments per parameter) bounds every tensor of any other
 * architecture of the space of that depth — weights, activations, masks,
 * flattened inputs — except the pool buffers an architecture with a larger
 * pool has where this one has none; those (output, its gradient and argmax
 * indices, at most three times the pooled map) are added per layer from
 * the plan of that layer with the smallest real pool. The convolution
 * workspace grows with the kernel, channels and map, all largest here. So
 * the bound is safe, and exact for a space of one choice per decision.
 * Batch normalisation, when the space allows it, is on in every layer, and
 * the widest dense head (with normalisation if the head has it) precedes
 * the output: both only add buffers. A decision added to the space adds
 * its largest choice in worst_layer() or worst_head(). */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nas-memory.h"
#include "nas-net.h"

static guint
max_uint (const guint *values,
          guint        n)
{
  guint m = 0;

  for (guint i = 0; i < n; i++)
    m = MAX (m, values[i]);
  return m;
}

/* The smallest pool of the space, or with @above_one the smallest one
 * that really pools (0 if none does). */
static guint
min_pool (const NasSearchConfig *config,
          gboolean               above_one)
{
  guint m = 0;

  for (guint i = 0; i < config->n_pools; i++)
    if ((!above_one || config->pools[i] > 1) && (m == 0 || config->pools[i] < m))
      m = config->pools[i];
  return m;
}

/* The largest choice of every decision of one layer. */
static gboolean
worst_layer (const NasSearchConfig *config,
             NasArch               *arch,
             guint                  pool)
{
  double dropout = 0;

  for (guint i = 0; i < config->n_dropouts; i++)
    dropout = MAX (dropout, config->dropouts[i]);

  if (config->conv_mode == NAS_CONV_1D)
    {
      if (!nas_arch_add_conv1d (arch, max_uint (config->kernels, config->n_kernels),
                                max_uint (config->filters, config->n_filters), pool, dropout, NULL))
        return FALSE;
    }
  else if (!nas_arch_add_conv2d (arch, max_uint (config->kernels, config->n_kernels),
                                 max_uint (config->kernels, config->n_kernels),
                                 max_uint (config->filters, config->n_filters), FALSE, pool, dropout, NULL))
    return FALSE;

  /* Normalisation keeps more per value (statistics, the normalised map)
   * than the bias it replaces saves. */
  for (guint i = 0; i < config->n_batchnorms; i++)
    if (config->batchnorms[i])
      nas_arch_set_batchnorm (arch, arch->n_layers - 1, TRUE);
  return TRUE;
}

/* The widest dense head of the space, if it has one: more weights and
 * buffers than going straight to the output, whatever the flattened size. */
static gboolean
worst_head (const NasSearchConfig *config,
            NasArch               *arch)
{
  guint units = max_uint (config->dense_units, config->n_dense_units);
  double dropout = 0;

  if (units == 0)
    return TRUE;
  for (guint i = 0; i < config->n_dense_dropouts; i++)
    dropout = MAX (dropout, config->dense_dropouts[i]);
  if (!nas_arch_add_dense (arch, units, dropout, NULL))
    return FALSE;
  nas_arch_set_batchnorm (arch, arch->n_layers - 1, nas_search_config_head_batchnorm (config));
  return TRUE;
}

/* The architecture of @depth layers with every part largest; layer
 * @pooled (if < depth) takes @pool instead of the smallest pool. */
static gboolean
worst_arch (const NasSearchConfig *config,
            const NasDatasetShape *shape,
            guint                  depth,
            guint                  pooled,
            guint                  pool,
            NasArch               *arch)
{
  memset (arch, 0, sizeof *arch);
  for (guint i = 0; i < depth; i++)
    if (!worst_layer (config, arch, i == pooled ? pool : min_pool (config, FALSE)))
      return FALSE;
  return worst_head (config, arch) && nas_arch_add_dense (arch, shape->n_classes, 0.0, NULL);
}

/**
 * nas_memory_child_bytes:
 *
 * What training @arch on @shape's images in batches of @batch takes: the
 * network's one allocation (nas_net_memory_size()) and the optimizer's two
 * moments per parameter. 0 if @arch does not fit the images.
 */
guint64
nas_memory_child_bytes (const NasArch         *arch,
                        const NasDatasetShape *shape,
                        guint                  batch)
{
  size_t net = nas_net_memory_size (arch, shape->c, shape->h, shape->w, shape->n_classes, batch, NULL);

  if (net == 0)
    return 0;
  return (guint64) net + 2 * sizeof (float) * (guint64) nas_arch_params (arch, shape->c, shape->h, shape->w);
}

/* Pool buffers layer @i of an architecture of @depth layers has at most:
 * output and gradient (floats) and argmax (int32) of its pooled map. */
static guint64
pool_allowance (const NasSearchConfig *config,
                const NasDatasetShape *shape,
                guint                  depth,
                guint                  i)
{
  guint pool = min_pool (config, TRUE);
  NasStagePlan plans[NAS_ARCH_MAX_LAYERS];
  NasArch arch;

  if (pool == 0 || pool == min_pool (config, FALSE) ||
      !worst_arch (config, shape, depth, i, pool, &arch) ||
      !nas_arch_plan (&arch, shape->c, shape->h, shape->w, shape->n_classes, plans, NULL))
    return 0;
  return (guint64) config->batch_size * plans[i].out_size * (2 * sizeof (float) + sizeof (gint32)) + 3 * 64;
}

/**
 * nas_memory_bound_space:
 * @config: a valid configuration
 * @shape: its dataset's
 * @bound: (out): the bound and the network it was found for
 *
 * An upper bound of nas_memory_child_bytes() over every architecture the
 * space of @config can produce on @shape's images (see the top of this
 * file). Returns %FALSE if no architecture fits them.
 */
gboolean
nas_memory_bound_space (const NasSearchConfig *config,
                        const NasDatasetShape *shape,
                        NasMemoryBound        *bound)
{
  guint first;

  g_return_val_if_fail (config != NULL && shape != NULL && bound != NULL, FALSE);

  memset (bound, 0, sizeof *bound);
  first = config->search_depth ? 1 : config->max_layers;
  for (guint depth = first; depth <= config->max_layers; depth++)
    {
      NasArch arch;
      guint64 bytes;

      if (!worst_arch (config, shape, depth, G_MAXUINT, 0, &arch) ||
          (bytes = nas_memory_child_bytes (&arch, shape, config->batch_size)) == 0)
        continue;
      for (guint i = 0; i < depth; i++)
        bytes += pool_allowance (config, shape, depth, i);
      if (bytes > bound->bytes)
        {
          bound->bytes = bytes;
          bound->layers = depth;
        }
    }

  bound->batch = config->batch_size;
  bound->filters = max_uint (config->filters, config->n_filters);
  bound->kernel = max_uint (config->kernels, config->n_kernels);
  bound->pool = min_pool (config, FALSE);
  return bound->bytes > 0;
}

/**
 * nas_memory_available:
 *
 * The memory a search may use, in bytes: $NASCENT_MEMORY_LIMIT_MB when set
 * (tests), else MemAvailable of /proc/meminfo (free memory plus what the
 * kernel can reclaim), else the physical memory; G_MAXUINT64 if none of
 * them can be read.
 */
guint64
nas_memory_available (void)
{
  const char *limit = g_getenv ("NASCENT_MEMORY_LIMIT_MB");
  g_autofree char *meminfo = NULL;
  guint64 v;
  long pages, page_size;

  if (limit != NULL && g_ascii_string_to_unsigned (limit, 10, 0, G_MAXUINT64 >> 20, &v, NULL))
    return v << 20;

  if (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL))
    {
      const char *line = strstr (meminfo, "MemAvailable:");
      unsigned long long kb;

      if (line != NULL && sscanf (line, "MemAvailable: %llu kB", &kb) == 1)
        return (guint64) kb << 10;
    }

  pages = sysconf (_SC_PHYS_PAGES);
  page_size = sysconf (_SC_PAGESIZE);
  if (pages > 0 && page_size > 0)
    return (guint64) pages * (guint64) page_size;
  return G_MAXUINT64;
}

/* "38.2 GB", "640 MB": decimal units, as g_format_size() has them, but
 * with a plain space, for a line on a terminal. */
static char *
format_bytes (guint64 bytes)
{
  if (bytes >= 1000000000)
    return g_strdup_printf ("%.1f GB", bytes / 1e9);
  return g_strdup_printf ("%.0f MB", bytes / 1e6);
}

/* What the largest network of @bound needs, against @available. */
static char *
describe_bound (const NasMemoryBound *bound,
                guint64               available)
{
  g_autofree char *needs = format_bytes (bound->bytes);
  g_autofree char *has = format_bytes (available);
  g_autofree char *pooling = bound->pool <= 1 ? g_strdup ("no pooling")
                                              : g_strdup_printf ("pool %u", bound->pool);

  return g_strdup_printf ("needs %s for a batch of %u (%u filters, %s, %u layer%s); this machine has %s available",
                          needs, bound->batch, bound->filters, pooling, bound->layers,
                          bound->layers == 1 ? "" : "s", has);
}

/**
 * nas_memory_check:
 * @available: bytes, from nas_memory_available()
 * @field: (out) (optional): %NAS_FIELD_MEMORY when it does not fit
 *
 * Fails with %NAS_SEARCH_CONFIG_ERROR_INVALID and a message saying what the
 * largest network needs, what is available and what to change, when the
 * bound of nas_memory_bound_space() exceeds @available.
 */
gboolean
nas_memory_check (const NasSearchConfig  *config,
                  const NasDatasetShape  *shape,
                  guint64                 available,
                  NasSearchField         *field,
                  GError                **error)
{
  NasMemoryBound bound;
  g_autofree char *what = NULL;

  g_return_val_if_fail (config != NULL && shape != NULL, FALSE);

  if (field != NULL)
    *field = NAS_FIELD_NONE;
  if (!nas_memory_bound_space (config, shape, &bound) || bound.bytes <= available)
    return TRUE;

  if (field != NULL)
    *field = NAS_FIELD_MEMORY;
  what = describe_bound (&bound, available);
  g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID,
               "The largest network of this space %s. Lower the filters or the batch size, or add pooling.",
               what);
  return FALSE;
}

/**
 * nas_memory_check_resume:
 * @config: the configuration run @run_id was started with
 *
 * nas_memory_check() for resuming run @run_id on this machine, against
 * nas_memory_available(): its space cannot change any more, so the message
 * says to resume it elsewhere. A dataset that cannot be read passes: the
 * engine reports it.
 */
gboolean
nas_memory_check_resume (const NasSearchConfig *config,
                         gint64                 run_id,
                         GError               **error)
{
  NasDatasetShape shape;
  NasMemoryBound bound;
  guint64 available;
  g_autofree char *what = NULL;

  g_return_val_if_fail (config != NULL, FALSE);

  if (!nas_dataset_peek (config->dataset, &shape, NULL) || !nas_memory_bound_space (config, &shape, &bound))
    return TRUE;
  available = nas_memory_available ();
  if (bound.bytes <= available)
    return TRUE;

  what = describe_bound (&bound, available);
  g_set_error (error, NAS_SEARCH_CONFIG_ERROR, NAS_SEARCH_CONFIG_ERROR_INVALID,
               "The largest network of run %" G_GINT64_FORMAT " %s. Resume it on a machine with more memory.",
               run_id, what);
  return FALSE;
}
