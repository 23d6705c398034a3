/* nas-net.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The child network: stages wired from a NasArch plan over buffers carved
 * from one allocation. Fusions that matter for speed: bias + ReLU inside the
 * convolution's output pass; ReLU backward folded into the pool scatter;
 * dropout applied in place on the stage output (a dropped unit's gradient is
 * zero either way, and a kept one keeps its sign, so the ReLU masks that read
 * the output stay correct). A stage with batch normalisation runs its conv
 * or dense layer without bias into z, normalises z into a with the ReLU in
 * the same pass, then pools a; its backward runs in place on da. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

/* Hot element-wise loops: GCC's -O2 cost model leaves them scalar. */
#pragma GCC optimize ("tree-vectorize", "vect-cost-model=dynamic", "no-math-errno")

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "nas-activation.h"
#include "nas-batchnorm.h"
#include "nas-check.h"
#include "nas-conv.h"
#include "nas-dense.h"
#include "nas-dropout.h"
#include "nas-json.h"
#include "nas-loss.h"
#include "nas-net.h"
#include "nas-pool.h"

G_DEFINE_QUARK (nas-net-error-quark, nas_net_error)

#define WEIGHTS_MAGIC "NASNETW1"

typedef struct
{
  NasLayer      layer;
  NasStagePlan  plan;
  gboolean      relu;       /* every stage but the output layer */
  gboolean      flatten;    /* dense reading a [C, B, H·W] input */
  gboolean      bn;         /* batch normalisation instead of the bias */
  NasBatchNormShape bns;
  float        *w, *b;      /* views into params; b NULL with bn */
  float        *dw, *db;    /* views into grads */
  float        *gamma, *beta;    /* [F] views into params, with bn */
  float        *dgamma, *dbeta;  /* [F] views into grads */
  float        *run_mean, *run_var;  /* [F] views into state */
  float        *bn_mean, *bn_invstd; /* [F] batch statistics of the last training forward */
  float        *z;          /* with bn: conv [F, B, OH, OW] or dense [B, O] before it */
  const float  *x;          /* input: [C, B, H, W], or [B, I] after a dense */
  float        *dx;         /* gradient of x, NULL for the first stage */
  float        *xflat;      /* [B, I] transposed input of a flattening dense */
  float        *dxflat;     /* [B, I] */
  float        *a, *da;     /* conv [F, B, OH, OW] or dense [B, O], post-ReLU */
  float        *y, *dy;     /* stage output: = a, or the pool output */
  gint32       *idx;        /* pool argmax, [F, B, POH, POW] */
  float        *mask;       /* dropout mask, like y */
} Stage;

struct _NasNet
{
  NasArch       arch;
  size_t        c, h, w;
  guint         n_classes;
  size_t        max_batch;
  size_t        batch;      /* of the loaded batch */
  guint         n_stages;
  Stage         stages[NAS_ARCH_MAX_LAYERS];
  size_t        n_params;
  size_t        n_state;    /* running means and variances, 2·F per bn stage */
  double        flops;
  float        *params;     /* [n_params] */
  float        *grads;      /* [n_params] */
  float        *state;      /* [n_state] */
  float        *input;      /* [C, B, H, W] */
  guint8       *labels;     /* [B] */
  float        *probs;      /* [B, K] */
  float        *ws;         /* convolution workspace */
  size_t        ws_size;    /* floats */
  gboolean      training;   /* the last forward was a training one: its dropout
                             * masks and batch statistics are the live ones */
  float        *block;      /* the one float allocation */
  gint32       *int_block;
  size_t        memory;
};

/* Hands out consecutive slices of @base; with base NULL it only counts. */
static float *
carve (float  *base,
       size_t *cursor,
       size_t  n)
{
  float *p = base != NULL ? base + *cursor : NULL;

  /* 16-float (64-byte) alignment keeps every tensor on its own cache lines. */
  *cursor += (n + 15) & ~(size_t) 15;
  return p;
}

