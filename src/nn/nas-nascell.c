/* nas-nascell.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The NASCell (TensorFlow's NASCell, equations in DESIGN.md) for batch size 1:
 * the controller runs one episode at a time, so every product is a matrix
 * times a vector (cblas_sgemv) and every weight gradient an outer product
 * (cblas_sger). Sizes are tiny (N ≈ 32), so the gate arithmetic is plain
 * loops. The test suite checks backward against finite differences of an
 * independent double-precision forward, and forward against numpy. */

#define G_LOG_DOMAIN "nascent-nn"

#include "config.h"

#include <cblas.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "nas-check.h"
#include "nas-json.h"
#include "nas-nascell.h"

G_DEFINE_QUARK (nas-nascell-error-quark, nas_nascell_error)

/* Offsets of the named blocks inside one step's cache [S]: the gate
 * pre-activations of both products are kept apart because gate 3 multiplies
 * them instead of adding. */
#define CACHE_A(n)    (0)          /* x W          [8N] */
#define CACHE_H(n)    (8 * (n))    /* m_prev U + b [8N] */
#define CACHE_L(n)    (16 * (n))   /* l0..l7       [8N] */
#define CACHE_P(n)    (24 * (n))   /* p0..p3       [4N] */
#define CACHE_P0I(n)  (28 * (n))   /* tanh(p0 + c_prev)  [N] */
#define CACHE_Q1(n)   (29 * (n))   /* tanh(p2 + p3)      [N] */
#define CACHE_MM(n)   (30 * (n))   /* output before projection [N] */
#define CACHE_SIZE(n) (31 * (n))

static inline float
sigmoidf (float x)
{
  return 1.0f / (1.0f + expf (-x));
}

/**
 * nas_nascell_count_params:
 * @num_proj: the projection width P, or 0 for no projection
 *
 * Returns the number of floats of the flat parameter array.
 */
size_t
nas_nascell_count_params (size_t   d,
                          size_t   n,
                          size_t   num_proj,
                          gboolean use_bias)
{
  size_t p = num_proj > 0 ? num_proj : n;

  return d * 8 * n + p * 8 * n + (use_bias ? 8 * n : 0) + (num_proj > 0 ? n * p : 0);
}

/**
 * nas_nascell_bind:
 * @params: (not owned): nas_nascell_count_params () floats
 *
 * Makes @cell a view of @params in the order kernel, recurrent_kernel, bias,
 * projection. The caller keeps @params alive as long as @cell.
 */
void
nas_nascell_bind (NasNascell *cell,
                  size_t      d,
                  size_t      n,
                  size_t      num_proj,
                  gboolean    use_bias,
                  float      *params)
{
  float *at = params;

  g_return_if_fail (cell != NULL);
  g_return_if_fail (d > 0 && n > 0);
  g_return_if_fail (params != NULL);

  memset (cell, 0, sizeof *cell);
  cell->d = d;
  cell->n = n;
  cell->p = num_proj > 0 ? num_proj : n;
  cell->use_bias = use_bias;
  cell->use_projection = num_proj > 0;
  cell->n_params = nas_nascell_count_params (d, n, num_proj, use_bias);
  cell->params = params;

  cell->kernel = at;
  at += d * 8 * n;
  cell->recurrent_kernel = at;
  at += cell->p * 8 * n;
  if (use_bias)
    {
      cell->bias = at;
      at += 8 * n;
    }
  if (cell->use_projection)
    {
      cell->projection = at;
      at += n * cell->p;
    }
  g_assert ((size_t) (at - params) == cell->n_params);
}

/**
 * nas_nascell_new:
 *
 * Returns a cell that owns its parameters, all zero.
 */
NasNascell *
nas_nascell_new (size_t   d,
                 size_t   n,
                 size_t   num_proj,
                 gboolean use_bias)
{
  NasNascell *cell = g_new0 (NasNascell, 1);
  float *params = g_new0 (float, nas_nascell_count_params (d, n, num_proj, use_bias));

  nas_nascell_bind (cell, d, n, num_proj, use_bias, params);
  cell->owns_params = TRUE;
  return cell;
}

void
nas_nascell_free (NasNascell *cell)
{
  if (cell == NULL)
    return;
  if (cell->owns_params)
    g_free (cell->params);
  g_free (cell);
}

