/* nas-policy.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The decision layout of a policy (see nas-policy.h): its one builder, its
 * validation, which decisions an episode takes, and how many distinct
 * architectures it describes, on a given input when pooling may shrink the
 * map below 1×1. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <string.h>

#include "nas-policy.h"
#include "nas-pool.h"

G_DEFINE_QUARK (nas-policy-error-quark, nas_policy_error)

/**
 * nas_policy_spec_init:
 *
 * Lays out @spec for networks of up to @shape->max_layers layers (see
 * nas-policy.h for the order). The optional decisions with fewer than two
 * choices are not laid out, so a shape without them gives exactly the
 * layout of nas_policy_spec_init_layers().
 */
void
nas_policy_spec_init (NasPolicySpec        *spec,
                      const NasPolicyShape *shape)
{
  guint t = 0;

  g_return_if_fail (spec != NULL && shape != NULL);
  g_return_if_fail (shape->max_layers >= 1 && shape->max_layers <= NAS_POLICY_MAX_LAYERS);

  memset (spec, 0, sizeof *spec);
  spec->search_depth = shape->search_depth;
  if (shape->search_depth)
    spec->decisions[t++] = (NasDecision) { NAS_DECISION_LAYERS, shape->max_layers, 0 };
  if (shape->n_head_units >= 2)
    spec->decisions[t++] = (NasDecision) { NAS_DECISION_HEAD_UNITS, shape->n_head_units, 0 };
  if (shape->n_head_dropouts >= 2)
    spec->decisions[t++] = (NasDecision) { NAS_DECISION_HEAD_DROPOUT, shape->n_head_dropouts, 0 };
  for (guint layer = 0; layer < shape->max_layers; layer++)
    {
      for (guint k = 0; k < 4; k++)
        spec->decisions[t++] = (NasDecision) { k, shape->n_choices[k], layer };
      if (shape->n_batchnorm >= 2)
        spec->decisions[t++] = (NasDecision) { NAS_DECISION_BATCHNORM, shape->n_batchnorm, layer };
    }
  spec->n_decisions = t;
  g_assert (t <= NAS_POLICY_N_DECISIONS_MAX (shape->max_layers));
}

/**
 * nas_policy_spec_init_layers:
 * @n_choices: choices of (kernel, filters, pool, dropout), the same for
 *   every layer
 *
 * Lays out @spec for networks of up to @max_layers layers without the
 * optional decisions: 4·L decisions, layer by layer, preceded by a
 * NAS_DECISION_LAYERS decision with L choices when @search_depth.
 */
void
nas_policy_spec_init_layers (NasPolicySpec *spec,
                             guint          max_layers,
                             const guint    n_choices[4],
                             gboolean       search_depth)
{
  NasPolicyShape shape = { .max_layers = max_layers, .search_depth = search_depth };

  g_return_if_fail (n_choices != NULL);

  memcpy (shape.n_choices, n_choices, sizeof shape.n_choices);
  nas_policy_spec_init (spec, &shape);
  g_assert (spec->n_decisions == NAS_POLICY_N_DECISIONS (max_layers, search_depth));
}

/* The index of the decision of @type for @layer (0 for the depth and the
 * head's), or −1 when @spec does not lay it out. */
gint
nas_policy_spec_find (const NasPolicySpec *spec,
                      guint                type,
                      guint                layer)
{
  g_return_val_if_fail (spec != NULL, -1);

  for (guint t = 0; t < spec->n_decisions; t++)
    if (spec->decisions[t].type == type && spec->decisions[t].layer == layer)
      return (gint) t;
  return -1;
}

/**
 * nas_policy_spec_validate:
 *
 * Fails with NAS_POLICY_ERROR_INVALID unless 1 ≤ T ≤
 * NAS_POLICY_MAX_DECISIONS, every decision has a known type and 1 …
 * NAS_POLICY_MAX_CHOICES choices, and, with search_depth, decision 0 (and
 * only it) is NAS_DECISION_LAYERS and the layers of the others never
 * decrease and stay below its choice count, so that a depth always selects
 * a prefix of the decisions; the head's decisions are for layer 0.
 */
