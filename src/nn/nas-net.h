/* nas-net.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A child network built from a NasArch for one input shape and class count.
 * All memory — parameters, gradients, activations and their gradients for
 * max_batch images, argmax indices, dropout masks and the one convolution
 * workspace — is allocated in nas_net_new(); a training step allocates
 * nothing. Not thread-safe: one network per thread.
 *
 * A step, llm.c style:
 *   nas_net_load_batch (net, images, labels, indices, B);
 *   nas_net_forward (net, TRUE, rng, &n_correct);     (returns the mean loss)
 *   nas_net_zero_grad (net);
 *   nas_net_backward (net);
 *   nas_optim_step (opt, nas_net_get_params (net), nas_net_get_grads (net));
 *
 * Weights file (nas_net_save): the 8 bytes "NASNETW1", a little-endian
 * uint32 L, L bytes of JSON {"arch": canonical text, "input": [C, H, W],
 * "classes": K, "params": N, "state": M}, then N little-endian float32
 * parameters in the network's order (per stage: weights [F, C·KH·KW] or
 * [O, I], then the biases [F], or with batch normalisation γ [F] and β [F]),
 * then M float32 of state: per normalised stage, its running mean [F] and
 * variance [F]. "state" is written only when M > 0, so that the files of
 * networks without normalisation are as they always were. Loading checks
 * the magic, the header against the network and the size. */

#pragma once

#include <glib.h>

#include "nas-arch.h"
#include "nas-rng.h"

G_BEGIN_DECLS

#define NAS_NET_ERROR (nas_net_error_quark ())

typedef enum
{
  NAS_NET_ERROR_IO,        /* file could not be read or written */
  NAS_NET_ERROR_FORMAT,    /* not a weights file, or a damaged one */
  NAS_NET_ERROR_MISMATCH,  /* weights of another architecture or input */
  NAS_NET_ERROR_NO_MEMORY, /* the buffers for max_batch images do not fit */
} NasNetError;

typedef struct _NasNet NasNet;

GQuark         nas_net_error_quark   (void);

/* Fails (NAS_ARCH_ERROR) if @arch does not fit C×H×W or n_classes. Weights
 * are Glorot-uniform from @seed, biases zero; batch normalisation starts
 * with γ = 1, β = 0, running mean 0 and running variance 1. */
NasNet        *nas_net_new           (const NasArch *arch,
                                      size_t         c,
                                      size_t         h,
                                      size_t         w,
                                      guint          n_classes,
                                      size_t         max_batch,
                                      guint64        seed,
                                      GError       **error);
void           nas_net_free          (NasNet        *net);
/* What nas_net_new() would allocate, in bytes, without allocating it. */
size_t         nas_net_memory_size   (const NasArch *arch,
                                      size_t         c,
                                      size_t         h,
                                      size_t         w,
                                      guint          n_classes,
                                      size_t         max_batch,
                                      GError       **error);

void           nas_net_init_weights  (NasNet        *net,
                                      guint64        seed);

size_t         nas_net_get_max_batch (NasNet        *net);
void           nas_net_get_input     (NasNet        *net,
                                      size_t        *c,
                                      size_t        *h,
                                      size_t        *w);
guint          nas_net_get_n_classes (NasNet        *net);
size_t         nas_net_get_n_params  (NasNet        *net);
double         nas_net_get_flops     (NasNet        *net);   /* forward, per image */
size_t         nas_net_get_memory    (NasNet        *net);   /* bytes allocated */
float         *nas_net_get_params    (NasNet        *net);   /* [n_params] */
float         *nas_net_get_grads     (NasNet        *net);   /* [n_params] */
/* Running statistics of batch normalisation: not parameters (the optimizer
 * never sees them), updated by each training forward, used by evaluation. */
size_t         nas_net_get_n_state   (NasNet        *net);
float         *nas_net_get_state     (NasNet        *net);   /* [n_state] */

/* Copies images[indices[b]] (or images[b] if @indices is NULL) and their
 * labels into the network's input for a batch of B ≤ max_batch. */
void           nas_net_load_batch    (NasNet        *net,
                                      const float   *images,   /* [N, C, H, W] */
                                      const guint8  *labels,   /* [N] */
                                      const guint32 *indices,  /* [B] or NULL */
                                      size_t         batch);

/* Forward pass on the loaded batch. @training applies dropout (drawing from
 * @rng, which may be NULL otherwise) and normalises with the batch's
 * statistics, moving the running ones; otherwise the running statistics
 * normalise. Returns the mean loss. */
double         nas_net_forward       (NasNet        *net,
                                      gboolean       training,
                                      NasRng        *rng,
                                      size_t        *n_correct);
/* The logits of the last forward, [batch, n_classes]. */
const float   *nas_net_get_logits    (NasNet        *net);
void           nas_net_zero_grad     (NasNet        *net);
/* Accumulates ∂loss/∂params into the gradients, after a forward (a
 * training one if the network normalises). */
void           nas_net_backward      (NasNet        *net);

gboolean       nas_net_save          (NasNet        *net,
                                      const char    *path,
                                      GError       **error);
gboolean       nas_net_load          (NasNet        *net,
                                      const char    *path,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasNet, nas_net_free)

G_END_DECLS