static void
glorot_fill (float  *w,
             size_t  fan_in,
             size_t  fan_out,
             NasRng *rng)
{
  float limit = sqrtf (6.0f / (float) (fan_in + fan_out));

  for (size_t i = 0; i < fan_in * fan_out; i++)
    w[i] = nas_rng_uniform (rng, -limit, limit);
}

/**
 * nas_nascell_init_glorot:
 *
 * Glorot-uniform kernel, recurrent kernel and projection (TensorFlow's
 * default for these variables), zero bias.
 */
void
nas_nascell_init_glorot (NasNascell *cell,
                         NasRng     *rng)
{
  g_return_if_fail (cell != NULL && rng != NULL);

  glorot_fill (cell->kernel, cell->d, 8 * cell->n, rng);
  glorot_fill (cell->recurrent_kernel, cell->p, 8 * cell->n, rng);
  if (cell->bias != NULL)
    memset (cell->bias, 0, 8 * cell->n * sizeof (float));
  if (cell->projection != NULL)
    glorot_fill (cell->projection, cell->n, cell->p, rng);
}

size_t
nas_nascell_cache_size (const NasNascell *cell)
{
  return CACHE_SIZE (cell->n);
}

size_t
nas_nascell_work_size (const NasNascell *cell)
{
  return 19 * cell->n + 2 * cell->p;
}

/**
 * nas_nascell_forward_step:
 * @c: (out): new cell state [N]
 * @m: (out): new output [P]
 * @cache: (out): what backward needs of this step [S]
 * @x: input [d]
 * @c_prev: previous cell state [N]
 * @m_prev: previous output [P]
 *
 * One step of the cell. The outputs must not alias the inputs.
 */
void
nas_nascell_forward_step (float            *c,
                          float            *m,
                          float            *cache,
                          const float      *x,
                          const float      *c_prev,
                          const float      *m_prev,
                          const NasNascell *cell)
{
  size_t n = cell->n;
  float *A = cache + CACHE_A (n);       /* [8N] */
  float *H = cache + CACHE_H (n);       /* [8N] */
  float *l = cache + CACHE_L (n);       /* [8N] */
  float *p = cache + CACHE_P (n);       /* [4N] */
  float *p0i = cache + CACHE_P0I (n);   /* [N] */
  float *q1 = cache + CACHE_Q1 (n);     /* [N] */
  float *mm = cache + CACHE_MM (n);     /* [N] */

  NAS_CHECK (c != NULL && m != NULL && cache != NULL);
  NAS_CHECK (x != NULL && c_prev != NULL && m_prev != NULL);

  /* A[8N] = x[d] W[d,8N];  H[8N] = m_prev[P] U[P,8N] (+ b) */
  cblas_sgemv (CblasRowMajor, CblasTrans, (int) cell->d, (int) (8 * n),
               1.0f, cell->kernel, (int) (8 * n), x, 1, 0.0f, A, 1);
  if (cell->bias != NULL)
    memcpy (H, cell->bias, 8 * n * sizeof (float));
  cblas_sgemv (CblasRowMajor, CblasTrans, (int) cell->p, (int) (8 * n),
               1.0f, cell->recurrent_kernel, (int) (8 * n), m_prev, 1,
               cell->bias != NULL ? 1.0f : 0.0f, H, 1);

  for (size_t j = 0; j < n; j++)
    {
      float l0 = sigmoidf (A[0 * n + j] + H[0 * n + j]);
      float l1 = fmaxf (A[1 * n + j] + H[1 * n + j], 0.0f);
      float l2 = sigmoidf (A[2 * n + j] + H[2 * n + j]);
      float l3 = fmaxf (A[3 * n + j] * H[3 * n + j], 0.0f);
      float l4 = tanhf (A[4 * n + j] + H[4 * n + j]);
      float l5 = sigmoidf (A[5 * n + j] + H[5 * n + j]);
      float l6 = tanhf (A[6 * n + j] + H[6 * n + j]);
      float l7 = sigmoidf (A[7 * n + j] + H[7 * n + j]);
      float p0 = tanhf (l0 * l1);
      float p1 = tanhf (l2 + l3);
      float p2 = tanhf (l4 * l5);
      float p3 = sigmoidf (l6 + l7);
      float inj = tanhf (p0 + c_prev[j]);
      float cj = inj * p1;
      float q = tanhf (p2 + p3);

      l[0 * n + j] = l0; l[1 * n + j] = l1; l[2 * n + j] = l2; l[3 * n + j] = l3;
      l[4 * n + j] = l4; l[5 * n + j] = l5; l[6 * n + j] = l6; l[7 * n + j] = l7;
      p[0 * n + j] = p0; p[1 * n + j] = p1; p[2 * n + j] = p2; p[3 * n + j] = p3;
      p0i[j] = inj;
      q1[j] = q;
      c[j] = cj;
      mm[j] = tanhf (cj * q);
    }

  /* m[P] = mm[N] Wp[N,P] */
  if (cell->projection != NULL)
    cblas_sgemv (CblasRowMajor, CblasTrans, (int) n, (int) cell->p,
                 1.0f, cell->projection, (int) cell->p, mm, 1, 0.0f, m, 1);
  else
    memcpy (m, mm, n * sizeof (float));
}

