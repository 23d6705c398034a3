/* nas-blas.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Which OpenBLAS kernels the process runs on, and a way out of the wrong
 * ones. See nas-blas.c. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a CPU can run, as far as the choice of kernels goes. */
typedef enum
{
  NAS_CPU_AVX     = 1 << 0,
  NAS_CPU_AVX2    = 1 << 1,     /* with FMA3 */
  NAS_CPU_AVX512  = 1 << 2,     /* F, CD, BW, DQ and VL, and the OS saves ZMM */
} NasCpuFeatures;

NasCpuFeatures nas_cpu_features         (void);

/* The OPENBLAS_CORETYPE to force on a CPU with @features when a
 * DYNAMIC_ARCH OpenBLAS picked @detected, or NULL when @detected already
 * uses the widest vectors the CPU has. */
const char    *nas_blas_core_for        (const char     *detected,
                                         NasCpuFeatures  features);

/* To be called first thing in main(), before any thread exists: when the
 * loaded OpenBLAS fell back to kernels narrower than the CPU's vectors and
 * the user did not set OPENBLAS_CORETYPE, sets it and execs the program
 * again (OpenBLAS reads it only when it is loaded). Returns when there is
 * nothing to do or the exec failed. */
void           nas_blas_reexec_if_needed (char **argv);

/* "SkylakeX", or "SkylakeX (OpenBLAS detected Prescott)" after
 * nas_blas_reexec_if_needed() changed it. */
char          *nas_blas_describe         (void);

G_END_DECLS
