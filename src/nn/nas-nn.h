/* nas-nn.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the whole numeric core shares: the dimension legend of its shape
 * comments and the one process-wide setting, the thread count.
 *
 * Dimension legend of src/nn (llm.c style), used in every shape comment:
 *   B  images in the mini-batch      C  input channels    H, W  input map
 *   F  filters (output channels)     KH, KW  kernel       OH, OW  output map
 *   I  dense inputs                  O  dense outputs     K  classes
 *   N  images of a split (nas-split.h)
 * Spatial activations inside a NasNet are stored channel-major, [C, B, H, W]
 * ("CBHW"), so that one convolution over the whole mini-batch is one sgemm
 * whose output is already in the layout the next layer reads. Images of a
 * split are stored image-major, [N, C, H, W]. The controller has its own
 * legend (T decisions, d embedding width, N NASCell units) in
 * nas-controller.c. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the number of threads the numeric core computes on, once,
 * deliberately: the caller (CLI, application) decides, never a kernel.
 * n < 1 means 1. OpenBLAS itself is kept on one thread: products are split
 * over the pool of nas-parallel.c instead. */
void nas_nn_set_threads (int n);

G_END_DECLS
