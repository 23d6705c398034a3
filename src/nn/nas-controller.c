/* nas-controller.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* REINFORCE over architectures with a NASCell policy (DESIGN.md §6.2–6.3),
 * and random search behind the same calls.
 *
 * Workload: one episode is T ≤ 129 steps of a NASCell with N ≈ 32 units,
 * microseconds of work; a search spends minutes training each child, so the
 * controller favours exactness and reproducibility over speed: all buffers
 * are allocated once in _new, every random draw comes from self->rng, and a
 * checkpoint holds every bit of state needed to continue identically.
 *
 * Dimension legend: T decisions (T_e active this episode), d embedding
 * width, N NASCell units, n_t choices of decision t, S cache floats per step.
 *
 * Parameters θ live in one flat array, carved as
 *   NASCell (kernel [d,8N] | recurrent_kernel [N,8N] | bias [8N])
 *   start input [d]
 *   embedding table of each decision type [rows_k, d]   (rows_k = max n_t)
 *   softmax head of each decision: V_t [n_t, N], b_t [n_t]
 * and the gradient accumulator and both Adam moments have the same layout,
 * so the update, the clipping and the L2 term are loops over one array. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "nas-check.h"
#include "nas-controller.h"
#include "nas-nascell.h"
#include "nas-rng.h"

G_DEFINE_QUARK (nas-controller-error-quark, nas_controller_error)

#define CHECKPOINT_MAGIC   "NASCTRL"   /* 8 bytes with the NUL */
#define CHECKPOINT_VERSION 1u

struct _NasController
{
  NasPolicySpec       spec;
  NasControllerParams params;
  NasRng              rng;
  guint64             episodes;      /* sampled so far: next index, ε schedule */
  guint64             steps;         /* Adam updates so far */
  gboolean            has_baseline;
  double              baseline;
  guint               pending;       /* reported episodes of the current m-batch */

  size_t              n_params;
  float              *theta;         /* [n_params] */
  float              *grad;          /* [n_params] accumulated over the m-batch */
  float              *adam_m;        /* [n_params] */
  float              *adam_v;        /* [n_params] */

  NasNascell          cell;          /* view of theta */
  NasNascell          cell_grad;     /* view of grad */
  size_t              start_at;                            /* offset of the start input */
  size_t              emb_at[NAS_DECISION_N_TYPES];        /* offset of each table */
  guint               emb_rows[NAS_DECISION_N_TYPES];
  size_t              head_at[NAS_CONTROLLER_MAX_DECISIONS]; /* offset of V_t; b_t follows */
  guint               choice_at[NAS_CONTROLLER_MAX_DECISIONS]; /* offset in [Σ n_t] */
  guint               n_choices_total;                     /* Σ n_t */
  guint               max_choices;

  /* Workspace of one episode, sized for T steps. */
  float              *x;             /* [T, d] inputs */
  float              *c;             /* [T, N] */
  float              *m;             /* [T, N] */
  float              *cache;         /* [T, S] */
  float              *dm;            /* [T, N] */
  float              *dx;            /* [T, d] */
  float              *work;          /* [nas_nascell_work_size] */
  float              *zeros;         /* [max (N, d)] initial state */
  float              *u;             /* [max n_t] raw logits V m + b */
  float              *du;            /* [max n_t] */
  double             *pi;            /* [Σ n_t] softmax */
  double             *log_pi;        /* [Σ n_t] */
  double             *dz_du;         /* [Σ n_t] derivative of temperature/tanh */
  double             *entropy;       /* [T] */
  guint8             *mask;          /* [Σ n_t] 1 = allowed */
  gboolean           *allowed;       /* [max n_t] for NasAllowedFunc */
  gint               *actions;       /* [T] */
  guint               n_active;
};

/* ---- spec and params ---------------------------------------------------- */

/**
 * nas_policy_spec_init_layers:
 * @n_choices: choices of (kernel, filters, pool, dropout), the same for
 *   every layer
 *
 * The layout of DESIGN §6.2: 4·L decisions, layer by layer, preceded by a
 * NAS_DECISION_LAYERS decision with L choices when @search_depth.
 */
void
nas_policy_spec_init_layers (NasPolicySpec *spec,
                             guint          max_layers,
                             const guint    n_choices[4],
                             gboolean       search_depth)
{
  guint t = 0;

  g_return_if_fail (spec != NULL && n_choices != NULL);
  g_return_if_fail (max_layers >= 1 && max_layers <= NAS_CONTROLLER_MAX_LAYERS);

  memset (spec, 0, sizeof *spec);
  spec->search_depth = search_depth;
  if (search_depth)
    spec->decisions[t++] = (NasDecision) { NAS_DECISION_LAYERS, max_layers, 0 };
  for (guint layer = 0; layer < max_layers; layer++)
    for (guint k = 0; k < 4; k++)
      spec->decisions[t++] = (NasDecision) { k, n_choices[k], layer };
  spec->n_decisions = t;
}

/**
 * nas_policy_spec_validate:
 *
 * Fails unless 1 ≤ T ≤ NAS_CONTROLLER_MAX_DECISIONS, every decision has a
 * known type and 1 … NAS_CONTROLLER_MAX_CHOICES choices, and, with
 * search_depth, decision 0 (and only it) is NAS_DECISION_LAYERS and the
 * layers of the others never decrease and stay below its choice count, so
 * that a depth always selects a prefix of the decisions.
 */
gboolean
nas_policy_spec_validate (const NasPolicySpec  *spec,
                          GError              **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  if (spec->n_decisions < 1 || spec->n_decisions > NAS_CONTROLLER_MAX_DECISIONS)
    {
      g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID,
                   "a policy needs 1 to %u decisions, not %u",
                   NAS_CONTROLLER_MAX_DECISIONS, spec->n_decisions);
      return FALSE;
    }

  for (guint t = 0; t < spec->n_decisions; t++)
    {
      const NasDecision *dec = &spec->decisions[t];
      gboolean depth_decision = spec->search_depth && t == 0;

      if (dec->type >= NAS_DECISION_N_TYPES ||
          (dec->type == NAS_DECISION_LAYERS) != depth_decision)
        {
          g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID,
                       "decision %u has type %u; the number-of-layers type is allowed"
                       " exactly as decision 0 when depth is searched", t, dec->type);
          return FALSE;
        }
      if (dec->n_choices < 1 || dec->n_choices > NAS_CONTROLLER_MAX_CHOICES)
        {
          g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID,
                       "decision %u has %u choices, expected 1 to %u",
                       t, dec->n_choices, NAS_CONTROLLER_MAX_CHOICES);
          return FALSE;
        }
      if (spec->search_depth && t >= 1 &&
          (dec->layer >= spec->decisions[0].n_choices ||
           (t >= 2 && dec->layer < spec->decisions[t - 1].layer)))
        {
          g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID,
                       "decision %u is for layer %u: with searched depth, layers must"
                       " be ordered and below the %u layer choices",
                       t, dec->layer, spec->decisions[0].n_choices);
          return FALSE;
        }
    }

  return TRUE;
}