/**
 * nas_nascell_forward:
 * @c: (out): cell states [T, N]
 * @m: (out): outputs [T, P]
 * @cache: (out): [T, S]
 * @x: inputs [T, d]
 * @c0: initial cell state [N]
 * @m0: initial output [P]
 *
 * Runs @T steps from (c0, m0).
 */
void
nas_nascell_forward (float            *c,
                     float            *m,
                     float            *cache,
                     const float      *x,
                     const float      *c0,
                     const float      *m0,
                     const NasNascell *cell,
                     size_t            T)
{
  size_t n = cell->n, p = cell->p, S = CACHE_SIZE (cell->n);

  for (size_t t = 0; t < T; t++)
    nas_nascell_forward_step (c + t * n, m + t * p, cache + t * S, x + t * cell->d,
                              t == 0 ? c0 : c + (t - 1) * n,
                              t == 0 ? m0 : m + (t - 1) * p,
                              cell);
}

/* Backward of one step. Accumulates into @grad, @dx [d]; overwrites
 * @dc_prev [N] and @dm_prev [P]. @dc_t [N] and @dm_t [P] are the total
 * gradients reaching this step's c and m. @dA, @dH [8N] and @dmm [N] are
 * scratch. */
static void
backward_step (NasNascell       *grad,
               float            *dx,
               float            *dc_prev,
               float            *dm_prev,
               float            *dA,
               float            *dH,
               float            *dmm,
               const float      *dc_t,
               const float      *dm_t,
               const float      *c_t,
               const float      *cache,
               const float      *x,
               const float      *m_prev,
               const NasNascell *cell)
{
  size_t n = cell->n;
  const float *A = cache + CACHE_A (n);
  const float *H = cache + CACHE_H (n);
  const float *l = cache + CACHE_L (n);
  const float *p = cache + CACHE_P (n);
  const float *p0i = cache + CACHE_P0I (n);
  const float *q1 = cache + CACHE_Q1 (n);
  const float *mm = cache + CACHE_MM (n);

  if (cell->projection != NULL)
    {
      /* dWp[N,P] += mm ⊗ dm;  dmm[N] = Wp[N,P] dm[P] */
      cblas_sger (CblasRowMajor, (int) n, (int) cell->p, 1.0f, mm, 1, dm_t, 1,
                  grad->projection, (int) cell->p);
      cblas_sgemv (CblasRowMajor, CblasNoTrans, (int) n, (int) cell->p,
                   1.0f, cell->projection, (int) cell->p, dm_t, 1, 0.0f, dmm, 1);
    }
  else
    memcpy (dmm, dm_t, n * sizeof (float));

  for (size_t j = 0; j < n; j++)
    {
      float l0 = l[0 * n + j], l1 = l[1 * n + j], l2 = l[2 * n + j], l3 = l[3 * n + j];
      float l4 = l[4 * n + j], l5 = l[5 * n + j], l6 = l[6 * n + j], l7 = l[7 * n + j];
      float p0 = p[0 * n + j], p1 = p[1 * n + j], p2 = p[2 * n + j], p3 = p[3 * n + j];
      float g_out = dmm[j] * (1.0f - mm[j] * mm[j]);       /* through m = tanh(c q1) */
      float dc = dc_t[j] + g_out * q1[j];
      float dq1 = g_out * c_t[j];
      float g_inj = dc * p1 * (1.0f - p0i[j] * p0i[j]);    /* through tanh(p0 + c_prev) */
      float dp1 = dc * p0i[j];
      float g_q1 = dq1 * (1.0f - q1[j] * q1[j]);           /* d(p2 + p3) */
      float g0 = g_inj * (1.0f - p0 * p0);
      float g1 = dp1 * (1.0f - p1 * p1);
      float g2 = g_q1 * (1.0f - p2 * p2);
      float g3 = g_q1 * p3 * (1.0f - p3);
      float dz[8];

      dc_prev[j] = g_inj;

      dz[0] = g0 * l1 * l0 * (1.0f - l0);
      dz[1] = l1 > 0.0f ? g0 * l0 : 0.0f;
      dz[2] = g1 * l2 * (1.0f - l2);
      dz[3] = l3 > 0.0f ? g1 : 0.0f;
      dz[4] = g2 * l5 * (1.0f - l4 * l4);
      dz[5] = g2 * l4 * l5 * (1.0f - l5);
      dz[6] = g3 * (1.0f - l6 * l6);
      dz[7] = g3 * l7 * (1.0f - l7);

      for (size_t k = 0; k < 8; k++)
        {
          dA[k * n + j] = dz[k];
          dH[k * n + j] = dz[k];
        }
      /* gate 3 is relu(A3 ⊙ H3): each factor's gradient is the other */
      dA[3 * n + j] = dz[3] * H[3 * n + j];
      dH[3 * n + j] = dz[3] * A[3 * n + j];
    }

  /* dW[d,8N] += x ⊗ dA;  dx[d] += W dA */
  cblas_sger (CblasRowMajor, (int) cell->d, (int) (8 * n), 1.0f, x, 1, dA, 1,
              grad->kernel, (int) (8 * n));
  if (dx != NULL)
    cblas_sgemv (CblasRowMajor, CblasNoTrans, (int) cell->d, (int) (8 * n),
                 1.0f, cell->kernel, (int) (8 * n), dA, 1, 1.0f, dx, 1);

  /* dU[P,8N] += m_prev ⊗ dH;  dm_prev[P] = U dH;  db += dH */
  cblas_sger (CblasRowMajor, (int) cell->p, (int) (8 * n), 1.0f, m_prev, 1, dH, 1,
              grad->recurrent_kernel, (int) (8 * n));
  cblas_sgemv (CblasRowMajor, CblasNoTrans, (int) cell->p, (int) (8 * n),
               1.0f, cell->recurrent_kernel, (int) (8 * n), dH, 1, 0.0f, dm_prev, 1);
  if (cell->bias != NULL)
    for (size_t k = 0; k < 8 * n; k++)
      grad->bias[k] += dH[k];
}