gboolean
nas_policy_spec_validate (const NasPolicySpec  *spec,
                          GError              **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  if (spec->n_decisions < 1 || spec->n_decisions > NAS_POLICY_MAX_DECISIONS)
    {
      g_set_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID,
                   "a policy needs 1 to %u decisions, not %u",
                   NAS_POLICY_MAX_DECISIONS, spec->n_decisions);
      return FALSE;
    }

  for (guint t = 0; t < spec->n_decisions; t++)
    {
      const NasDecision *dec = &spec->decisions[t];
      gboolean depth_decision = spec->search_depth && t == 0;

      if (dec->type >= NAS_DECISION_N_TYPES ||
          (dec->type == NAS_DECISION_LAYERS) != depth_decision)
        {
          g_set_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID,
                       "decision %u has type %u; the number-of-layers type is allowed"
                       " exactly as decision 0 when depth is searched", t, dec->type);
          return FALSE;
        }
      if ((dec->type == NAS_DECISION_HEAD_UNITS || dec->type == NAS_DECISION_HEAD_DROPOUT) &&
          dec->layer != 0)
        {
          g_set_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID,
                       "decision %u configures the dense head, which is taken at every"
                       " depth: its layer must be 0, not %u", t, dec->layer);
          return FALSE;
        }
      if (dec->n_choices < 1 || dec->n_choices > NAS_POLICY_MAX_CHOICES)
        {
          g_set_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID,
                       "decision %u has %u choices, expected 1 to %u",
                       t, dec->n_choices, NAS_POLICY_MAX_CHOICES);
          return FALSE;
        }
      if (spec->search_depth && t >= 1 &&
          (dec->layer >= spec->decisions[0].n_choices ||
           (t >= 2 && dec->layer < spec->decisions[t - 1].layer)))
        {
          g_set_error (error, NAS_POLICY_ERROR, NAS_POLICY_ERROR_INVALID,
                       "decision %u is for layer %u: with searched depth, layers must"
                       " be ordered and below the %u layer choices",
                       t, dec->layer, spec->decisions[0].n_choices);
          return FALSE;
        }
    }

  return TRUE;
}

/* The number of decisions an episode takes when decision 0 chose
 * @depth_action: all of them unless the depth is searched. */
guint
nas_policy_spec_n_active (const NasPolicySpec *spec,
                          gint                 depth_action)
{
  guint n = 1;

  g_return_val_if_fail (spec != NULL, 0);

  if (!spec->search_depth)
    return spec->n_decisions;
  while (n < spec->n_decisions && spec->decisions[n].layer <= (guint) depth_action)
    n++;
  return n;
}

typedef struct
{
  const guint *pool_sizes;                        /* NULL: pools never shrink */
  guint        layers;                            /* of the depth being counted */
  double       per_layer[NAS_POLICY_MAX_LAYERS];  /* product of the other choice counts */
  guint        n_pools[NAS_POLICY_MAX_LAYERS];    /* choices of the pool decision, 0 if none */
  GHashTable  *memo;                              /* (i, h, w) → count */
} Count;

/* Architectures of exactly c->layers layers, from layer @i on, whose pooling
 * keeps an h×w map at least 1×1. Kernels use "same" padding, so only pooling
 * shrinks the map; memoised on (i, h, w) since the pool sequences share
 * suffixes. */