static void
layout (NasNet *net,
        float  *base,
        size_t *total)
{
  size_t cur = 0, B = net->max_batch, ws = 0;
  size_t in_size = net->c * net->h * net->w;

  net->params = carve (base, &cur, net->n_params);
  net->grads = carve (base, &cur, net->n_params);
  net->input = carve (base, &cur, B * in_size);
  net->probs = carve (base, &cur, B * net->n_classes);
  net->state = carve (base, &cur, net->n_state);

  for (guint i = 0; i < net->n_stages; i++)
    {
      Stage *s = &net->stages[i];
      const NasStagePlan *p = &s->plan;

      s->a = carve (base, &cur, B * p->conv_size);
      s->da = carve (base, &cur, B * p->conv_size);
      if (s->bn)
        {
          s->z = carve (base, &cur, B * p->conv_size);
          s->bn_mean = carve (base, &cur, p->n_bn);
          s->bn_invstd = carve (base, &cur, p->n_bn);
        }
      if (p->has_pool)
        {
          s->y = carve (base, &cur, B * p->out_size);
          s->dy = carve (base, &cur, B * p->out_size);
        }
      else
        s->y = s->a, s->dy = s->da;
      s->mask = s->layer.dropout > 0 ? carve (base, &cur, B * p->out_size) : NULL;
      if (s->flatten)
        {
          s->xflat = carve (base, &cur, B * p->in_c * p->in_h * p->in_w);
          s->dxflat = carve (base, &cur, B * p->in_c * p->in_h * p->in_w);
        }
      s->x = i == 0 ? net->input : net->stages[i - 1].y;
      s->dx = i == 0 ? NULL : net->stages[i - 1].dy;
      if (s->layer.kind != NAS_LAYER_DENSE)
        ws = MAX (ws, nas_conv_workspace_size (&p->conv, B));
    }
  net->ws = carve (base, &cur, ws);
  net->ws_size = ws;
  *total = cur;
}

/* Wires the stages of @net from @arch and its @plans and counts what they
 * hold; returns the pool argmax indices to allocate. Allocates nothing. */
static size_t
setup (NasNet              *net,
       const NasArch       *arch,
       const NasStagePlan  *plans)
{
  size_t n_idx = 0;

  net->arch = *arch;
  net->n_stages = arch->n_layers;
  for (guint i = 0; i < net->n_stages; i++)
    {
      Stage *s = &net->stages[i];

      s->layer = arch->layers[i];
      s->plan = plans[i];
      s->relu = i + 1 < net->n_stages;
      /* A dense layer after a spatial one reads [C, B, H·W]; that is already
       * [B, C·H·W] when C = 1, otherwise it transposes (flattens) first. */
      s->flatten = s->layer.kind == NAS_LAYER_DENSE
                   && (i == 0 || net->stages[i - 1].layer.kind != NAS_LAYER_DENSE)
                   && s->plan.in_c > 1;
      s->bn = s->layer.batchnorm;
      if (s->bn && s->layer.kind == NAS_LAYER_DENSE)
        nas_batchnorm_shape_init_dense (&s->bns, s->layer.units);
      else if (s->bn)
        nas_batchnorm_shape_init (&s->bns, s->layer.units, s->plan.conv.oh, s->plan.conv.ow);
      net->n_params += s->plan.n_weights + s->plan.n_biases + 2 * s->plan.n_bn;
      net->n_state += 2 * s->plan.n_bn;
      net->flops += s->plan.flops;
      if (s->plan.has_pool)
        n_idx += net->max_batch * s->plan.out_size;
    }
  return n_idx;
}

/**
 * nas_net_memory_size:
 *
 * The bytes nas_net_new() would allocate for these arguments — exactly
 * nas_net_get_memory() of that network — computed from the plan alone,
 * without allocating: parameters, gradients, activations and their
 * gradients, pool indices, dropout masks and the convolution workspace for
 * the current thread count. The optimizer's state is not included. 0 with
 * @error if @arch does not fit the input.
 */
size_t
nas_net_memory_size (const NasArch  *arch,
                     size_t          c,
                     size_t          h,
                     size_t          w,
                     guint           n_classes,
                     size_t          max_batch,
                     GError        **error)
{
  g_autofree NasNet *net = NULL;
  NasStagePlan plans[NAS_ARCH_MAX_LAYERS];
  size_t total = 0, n_idx;

  g_return_val_if_fail (arch != NULL, 0);
  g_return_val_if_fail (max_batch > 0, 0);

  if (!nas_arch_plan (arch, c, h, w, n_classes, plans, error))
    return 0;

  net = g_new0 (NasNet, 1);
  net->c = c, net->h = h, net->w = w;
  net->n_classes = n_classes;
  net->max_batch = max_batch;
  n_idx = setup (net, arch, plans);
  layout (net, NULL, &total);
  return total * sizeof (float) + n_idx * sizeof (gint32);
}