/**
 * nas_nascell_backward:
 * @grad: a view of the same shape as @cell over the gradient array;
 *   accumulated into
 * @dx: (nullable): gradient of the inputs [T, d], accumulated into
 * @dc0: (nullable): gradient of the initial cell state [N], accumulated into
 * @dm0: (nullable): gradient of the initial output [P], accumulated into
 * @work: scratch of nas_nascell_work_size () floats
 * @dc: (nullable): loss gradient of each cell state [T, N]
 * @dm: loss gradient of each output [T, P]
 * @c, @m, @cache: what nas_nascell_forward () produced
 * @x, @c0, @m0: what nas_nascell_forward () consumed
 *
 * Backpropagation through time over the @T steps.
 */
void
nas_nascell_backward (NasNascell       *grad,
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
                      size_t            T)
{
  size_t n = cell->n, p = cell->p, S = CACHE_SIZE (n);
  float *dA = work;                 /* [8N] */
  float *dH = dA + 8 * n;           /* [8N] */
  float *dmm = dH + 8 * n;          /* [N] */
  float *dc_tot = dmm + n;          /* [N] gradient reaching c_t */
  float *dm_tot = dc_tot + n;       /* [P] gradient reaching m_t */
  float *dc_carry = dm_tot + p;     /* [N] from step t+1 into c_t */
  float *dm_carry = dc_carry + n;   /* [P] from step t+1 into m_t */

  g_return_if_fail (grad != NULL && work != NULL && dm != NULL);
  NAS_CHECK (grad->d == cell->d && grad->n == cell->n && grad->p == cell->p);
  NAS_CHECK (grad->use_bias == cell->use_bias && grad->use_projection == cell->use_projection);
  g_assert ((size_t) (dm_carry + p - work) == nas_nascell_work_size (cell));

  memset (dc_carry, 0, n * sizeof (float));
  memset (dm_carry, 0, p * sizeof (float));

  for (size_t t = T; t-- > 0;)
    {
      for (size_t j = 0; j < n; j++)
        dc_tot[j] = dc_carry[j] + (dc != NULL ? dc[t * n + j] : 0.0f);
      for (size_t j = 0; j < p; j++)
        dm_tot[j] = dm_carry[j] + dm[t * p + j];

      backward_step (grad, dx != NULL ? dx + t * cell->d : NULL, dc_carry, dm_carry,
                     dA, dH, dmm, dc_tot, dm_tot, c + t * n, cache + t * S,
                     x + t * cell->d, t == 0 ? m0 : m + (t - 1) * p, cell);
    }

  if (dc0 != NULL)
    for (size_t j = 0; j < n; j++)
      dc0[j] += dc_carry[j];
  if (dm0 != NULL)
    for (size_t j = 0; j < p; j++)
      dm0[j] += dm_carry[j];
}

