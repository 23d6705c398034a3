/* nas-search-space.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Decisions of a search space and their translation into architectures.
 *
 * Invalid architectures (pooling below 1×1) are ruled out before sampling:
 * nas_search_space_allowed() tells a strategy which choices of a decision
 * still leave a valid completion, given the choices made before it. A pool
 * p at layer i is allowed when the map, divided by p and then by the
 * smallest pool size at every later layer, stays at least 1×1 (floor
 * division composes: ⌊⌊x/a⌋/b⌋ = ⌊x/ab⌋). The depth decision is masked the
 * same way. So every sampled architecture can be trained.
 *
 * The dense head never changes the map, so the map masks none of its
 * decisions. A head width of 0 (no head) leaves its dropout meaningless:
 * the head's dropout decision then allows its first choice only, which the
 * controller takes with probability 1, so it adds nothing to the
 * log-probability or the gradient, and every architecture has exactly one
 * sequence of choices (nas_policy_spec_count_architectures() counts it
 * once). */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>

#include "nas-pool.h"
#include "nas-search-space.h"

/**
 * nas_search_space_new:
 *
 * Builds the decisions of @config (which must be valid) for inputs of shape
 * @in_c×@in_h×@in_w and @n_classes classes.
 */
NasSearchSpace *
nas_search_space_new (const NasSearchConfig *config,
                      gsize                  in_c,
                      gsize                  in_h,
                      gsize                  in_w,
                      guint                  n_classes)
{
  NasSearchSpace *space;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->max_layers >= 1 && config->max_layers <= NAS_MAX_LAYERS, NULL);
  g_return_val_if_fail (in_c > 0 && in_h > 0 && in_w > 0 && n_classes >= 2, NULL);

  space = g_new0 (NasSearchSpace, 1);
  space->config = nas_search_config_copy (config);
  space->in_c = in_c;
  space->in_h = in_h;
  space->in_w = in_w;
  space->n_classes = n_classes;

  nas_search_config_policy_spec (config, &space->spec);
  space->head_units_at = nas_policy_spec_find (&space->spec, NAS_DECISION_HEAD_UNITS, 0);
  space->head_dropout_at = nas_policy_spec_find (&space->spec, NAS_DECISION_HEAD_DROPOUT, 0);
  space->layers_at = (guint) nas_policy_spec_find (&space->spec, NAS_DECISION_KERNEL, 0);
  space->layer_stride = config->n_batchnorms >= 2 ? 5 : 4;
  g_assert (space->layers_at + space->layer_stride * config->max_layers == space->spec.n_decisions);

  return space;
}

void
nas_search_space_free (NasSearchSpace *space)
{
  if (space == NULL)
    return;
  nas_search_config_free (space->config);
  g_free (space);
}

/* The number of layers of the episode whose first decisions are @actions. */
guint
nas_search_space_depth (const NasSearchSpace *space,
                        const gint           *actions)
{
  g_return_val_if_fail (space != NULL, 0);

  if (!space->config->search_depth)
    return space->config->max_layers;
  g_return_val_if_fail (actions[0] >= 0 && (guint) actions[0] < space->config->max_layers, 1);
  return actions[0] + 1;
}

/* Whether decision @t is taken, given the decisions before it. */
gboolean
nas_search_space_is_active (const NasSearchSpace *space,
                            const gint           *actions,
                            guint                 t)
{
  g_return_val_if_fail (space != NULL, FALSE);
  g_return_val_if_fail (t < space->spec.n_decisions, FALSE);

  switch (space->spec.decisions[t].type)
    {
    case NAS_DECISION_LAYERS:
    case NAS_DECISION_HEAD_UNITS:
    case NAS_DECISION_HEAD_DROPOUT:
      return TRUE;
    default:
      return space->spec.decisions[t].layer < nas_search_space_depth (space, actions);
    }
}

static guint
min_pool (const NasSearchConfig *config)
{
  guint m = G_MAXUINT;

  for (guint i = 0; i < config->n_pools; i++)
    m = MIN (m, config->pools[i]);
  return m;
}

/* Whether an h×w map divided by @divisor and then by the smallest pool at
 * each of @remaining layers stays at least 1×1 (nas_pool_fits()). */
