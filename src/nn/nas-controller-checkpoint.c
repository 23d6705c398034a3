/* nas-controller-checkpoint.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The controller's checkpoints: every bit of its state as bytes, so that a
 * search resumed from them continues identically. Read defensively: a
 * checkpoint comes from a file that may be truncated, corrupt or of
 * another version, and is checked (magic, version, checksum, sizes) before
 * anything is allocated from it. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-controller-private.h"

#define CHECKPOINT_MAGIC   "NASCTRL"   /* 8 bytes with the NUL */
#define CHECKPOINT_VERSION 1u

/* θ of a random search's controller is allocated but never stored: the
 * largest a search configuration asks for (256 units, 256-wide
 * embeddings) has about 1.1 million floats. */
#define RANDOM_MAX_PARAMS  (1u << 24)

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
  put_u64 (out, nas_controller_stored_params (self));
  put_floats (out, self->theta, nas_controller_stored_params (self));
  put_floats (out, self->grad, nas_controller_stored_params (self));
  put_floats (out, self->adam_m, nas_controller_stored_params (self));
  put_floats (out, self->adam_v, nas_controller_stored_params (self));

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
  if (spec.n_decisions > NAS_POLICY_MAX_DECISIONS)
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

  /* The sizes before the allocation: a few bytes saying 4096 hidden units
   * would otherwise allocate gigabytes before the length check. What
   * follows is the state (72 bytes) and four arrays of θ's size; random
   * search stores none, and a real one has a small θ. */
  if (nas_policy_spec_validate (&spec, NULL) &&
      p.hidden >= 1 && p.hidden <= 4096 && p.embedding >= 1 && p.embedding <= 4096)
    {
      size_t count = nas_controller_count_params (&spec, p.hidden, p.embedding);

      if (p.strategy == NAS_STRATEGY_RANDOM ? count > RANDOM_MAX_PARAMS
                                            : r.len - r.pos != 72 + 16 * (guint64) count)
        goto corrupt;
    }

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
  /* xoshiro256** never leaves the all-zero state: from it every draw is 0
   * and nas_rng_below () would reject forever. */
  if ((self->rng.s[0] | self->rng.s[1] | self->rng.s[2] | self->rng.s[3]) == 0)
    goto corrupt;
  if (r.short_read || n_params != nas_controller_stored_params (self) || self->pending >= p.batch ||
      !isfinite (self->baseline))
    goto corrupt;
  get_floats (&r, self->theta, nas_controller_stored_params (self));
  get_floats (&r, self->grad, nas_controller_stored_params (self));
  get_floats (&r, self->adam_m, nas_controller_stored_params (self));
  get_floats (&r, self->adam_v, nas_controller_stored_params (self));
  if (r.short_read || r.pos != r.len)
    goto corrupt;

  return g_steal_pointer (&self);

corrupt:
  g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT,
               "the controller checkpoint is malformed");
  return NULL;
}

#define SAMPLE_MAGIC   "NASSMPL"   /* 8 bytes with the NUL */
#define SAMPLE_VERSION 1u

/* Sample layout, little-endian, like a checkpoint:
 *   "NASSMPL\0" | u32 version | u64 index | u32 T, n_active, explored,
 *   Σ n_t | T × (i32 action, f32 chosen prob, f32 entropy) |
 *   Σ n_t × f32 probs | Σ n_t × u8 mask | f64 log_prob, arch_prob,
 *   mean_entropy | u64 FNV-1a hash of everything before it */

/**
 * nas_controller_save_sample:
 *
 * Returns every bit of @sample, a sample of this controller, as bytes that
 * nas_controller_load_sample () turns back into an identical sample: a
 * search stores the samples of a batch before training its children, so
 * that a resumed search reports the same episodes.
 */