static double
count_from (Count *c,
            guint  i,
            gsize  h,
            gsize  w)
{
  guint64 key = ((guint64) i << 48) | ((guint64) h << 24) | w;
  double total = 0;
  gpointer cached;

  if (i == c->layers)
    return 1;

  if ((cached = g_hash_table_lookup (c->memo, &key)) != NULL)
    return *(double *) cached;

  for (guint p = 0; p < MAX (c->n_pools[i], 1); p++)
    {
      if (c->pool_sizes == NULL || c->n_pools[i] == 0)
        total += c->per_layer[i] * count_from (c, i + 1, h, w);
      else if (nas_pool_fits (h, w, c->pool_sizes[p]))
        total += c->per_layer[i] * count_from (c, i + 1, h / c->pool_sizes[p], w / c->pool_sizes[p]);
    }

  g_hash_table_insert (c->memo, g_memdup2 (&key, sizeof key), g_memdup2 (&total, sizeof total));
  return total;
}

/**
 * nas_policy_spec_count_architectures:
 * @pool_sizes: (nullable): the size of each choice of the pool decisions
 *   (the same list at every layer), or %NULL when pooling never shrinks the
 *   map (the 1-D preset pools with stride 1)
 * @height: the input map, when @pool_sizes is given
 * @width: the input map, when @pool_sizes is given
 *
 * Returns the number of distinct architectures @spec describes (a spec laid
 * out by nas_policy_spec_init_layers()): for every depth that may be chosen,
 * the product of the choice counts, leaving out the pool sequences that
 * would shrink a @height×@width map below 1×1, times the choices of the
 * dense head. A double, as 8 layers of 16⁴ choices overflow 64 bits.
 * @head_units: (nullable): the width of each choice of the head-width
 *   decision, 0 for no head: a choice of 0 leaves the head's dropout one
 *   way to be (see nas-policy.h); %NULL when every choice is a real head
 */
double
nas_policy_spec_count_architectures (const NasPolicySpec *spec,
                                     const guint         *pool_sizes,
                                     gsize                height,
                                     gsize                width,
                                     const guint         *head_units)
{
  Count c = { .pool_sizes = pool_sizes };
  guint max_layers = 0, min_layers;
  guint n_head_units = 0, n_head_dropouts = 1;
  double total = 0, heads = 0;

  g_return_val_if_fail (spec != NULL && spec->n_decisions <= NAS_POLICY_MAX_DECISIONS, 0);
  g_return_val_if_fail (pool_sizes == NULL || (height > 0 && width > 0), 0);

  for (guint l = 0; l < NAS_POLICY_MAX_LAYERS; l++)
    c.per_layer[l] = 1, c.n_pools[l] = 0;
  for (guint t = spec->search_depth ? 1 : 0; t < spec->n_decisions; t++)
    {
      const NasDecision *dec = &spec->decisions[t];

      g_return_val_if_fail (dec->layer < NAS_POLICY_MAX_LAYERS, 0);
      if (dec->type == NAS_DECISION_HEAD_UNITS)
        {
          n_head_units = dec->n_choices;
          continue;
        }
      if (dec->type == NAS_DECISION_HEAD_DROPOUT)
        {
          n_head_dropouts = dec->n_choices;
          continue;
        }
      if (dec->type == NAS_DECISION_POOL)
        c.n_pools[dec->layer] = dec->n_choices;
      else
        c.per_layer[dec->layer] *= dec->n_choices;
      max_layers = MAX (max_layers, dec->layer + 1);
    }
  if (spec->search_depth)
    max_layers = spec->decisions[0].n_choices;

  min_layers = spec->search_depth ? 1 : max_layers;
  for (c.layers = min_layers; c.layers <= max_layers; c.layers++)
    {
      g_autoptr(GHashTable) memo = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

      c.memo = memo;
      total += count_from (&c, 0, height, width);
    }

  /* The head does not touch the map: its choices multiply the count. */
  if (n_head_units == 0)
    heads = n_head_dropouts;
  for (guint u = 0; u < n_head_units; u++)
    heads += head_units != NULL && head_units[u] == 0 ? 1 : n_head_dropouts;

  return total * heads;
}
