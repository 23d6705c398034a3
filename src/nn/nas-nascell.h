/* nas-nascell.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NASCell, exactly as TensorFlow's tf.contrib.rnn.NASCell,
 * with hand-written backpropagation through time.
 *
 * Dimension legend:
 *   T  time steps          d  input width          N  units
 *   P  output width (the projection size, or N without projection)
 *   S  cache floats per step (nas_nascell_cache_size ())
 *
 * Weights use TensorFlow's layout, so a case can be compared with TensorFlow
 * directly: kernel [d, 8N], recurrent_kernel [P, 8N], bias [8N] (added to the
 * recurrent product only), projection [N, P]. The 8N columns are 8
 * consecutive blocks of N, gates 0..7 in DESIGN order.
 *
 * A NasNascell is a view: its tensors point into one flat float array
 * (kernel | recurrent_kernel | bias | projection) that it may or may not own.
 * Binding a second view of the same shape to a gradient array gives the
 * gradient tensors the same names, which is how backward receives them. */

#pragma once

#include <glib.h>

#include "nas-rng.h"

G_BEGIN_DECLS

#define NAS_NASCELL_ERROR (nas_nascell_error_quark ())

typedef enum
{
  NAS_NASCELL_ERROR_INVALID,   /* a case file is malformed or inconsistent */
} NasNascellError;

typedef struct
{
  size_t   d;                 /* input width */
  size_t   n;                 /* units N */
  size_t   p;                 /* output width P: num_proj, or N */
  gboolean use_bias;
  gboolean use_projection;

  size_t   n_params;          /* floats in @params */
  float   *params;            /* [n_params] flat */
  float   *kernel;            /* [d, 8N] */
  float   *recurrent_kernel;  /* [P, 8N] */
  float   *bias;              /* [8N], NULL without bias */
  float   *projection;        /* [N, P], NULL without projection */

  gboolean owns_params;
} NasNascell;

GQuark      nas_nascell_error_quark   (void);

size_t      nas_nascell_count_params  (size_t            d,
                                       size_t            n,
                                       size_t            num_proj,
                                       gboolean          use_bias);
void        nas_nascell_bind          (NasNascell       *cell,
                                       size_t            d,
                                       size_t            n,
                                       size_t            num_proj,
                                       gboolean          use_bias,
                                       float            *params);
NasNascell *nas_nascell_new           (size_t            d,
                                       size_t            n,
                                       size_t            num_proj,
                                       gboolean          use_bias);
void        nas_nascell_free          (NasNascell       *cell);
void        nas_nascell_init_glorot   (NasNascell       *cell,
                                       NasRng           *rng);
size_t      nas_nascell_cache_size    (const NasNascell *cell);

void        nas_nascell_forward_step  (float            *c,
                                       float            *m,
                                       float            *cache,
                                       const float      *x,
                                       const float      *c_prev,
                                       const float      *m_prev,
                                       const NasNascell *cell);
void        nas_nascell_forward       (float            *c,
                                       float            *m,
                                       float            *cache,
                                       const float      *x,
                                       const float      *c0,
                                       const float      *m0,
                                       const NasNascell *cell,
                                       size_t            T);
void        nas_nascell_backward      (NasNascell       *grad,
                                       float            *dx,
                                       float            *dc0,
                                       float            *dm0,
                                       float            *work,
                                       const float      *dc,
                                       const float      *dm,
                                       const float      *c,
                                       const float      *m,
                                       const float      *cache,
                                       const float      *x,
                                       const float      *c0,
                                       const float      *m0,
                                       const NasNascell *cell,
                                       size_t            T);
size_t      nas_nascell_work_size     (const NasNascell *cell);

/* A test or CLI case in the JSON format of `nascent-cli nascell`. */
typedef struct
{
  NasNascell *cell;
  size_t      T;
  float      *inputs;   /* [T, d] */
  float      *c0;       /* [N] */
  float      *m0;       /* [P] */
} NasNascellCase;

NasNascellCase *nas_nascell_case_new_from_file (const char      *path,
                                                GError         **error);
NasNascellCase *nas_nascell_case_new_from_data (const char      *data,
                                                gssize           length,
                                                GError         **error);
void            nas_nascell_case_free          (NasNascellCase  *kase);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasNascell, nas_nascell_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasNascellCase, nas_nascell_case_free)

G_END_DECLS