GBytes *
nas_controller_save_sample (NasController   *self,
                            const NasSample *sample)
{
  GByteArray *out;

  g_return_val_if_fail (self != NULL && sample != NULL, NULL);
  g_return_val_if_fail (sample->n_decisions == self->spec.n_decisions, NULL);

  out = g_byte_array_sized_new (64 + 12 * sample->n_decisions + 5 * self->n_choices_total);
  g_byte_array_append (out, (const guint8 *) SAMPLE_MAGIC, 8);
  put_u32 (out, SAMPLE_VERSION);
  put_u64 (out, sample->index);
  put_u32 (out, sample->n_decisions);
  put_u32 (out, sample->n_active);
  put_u32 (out, sample->explored ? 1 : 0);
  put_u32 (out, self->n_choices_total);
  for (guint t = 0; t < sample->n_decisions; t++)
    {
      put_u32 (out, (guint32) sample->actions[t]);
      put_floats (out, &sample->chosen_probs[t], 1);
      put_floats (out, &sample->entropies[t], 1);
    }
  put_floats (out, sample->probs, self->n_choices_total);
  g_byte_array_append (out, sample->mask, self->n_choices_total);
  put_f64 (out, sample->log_prob);
  put_f64 (out, sample->arch_prob);
  put_f64 (out, sample->mean_entropy);
  put_u64 (out, fnv1a (out->data, out->len));
  return g_byte_array_free_to_bytes (out);
}

/**
 * nas_controller_load_sample:
 *
 * Restores a sample saved by nas_controller_save_sample () for a
 * controller of the same spec. Fails with NAS_CONTROLLER_ERROR_CHECKPOINT
 * when the bytes are not such a sample, are truncated or corrupt, or do not
 * fit this controller's decisions.
 */
NasSample *
nas_controller_load_sample (NasController  *self,
                            GBytes         *bytes,
                            GError        **error)
{
  g_autoptr(NasSample) sample = NULL;
  Reader r = { 0 };
  guint64 hash;
  gsize size;
  guint at = 0;

  g_return_val_if_fail (self != NULL && bytes != NULL, NULL);

  r.data = g_bytes_get_data (bytes, &size);
  r.len = size;
  if (size < 8 + 4 + 8 || memcmp (r.data, SAMPLE_MAGIC, 8) != 0)
    goto corrupt;
  memcpy (&hash, r.data + size - 8, 8);
  if (GUINT64_FROM_LE (hash) != fnv1a (r.data, size - 8))
    goto corrupt;
  r.len = size - 8;
  r.pos = 8;
  if (get_u32 (&r) != SAMPLE_VERSION)
    goto corrupt;

  sample = g_new0 (NasSample, 1);
  sample->index = get_u64 (&r);
  sample->n_decisions = get_u32 (&r);
  sample->n_active = get_u32 (&r);
  sample->explored = get_u32 (&r) != 0;
  if (sample->n_decisions != self->spec.n_decisions || get_u32 (&r) != self->n_choices_total ||
      sample->n_active == 0 || sample->n_active > sample->n_decisions || r.short_read)
    goto corrupt;

  sample->actions = g_new0 (gint, sample->n_decisions);
  sample->chosen_probs = g_new0 (float, sample->n_decisions);
  sample->entropies = g_new0 (float, sample->n_decisions);
  sample->offsets = g_new0 (guint, sample->n_decisions);
  sample->probs = g_new0 (float, self->n_choices_total);
  sample->mask = g_new0 (guint8, self->n_choices_total);
  for (guint t = 0; t < sample->n_decisions; t++)
    {
      sample->actions[t] = (gint) get_u32 (&r);
      get_floats (&r, &sample->chosen_probs[t], 1);
      get_floats (&r, &sample->entropies[t], 1);
      sample->offsets[t] = at;
      at += self->spec.decisions[t].n_choices;
    }
  get_floats (&r, sample->probs, self->n_choices_total);
  {
    const guint8 *mask = take (&r, self->n_choices_total);

    /* take () hands back 8 zero bytes on a short read: copy nothing then. */
    if (!r.short_read)
      memcpy (sample->mask, mask, self->n_choices_total);
  }
  sample->log_prob = get_f64 (&r);
  sample->arch_prob = get_f64 (&r);
  sample->mean_entropy = get_f64 (&r);
  if (r.short_read || r.pos != r.len)
    goto corrupt;

  return g_steal_pointer (&sample);

corrupt:
  g_set_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT,
               "the stored sample is malformed or was made for another search space");
  return NULL;
}