static gboolean
fits (const NasSearchSpace *space,
      gsize                 h,
      gsize                 w,
      guint64               divisor,
      guint                 remaining)
{
  guint64 m = min_pool (space->config);

  if (space->config->conv_mode == NAS_CONV_1D)
    return TRUE;

  for (guint i = 0; i < remaining && divisor <= MAX (h, w); i++)
    divisor *= m;
  return nas_pool_fits (h, w, divisor);
}

/**
 * nas_search_space_allowed:
 * @actions: the choices of decisions 0..t-1 (later entries are not read)
 * @allowed: (out caller-allocates): n_choices of decision @t
 *
 * Marks which choices of decision @t leave at least one valid architecture.
 * Returns how many are allowed; it is never 0 for a configuration that
 * validated, as long as every earlier choice was allowed too.
 */
guint
nas_search_space_allowed (const NasSearchSpace *space,
                          const gint           *actions,
                          guint                 t,
                          gboolean             *allowed)
{
  const NasSearchConfig *config;
  const NasDecision *d;
  guint n_allowed = 0;

  g_return_val_if_fail (space != NULL, 0);
  g_return_val_if_fail (t < space->spec.n_decisions, 0);

  config = space->config;
  d = &space->spec.decisions[t];

  for (guint c = 0; c < d->n_choices; c++)
    {
      gboolean ok = TRUE;

      if (d->type == NAS_DECISION_LAYERS)
        ok = fits (space, space->in_h, space->in_w, 1, c + 1);
      else if (d->type == NAS_DECISION_POOL)
        {
          guint depth = nas_search_space_depth (space, actions);
          guint64 divisor = config->pools[c];

          /* The pools chosen at earlier layers. */
          for (guint i = 0; i < d->layer; i++)
            divisor *= config->pools[actions[space->layers_at + space->layer_stride * i + 2]];

          ok = fits (space, space->in_h, space->in_w, divisor, depth - d->layer - 1);
        }
      else if (d->type == NAS_DECISION_HEAD_DROPOUT && space->head_units_at >= 0)
        /* No head: its dropout is one way to be. */
        ok = config->dense_units[actions[space->head_units_at]] > 0 || c == 0;

      allowed[c] = ok;
      n_allowed += ok;
    }

  return n_allowed;
}

/* The head's width and dropout in the episode of @actions. */
static void
head_of (const NasSearchSpace *space,
         const gint           *actions,
         guint                *units,
         double               *dropout)
{
  const NasSearchConfig *config = space->config;

  *units = space->head_units_at >= 0 ? config->dense_units[actions[space->head_units_at]]
                                     : config->dense_units[0];
  *dropout = space->head_dropout_at >= 0 ? config->dense_dropouts[actions[space->head_dropout_at]]
                                         : config->dense_dropouts[0];
}

/**
 * nas_search_space_to_arch:
 * @actions: one choice per decision (inactive ones are ignored)
 *
 * Returns the architecture of an episode: per layer a convolution (k×k, or
 * k in the 1-D preset, "same" padding) with its batch normalisation, pool
 * and dropout, then the dense head when its width is not 0, then a dense
 * output layer with one unit per class. Fails if the result does not fit
 * the input, which nas_search_space_allowed() rules out.
 */
