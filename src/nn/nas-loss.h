/* nas-loss.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Softmax cross-entropy over K classes, averaged over the mini-batch. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes the probabilities, returns the mean loss, and counts the images
 * whose largest logit is their label in *n_correct (may be NULL). */
double nas_softmax_xent_forward  (float        *probs,   /* [B, K] */
                                  const float  *logits,  /* [B, K] */
                                  const guint8 *labels,  /* [B] */
                                  size_t        batch,
                                  size_t        k,
                                  size_t       *n_correct);
/* dlogits = (probs − onehot(labels)) / B */
void   nas_softmax_xent_backward (float        *dlogits, /* [B, K] */
                                  const float  *probs,   /* [B, K] */
                                  const guint8 *labels,  /* [B] */
                                  size_t        batch,
                                  size_t        k);

G_END_DECLS
