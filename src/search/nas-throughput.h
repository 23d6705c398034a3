/* nas-throughput.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How fast this computer trains a child: a second's worth of training
 * steps of two networks, fitted to the estimate's model (nas-estimate.h). */

#pragma once

#include <gio/gio.h>

#include "nas-estimate.h"

G_BEGIN_DECLS

/* The networks the probe times, at a mini-batch of 64 like the presets'
 * children: a one-convolution net, where the cost that does not scale with
 * FLOPs shows, and a typical child of the standard preset (26 MFLOPs and
 * 1.6 million parameters; its trained children averaged 20 MFLOPs and 1.2
 * million), dropout and a dense head on unpooled maps included, as Adam's
 * step over the parameters costs time the FLOPs do not count. */
#define NAS_THROUGHPUT_SMALL_NET "conv 3x3x8 pool2 | dense 10"
#define NAS_THROUGHPUT_LARGE_NET \
  "conv 5x5x32 bn | conv 3x3x32 bn pool2 drop0.25 | conv 3x3x64 bn | dense 128 bn drop0.5 | dense 10"

gboolean nas_throughput_fit     (double         small_flops,
                                 double         small_seconds,
                                 double         large_flops,
                                 double         large_seconds,
                                 NasThroughput *throughput);
gboolean nas_throughput_measure (double         seconds,
                                 GCancellable  *cancellable,
                                 NasThroughput *throughput,
                                 GError       **error);

G_END_DECLS