/* ---- case files ------------------------------------------------------- */

void
nas_nascell_case_free (NasNascellCase *kase)
{
  if (kase == NULL)
    return;
  nas_nascell_free (kase->cell);
  g_free (kase->inputs);
  g_free (kase->c0);
  g_free (kase->m0);
  g_free (kase);
}

static gboolean
read_number (JsonNode    *node,
             const char  *key,
             float       *out,
             GError     **error)
{
  GType type;
  double v;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    goto bad;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    v = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    v = (double) json_node_get_int (node);
  else
    goto bad;

  /* A value beyond the float range would become ±inf and poison every step. */
  if (!isfinite ((float) v))
    goto bad;
  *out = (float) v;
  return TRUE;

bad:
  g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID,
               "“%s” holds something that is not a finite number", key);
  return FALSE;
}

/* Reads the vector @key of exactly @len numbers into @out. */
static gboolean
read_vector (JsonObject  *object,
             const char  *key,
             size_t       len,
             float       *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  JsonArray *array;

  if (node == NULL)
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID, "missing key “%s”", key);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID, "“%s” is not an array", key);
      return FALSE;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) != len)
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID,
                   "“%s” has %u numbers, expected %zu", key, json_array_get_length (array), len);
      return FALSE;
    }
  for (guint i = 0; i < len; i++)
    if (!read_number (json_array_get_element (array, i), key, &out[i], error))
      return FALSE;
  return TRUE;
}

/* Checks that @key is a matrix of @rows × @cols (@rows 0: any positive
 * count, returned in @rows_out) without reading the numbers. Every size is
 * checked against the parsed document before anything is allocated from
 * it, so a small file can never ask for a huge allocation. */
static JsonArray *
matrix_shape (JsonObject  *object,
              const char  *key,
              size_t       rows,
              size_t       cols,
              size_t      *rows_out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  JsonArray *array;
  guint len;

  if (node == NULL)
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID, "missing key “%s”", key);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID,
                   "“%s” is not an array of rows", key);
      return NULL;
    }
  array = json_node_get_array (node);
  len = json_array_get_length (array);
  if (len == 0)
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID, "“%s” is empty", key);
      return NULL;
    }
  if (rows > 0 && len != rows)
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID,
                   "“%s” has %u rows, expected %zu", key, len, rows);
      return NULL;
    }
  for (guint r = 0; r < len; r++)
    {
      JsonNode *row = json_array_get_element (array, r);

      if (!JSON_NODE_HOLDS_ARRAY (row))
        {
          g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID,
                       "row %u of “%s” is not an array", r, key);
          return NULL;
        }
      if (json_array_get_length (json_node_get_array (row)) != cols)
        {
          g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID,
                       "row %u of “%s” has %u numbers, expected %zu",
                       r, key, json_array_get_length (json_node_get_array (row)), cols);
          return NULL;
        }
    }
  if (rows_out != NULL)
    *rows_out = len;
  return array;
}

/* Reads the matrix @key of @rows × @cols into @out [rows, cols]. @rows 0
 * means "any positive count": the count is returned in @rows_out and @out
 * is allocated; otherwise @out must hold rows × cols floats. */
