/* nas-blas.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Debian's OpenBLAS (0.3.21) is built with DYNAMIC_ARCH: when it is loaded,
 * before main(), it picks its kernels from the CPU's vendor, family and
 * model. A CPU newer than its table (Intel's Emerald Rapids, family 6 model
 * 207, as on the development machine since December 2026) is not in it, and
 * OpenBLAS falls back to its Prescott kernels: SSE3, a quarter of the
 * vector width. Every product then runs 2.7 times slower (net A at batch
 * 128: 539 images/s against 1,445 with the SkylakeX kernels), and so does
 * every search.
 *
 * The one supported way to choose the kernels is OPENBLAS_CORETYPE, read
 * only when the library is loaded. So the programs call
 * nas_blas_reexec_if_needed() first thing in main(): when OpenBLAS fell
 * back to pre-AVX kernels on a CPU with AVX, it sets OPENBLAS_CORETYPE from
 * the CPU's features (which the kernels need, not its model number) and
 * execs itself again. It never overrides a choice of AVX kernels (OpenBLAS
 * may have had reasons, e.g. Haswell kernels on an early AVX-512 part) nor a
 * user's OPENBLAS_CORETYPE. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <cblas.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nas-blas.h"

/* Set for the re-executed process: what OpenBLAS had picked by itself. */
#define DETECTED_ENV "NASCENT_BLAS_DETECTED"

NasCpuFeatures
nas_cpu_features (void)
{
  NasCpuFeatures features = 0;

#if defined(__x86_64__) || defined(__i386__)
  /* libgcc's checks include the OS's: AVX counts only when XGETBV says the
   * kernel saves YMM registers, AVX-512 only when it saves ZMM too. */
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx"))
    features |= NAS_CPU_AVX;
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    features |= NAS_CPU_AVX2;
  if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512cd") &&
      __builtin_cpu_supports ("avx512bw") && __builtin_cpu_supports ("avx512dq") &&
      __builtin_cpu_supports ("avx512vl"))
    features |= NAS_CPU_AVX512;
#endif
  return features;
}

/* The cores of OpenBLAS 0.3.21's DYNAMIC_ARCH list that use AVX or wider;
 * every other name there (Prescott, Core2, Nehalem, Opteron, …) is SSE. */
static const char * const avx_cores[] = {
  "Sandybridge", "Bulldozer", "Piledriver", "Steamroller",
  "Haswell", "Excavator", "Zen",
  "SkylakeX", "Cooperlake", "SapphireRapids",
};

const char *
nas_blas_core_for (const char     *detected,
                   NasCpuFeatures  features)
{
  if (detected == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (avx_cores); i++)
    if (g_ascii_strcasecmp (detected, avx_cores[i]) == 0)
      return NULL;

  if (features & NAS_CPU_AVX512)
    return "SkylakeX";
  if (features & NAS_CPU_AVX2)
    return "Haswell";
  if (features & NAS_CPU_AVX)
    return "Sandybridge";
  return NULL;
}

void
nas_blas_reexec_if_needed (char **argv)
{
  const char *detected = openblas_get_corename ();
  const char *core;

  if (g_getenv ("OPENBLAS_CORETYPE") != NULL)
    return;
  /* Without DYNAMIC_ARCH the library holds one set of kernels and ignores
   * OPENBLAS_CORETYPE. */
  if (strstr (openblas_get_config (), "DYNAMIC_ARCH") == NULL)
    return;
  if ((core = nas_blas_core_for (detected, nas_cpu_features ())) == NULL)
    return;

  /* Set before the exec, so that a failed exec (or a second pass) cannot
   * loop; a program this one starts inherits the choice. */
  g_setenv ("OPENBLAS_CORETYPE", core, TRUE);
  g_setenv (DETECTED_ENV, detected, TRUE);
  execv ("/proc/self/exe", argv);
  g_printerr ("%s: OpenBLAS chose its %s kernels on a CPU with wider vectors, and re-running "
              "with OPENBLAS_CORETYPE=%s failed (%s); training will be slower\n",
              g_get_prgname () ? g_get_prgname () : "nascent", detected, core, g_strerror (errno));
}

char *
nas_blas_describe (void)
{
  const char *core = openblas_get_corename ();
  const char *detected = g_getenv (DETECTED_ENV);

  if (detected != NULL && g_ascii_strcasecmp (detected, core) != 0)
    return g_strdup_printf ("%s (OpenBLAS detected %s)", core, detected);
  return g_strdup (core);
}