/* The number of distinct action sequences, saturating at G_MAXUINT64. */
guint64
nas_policy_spec_count_architectures (const NasPolicySpec *spec)
{
  guint64 total = 0;
  guint depths = spec->search_depth ? spec->decisions[0].n_choices : 1;

  for (guint k = 0; k < depths; k++)
    {
      guint64 count = 1;

      for (guint t = spec->search_depth ? 1 : 0; t < spec->n_decisions; t++)
        {
          if (spec->search_depth && spec->decisions[t].layer > k)
            break;
          if (count > G_MAXUINT64 / spec->decisions[t].n_choices)
            return G_MAXUINT64;
          count *= spec->decisions[t].n_choices;
        }
      if (total > G_MAXUINT64 - count)
        return G_MAXUINT64;
      total += count;
    }
  return total;
}

/**
 * nas_controller_params_init:
 *
 * The defaults. DESIGN §6.3 names lr 6e-4, β 0.95, ε 0.1, m 1; the others
 * follow ENAS (entropy bonus 1e-4, gradient norm bound 5) and TensorFlow's
 * NASCell tutorial (N = 32 here, a power of two near its 35). Temperature
 * and the tanh constant are off (τ = 1, C = 0).
 */
void
nas_controller_params_init (NasControllerParams *params)
{
  g_return_if_fail (params != NULL);

  *params = (NasControllerParams) {
    .strategy = NAS_STRATEGY_REINFORCE,
    .hidden = 32,
    .embedding = 32,
    .lr = 6e-4,
    .adam_beta1 = 0.9,
    .adam_beta2 = 0.999,
    .adam_eps = 1e-8,
    .entropy_weight = 1e-4,
    .l2 = 0.0,
    .clip_norm = 5.0,
    .temperature = 1.0,
    .tanh_constant = 0.0,
    .baseline_decay = 0.95,
    .epsilon = 0.1,
    .epsilon_decay = 1.0,
    .epsilon_min = 0.0,
    .batch = 1,
    .seed = 0,
  };
}

static gboolean
params_validate (const NasControllerParams  *p,
                 GError                    **error)
{
  const char *what = NULL;

  if (p->strategy != NAS_STRATEGY_REINFORCE && p->strategy != NAS_STRATEGY_RANDOM)
    what = "strategy";
  else if (p->hidden < 1 || p->hidden > 4096)
    what = "hidden (1 … 4096)";
  else if (p->embedding < 1 || p->embedding > 4096)
    what = "embedding (1 … 4096)";
  else if (!(p->lr > 0 && p->lr < 1))
    what = "lr (0 … 1)";
  else if (!(p->adam_beta1 >= 0 && p->adam_beta1 < 1) || !(p->adam_beta2 >= 0 && p->adam_beta2 < 1))
    what = "Adam betas [0, 1)";
  else if (!(p->adam_eps > 0))
    what = "Adam epsilon (> 0)";
  else if (!(p->entropy_weight >= 0 && isfinite (p->entropy_weight)))
    what = "entropy weight (≥ 0)";
  else if (!(p->l2 >= 0 && isfinite (p->l2)))
    what = "L2 weight (≥ 0)";
  else if (!(p->clip_norm >= 0 && isfinite (p->clip_norm)))
    what = "clip norm (≥ 0)";
  else if (!(p->temperature > 0 && isfinite (p->temperature)))
    what = "temperature (> 0)";
  else if (!(p->tanh_constant >= 0 && isfinite (p->tanh_constant)))
    what = "tanh constant (≥ 0)";
  else if (!(p->baseline_decay >= 0 && p->baseline_decay < 1))
    what = "baseline decay [0, 1)";
  else if (!(p->epsilon >= 0 && p->epsilon <= 1) || !(p->epsilon_min >= 0 && p->epsilon_min <= 1))
    what = "ε [0, 1]";
  else if (!(p->epsilon_decay > 0 && p->epsilon_decay <= 1))
    what = "ε decay (0, 1]";
  else if (p->batch < 1 || p->batch > 1 << 20)
    what = "episodes per update (≥ 1)";

  if (what != NULL)
    {
      g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID,
                   "invalid controller setting: %s", what);
      return FALSE;
    }
  return TRUE;
}

/* ---- construction ------------------------------------------------------- */

static void
fill_uniform (float  *w,
              size_t  count,
              float   limit,
              NasRng *rng)
{
  for (size_t i = 0; i < count; i++)
    w[i] = nas_rng_uniform (rng, -limit, limit);
}

/* Carves θ (see the file comment) and allocates the workspace. */
static void
layout (NasController *self)
{
  const NasPolicySpec *spec = &self->spec;
  size_t d = self->params.embedding, n = self->params.hidden, T = spec->n_decisions;
  size_t at = nas_nascell_count_params (d, n, 0, TRUE);

  self->start_at = at;
  at += d;

  for (guint t = 0; t < T; t++)
    {
      const NasDecision *dec = &spec->decisions[t];

      self->emb_rows[dec->type] = MAX (self->emb_rows[dec->type], dec->n_choices);
      self->max_choices = MAX (self->max_choices, dec->n_choices);
      self->choice_at[t] = self->n_choices_total;
      self->n_choices_total += dec->n_choices;
    }
  for (guint k = 0; k < NAS_DECISION_N_TYPES; k++)
    {
      self->emb_at[k] = at;
      at += (size_t) self->emb_rows[k] * d;
    }
  for (guint t = 0; t < T; t++)
    {
      self->head_at[t] = at;
      at += (size_t) spec->decisions[t].n_choices * (n + 1);
    }
  self->n_params = at;

  self->theta = g_new0 (float, at);
  self->grad = g_new0 (float, at);
  self->adam_m = g_new0 (float, at);
  self->adam_v = g_new0 (float, at);
  nas_nascell_bind (&self->cell, d, n, 0, TRUE, self->theta);
  nas_nascell_bind (&self->cell_grad, d, n, 0, TRUE, self->grad);

  self->x = g_new0 (float, T * d);
  self->c = g_new0 (float, T * n);
  self->m = g_new0 (float, T * n);
  self->cache = g_new0 (float, T * nas_nascell_cache_size (&self->cell));
  self->dm = g_new0 (float, T * n);
  self->dx = g_new0 (float, T * d);
  self->work = g_new0 (float, nas_nascell_work_size (&self->cell));
  self->zeros = g_new0 (float, MAX (n, d));
  self->u = g_new0 (float, self->max_choices);
  self->du = g_new0 (float, self->max_choices);
  self->pi = g_new0 (double, self->n_choices_total);
  self->log_pi = g_new0 (double, self->n_choices_total);
  self->dz_du = g_new0 (double, self->n_choices_total);
  self->entropy = g_new0 (double, T);
  self->mask = g_new0 (guint8, self->n_choices_total);
  self->allowed = g_new0 (gboolean, self->max_choices);
  self->actions = g_new0 (gint, T);
}