NasArch *
nas_search_space_to_arch (const NasSearchSpace  *space,
                          const gint            *actions,
                          GError               **error)
{
  const NasSearchConfig *config;
  g_autoptr(NasArch) arch = nas_arch_new ();
  guint depth, head_units;
  double head_dropout;

  g_return_val_if_fail (space != NULL, NULL);
  g_return_val_if_fail (actions != NULL, NULL);

  config = space->config;
  for (guint t = 0; t < space->layers_at; t++)
    g_return_val_if_fail (actions[t] >= 0 && (guint) actions[t] < space->spec.decisions[t].n_choices, NULL);
  depth = nas_search_space_depth (space, actions);
  g_return_val_if_fail (depth >= 1 && depth <= config->max_layers, NULL);

  for (guint i = 0; i < depth; i++)
    {
      guint at = space->layers_at + space->layer_stride * i;
      const gint *a = actions + at;
      guint kernel, filters, pool;
      double dropout;
      gboolean ok, bn;

      for (guint j = 0; j < space->layer_stride; j++)
        g_return_val_if_fail (a[j] >= 0 && (guint) a[j] < space->spec.decisions[at + j].n_choices, NULL);

      kernel = config->kernels[a[0]];
      filters = config->filters[a[1]];
      pool = config->pools[a[2]];
      dropout = config->dropouts[a[3]];
      bn = config->batchnorms[space->layer_stride == 5 ? a[4] : 0];

      if (config->conv_mode == NAS_CONV_1D)
        ok = nas_arch_add_conv1d (arch, kernel, filters, pool, dropout, error);
      else
        ok = nas_arch_add_conv2d (arch, kernel, kernel, filters, FALSE, pool, dropout, error);
      if (!ok)
        return NULL;
      if (bn)
        nas_arch_set_batchnorm (arch, arch->n_layers - 1, TRUE);
    }

  head_of (space, actions, &head_units, &head_dropout);
  if (head_units > 0)
    {
      if (!nas_arch_add_dense (arch, head_units, head_dropout, error))
        return NULL;
      if (nas_search_config_head_batchnorm (config))
        nas_arch_set_batchnorm (arch, arch->n_layers - 1, TRUE);
    }

  if (!nas_arch_add_dense (arch, space->n_classes, 0.0, error))
    return NULL;

  if (!nas_arch_plan (arch, space->in_c, space->in_h, space->in_w, space->n_classes, NULL, error))
    return NULL;

  return g_steal_pointer (&arch);
}

static gint
index_of_uint (const guint *values,
               guint        n,
               guint        value)
{
  for (guint i = 0; i < n; i++)
    if (values[i] == value)
      return (gint) i;
  return -1;
}

static gint
index_of_double (const double *values,
                 guint         n,
                 double        value)
{
  for (guint i = 0; i < n; i++)
    if (fabs (values[i] - value) < 1e-6)
      return (gint) i;
  return -1;
}

/* The choice of the head's decisions for a head of @units (0: none) and
 * @dropout; FALSE if the space has no such head. */
static gboolean
head_actions (const NasSearchSpace *space,
              guint                 units,
              double                dropout,
              gint                 *actions)
{
  const NasSearchConfig *config = space->config;
  gint u = index_of_uint (config->dense_units, config->n_dense_units, units);
  gint d = units == 0 ? 0 : index_of_double (config->dense_dropouts, config->n_dense_dropouts, dropout);

  if (u < 0 || d < 0 || (space->head_units_at < 0 && u != 0) || (space->head_dropout_at < 0 && d != 0))
    return FALSE;
  if (space->head_units_at >= 0)
    actions[space->head_units_at] = u;
  if (space->head_dropout_at >= 0)
    actions[space->head_dropout_at] = d;
  return TRUE;
}

/**
 * nas_search_space_actions_from_arch:
 * @actions: (out caller-allocates): one entry per decision
 *
 * The inverse of nas_search_space_to_arch(): the choices that produce
 * @arch, −1 for decisions beyond its depth (the dropout of an absent head
 * is its first choice, the only one allowed). Returns %FALSE if @arch is
 * not in the space (another depth, a value not among the choices, a layer
 * kind the space does not make), e.g. for architectures typed by hand.
 */