NasNet *
nas_net_new (const NasArch  *arch,
             size_t          c,
             size_t          h,
             size_t          w,
             guint           n_classes,
             size_t          max_batch,
             guint64         seed,
             GError        **error)
{
  g_autoptr(NasNet) net = NULL;
  NasStagePlan plans[NAS_ARCH_MAX_LAYERS];
  size_t total = 0, n_idx = 0, offset = 0;

  g_return_val_if_fail (arch != NULL, NULL);
  g_return_val_if_fail (max_batch > 0, NULL);

  if (!nas_arch_plan (arch, c, h, w, n_classes, plans, error))
    return NULL;

  net = g_new0 (NasNet, 1);
  net->c = c, net->h = h, net->w = w;
  net->n_classes = n_classes;
  net->max_batch = max_batch;
  n_idx = setup (net, arch, plans);

  layout (net, NULL, &total);
  net->block = g_try_new0 (float, total);
  net->int_block = g_try_new0 (gint32, MAX (n_idx, 1));
  if (net->block == NULL || net->int_block == NULL)
    {
      g_set_error (error, NAS_NET_ERROR, NAS_NET_ERROR_NO_MEMORY,
                   "not enough memory for the network (%zu MB)",
                   (total * sizeof (float) + n_idx * sizeof (gint32)) >> 20);
      return NULL;
    }
  layout (net, net->block, &total);
  net->memory = total * sizeof (float) + n_idx * sizeof (gint32);

  for (guint i = 0; i < net->n_stages; i++)
    {
      Stage *s = &net->stages[i];

      if (s->plan.has_pool)
        {
          s->idx = net->int_block + offset;
          offset += max_batch * s->plan.out_size;
        }
    }
  net->labels = g_new0 (guint8, max_batch);

  {
    size_t off = 0, state_off = 0;

    /* Per stage: weights, then the biases or γ and β. */
    for (guint i = 0; i < net->n_stages; i++)
      {
        Stage *s = &net->stages[i];
        size_t f = s->plan.n_bn;

        s->w = net->params + off;
        s->dw = net->grads + off;
        off += s->plan.n_weights;
        if (!s->bn)
          {
            s->b = net->params + off;
            s->db = net->grads + off;
            off += s->plan.n_biases;
            continue;
          }
        s->gamma = net->params + off, s->dgamma = net->grads + off;
        s->beta = s->gamma + f, s->dbeta = s->dgamma + f;
        off += 2 * f;
        s->run_mean = net->state + state_off;
        s->run_var = s->run_mean + f;
        state_off += 2 * f;
      }
  }

  nas_net_init_weights (net, seed);
  return g_steal_pointer (&net);
}

void
nas_net_free (NasNet *net)
{
  if (net == NULL)
    return;
  g_free (net->block);
  g_free (net->int_block);
  g_free (net->labels);
  g_free (net);
}

void
nas_net_init_weights (NasNet  *net,
                      guint64  seed)
{
  NasRng rng;

  nas_rng_seed (&rng, seed);
  for (guint i = 0; i < net->n_stages; i++)
    {
      Stage *s = &net->stages[i];
      double fan_in, fan_out, limit;

      /* Glorot-uniform with Keras' fans: a conv counts its receptive field. */
      if (s->layer.kind == NAS_LAYER_DENSE)
        {
          fan_in = (double) s->plan.n_weights / s->layer.units;
          fan_out = s->layer.units;
        }
      else
        {
          fan_in = (double) s->plan.conv.c * s->layer.kh * s->layer.kw;
          fan_out = (double) s->layer.units * s->layer.kh * s->layer.kw;
        }
      limit = sqrt (6.0 / (fan_in + fan_out));
      for (size_t k = 0; k < s->plan.n_weights; k++)
        s->w[k] = nas_rng_uniform (&rng, (float) -limit, (float) limit);
      if (!s->bn)
        {
          memset (s->b, 0, s->plan.n_biases * sizeof (float));
          continue;
        }
      /* PyTorch's start: the identity map on normalised values. */
      for (size_t k = 0; k < s->plan.n_bn; k++)
        {
          s->gamma[k] = 1, s->beta[k] = 0;
          s->run_mean[k] = 0, s->run_var[k] = 1;
        }
    }
}