/* Glorot for the NASCell (DESIGN §6.1); small uniform values for the start
 * input, the embeddings and the heads, as ENAS does, so the first policy is
 * close to uniform and explores. Head biases start at zero. */
static void
init_weights (NasController *self)
{
  size_t d = self->params.embedding, n = self->params.hidden;

  nas_nascell_init_glorot (&self->cell, &self->rng);
  fill_uniform (self->theta + self->start_at, d, 0.1f, &self->rng);
  for (guint k = 0; k < NAS_DECISION_N_TYPES; k++)
    fill_uniform (self->theta + self->emb_at[k], (size_t) self->emb_rows[k] * d, 0.1f, &self->rng);
  for (guint t = 0; t < self->spec.n_decisions; t++)
    fill_uniform (self->theta + self->head_at[t], (size_t) self->spec.decisions[t].n_choices * n,
                  0.1f, &self->rng);
}

/**
 * nas_controller_new:
 *
 * Returns a controller for @spec with @params (see
 * nas_controller_params_init ()), its weights initialised from the RNG
 * seeded with params->seed, or NULL with NAS_CONTROLLER_ERROR_INVALID.
 */
NasController *
nas_controller_new (const NasPolicySpec        *spec,
                    const NasControllerParams  *params,
                    GError                    **error)
{
  NasController *self;

  g_return_val_if_fail (spec != NULL && params != NULL, NULL);

  if (!nas_policy_spec_validate (spec, error) || !params_validate (params, error))
    return NULL;

  self = g_new0 (NasController, 1);
  self->spec = *spec;
  self->params = *params;
  nas_rng_seed (&self->rng, params->seed);
  layout (self);
  if (params->strategy == NAS_STRATEGY_REINFORCE)
    init_weights (self);
  return self;
}

void
nas_controller_free (NasController *self)
{
  if (self == NULL)
    return;
  g_free (self->theta);
  g_free (self->grad);
  g_free (self->adam_m);
  g_free (self->adam_v);
  g_free (self->x);
  g_free (self->c);
  g_free (self->m);
  g_free (self->cache);
  g_free (self->dm);
  g_free (self->dx);
  g_free (self->work);
  g_free (self->zeros);
  g_free (self->u);
  g_free (self->du);
  g_free (self->pi);
  g_free (self->log_pi);
  g_free (self->dz_du);
  g_free (self->entropy);
  g_free (self->mask);
  g_free (self->allowed);
  g_free (self->actions);
  g_free (self);
}

/* ---- the policy --------------------------------------------------------- */

static guint
count_active (const NasPolicySpec *spec,
              gint                 depth_action)
{
  guint n = 1;

  if (!spec->search_depth)
    return spec->n_decisions;
  while (n < spec->n_decisions && spec->decisions[n].layer <= (guint) depth_action)
    n++;
  return n;
}

/* Softmax head of decision t at the current step: u = V_t m_t + b_t, then
 * z = u/τ or C·tanh(u/τ), softmax over the choices its mask allows; fills
 * pi, log_pi (−∞ where masked), dz_du, entropy of t. */
static void
head_forward (NasController *self,
              guint          t)
{
  size_t n = self->params.hidden;
  guint k_n = self->spec.decisions[t].n_choices;
  const float *V = self->theta + self->head_at[t];   /* [n_t, N] */
  const float *b = V + (size_t) k_n * n;             /* [n_t] */
  double *pi = self->pi + self->choice_at[t];
  double *log_pi = self->log_pi + self->choice_at[t];
  double *dz_du = self->dz_du + self->choice_at[t];
  const guint8 *mask = self->mask + self->choice_at[t];
  double tau = self->params.temperature, C = self->params.tanh_constant;
  double zmax = -G_MAXDOUBLE, sum = 0, H = 0;

  /* u[n_t] = V[n_t,N] m[N] + b */
  memcpy (self->u, b, k_n * sizeof (float));
  cblas_sgemv (CblasRowMajor, CblasNoTrans, (int) k_n, (int) n, 1.0f, V, (int) n,
               self->m + t * n, 1, 1.0f, self->u, 1);

  for (guint k = 0; k < k_n; k++)
    {
      double s = self->u[k] / tau;
      double z = s;

      dz_du[k] = 1.0 / tau;
      if (C > 0)
        {
          double th = tanh (s);

          z = C * th;
          dz_du[k] = C * (1.0 - th * th) / tau;
        }
      log_pi[k] = z;   /* the logit, for now */
      if (mask[k])
        zmax = MAX (zmax, z);
    }
  for (guint k = 0; k < k_n; k++)
    if (mask[k])
      sum += exp (log_pi[k] - zmax);
  for (guint k = 0; k < k_n; k++)
    {
      if (!mask[k])
        {
          log_pi[k] = -INFINITY;
          pi[k] = 0;
          continue;
        }
      log_pi[k] = log_pi[k] - zmax - log (sum);
      pi[k] = exp (log_pi[k]);
      H -= pi[k] * log_pi[k];
    }
  self->entropy[t] = H;
}

static gint
sample_categorical (const double *pi,
                    guint         n,
                    NasRng       *rng)
{
  double u = nas_rng_double (rng), cum = 0;
  gint last = 0;

  for (guint k = 0; k < n; k++)
    {
      if (pi[k] > 0)
        last = (gint) k;
      cum += pi[k];
      if (u < cum)
        return (gint) k;
    }
  return last;   /* rounding left u above the total */
}

