/* nas-split.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The data the numeric core trains and evaluates on: N labelled images as
 * one borrowed [N, C, H, W] buffer. Whoever loads a dataset (src/search)
 * fills it; the trainer only reads it, so the core never depends on the
 * loader. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One split: N images of shape C×H×W (C = 1 for MNIST). Borrowed memory. */
typedef struct
{
  const char   *name;     /* "train-file", "train", "validation" or "test" */
  gsize         n;        /* N */
  gsize         c, h, w;  /* image shape */
  const float  *images;   /* [N, C, H, W], pixels in [0, 1] */
  const guint8 *labels;   /* [N], each < n_classes */
} NasSplit;

G_END_DECLS
