/* nas-controller-reinforce.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How the controller runs and learns: the NASCell policy over one episode
 * under the masks of the search space (or the uniform draw of random
 * search), the REINFORCE gradient of that episode, and the Adam step that
 * ends an m-batch. Everything works in the workspace allocated by
 * nas_controller_new (), so no call here allocates. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "nas-controller-private.h"

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
void
nas_controller_run_policy (NasController  *self,
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
        self->n_active = nas_policy_spec_n_active (spec, a);

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
 * for the episode left in the workspace by nas_controller_run_policy (). */
void
nas_controller_backward (NasController *self,
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

double
nas_controller_sum_of_squares (const float *v,
                               size_t       count)
{
  double sum = 0;

  for (size_t i = 0; i < count; i++)
    sum += (double) v[i] * v[i];
  return sum;
}

/* Ends an m-batch: L2 term, clipping, one Adam step. Returns the gradient
 * norm before clipping. */
double
nas_controller_apply_update (NasController *self)
{
  const NasControllerParams *p = &self->params;
  size_t count = self->n_params;
  double norm, b1t, b2t;
  float lr = (float) p->lr;

  if (p->l2 > 0)
    for (size_t i = 0; i < count; i++)
      self->grad[i] += (float) (2 * p->l2) * self->theta[i];

  norm = sqrt (nas_controller_sum_of_squares (self->grad, count));
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

/* Random search: uniform over the allowed choices of each decision. The
 * workspace's pi/log_pi/entropy are filled as if that were the policy, so
 * that the sample is assembled like the REINFORCE one. */
void
nas_controller_run_random (NasController  *self,
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
        self->n_active = nas_policy_spec_n_active (spec, self->actions[0]);
    }
  for (guint t = self->n_active; t < spec->n_decisions; t++)
    memset (self->mask + self->choice_at[t], 0, spec->decisions[t].n_choices);
}