/* Fills self->mask for decision @t: from @mask_in (a reported sample's),
 * from @allowed_cb, or all allowed. Returns the number allowed. */
static guint
set_mask (NasController  *self,
          guint           t,
          const guint8   *mask_in,
          NasAllowedFunc  allowed_cb,
          gpointer        user_data)
{
  guint k_n = self->spec.decisions[t].n_choices;
  guint8 *mask = self->mask + self->choice_at[t];
  guint n_allowed = 0;

  if (mask_in != NULL)
    memcpy (mask, mask_in + self->choice_at[t], k_n);
  else if (allowed_cb != NULL &&
           allowed_cb (t, self->actions, self->allowed, user_data) > 0)
    for (guint k = 0; k < k_n; k++)
      mask[k] = self->allowed[k] ? 1 : 0;
  else
    memset (mask, 1, k_n);

  for (guint k = 0; k < k_n; k++)
    n_allowed += mask[k];
  if (n_allowed == 0)
    {
      /* Only a corrupt mask gets here; never leave a decision without choice. */
      memset (mask, 1, k_n);
      n_allowed = k_n;
    }
  return n_allowed;
}

/* The @j-th allowed choice of decision @t. */
static gint
nth_allowed (NasController *self,
             guint          t,
             guint          j)
{
  const guint8 *mask = self->mask + self->choice_at[t];

  for (guint k = 0; k < self->spec.decisions[t].n_choices; k++)
    if (mask[k] && j-- == 0)
      return (gint) k;
  g_assert_not_reached ();
}

/* Runs the policy over one episode. With @forced, the actions are taken
 * from it (teacher forcing: to score or update a given episode) under
 * @mask_in (NULL: no mask); otherwise they are drawn under the mask of
 * @allowed_cb, uniformly among the allowed choices when @explored. Leaves
 * the episode in the workspace: actions, n_active, mask, x, c, m, cache,
 * pi, log_pi, dz_du, entropy. */
static void
run_policy (NasController  *self,
            const gint     *forced,
            const guint8   *mask_in,
            gboolean        explored,
            NasAllowedFunc  allowed_cb,
            gpointer        user_data)
{
  const NasPolicySpec *spec = &self->spec;
  size_t d = self->params.embedding, n = self->params.hidden;
  size_t S = nas_nascell_cache_size (&self->cell);

  self->n_active = spec->n_decisions;
  memcpy (self->x, self->theta + self->start_at, d * sizeof (float));
  for (guint t = 0; t < spec->n_decisions; t++)
    self->actions[t] = -1;

  for (guint t = 0; t < self->n_active; t++)
    {
      const NasDecision *dec = &spec->decisions[t];
      guint n_allowed = set_mask (self, t, mask_in, allowed_cb, user_data);
      gint a;

      nas_nascell_forward_step (self->c + t * n, self->m + t * n, self->cache + t * S,
                                self->x + t * d,
                                t == 0 ? self->zeros : self->c + (t - 1) * n,
                                t == 0 ? self->zeros : self->m + (t - 1) * n,
                                &self->cell);
      head_forward (self, t);

      if (forced != NULL)
        a = forced[t];
      else if (explored)
        a = nth_allowed (self, t, nas_rng_below (&self->rng, n_allowed));
      else
        a = sample_categorical (self->pi + self->choice_at[t], dec->n_choices, &self->rng);
      g_assert (a >= 0 && (guint) a < dec->n_choices && self->mask[self->choice_at[t] + a]);
      self->actions[t] = a;

      if (t == 0 && spec->search_depth)
        self->n_active = count_active (spec, a);

      /* x_{t+1}[d] = embedding of a_t in its type's table */
      if (t + 1 < self->n_active)
        memcpy (self->x + (t + 1) * d,
                self->theta + self->emb_at[dec->type] + (size_t) a * d,
                d * sizeof (float));
    }
  for (guint t = self->n_active; t < spec->n_decisions; t++)
    memset (self->mask + self->choice_at[t], 0, spec->decisions[t].n_choices);
}

/* Accumulates into self->grad the gradient of
 *   scale · (−A·Σₜ log π(aₜ) − λ_H·Σₜ H(πₜ))
 * for the episode left in the workspace by run_policy (). */
static void
backward_episode (NasController *self,
                  double         advantage,
                  double         scale)
{
  size_t d = self->params.embedding, n = self->params.hidden;
  guint T_e = self->n_active;
  double lambda = self->params.entropy_weight;

  memset (self->dm, 0, T_e * n * sizeof (float));
  memset (self->dx, 0, T_e * d * sizeof (float));

  for (guint t = 0; t < T_e; t++)
    {
      guint k_n = self->spec.decisions[t].n_choices;
      const double *pi = self->pi + self->choice_at[t];
      const double *log_pi = self->log_pi + self->choice_at[t];
      const double *dz_du = self->dz_du + self->choice_at[t];
      const guint8 *mask = self->mask + self->choice_at[t];
      const float *V = self->theta + self->head_at[t];   /* [n_t, N] */
      float *dV = self->grad + self->head_at[t];         /* [n_t, N] */
      float *db = dV + (size_t) k_n * n;                 /* [n_t] */

      /* d(−A log π_a)/dz_k = A (π_k − [k = a]);
       * d(−λ H)/dz_k = λ π_k (log π_k + H) */
      for (guint k = 0; k < k_n; k++)
        {
          double dz;

          /* A masked choice has π = 0 and no logit to move. */
          if (!mask[k])
            {
              self->du[k] = 0;
              continue;
            }
          dz = advantage * (pi[k] - (k == (guint) self->actions[t] ? 1.0 : 0.0))
                      + lambda * pi[k] * (log_pi[k] + self->entropy[t]);

          self->du[k] = (float) (scale * dz * dz_du[k]);
          db[k] += self->du[k];
        }
      /* dV[n_t,N] += du ⊗ m_t;  dm_t[N] = V^T du */
      cblas_sger (CblasRowMajor, (int) k_n, (int) n, 1.0f, self->du, 1, self->m + t * n, 1,
                  dV, (int) n);
      cblas_sgemv (CblasRowMajor, CblasTrans, (int) k_n, (int) n, 1.0f, V, (int) n,
                   self->du, 1, 0.0f, self->dm + t * n, 1);
    }

  nas_nascell_backward (&self->cell_grad, self->dx, NULL, NULL, self->work,
                        NULL, self->dm, self->c, self->m, self->cache, self->x,
                        self->zeros, self->zeros, &self->cell, T_e);

  /* The inputs were the start vector and the embeddings of the actions. */
  for (size_t j = 0; j < d; j++)
    self->grad[self->start_at + j] += self->dx[j];
  for (guint t = 1; t < T_e; t++)
    {
      const NasDecision *prev = &self->spec.decisions[t - 1];
      float *row = self->grad + self->emb_at[prev->type] + (size_t) self->actions[t - 1] * d;

      for (size_t j = 0; j < d; j++)
        row[j] += self->dx[t * d + j];
    }
}