size_t
nas_net_get_max_batch (NasNet *net)
{
  return net->max_batch;
}

void
nas_net_get_input (NasNet *net,
                   size_t *c,
                   size_t *h,
                   size_t *w)
{
  *c = net->c, *h = net->h, *w = net->w;
}

guint
nas_net_get_n_classes (NasNet *net)
{
  return net->n_classes;
}

size_t
nas_net_get_n_params (NasNet *net)
{
  return net->n_params;
}

double
nas_net_get_flops (NasNet *net)
{
  return net->flops;
}

const float *
nas_net_get_logits (NasNet *net)
{
  return net->stages[net->n_stages - 1].a;
}

size_t
nas_net_get_memory (NasNet *net)
{
  return net->memory;
}

float *
nas_net_get_params (NasNet *net)
{
  return net->params;
}

float *
nas_net_get_grads (NasNet *net)
{
  return net->grads;
}

size_t
nas_net_get_n_state (NasNet *net)
{
  return net->n_state;
}

float *
nas_net_get_state (NasNet *net)
{
  return net->state;
}

void
nas_net_load_batch (NasNet        *net,
                    const float   *images,
                    const guint8  *labels,
                    const guint32 *indices,
                    size_t         batch)
{
  size_t hw = net->h * net->w, chw = net->c * hw;

  NAS_CHECK (batch >= 1 && batch <= net->max_batch);

  net->batch = batch;
  for (size_t b = 0; b < batch; b++)
    {
      size_t src = indices != NULL ? indices[b] : b;

      /* NCHW → CBHW, one H×W plane at a time. */
      for (size_t c = 0; c < net->c; c++)
        memcpy (net->input + (c * batch + b) * hw, images + src * chw + c * hw, hw * sizeof (float));
      net->labels[b] = labels[src];
    }
}

/* [C, B, S] → [B, C·S] and back. */
static void
to_rows (float       *rows,
         const float *x,
         size_t       c,
         size_t       batch,
         size_t       hw)
{
  for (size_t b = 0; b < batch; b++)
    for (size_t k = 0; k < c; k++)
      memcpy (rows + (b * c + k) * hw, x + (k * batch + b) * hw, hw * sizeof (float));
}

static void
from_rows (float       *x,
           const float *rows,
           size_t       c,
           size_t       batch,
           size_t       hw)
{
  for (size_t b = 0; b < batch; b++)
    for (size_t k = 0; k < c; k++)
      memcpy (x + (k * batch + b) * hw, rows + (b * c + k) * hw, hw * sizeof (float));
}

/* z → a, with the ReLU of every hidden stage (the output has no bn). */
static void
batchnorm_forward (Stage    *s,
                   gboolean  training,
                   size_t    batch)
{
  if (training)
    nas_batchnorm_forward (s->a, s->bn_mean, s->bn_invstd, s->run_mean, s->run_var, s->z,
                           s->gamma, s->beta, &s->bns, batch, s->relu);
  else
    nas_batchnorm_forward_eval (s->a, s->z, s->gamma, s->beta, s->run_mean, s->run_var,
                                &s->bns, batch, s->relu);
}

/* In place on da: through the fused ReLU (the sign of a) and the
 * normalisation, into the gradient of z. */
static void
batchnorm_backward (Stage  *s,
                    size_t  batch)
{
  nas_batchnorm_backward (s->da, s->dgamma, s->dbeta, s->da, s->z, s->relu ? s->a : NULL,
                          s->gamma, s->bn_mean, s->bn_invstd, &s->bns, batch);
}