static gboolean
read_matrix (JsonObject  *object,
             const char  *key,
             size_t       rows,
             size_t       cols,
             size_t      *rows_out,
             float      **out,
             GError     **error)
{
  JsonArray *array;
  size_t len;

  array = matrix_shape (object, key, rows, cols, &len, error);
  if (array == NULL)
    return FALSE;
  if (rows == 0)
    *out = g_new0 (float, len * cols);

  for (guint r = 0; r < len; r++)
    {
      JsonArray *items = json_array_get_array_element (array, r);

      for (guint i = 0; i < cols; i++)
        if (!read_number (json_array_get_element (items, i), key, &(*out)[r * cols + i], error))
          return FALSE;
    }
  if (rows_out != NULL)
    *rows_out = len;
  return TRUE;
}

/* Reads a positive integer that also fits the sizes we allocate. */
static gboolean
read_size (JsonNode    *node,
           const char  *key,
           size_t      *out,
           GError     **error)
{
  if (node == NULL)
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID, "missing key “%s”", key);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1 || json_node_get_int (node) > 65536)
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID,
                   "“%s” must be an integer in [1, 65536]", key);
      return FALSE;
    }
  *out = (size_t) json_node_get_int (node);
  return TRUE;
}

static NasNascellCase *
case_from_root (JsonNode  *root,
                GError   **error)
{
  g_autoptr(NasNascellCase) kase = g_new0 (NasNascellCase, 1);
  g_autofree float *kernel = NULL;
  JsonObject *object;
  JsonNode *node;
  size_t n, num_proj = 0, d, T;
  gboolean use_bias;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID, "the case is not a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  if (!read_size (json_object_get_member (object, "units"), "units", &n, error))
    return NULL;

  node = json_object_get_member (object, "num_proj");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
      !read_size (node, "num_proj", &num_proj, error))
    return NULL;

  node = json_object_get_member (object, "use_bias");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID,
                   "“use_bias” must be true or false");
      return NULL;
    }
  use_bias = json_node_get_boolean (node);

  /* The input width d is the kernel's row count. The shapes of the other
   * weights are checked before the cell is allocated from n, d and P. */
  if (!read_matrix (object, "kernel", 0, 8 * n, &d, &kernel, error))
    return NULL;
  if (matrix_shape (object, "recurrent_kernel", num_proj > 0 ? num_proj : n, 8 * n, NULL, error) == NULL ||
      (num_proj > 0 && matrix_shape (object, "projection", n, num_proj, NULL, error) == NULL))
    return NULL;

  kase->cell = nas_nascell_new (d, n, num_proj, use_bias);
  memcpy (kase->cell->kernel, kernel, d * 8 * n * sizeof (float));

  if (!read_matrix (object, "recurrent_kernel", kase->cell->p, 8 * n, NULL,
                    &kase->cell->recurrent_kernel, error))
    return NULL;
  if (use_bias && !read_vector (object, "bias", 8 * n, kase->cell->bias, error))
    return NULL;
  if (num_proj > 0 && !read_matrix (object, "projection", n, num_proj, NULL,
                                    &kase->cell->projection, error))
    return NULL;

  if (!read_matrix (object, "inputs", 0, d, &T, &kase->inputs, error))
    return NULL;
  kase->T = T;

  kase->c0 = g_new0 (float, n);
  kase->m0 = g_new0 (float, kase->cell->p);
  if (!read_vector (object, "c0", n, kase->c0, error) ||
      !read_vector (object, "m0", kase->cell->p, kase->m0, error))
    return NULL;

  return g_steal_pointer (&kase);
}

/**
 * nas_nascell_case_new_from_data:
 *
 * Parses a case in the JSON format of `nascent-cli nascell` (keys units,
 * num_proj, use_bias, kernel, recurrent_kernel, bias, projection, inputs,
 * c0, m0). Fails with a message naming the offending key when the JSON is
 * malformed, a key is missing, a value is not a number or a shape does not
 * agree with units, num_proj and the kernel's row count.
 */
NasNascellCase *
nas_nascell_case_new_from_data (const char  *data,
                                gssize       length,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_return_val_if_fail (data != NULL, NULL);

  if (nas_json_too_deep (data, length, NAS_JSON_MAX_DEPTH))
    {
      g_set_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID,
                   "JSON nested deeper than %d levels", NAS_JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;
  return case_from_root (json_parser_get_root (parser), error);
}

NasNascellCase *
nas_nascell_case_new_from_file (const char  *path,
                                GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return nas_nascell_case_new_from_data (data, (gssize) length, error);
}