static double
sum_of_squares (const float *v,
                size_t       count)
{
  double sum = 0;

  for (size_t i = 0; i < count; i++)
    sum += (double) v[i] * v[i];
  return sum;
}

/* Ends an m-batch: L2 term, clipping, one Adam step. Returns the gradient
 * norm before clipping. */
static double
apply_update (NasController *self)
{
  const NasControllerParams *p = &self->params;
  size_t count = self->n_params;
  double norm, b1t, b2t;
  float lr = (float) p->lr;

  if (p->l2 > 0)
    for (size_t i = 0; i < count; i++)
      self->grad[i] += (float) (2 * p->l2) * self->theta[i];

  norm = sqrt (sum_of_squares (self->grad, count));
  if (p->clip_norm > 0 && norm > p->clip_norm)
    {
      float shrink = (float) (p->clip_norm / norm);

      for (size_t i = 0; i < count; i++)
        self->grad[i] *= shrink;
    }

  self->steps++;
  b1t = 1.0 - pow (p->adam_beta1, (double) self->steps);
  b2t = 1.0 - pow (p->adam_beta2, (double) self->steps);
  {
    /* Constants in locals: with -fno-strict-aliasing the stores below could
     * otherwise alias p and force reloads every iteration. */
    const float beta1 = (float) p->adam_beta1, beta2 = (float) p->adam_beta2;
    const float one_m_beta1 = (float) (1 - p->adam_beta1), one_m_beta2 = (float) (1 - p->adam_beta2);
    const float inv_b1t = (float) (1.0 / b1t), inv_b2t = (float) (1.0 / b2t);
    const float eps = (float) p->adam_eps;
    float *restrict theta = self->theta, *restrict am = self->adam_m, *restrict av = self->adam_v;
    const float *restrict grad = self->grad;

    for (size_t i = 0; i < count; i++)
      {
        float g = grad[i];

        am[i] = beta1 * am[i] + one_m_beta1 * g;
        av[i] = beta2 * av[i] + one_m_beta2 * g * g;
        theta[i] -= lr * (am[i] * inv_b1t) / (sqrtf (av[i] * inv_b2t) + eps);
      }
  }

  memset (self->grad, 0, count * sizeof (float));
  self->pending = 0;
  return norm;
}

/* ---- public calls ------------------------------------------------------- */

double
nas_controller_get_epsilon (NasController *self)
{
  const NasControllerParams *p;

  g_return_val_if_fail (self != NULL, 0);

  p = &self->params;
  if (p->epsilon_decay >= 1.0)
    return p->epsilon;
  return MAX (p->epsilon_min, p->epsilon * pow (p->epsilon_decay, (double) self->episodes));
}

static NasSample *
sample_new (const NasPolicySpec *spec,
            guint                n_choices_total)
{
  NasSample *sample = g_new0 (NasSample, 1);
  guint at = 0;

  sample->n_decisions = spec->n_decisions;
  sample->actions = g_new0 (gint, spec->n_decisions);
  sample->chosen_probs = g_new0 (float, spec->n_decisions);
  sample->entropies = g_new0 (float, spec->n_decisions);
  sample->offsets = g_new0 (guint, spec->n_decisions);
  sample->probs = g_new0 (float, n_choices_total);
  sample->mask = g_new0 (guint8, n_choices_total);
  for (guint t = 0; t < spec->n_decisions; t++)
    {
      sample->offsets[t] = at;
      at += spec->decisions[t].n_choices;
    }
  return sample;
}

void
nas_sample_free (NasSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->actions);
  g_free (sample->chosen_probs);
  g_free (sample->entropies);
  g_free (sample->offsets);
  g_free (sample->probs);
  g_free (sample->mask);
  g_free (sample);
}

/* The softmax of decision @t in @sample (n_t floats). */
const float *
nas_sample_get_probs (const NasSample *sample,
                      guint            t)
{
  g_return_val_if_fail (sample != NULL && t < sample->n_decisions, NULL);

  return sample->probs + sample->offsets[t];
}

/* Random search: uniform over the allowed choices of each decision. The
 * workspace's pi/log_pi/entropy are filled as if that were the policy, so
 * that the sample is assembled like the REINFORCE one. */
static void
run_random (NasController  *self,
            NasAllowedFunc  allowed_cb,
            gpointer        user_data)
{
  const NasPolicySpec *spec = &self->spec;

  self->n_active = spec->n_decisions;
  for (guint t = 0; t < spec->n_decisions; t++)
    self->actions[t] = -1;

  for (guint t = 0; t < self->n_active; t++)
    {
      guint k_n = spec->decisions[t].n_choices;
      guint n_allowed = set_mask (self, t, NULL, allowed_cb, user_data);
      const guint8 *mask = self->mask + self->choice_at[t];

      for (guint k = 0; k < k_n; k++)
        {
          self->pi[self->choice_at[t] + k] = mask[k] ? 1.0 / n_allowed : 0.0;
          self->log_pi[self->choice_at[t] + k] = mask[k] ? -log (n_allowed) : -INFINITY;
        }
      self->entropy[t] = log (n_allowed);
      self->actions[t] = nth_allowed (self, t, nas_rng_below (&self->rng, n_allowed));
      if (t == 0 && spec->search_depth)
        self->n_active = count_active (spec, self->actions[0]);
    }
  for (guint t = self->n_active; t < spec->n_decisions; t++)
    memset (self->mask + self->choice_at[t], 0, spec->decisions[t].n_choices);
}