double
nas_net_forward (NasNet  *net,
                 gboolean training,
                 NasRng  *rng,
                 size_t  *n_correct)
{
  size_t B = net->batch;
  Stage *last = &net->stages[net->n_stages - 1];

  NAS_CHECK (B >= 1);
  NAS_CHECK (!training || rng != NULL);
  net->training = training;

  for (guint i = 0; i < net->n_stages; i++)
    {
      Stage *s = &net->stages[i];
      const NasStagePlan *p = &s->plan;

      if (s->layer.kind == NAS_LAYER_DENSE)
        {
          const float *x = s->x;
          size_t in = p->in_c * p->in_h * p->in_w;

          if (s->flatten)
            {
              to_rows (s->xflat, s->x, p->in_c, B, p->in_h * p->in_w);
              x = s->xflat;
            }
          if (s->bn)
            {
              nas_dense_forward (s->z, x, s->w, NULL, B, in, s->layer.units);
              batchnorm_forward (s, training, B);
            }
          else
            {
              nas_dense_forward (s->a, x, s->w, s->b, B, in, s->layer.units);
              if (s->relu)
                nas_relu_forward (s->a, B * p->conv_size);
            }
        }
      else if (s->bn)
        {
          nas_conv_forward (s->z, s->x, s->w, NULL, &p->conv, B, FALSE, net->ws, net->ws_size);
          batchnorm_forward (s, training, B);
          if (p->has_pool)
            nas_maxpool_forward (s->y, s->idx, s->a, NULL, FALSE, &p->pool, B);
        }
      else
        {
          /* With a pool, bias and ReLU move after the max (they commute). */
          nas_conv_forward (s->a, s->x, s->w, p->has_pool ? NULL : s->b, &p->conv, B, TRUE,
                            net->ws, net->ws_size);
          if (p->has_pool)
            nas_maxpool_forward (s->y, s->idx, s->a, s->b, TRUE, &p->pool, B);
        }
      if (training && s->mask != NULL)
        nas_dropout_forward (s->y, s->mask, B * p->out_size, (float) s->layer.dropout, rng);
    }

  return nas_softmax_xent_forward (net->probs, last->a, net->labels, B, net->n_classes, n_correct);
}

void
nas_net_zero_grad (NasNet *net)
{
  memset (net->grads, 0, net->n_params * sizeof (float));
}

void
nas_net_backward (NasNet *net)
{
  size_t B = net->batch;
  Stage *last = &net->stages[net->n_stages - 1];

  NAS_CHECK (B >= 1);
  /* The normalisation's backward needs the batch statistics. */
  NAS_CHECK (net->n_state == 0 || net->training);

  nas_softmax_xent_backward (last->da, net->probs, net->labels, B, net->n_classes);

  for (guint i = net->n_stages; i-- > 0;)
    {
      Stage *s = &net->stages[i];
      const NasStagePlan *p = &s->plan;

      if (s->mask != NULL && net->training)
        nas_dropout_backward (s->dy, s->mask, B * p->out_size);

      if (s->layer.kind == NAS_LAYER_DENSE)
        {
          size_t in = p->in_c * p->in_h * p->in_w;

          if (s->bn)
            batchnorm_backward (s, B);
          else if (s->relu)
            nas_relu_backward (s->da, s->a, B * p->conv_size);
          if (s->flatten)
            {
              nas_dense_backward (s->dx != NULL ? s->dxflat : NULL, s->dw, s->db, s->da,
                                  s->xflat, s->w, B, in, s->layer.units);
              if (s->dx != NULL)
                from_rows (s->dx, s->dxflat, p->in_c, B, p->in_h * p->in_w);
            }
          else
            nas_dense_backward (s->dx, s->dw, s->db, s->da, s->x, s->w, B, in, s->layer.units);
        }
      else if (s->bn)
        {
          if (p->has_pool)
            nas_maxpool_backward (s->da, s->dy, s->idx, NULL, &p->pool, B);
          batchnorm_backward (s, B);
          nas_conv_backward (s->dx, s->dw, NULL, s->da, s->x, s->w, &p->conv, B, net->ws, net->ws_size);
        }
      else
        {
          if (p->has_pool)
            nas_maxpool_backward (s->da, s->dy, s->idx, s->y, &p->pool, B);
          else
            nas_relu_backward (s->da, s->a, B * p->conv_size);
          nas_conv_backward (s->dx, s->dw, s->db, s->da, s->x, s->w, &p->conv, B, net->ws, net->ws_size);
        }
    }
}