gboolean
nas_search_space_actions_from_arch (const NasSearchSpace *space,
                                    const NasArch        *arch,
                                    gint                 *actions)
{
  const NasSearchConfig *config;
  const NasLayer *head = NULL;
  guint depth;

  g_return_val_if_fail (space != NULL && arch != NULL && actions != NULL, FALSE);

  config = space->config;
  if (arch->n_layers < 2)
    return FALSE;
  depth = arch->n_layers - 1;
  if (arch->layers[depth - 1].kind == NAS_LAYER_DENSE)
    {
      head = &arch->layers[depth - 1];
      depth--;
      if (depth < 1 || head->batchnorm != nas_search_config_head_batchnorm (config))
        return FALSE;
    }
  if (depth > config->max_layers || (!config->search_depth && depth != config->max_layers))
    return FALSE;

  for (guint t = 0; t < space->spec.n_decisions; t++)
    actions[t] = -1;
  if (config->search_depth)
    actions[0] = (gint) depth - 1;
  if (!head_actions (space, head != NULL ? head->units : 0, head != NULL ? head->dropout : 0.0, actions))
    return FALSE;

  for (guint i = 0; i < depth; i++)
    {
      const NasLayer *layer = &arch->layers[i];
      gint *a = actions + space->layers_at + space->layer_stride * i;
      NasLayerKind kind = config->conv_mode == NAS_CONV_1D ? NAS_LAYER_CONV1D : NAS_LAYER_CONV2D;
      gint bn = -1;

      if (layer->kind != kind || layer->valid || (kind == NAS_LAYER_CONV2D && layer->kh != layer->kw))
        return FALSE;

      for (guint c = 0; c < config->n_batchnorms && c < 2; c++)
        if ((config->batchnorms[c] != FALSE) == (layer->batchnorm != FALSE))
          bn = (gint) c;
      a[0] = index_of_uint (config->kernels, config->n_kernels, layer->kw);
      a[1] = index_of_uint (config->filters, config->n_filters, layer->units);
      a[2] = index_of_uint (config->pools, config->n_pools, layer->pool);
      a[3] = index_of_double (config->dropouts, config->n_dropouts, layer->dropout);
      if (a[0] < 0 || a[1] < 0 || a[2] < 0 || a[3] < 0 || bn < 0)
        return FALSE;
      if (space->layer_stride == 5)
        a[4] = bn;
    }

  return arch->layers[arch->n_layers - 1].kind == NAS_LAYER_DENSE &&
         arch->layers[arch->n_layers - 1].units == space->n_classes;
}

/* "Layer 2 · kernel" and the like, for heat maps and tooltips. */
char *
nas_search_space_decision_label (const NasSearchSpace *space,
                                 guint                 t)
{
  static const char * const names[] = {
    "kernel", "filters", "pool", "dropout", "layers", "batch norm", "width", "dropout"
  };
  const NasDecision *d;

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == NAS_DECISION_N_TYPES);
  g_return_val_if_fail (space != NULL && t < space->spec.n_decisions, NULL);

  d = &space->spec.decisions[t];
  if (d->type == NAS_DECISION_LAYERS)
    return g_strdup ("Depth");
  if (d->type == NAS_DECISION_HEAD_UNITS || d->type == NAS_DECISION_HEAD_DROPOUT)
    return g_strdup_printf ("Head · %s", names[d->type]);
  return g_strdup_printf ("Layer %u · %s", d->layer + 1, names[d->type]);
}

/* The value of @choice of decision @t as people read it: "5×5", "32", "2",
 * "0.25", "on", "none". */
char *
nas_search_space_choice_label (const NasSearchSpace *space,
                               guint                 t,
                               guint                 choice)
{
  const NasSearchConfig *config;
  const NasDecision *d;

  g_return_val_if_fail (space != NULL && t < space->spec.n_decisions, NULL);
  g_return_val_if_fail (choice < space->spec.decisions[t].n_choices, NULL);

  config = space->config;
  d = &space->spec.decisions[t];
  switch (d->type)
    {
    case NAS_DECISION_KERNEL:
      if (config->conv_mode == NAS_CONV_1D)
        return g_strdup_printf ("%u", config->kernels[choice]);
      return g_strdup_printf ("%u×%u", config->kernels[choice], config->kernels[choice]);
    case NAS_DECISION_FILTERS:
      return g_strdup_printf ("%u", config->filters[choice]);
    case NAS_DECISION_POOL:
      return g_strdup_printf ("%u", config->pools[choice]);
    case NAS_DECISION_DROPOUT:
      return g_strdup_printf ("%g", config->dropouts[choice]);
    case NAS_DECISION_LAYERS:
      return g_strdup_printf ("%u", choice + 1);
    case NAS_DECISION_BATCHNORM:
      return g_strdup (config->batchnorms[choice] ? "on" : "off");
    case NAS_DECISION_HEAD_UNITS:
      if (config->dense_units[choice] == 0)
        return g_strdup ("none");
      return g_strdup_printf ("%u", config->dense_units[choice]);
    case NAS_DECISION_HEAD_DROPOUT:
      return g_strdup_printf ("%g", config->dense_dropouts[choice]);
    case NAS_DECISION_N_TYPES:
    default:
      g_assert_not_reached ();
    }
}