/**
 * nas_controller_sample_masked:
 * @allowed: (nullable): which choices each decision may take
 *
 * Draws the next architecture: from the policy, or, with probability ε
 * (explored = TRUE), uniformly — but the returned probabilities are always
 * the policy's. With @allowed, each decision's softmax is renormalised over
 * the choices @allowed permits given the earlier actions (the search space
 * uses this to rule out architectures that cannot be built, DESIGN §5), and
 * exploration is uniform over those. With the random strategy every draw is
 * uniform over the allowed choices and that is also the reported "policy".
 * Free with nas_sample_free ().
 */
NasSample *
nas_controller_sample_masked (NasController  *self,
                              NasAllowedFunc  allowed,
                              gpointer        user_data)
{
  NasSample *sample;
  gboolean explored = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->params.strategy == NAS_STRATEGY_RANDOM)
    run_random (self, allowed, user_data);
  else
    {
      /* One draw per episode whatever ε is, so that changing ε does not
       * shift the stream of everything else. */
      explored = nas_rng_double (&self->rng) < nas_controller_get_epsilon (self);
      run_policy (self, NULL, NULL, explored, allowed, user_data);
    }

  sample = sample_new (&self->spec, self->n_choices_total);
  sample->explored = explored;
  sample->n_active = self->n_active;
  for (guint t = 0; t < self->spec.n_decisions; t++)
    {
      guint at = self->choice_at[t], k_n = self->spec.decisions[t].n_choices;

      sample->actions[t] = self->actions[t];
      if (t >= self->n_active)
        continue;   /* skipped: probabilities and mask stay zero */
      for (guint k = 0; k < k_n; k++)
        sample->probs[at + k] = (float) self->pi[at + k];
      memcpy (sample->mask + at, self->mask + at, k_n);
      sample->chosen_probs[t] = (float) self->pi[at + self->actions[t]];
      sample->entropies[t] = (float) self->entropy[t];
      sample->log_prob += self->log_pi[at + self->actions[t]];
      sample->mean_entropy += self->entropy[t];
    }

  sample->index = self->episodes++;
  sample->mean_entropy /= sample->n_active;
  sample->arch_prob = exp (sample->log_prob);
  return sample;
}

/**
 * nas_controller_sample:
 *
 * nas_controller_sample_masked () without a mask.
 */
NasSample *
nas_controller_sample (NasController *self)
{
  return nas_controller_sample_masked (self, NULL, NULL);
}

/* Whether @actions (and @mask, if any) form an episode of this spec. */
static gboolean
check_actions (NasController  *self,
               const gint     *actions,
               const guint8   *mask,
               guint           n_decisions,
               GError        **error)
{
  const NasPolicySpec *spec = &self->spec;
  guint n_active;

  if (n_decisions != spec->n_decisions)
    goto bad;
  if (actions[0] < 0 || (guint) actions[0] >= spec->decisions[0].n_choices)
    goto bad;
  n_active = spec->search_depth ? count_active (spec, actions[0]) : spec->n_decisions;
  for (guint t = 0; t < spec->n_decisions; t++)
    {
      if (t >= n_active)
        {
          if (actions[t] != -1)
            goto bad;
          continue;
        }
      if (actions[t] < 0 || (guint) actions[t] >= spec->decisions[t].n_choices)
        goto bad;
      if (mask != NULL && !mask[self->choice_at[t] + actions[t]])
        goto bad;
    }
  return TRUE;

bad:
  g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID,
               "the episode does not belong to this controller's search space");
  return FALSE;
}

/**
 * nas_controller_report:
 * @sample: a sample of this controller (or of one with the same spec)
 * @reward: R, finite
 * @report: (out) (optional): what happened
 *
 * REINFORCE (DESIGN §6.3): A = R − b with b from before this report (b is
 * initialised with the first reward, so A = 0 then), b ← β·b + (1 − β)·R,
 * and the gradient of −A·Σ log π(aₜ) − λ_H·Σ H(πₜ) of the actions actually
 * taken (also for explored samples; under the sample's mask) is added to
 * the m-batch, averaged over it; the m-th report adds 2λ₂θ, clips the norm
 * and takes one Adam step. The random strategy only tracks the baseline.
 * Fails, changing nothing, when @reward is not finite or @sample does not
 * fit the spec.
 */
gboolean
nas_controller_report (NasController    *self,
                       const NasSample  *sample,
                       double            reward,
                       NasReport        *report,
                       GError          **error)
{
  NasReport r = { 0 };
  double beta;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  if (!isfinite (reward))
    {
      g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID,
                   "the reward is not a finite number");
      return FALSE;
    }
  if (!check_actions (self, sample->actions, sample->mask, sample->n_decisions, error))
    return FALSE;

  if (!self->has_baseline)
    {
      self->baseline = reward;
      self->has_baseline = TRUE;
    }
  beta = self->params.baseline_decay;
  r.episode = sample->index;
  r.reward = reward;
  r.baseline = self->baseline;
  r.advantage = reward - self->baseline;
  self->baseline = beta * self->baseline + (1.0 - beta) * reward;

  if (self->params.strategy == NAS_STRATEGY_RANDOM)
    {
      r.mean_entropy = sample->mean_entropy;
    }
  else
    {
      double log_prob = 0, entropy = 0;

      run_policy (self, sample->actions, sample->mask, FALSE, NULL, NULL);
      for (guint t = 0; t < self->n_active; t++)
        {
          log_prob += self->log_pi[self->choice_at[t] + self->actions[t]];
          entropy += self->entropy[t];
        }
      r.mean_entropy = entropy / self->n_active;
      r.loss = -r.advantage * log_prob - self->params.entropy_weight * entropy;
      if (self->params.l2 > 0)
        r.loss += self->params.l2 * sum_of_squares (self->theta, self->n_params);

      backward_episode (self, r.advantage, 1.0 / self->params.batch);
      if (++self->pending == self->params.batch)
        {
          r.grad_norm = apply_update (self);
          r.updated = TRUE;
        }
    }

  r.steps = self->steps;
  if (report != NULL)
    *report = r;
  return TRUE;
}

/**
 * nas_controller_log_prob:
 * @actions: [T] a complete episode (−1 for skipped decisions)
 *
 * Returns Σ log π(aₜ) of @actions under the current, unmasked policy,
 * without drawing any random number. For tests and for scoring a given
 * architecture.
 */