/* ---- Weights files ---- */

static char *
header_json (NasNet *net)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *arch = nas_arch_to_string (&net->arch);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "arch");
  json_builder_add_string_value (b, arch);
  json_builder_set_member_name (b, "input");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, (gint64) net->c);
  json_builder_add_int_value (b, (gint64) net->h);
  json_builder_add_int_value (b, (gint64) net->w);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "classes");
  json_builder_add_int_value (b, net->n_classes);
  json_builder_set_member_name (b, "params");
  json_builder_add_int_value (b, (gint64) net->n_params);
  /* Only when there is state, so that files without it read as before. */
  if (net->n_state > 0)
    {
      json_builder_set_member_name (b, "state");
      json_builder_add_int_value (b, (gint64) net->n_state);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return nas_json_to_string (root, FALSE);
}

/* The i-th float of a weights file's body: the parameters, then the state. */
static float *
stored_value (NasNet *net,
              size_t  i)
{
  return i < net->n_params ? &net->params[i] : &net->state[i - net->n_params];
}

gboolean
nas_net_save (NasNet      *net,
              const char  *path,
              GError     **error)
{
  g_autofree char *header = header_json (net);
  guint32 len = (guint32) strlen (header);
  size_t n_values = net->n_params + net->n_state;
  size_t total = 8 + 4 + len + 4 * n_values;
  g_autofree guint8 *buf = g_malloc (total);
  guint32 le = GUINT32_TO_LE (len);
  g_autoptr(GError) local = NULL;
  guint8 *p = buf;

  memcpy (p, WEIGHTS_MAGIC, 8), p += 8;
  memcpy (p, &le, 4), p += 4;
  memcpy (p, header, len), p += len;
  for (size_t i = 0; i < n_values; i++, p += 4)
    {
      guint32 bits;

      memcpy (&bits, stored_value (net, i), 4);
      bits = GUINT32_TO_LE (bits);
      memcpy (p, &bits, 4);
    }

  if (!g_file_set_contents (path, (const char *) buf, (gssize) total, &local))
    {
      g_set_error (error, NAS_NET_ERROR, NAS_NET_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
nas_net_load (NasNet      *net,
              const char  *path,
              GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *expected = header_json (net);
  g_autoptr(GError) local = NULL;
  g_autofree char *base = g_path_get_basename (path);
  size_t n_values = net->n_params + net->n_state;
  gsize size = 0;
  guint32 len;

  if (!g_file_get_contents (path, &data, &size, &local))
    {
      g_set_error (error, NAS_NET_ERROR, NAS_NET_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  if (size < 12 || memcmp (data, WEIGHTS_MAGIC, 8) != 0)
    {
      g_set_error (error, NAS_NET_ERROR, NAS_NET_ERROR_FORMAT, "%s is not a Nascent weights file", base);
      return FALSE;
    }
  memcpy (&len, data + 8, 4);
  len = GUINT32_FROM_LE (len);
  if (len > size - 12)
    {
      g_set_error (error, NAS_NET_ERROR, NAS_NET_ERROR_FORMAT, "%s: truncated header", base);
      return FALSE;
    }
  /* The header is compared as the canonical JSON we would write: arch,
   * input shape, classes, parameter and state counts must all match. */
  if (len != strlen (expected) || memcmp (data + 12, expected, len) != 0)
    {
      g_set_error (error, NAS_NET_ERROR, NAS_NET_ERROR_MISMATCH,
                   "%s holds weights for %.*s, not for %s", base, (int) MIN (len, 400), data + 12, expected);
      return FALSE;
    }
  if (size - 12 - len != 4 * n_values)
    {
      g_set_error (error, NAS_NET_ERROR, NAS_NET_ERROR_FORMAT,
                   "%s: %zu bytes of weights, expected %zu", base, size - 12 - len, 4 * n_values);
      return FALSE;
    }
  for (size_t i = 0; i < n_values; i++)
    {
      guint32 bits;

      memcpy (&bits, data + 12 + len + 4 * i, 4);
      bits = GUINT32_FROM_LE (bits);
      memcpy (stored_value (net, i), &bits, 4);
    }
  return TRUE;
}
