/* nas-controller.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* REINFORCE over architectures with a NASCell policy (softmax heads, baseline,
 * and random search behind the same calls.
 *
 * Workload: one episode is T ≤ 33 steps (8 layers, searched depth) of a
 * NASCell with N ≈ 32 units, microseconds of work; a search spends minutes
 * training each child, so the controller favours exactness and
 * reproducibility over speed: all buffers are allocated once in _new, every
 * random draw comes from self->rng, and a checkpoint holds every bit of
 * state needed to continue identically.
 *
 * The state and its layout are in nas-controller-private.h; the policy's
 * forward and backward passes and the Adam step in
 * nas-controller-reinforce.c; the checkpoint format in
 * nas-controller-checkpoint.c. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-controller-private.h"

G_DEFINE_QUARK (nas-controller-error-quark, nas_controller_error)

/* ---- params ------------------------------------------------------------- */

/**
 * nas_controller_params_init:
 *
 * The defaults: lr 6e-4, β 0.95, ε 0.1, m 1 as the original design named them; the others
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

/**
 * nas_controller_count_params:
 *
 * How many floats θ has for @spec (valid) with @hidden units and
 * @embedding-wide embeddings, without allocating: what layout() carves.
 */
size_t
nas_controller_count_params (const NasPolicySpec *spec,
                             guint                hidden,
                             guint                embedding)
{
  size_t d = embedding, n = hidden;
  size_t at = nas_nascell_count_params (d, n, 0, TRUE) + d;
  guint rows[NAS_DECISION_N_TYPES] = { 0 };

  for (guint t = 0; t < spec->n_decisions; t++)
    {
      rows[spec->decisions[t].type] = MAX (rows[spec->decisions[t].type], spec->decisions[t].n_choices);
      at += (size_t) spec->decisions[t].n_choices * (n + 1);
    }
  for (guint k = 0; k < NAS_DECISION_N_TYPES; k++)
    at += (size_t) rows[k] * d;
  return at;
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
  g_assert (at == nas_controller_count_params (spec, self->params.hidden, self->params.embedding));

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

/* Glorot for the NASCell, as TensorFlow initialises it; small uniform values for the start
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
  g_autoptr(GError) local_error = NULL;
  NasController *self;

  g_return_val_if_fail (spec != NULL && params != NULL, NULL);

  if (!nas_policy_spec_validate (spec, &local_error))
    {
      g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID,
                   "%s", local_error->message);
      return NULL;
    }
  if (!params_validate (params, error))
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

/**
 * nas_controller_sample_masked:
 * @allowed: (nullable): which choices each decision may take
 *
 * Draws the next architecture: from the policy, or, with probability ε
 * (explored = TRUE), uniformly — but the returned probabilities are always
 * the policy's. With @allowed, each decision's softmax is renormalised over
 * the choices @allowed permits given the earlier actions (the search space
 * uses this to rule out architectures that cannot be built), and
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
    nas_controller_run_random (self, allowed, user_data);
  else
    {
      /* One draw per episode whatever ε is, so that changing ε does not
       * shift the stream of everything else. */
      explored = nas_rng_double (&self->rng) < nas_controller_get_epsilon (self);
      nas_controller_run_policy (self, NULL, NULL, explored, allowed, user_data);
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
  n_active = nas_policy_spec_n_active (spec, actions[0]);
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
 * REINFORCE: A = R − b with b from before this report (b is
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

      nas_controller_run_policy (self, sample->actions, sample->mask, FALSE, NULL, NULL);
      for (guint t = 0; t < self->n_active; t++)
        {
          log_prob += self->log_pi[self->choice_at[t] + self->actions[t]];
          entropy += self->entropy[t];
        }
      r.mean_entropy = entropy / self->n_active;
      r.loss = -r.advantage * log_prob - self->params.entropy_weight * entropy;
      if (self->params.l2 > 0)
        r.loss += self->params.l2 * nas_controller_sum_of_squares (self->theta, self->n_params);

      nas_controller_backward (self, r.advantage, 1.0 / self->params.batch);
      if (++self->pending == self->params.batch)
        {
          r.grad_norm = nas_controller_apply_update (self);
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
      guint n_active = nas_policy_spec_n_active (&self->spec, actions[0]);

      for (guint t = 0; t < n_active; t++)
        sum -= log (self->spec.decisions[t].n_choices);
      return sum;
    }

  nas_controller_run_policy (self, actions, NULL, FALSE, NULL, NULL);
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

  nas_controller_run_policy (self, sample->actions, sample->mask, FALSE, NULL, NULL);
  for (guint t = 0; t < self->n_active; t++)
    loss += -advantage * self->log_pi[self->choice_at[t] + self->actions[t]]
            - self->params.entropy_weight * self->entropy[t];
  nas_controller_backward (self, advantage, 1.0);

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
  return nas_controller_stored_params (self);
}

/* Episodes left to report before the next update: m minus the reports of
 * the current m-batch. */
guint
nas_controller_get_until_update (NasController *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->params.batch - self->pending;
}

/**
 * nas_controller_sample_batch:
 * @n: how many episodes, at most nas_controller_get_until_update () so that
 *   all of them are sampled with the weights they will be reported against
 *
 * Draws @n episodes, as @n calls of nas_controller_sample_masked () would.
 *
 * Returns: (transfer full) (element-type NasSample): the samples, in
 *   episode order
 */
GPtrArray *
nas_controller_sample_batch (NasController  *self,
                             guint           n,
                             NasAllowedFunc  allowed,
                             gpointer        user_data)
{
  GPtrArray *samples;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n >= 1 && n <= nas_controller_get_until_update (self), NULL);

  samples = g_ptr_array_new_full (n, (GDestroyNotify) nas_sample_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (samples, nas_controller_sample_masked (self, allowed, user_data));
  return samples;
}