double
nas_controller_log_prob (NasController *self,
                         const gint    *actions)
{
  double sum = 0;

  g_return_val_if_fail (self != NULL && actions != NULL, NAN);
  g_return_val_if_fail (check_actions (self, actions, NULL, self->spec.n_decisions, NULL), NAN);

  if (self->params.strategy == NAS_STRATEGY_RANDOM)
    {
      guint n_active = self->spec.search_depth ? count_active (&self->spec, actions[0])
                                               : self->spec.n_decisions;

      for (guint t = 0; t < n_active; t++)
        sum -= log (self->spec.decisions[t].n_choices);
      return sum;
    }

  run_policy (self, actions, NULL, FALSE, NULL, NULL);
  for (guint t = 0; t < self->n_active; t++)
    sum += self->log_pi[self->choice_at[t] + self->actions[t]];
  return sum;
}

/**
 * nas_controller_gradient:
 * @grad: (out): [nas_controller_get_n_params ()] floats
 *
 * Writes to @grad the gradient of −@advantage·Σ log π(aₜ) − λ_H·Σ H(πₜ)
 * for @sample under the current weights and its mask (no L2, no clipping)
 * and returns that loss. Changes no state: for gradient checks and
 * diagnostics. The REINFORCE strategy only.
 */
double
nas_controller_gradient (NasController   *self,
                         const NasSample *sample,
                         double           advantage,
                         float           *grad)
{
  g_autofree float *saved = NULL;
  double loss = 0;

  g_return_val_if_fail (self != NULL && sample != NULL && grad != NULL, NAN);
  g_return_val_if_fail (self->params.strategy == NAS_STRATEGY_REINFORCE, NAN);
  g_return_val_if_fail (check_actions (self, sample->actions, sample->mask, sample->n_decisions, NULL), NAN);

  /* Borrow the accumulator, keeping a pending m-batch intact. */
  saved = g_memdup2 (self->grad, self->n_params * sizeof (float));
  memset (self->grad, 0, self->n_params * sizeof (float));

  run_policy (self, sample->actions, sample->mask, FALSE, NULL, NULL);
  for (guint t = 0; t < self->n_active; t++)
    loss += -advantage * self->log_pi[self->choice_at[t] + self->actions[t]]
            - self->params.entropy_weight * self->entropy[t];
  backward_episode (self, advantage, 1.0);

  memcpy (grad, self->grad, self->n_params * sizeof (float));
  memcpy (self->grad, saved, self->n_params * sizeof (float));
  return loss;
}

/**
 * nas_controller_get_weights:
 * @n_weights: (out) (optional): their count
 *
 * Returns the flat parameter array θ (see nas-controller.c for its layout),
 * writable so that gradient checks can perturb it. NULL for random search.
 */
float *
nas_controller_get_weights (NasController *self,
                            gsize         *n_weights)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_weights != NULL)
    *n_weights = nas_controller_get_n_params (self);
  return self->params.strategy == NAS_STRATEGY_RANDOM ? NULL : self->theta;
}

static size_t
stored_params (NasController *self)
{
  return self->params.strategy == NAS_STRATEGY_RANDOM ? 0 : self->n_params;
}

const NasPolicySpec *
nas_controller_get_spec (NasController *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->spec;
}

/* The moving-average baseline b, or NaN before the first report. */
double
nas_controller_get_baseline (NasController *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->has_baseline ? self->baseline : NAN;
}

guint64
nas_controller_get_episodes (NasController *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->episodes;
}

guint64
nas_controller_get_steps (NasController *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->steps;
}

gsize
nas_controller_get_n_params (NasController *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return stored_params (self);
}

/* ---- checkpoints -------------------------------------------------------- */

/* Checkpoint layout, all little-endian:
 *   "NASCTRL\0" | u32 version
 *   spec:   u32 T, u32 search_depth, T × (u32 type, u32 n_choices, u32 layer)
 *   params: u32 strategy, hidden, embedding, batch;
 *           f64 lr, beta1, beta2, adam_eps, entropy_weight, l2, clip_norm,
 *               temperature, tanh_constant, baseline_decay, epsilon,
 *               epsilon_decay, epsilon_min; u64 seed
 *   state:  4 × u64 rng, u64 episodes, u64 steps, u32 has_baseline,
 *           f64 baseline, u32 pending, u64 n_params,
 *           f32 × n_params each of θ, the pending gradient, Adam m, Adam v
 *   u64 FNV-1a hash of everything before it
 * Floats are stored as their bit patterns, so a restore is exact. */

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  v = GUINT32_TO_LE (v);
  g_byte_array_append (out, (const guint8 *) &v, 4);
}

static void
put_u64 (GByteArray *out,
         guint64     v)
{
  v = GUINT64_TO_LE (v);
  g_byte_array_append (out, (const guint8 *) &v, 8);
}

static void
put_f64 (GByteArray *out,
         double      v)
{
  guint64 bits;

  memcpy (&bits, &v, 8);
  put_u64 (out, bits);
}

static void
put_floats (GByteArray  *out,
            const float *v,
            size_t       count)
{
  for (size_t i = 0; i < count; i++)
    {
      guint32 bits;

      memcpy (&bits, &v[i], 4);
      put_u32 (out, bits);
    }
}

static guint64
fnv1a (const guint8 *data,
       gsize         len)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < len; i++)
    {
      h ^= data[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return h;
}

/**
 * nas_controller_save:
 *
 * Returns the complete state — spec, settings, weights, Adam moments,
 * baseline, update count, RNG state, ε schedule position (the episode count)
 * and the gradient of an incomplete m-batch — as bytes that
 * nas_controller_load () turns back into a controller that continues
 * bit-identically.
 */
GBytes *
nas_controller_save (NasController *self)
{
  GByteArray *out;
  const NasControllerParams *p;

  g_return_val_if_fail (self != NULL, NULL);

  p = &self->params;
  out = g_byte_array_sized_new (64 + 16 * self->n_params);
  g_byte_array_append (out, (const guint8 *) CHECKPOINT_MAGIC, 8);
  put_u32 (out, CHECKPOINT_VERSION);

  put_u32 (out, self->spec.n_decisions);
  put_u32 (out, self->spec.search_depth ? 1 : 0);
  for (guint t = 0; t < self->spec.n_decisions; t++)
    {
      put_u32 (out, self->spec.decisions[t].type);
      put_u32 (out, self->spec.decisions[t].n_choices);
      put_u32 (out, self->spec.decisions[t].layer);
    }

  put_u32 (out, p->strategy);
  put_u32 (out, p->hidden);
  put_u32 (out, p->embedding);
  put_u32 (out, p->batch);
  put_f64 (out, p->lr);
  put_f64 (out, p->adam_beta1);
  put_f64 (out, p->adam_beta2);
  put_f64 (out, p->adam_eps);
  put_f64 (out, p->entropy_weight);
  put_f64 (out, p->l2);
  put_f64 (out, p->clip_norm);
  put_f64 (out, p->temperature);
  put_f64 (out, p->tanh_constant);
  put_f64 (out, p->baseline_decay);
  put_f64 (out, p->epsilon);
  put_f64 (out, p->epsilon_decay);
  put_f64 (out, p->epsilon_min);
  put_u64 (out, p->seed);

  for (guint i = 0; i < 4; i++)
    put_u64 (out, self->rng.s[i]);
  put_u64 (out, self->episodes);
  put_u64 (out, self->steps);
  put_u32 (out, self->has_baseline ? 1 : 0);
  put_f64 (out, self->baseline);
  put_u32 (out, self->pending);
  /* Random search has no weights worth storing. */
  put_u64 (out, stored_params (self));
  put_floats (out, self->theta, stored_params (self));
  put_floats (out, self->grad, stored_params (self));
  put_floats (out, self->adam_m, stored_params (self));
  put_floats (out, self->adam_v, stored_params (self));

  put_u64 (out, fnv1a (out->data, out->len));
  return g_byte_array_free_to_bytes (out);
}

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gboolean      short_read;   /* sticky: checked once at the end */
} Reader;

