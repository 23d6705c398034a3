/* nas-nn.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The process-wide settings of the numeric core (see nas-nn.h). */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include "nas-gemm.h"
#include "nas-nn.h"
#include "nas-parallel.h"

void
nas_nn_set_threads (int n)
{
  nas_gemm_init ();
  nas_parallel_set_threads ((guint) MAX (n, 1));
}
