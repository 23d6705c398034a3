/* nas-arch.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A child-network architecture: a list of stages, each a
 * convolution or dense layer with its ReLU, optional max-pool and dropout;
 * the last stage is the dense output layer (no ReLU, softmax cross-entropy).
 * A hidden stage may normalise its output: conv or dense without bias, then
 * batch normalisation (learnt scale γ and shift β per channel, in place of
 * the bias), then the ReLU, the pool and the dropout.
 *
 * Canonical text form, one line, stages separated by " | ":
 *
 *   conv KHxKWxF [valid] [bn] [poolP] [dropD]   2-D conv, stride 1, "same"
 *                                                padding unless "valid"; P×P
 *                                                pool, stride P
 *   conv1d KxF [bn] [poolP] [dropD]             1-D conv over the flattened
 *                                                image (same padding), 1×P
 *                                                pool stride 1
 *   dense N [bn] [dropD]                        dense + ReLU (the last: N
 *                                                classes, no ReLU, no bn, no
 *                                                dropout)
 *
 * e.g. "conv 5x5x32 pool2 | conv 5x5x64 pool2 | dense 1024 drop0.5 | dense 10"
 * or "conv 3x3x32 bn pool2 | dense 256 bn drop0.5 | dense 10". "same" is
 * accepted and omitted from the canonical form, as are pool1 and drop0;
 * rates print with %g; modifiers may come in any order and print in the
 * order above. Convolutions precede dense layers; 1-D and 2-D convolutions
 * do not mix. The canonical text is also the key that detects duplicate
 * architectures.
 *
 * JSON form: {"layers": [{"type": "conv2d", "kernel": [5, 5], "filters": 32,
 * "padding": "same", "batchnorm": true, "pool": 2, "dropout": 0.25},
 * {"type": "conv1d", "kernel": 5, "filters": 32, "pool": 2},
 * {"type": "dense", "units": 10}]}; padding, batchnorm (printed only when
 * true), pool and dropout are optional, unknown members are errors. */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "nas-conv.h"
#include "nas-pool.h"

G_BEGIN_DECLS

#define NAS_ARCH_ERROR (nas_arch_error_quark ())

typedef enum
{
  NAS_ARCH_ERROR_PARSE,     /* text or JSON that does not follow the syntax */
  NAS_ARCH_ERROR_INVALID,   /* well-formed, but not a network (order, ranges) */
  NAS_ARCH_ERROR_SHAPE,     /* does not fit the input: a map shrinks below 1×1 */
  NAS_ARCH_ERROR_UNKNOWN,   /* no built-in architecture of that name */
} NasArchError;

#define NAS_ARCH_MAX_LAYERS 32
#define NAS_ARCH_MAX_SIZE   65536   /* bound on kernels, filters, units, pools */

typedef enum
{
  NAS_LAYER_CONV2D,
  NAS_LAYER_CONV1D,
  NAS_LAYER_DENSE,
} NasLayerKind;

typedef struct
{
  NasLayerKind kind;
  guint        kh, kw;     /* conv kernel (conv1d: kh = 1) */
  guint        units;      /* conv filters or dense units */
  gboolean     valid;      /* conv2d: valid padding instead of same */
  guint        pool;       /* 1 = none */
  double       dropout;    /* rate in [0, 1) */
  gboolean     batchnorm;  /* batch normalisation instead of the bias */
} NasLayer;

typedef struct
{
  guint    n_layers;
  NasLayer layers[NAS_ARCH_MAX_LAYERS];
} NasArch;

/* What one stage does to one image of a given input shape. */
typedef struct
{
  NasConvShape conv;       /* conv stages */
  NasPoolShape pool;       /* if has_pool */
  gboolean     has_pool;
  size_t       in_c, in_h, in_w;     /* stage input (dense: flattened size in in_c) */
  size_t       out_c, out_h, out_w;  /* stage output */
  size_t       conv_size;            /* floats per image after conv/dense */
  size_t       out_size;             /* floats per image after pool */
  size_t       n_weights, n_biases;  /* n_biases = 0 with batchnorm */
  size_t       n_bn;                 /* channels normalised: γ and β each */
  double       flops;                /* 2 × multiply-adds, forward; BN ≈ 4
                                      * per value (normalise, scale, shift,
                                      * statistics) */
} NasStagePlan;

GQuark      nas_arch_error_quark (void);

NasArch    *nas_arch_new         (void);
NasArch    *nas_arch_copy        (const NasArch *arch);
void        nas_arch_free        (NasArch       *arch);
gboolean    nas_arch_equal       (const NasArch *a,
                                  const NasArch *b);

/* Constructors for the search engine, one call per stage; they return FALSE
 * with an error for out-of-range values or a full architecture. */
gboolean    nas_arch_add_conv2d  (NasArch       *arch,
                                  guint          kh,
                                  guint          kw,
                                  guint          filters,
                                  gboolean       valid,
                                  guint          pool,
                                  double         dropout,
                                  GError       **error);
gboolean    nas_arch_add_conv1d  (NasArch       *arch,
                                  guint          k,
                                  guint          filters,
                                  guint          pool,
                                  double         dropout,
                                  GError       **error);
gboolean    nas_arch_add_dense   (NasArch       *arch,
                                  guint          units,
                                  double         dropout,
                                  GError       **error);

/* Turns batch normalisation on or off for layer @index (< n_layers). */
void        nas_arch_set_batchnorm (NasArch     *arch,
                                    guint        index,
                                    gboolean     batchnorm);

/* Structural rules (non-empty, dense output last without dropout or
 * batchnorm, convs before denses, no 1-D/2-D mix). */
gboolean    nas_arch_validate    (const NasArch *arch,
                                  GError       **error);

/* Structural rules plus the input: fills @plans[n_layers] (may be NULL).
 * Fails with NAS_ARCH_ERROR_SHAPE if a kernel or pool does not fit the map,
 * or if the output layer does not have @n_classes units. */
gboolean    nas_arch_plan        (const NasArch *arch,
                                  size_t         c,
                                  size_t         h,
                                  size_t         w,
                                  guint          n_classes,
                                  NasStagePlan  *plans,
                                  GError       **error);

/* Parameter count and forward FLOPs per image; 0 if the plan fails. */
size_t      nas_arch_params      (const NasArch *arch,
                                  size_t         c,
                                  size_t         h,
                                  size_t         w);
double      nas_arch_flops       (const NasArch *arch,
                                  size_t         c,
                                  size_t         h,
                                  size_t         w);

char       *nas_arch_to_string   (const NasArch *arch);
NasArch    *nas_arch_parse       (const char    *text,
                                  GError       **error);
JsonNode   *nas_arch_to_json     (const NasArch *arch);
char       *nas_arch_to_json_string (const NasArch *arch);
NasArch    *nas_arch_from_json   (JsonNode      *node,
                                  GError       **error);
NasArch    *nas_arch_from_json_string (const char *json,
                                       GError    **error);

/* Built-ins: tf-tutorial, keras-mnist, keras-mnist-bn, kaggle-mnist-bn,
 * bench-a, bench-b, bench-c, bench-d, tutorial-2017. NULL-terminated list
 * of names. */
const char * const *nas_arch_builtin_names (void);
NasArch    *nas_arch_builtin     (const char    *name,
                                  GError       **error);
/* A built-in name, a JSON object (starts with '{') or the text form. */
NasArch    *nas_arch_from_any    (const char    *name_or_text,
                                  GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasArch, nas_arch_free)

G_END_DECLS