static const guint8 *
take (Reader *r,
      gsize   n)
{
  const guint8 *at;
  static const guint8 zeros[8];

  if (r->short_read || r->len - r->pos < n)
    {
      r->short_read = TRUE;
      return zeros;
    }
  at = r->data + r->pos;
  r->pos += n;
  return at;
}

static guint32
get_u32 (Reader *r)
{
  guint32 v;

  memcpy (&v, take (r, 4), 4);
  return GUINT32_FROM_LE (v);
}

static guint64
get_u64 (Reader *r)
{
  guint64 v;

  memcpy (&v, take (r, 8), 8);
  return GUINT64_FROM_LE (v);
}

static double
get_f64 (Reader *r)
{
  guint64 bits = get_u64 (r);
  double v;

  memcpy (&v, &bits, 8);
  return v;
}

static void
get_floats (Reader *r,
            float  *v,
            size_t  count)
{
  for (size_t i = 0; i < count; i++)
    {
      guint32 bits = get_u32 (r);

      memcpy (&v[i], &bits, 4);
    }
}

/**
 * nas_controller_load:
 *
 * Restores a controller saved by nas_controller_save (). Fails with
 * NAS_CONTROLLER_ERROR_CHECKPOINT when the bytes are not a checkpoint of a
 * known version, are truncated or corrupt, or describe an invalid state.
 */
NasController *
nas_controller_load (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(NasController) self = NULL;
  g_autoptr(GError) local_error = NULL;
  Reader r = { 0 };
  NasPolicySpec spec = { 0 };
  NasControllerParams p = { 0 };
  guint32 version, strategy;
  guint64 hash, n_params;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);

  r.data = g_bytes_get_data (bytes, &size);
  r.len = size;

  if (size < 8 + 4 + 8 || memcmp (r.data, CHECKPOINT_MAGIC, 8) != 0)
    {
      g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT,
                   "not a controller checkpoint");
      return NULL;
    }
  r.pos = 8;
  version = get_u32 (&r);
  if (version != CHECKPOINT_VERSION)
    {
      g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT,
                   "controller checkpoint version %u is not supported (expected %u)",
                   version, CHECKPOINT_VERSION);
      return NULL;
    }
  /* The hash first: everything after it may then trust the bytes it reads
   * to be what save () wrote, though never their sizes blindly. */
  memcpy (&hash, r.data + size - 8, 8);
  if (GUINT64_FROM_LE (hash) != fnv1a (r.data, size - 8))
    {
      g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT,
                   "the controller checkpoint is truncated or corrupt (checksum mismatch)");
      return NULL;
    }
  r.len = size - 8;

  spec.n_decisions = get_u32 (&r);
  spec.search_depth = get_u32 (&r) != 0;
  if (spec.n_decisions > NAS_CONTROLLER_MAX_DECISIONS)
    goto corrupt;
  for (guint t = 0; t < spec.n_decisions; t++)
    {
      spec.decisions[t].type = get_u32 (&r);
      spec.decisions[t].n_choices = get_u32 (&r);
      spec.decisions[t].layer = get_u32 (&r);
    }

  strategy = get_u32 (&r);
  p.strategy = strategy;
  p.hidden = get_u32 (&r);
  p.embedding = get_u32 (&r);
  p.batch = get_u32 (&r);
  p.lr = get_f64 (&r);
  p.adam_beta1 = get_f64 (&r);
  p.adam_beta2 = get_f64 (&r);
  p.adam_eps = get_f64 (&r);
  p.entropy_weight = get_f64 (&r);
  p.l2 = get_f64 (&r);
  p.clip_norm = get_f64 (&r);
  p.temperature = get_f64 (&r);
  p.tanh_constant = get_f64 (&r);
  p.baseline_decay = get_f64 (&r);
  p.epsilon = get_f64 (&r);
  p.epsilon_decay = get_f64 (&r);
  p.epsilon_min = get_f64 (&r);
  p.seed = get_u64 (&r);
  if (r.short_read)
    goto corrupt;

  self = nas_controller_new (&spec, &p, &local_error);
  if (self == NULL)
    {
      g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT,
                   "the controller checkpoint is invalid: %s", local_error->message);
      return NULL;
    }

  for (guint i = 0; i < 4; i++)
    self->rng.s[i] = get_u64 (&r);
  self->episodes = get_u64 (&r);
  self->steps = get_u64 (&r);
  self->has_baseline = get_u32 (&r) != 0;
  self->baseline = get_f64 (&r);
  self->pending = get_u32 (&r);
  n_params = get_u64 (&r);
  if (r.short_read || n_params != stored_params (self) || self->pending >= p.batch ||
      !isfinite (self->baseline))
    goto corrupt;
  get_floats (&r, self->theta, stored_params (self));
  get_floats (&r, self->grad, stored_params (self));
  get_floats (&r, self->adam_m, stored_params (self));
  get_floats (&r, self->adam_v, stored_params (self));
  if (r.short_read || r.pos != r.len)
    goto corrupt;

  return g_steal_pointer (&self);

corrupt:
  g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT,
               "the controller checkpoint is malformed");
  return NULL;
}
