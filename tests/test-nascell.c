/* test-nascell.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The NASCell against three independent references: numpy outputs stored
 * in nascell-fixture.json (tests/nascell_reference.py), a naive
 * double-precision forward written here from the cell's equations, and finite
 * differences of that double forward for every gradient backward returns. */

#define G_LOG_DOMAIN "test-nascell"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "json-check.h"
#include "nas-nascell.h"
#include "nas-rng.h"

/* ---- fixture ------------------------------------------------------------ */

static JsonNode *
load_fixture (void)
{
  g_autofree char *path = g_build_filename (TEST_SRCDIR, "nascell-fixture.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Max |expected − got| over a [rows, cols] JSON matrix; fails on shape. */
static double
compare_rows (JsonArray   *expected,
              const float *got,
              size_t       rows,
              size_t       cols)
{
  double worst = 0;

  g_assert_cmpuint (json_array_get_length (expected), ==, rows);
  for (size_t r = 0; r < rows; r++)
    {
      JsonArray *row = json_array_get_array_element (expected, (guint) r);

      g_assert_cmpuint (json_array_get_length (row), ==, cols);
      for (size_t i = 0; i < cols; i++)
        worst = MAX (worst, fabs (json_array_get_double_element (row, (guint) i) - got[r * cols + i]));
    }
  return worst;
}

static void
test_fixture (void)
{
  g_autoptr(JsonNode) root = load_fixture ();
  JsonArray *cases = json_object_get_array_member (json_node_get_object (root), "cases");

  g_assert_cmpuint (json_array_get_length (cases), >=, 4);
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *expected = json_array_get_object_element (cases, i);
      g_autofree char *path = g_build_filename (TEST_SRCDIR, json_object_get_string_member (expected, "file"), NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(NasNascellCase) kase = nas_nascell_case_new_from_file (path, &error);
      g_autofree float *c = NULL, *m = NULL, *cache = NULL;
      double dm, dc;

      g_assert_no_error (error);
      c = g_new (float, kase->T * kase->cell->n);
      m = g_new (float, kase->T * kase->cell->p);
      cache = g_new (float, kase->T * nas_nascell_cache_size (kase->cell));
      nas_nascell_forward (c, m, cache, kase->inputs, kase->c0, kase->m0, kase->cell, kase->T);

      dm = compare_rows (json_object_get_array_member (expected, "m"), m, kase->T, kase->cell->p);
      dc = compare_rows (json_object_get_array_member (expected, "c"), c, kase->T, kase->cell->n);
      g_test_message ("case %s: max |Δm| %.2e, max |Δc| %.2e vs numpy",
                      json_object_get_string_member (expected, "name"), dm, dc);
      g_assert_cmpfloat (dm, <=, 1e-5);
      g_assert_cmpfloat (dc, <=, 1e-5);
    }
}

/* The CLI prints what the fixture expects, for every case. */
static void
test_cli (void)
{
  const char *cli = g_getenv ("NASCENT_CLI");
  g_autoptr(JsonNode) root = load_fixture ();
  JsonArray *cases = json_object_get_array_member (json_node_get_object (root), "cases");

  if (cli == NULL)
    {
      g_test_skip ("NASCENT_CLI is not set");
      return;
    }

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *expected = json_array_get_object_element (cases, i);
      g_autofree char *path = g_build_filename (TEST_SRCDIR, json_object_get_string_member (expected, "file"), NULL);
      const char *argv[] = { cli, "nascell", path, NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *got;
      JsonArray *gm, *gc, *em, *ec;
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      g_spawn_check_wait_status (status, &error);
      g_assert_no_error (error);

      json_parser_load_from_data (parser, out, -1, &error);
      g_assert_no_error (error);
      got = json_node_get_object (json_parser_get_root (parser));
      gm = json_object_get_array_member (got, "m");
      gc = json_object_get_array_member (got, "c");
      em = json_object_get_array_member (expected, "m");
      ec = json_object_get_array_member (expected, "c");
      g_assert_cmpuint (json_array_get_length (gm), ==, json_array_get_length (em));
      g_assert_cmpuint (json_array_get_length (gc), ==, json_array_get_length (ec));
      for (guint t = 0; t < json_array_get_length (em); t++)
        for (guint which = 0; which < 2; which++)
          {
            JsonArray *g = json_array_get_array_element (which ? gc : gm, t);
            JsonArray *e = json_array_get_array_element (which ? ec : em, t);

            g_assert_cmpuint (json_array_get_length (g), ==, json_array_get_length (e));
            for (guint j = 0; j < json_array_get_length (e); j++)
              g_assert_cmpfloat_with_epsilon (json_array_get_double_element (g, j),
                                              json_array_get_double_element (e, j), 1e-5);
          }
    }
}

#define GOOD_CASE \
  "{\"units\": 1, \"num_proj\": null, \"use_bias\": false," \
  " \"kernel\": [[1, 2, 3, 4, 5, 6, 7, 8]]," \
  " \"recurrent_kernel\": [[1, 2, 3, 4, 5, 6, 7, 8]]," \
  " \"inputs\": [[0.5], [0.25]], \"c0\": [0], \"m0\": [0.1]}"

static const char *bad_cases[] = {
  "not json",
  "[1, 2]",
  /* missing units */
  "{\"num_proj\": null, \"use_bias\": false, \"kernel\": [[1,2,3,4,5,6,7,8]],"
  " \"recurrent_kernel\": [[1,2,3,4,5,6,7,8]], \"inputs\": [[0.5]], \"c0\": [0], \"m0\": [0]}",
  /* kernel row too short for units = 1 */
  "{\"units\": 1, \"use_bias\": false, \"kernel\": [[1,2,3,4,5,6,7]],"
  " \"recurrent_kernel\": [[1,2,3,4,5,6,7,8]], \"inputs\": [[0.5]], \"c0\": [0], \"m0\": [0]}",
  /* a string among the numbers */
  "{\"units\": 1, \"use_bias\": false, \"kernel\": [[1,2,3,\"4\",5,6,7,8]],"
  " \"recurrent_kernel\": [[1,2,3,4,5,6,7,8]], \"inputs\": [[0.5]], \"c0\": [0], \"m0\": [0]}",
  /* inputs wider than the kernel's rows */
  "{\"units\": 1, \"use_bias\": false, \"kernel\": [[1,2,3,4,5,6,7,8]],"
  " \"recurrent_kernel\": [[1,2,3,4,5,6,7,8]], \"inputs\": [[0.5, 1]], \"c0\": [0], \"m0\": [0]}",
  /* use_bias without a bias */
  "{\"units\": 1, \"use_bias\": true, \"kernel\": [[1,2,3,4,5,6,7,8]],"
  " \"recurrent_kernel\": [[1,2,3,4,5,6,7,8]], \"inputs\": [[0.5]], \"c0\": [0], \"m0\": [0]}",
  /* num_proj 2 but m0 and recurrent_kernel sized for no projection */
  "{\"units\": 1, \"num_proj\": 2, \"use_bias\": false, \"kernel\": [[1,2,3,4,5,6,7,8]],"
  " \"recurrent_kernel\": [[1,2,3,4,5,6,7,8]], \"projection\": [[1, 2]],"
  " \"inputs\": [[0.5]], \"c0\": [0], \"m0\": [0]}",
  /* units not an integer */
  "{\"units\": 1.5, \"use_bias\": false, \"kernel\": [[1,2,3,4,5,6,7,8]],"
  " \"recurrent_kernel\": [[1,2,3,4,5,6,7,8]], \"inputs\": [[0.5]], \"c0\": [0], \"m0\": [0]}",
  /* a number beyond the float range */
  "{\"units\": 1, \"use_bias\": false, \"kernel\": [[1,2,3,4,5,6,7,1e300]],"
  " \"recurrent_kernel\": [[1,2,3,4,5,6,7,8]], \"inputs\": [[0.5]], \"c0\": [0], \"m0\": [0]}",
  /* huge units against small weights: refused before any allocation */
  "{\"units\": 65536, \"num_proj\": 65536, \"use_bias\": false, \"kernel\": [[1,2,3,4,5,6,7,8]],"
  " \"recurrent_kernel\": [[1,2,3,4,5,6,7,8]], \"inputs\": [[0.5]], \"c0\": [0], \"m0\": [0]}",
  /* no inputs */
  "{\"units\": 1, \"use_bias\": false, \"kernel\": [[1,2,3,4,5,6,7,8]],"
  " \"recurrent_kernel\": [[1,2,3,4,5,6,7,8]], \"inputs\": [], \"c0\": [0], \"m0\": [0]}",
};

static void
test_case_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasNascellCase) good = nas_nascell_case_new_from_data (GOOD_CASE, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (good->T, ==, 2);
  g_assert_cmpuint (good->cell->d, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(NasNascellCase) bad = nas_nascell_case_new_from_data (bad_cases[i], -1, &bad_error);

      g_assert_null (bad);
      g_assert_nonnull (bad_error);
      g_test_message ("bad case %u: %s", i, bad_error->message);
    }
}

/* Bad files make the CLI exit with status 2 and a message on stderr. */
static void
test_cli_errors (void)
{
  const char *cli = g_getenv ("NASCENT_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (cli == NULL)
    {
      g_test_skip ("NASCENT_CLI is not set");
      return;
    }
  dir = g_dir_make_tmp ("test-nascell-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i <= G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u.json", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      const char *argv[] = { cli, "nascell", path, NULL };
      g_autofree char *out = NULL, *err = NULL;
      int status;

      /* The last round uses a file that does not exist. */
      if (i < G_N_ELEMENTS (bad_cases))
        {
          g_file_set_contents (path, bad_cases[i], -1, &error);
          g_assert_no_error (error);
        }
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      g_assert_true (g_str_has_prefix (err, "nascent-cli: "));
      g_assert_cmpstr (out, ==, "");
      g_remove (path);
    }
  g_rmdir (dir);
}

/* ---- naive double reference --------------------------------------------- */

typedef struct
{
  size_t d, n, p, T;
  gboolean use_bias, use_proj;
  double *W, *U, *b, *Wp;   /* [d,8N] [P,8N] [8N] [N,P] */
  double *x, *c0, *m0;      /* [T,d] [N] [P] */
  double *wm, *wc;          /* loss weights [T,P] [T,N] */
} Ref;

static double
sigmoid (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

/* Writes c [T,N] and m [T,P] (either may be NULL) and returns the loss
 * Σ wm·m + Σ wc·c. Loops only, straight from the equations. */
static double
ref_forward (const Ref *r,
             double    *c_out,
             double    *m_out)
{
  size_t n = r->n, p = r->p;
  g_autofree double *c = g_new (double, n);
  g_autofree double *m = g_new (double, p);
  g_autofree double *mm = g_new (double, n);
  g_autofree double *A = g_new (double, 8 * n);
  g_autofree double *H = g_new (double, 8 * n);
  double loss = 0;

  memcpy (c, r->c0, n * sizeof (double));
  memcpy (m, r->m0, p * sizeof (double));
  for (size_t t = 0; t < r->T; t++)
    {
      for (size_t k = 0; k < 8 * n; k++)
        {
          A[k] = 0;
          for (size_t i = 0; i < r->d; i++)
            A[k] += r->x[t * r->d + i] * r->W[i * 8 * n + k];
          H[k] = r->use_bias ? r->b[k] : 0;
          for (size_t i = 0; i < p; i++)
            H[k] += m[i] * r->U[i * 8 * n + k];
        }
      for (size_t j = 0; j < n; j++)
        {
          double l0 = sigmoid (A[j] + H[j]);
          double l1 = fmax (A[n + j] + H[n + j], 0);
          double l2 = sigmoid (A[2 * n + j] + H[2 * n + j]);
          double l3 = fmax (A[3 * n + j] * H[3 * n + j], 0);
          double l4 = tanh (A[4 * n + j] + H[4 * n + j]);
          double l5 = sigmoid (A[5 * n + j] + H[5 * n + j]);
          double l6 = tanh (A[6 * n + j] + H[6 * n + j]);
          double l7 = sigmoid (A[7 * n + j] + H[7 * n + j]);
          double p0 = tanh (tanh (l0 * l1) + c[j]);
          double p1 = tanh (l2 + l3);
          double q1 = tanh (tanh (l4 * l5) + sigmoid (l6 + l7));

          c[j] = p0 * p1;
          mm[j] = tanh (c[j] * q1);
        }
      for (size_t i = 0; i < p; i++)
        {
          if (r->use_proj)
            {
              m[i] = 0;
              for (size_t j = 0; j < n; j++)
                m[i] += mm[j] * r->Wp[j * p + i];
            }
          else
            m[i] = mm[i];
          loss += r->wm[t * p + i] * m[i];
        }
      for (size_t j = 0; j < n; j++)
        loss += r->wc[t * n + j] * c[j];
      if (c_out != NULL)
        memcpy (c_out + t * n, c, n * sizeof (double));
      if (m_out != NULL)
        memcpy (m_out + t * p, m, p * sizeof (double));
    }
  return loss;
}

/* Central difference of the loss in @v[i]; eps 1e-6 in double leaves an
 * error near 1e-9, far below what a wrong gradient produces. */
static double
numeric (const Ref *r,
         double    *v,
         size_t     i)
{
  const double eps = 1e-6;
  double saved = v[i], up, down;

  v[i] = saved + eps;
  up = ref_forward (r, NULL, NULL);
  v[i] = saved - eps;
  down = ref_forward (r, NULL, NULL);
  v[i] = saved;
  return (up - down) / (2 * eps);
}

/* Compares analytic float gradients with numeric ones; returns the number
 * of mismatches and raises *worst to the largest scaled error. */
static guint
compare_grads (const Ref   *r,
               double      *v,
               const float *analytic,
               size_t       count,
               double      *worst)
{
  guint bad = 0;

  for (size_t i = 0; i < count; i++)
    {
      double num = numeric (r, v, i);
      double err = fabs (num - analytic[i]) / (1e-4 + 1e-3 * fabs (num));

      *worst = MAX (*worst, err);
      if (err > 1.0)
        bad++;
    }
  return bad;
}

static double *
to_double (const float *v,
           size_t       count)
{
  double *out = g_new (double, count);

  for (size_t i = 0; i < count; i++)
    out[i] = v[i];
  return out;
}

static void
fill (float  *v,
      size_t  count,
      float   scale,
      NasRng *rng)
{
  for (size_t i = 0; i < count; i++)
    v[i] = nas_rng_uniform (rng, -scale, scale);
}

/* Forward against the double reference, then backward against finite
 * differences for every parameter, input and initial-state element, with
 * and without bias and projection. A deliberately corrupted gradient must
 * be caught, so the check can fail. */
static void
test_gradcheck (gconstpointer data)
{
  guint variant = GPOINTER_TO_UINT (data);
  gboolean use_bias = variant & 1, use_proj = (variant & 2) != 0;
  const size_t d = 3, n = 4, T = 4, num_proj = use_proj ? 3 : 0;
  g_autoptr(NasNascell) cell = nas_nascell_new (d, n, num_proj, use_bias);
  g_autoptr(NasNascell) grad = nas_nascell_new (d, n, num_proj, use_bias);
  size_t p = cell->p, S = nas_nascell_cache_size (cell);
  g_autofree float *x = g_new (float, T * d), *c0 = g_new (float, n), *m0 = g_new (float, p);
  g_autofree float *c = g_new (float, T * n), *m = g_new (float, T * p);
  g_autofree float *cache = g_new (float, T * S), *work = g_new (float, nas_nascell_work_size (cell));
  g_autofree float *wm = g_new (float, T * p), *wc = g_new (float, T * n);
  g_autofree float *dx = g_new0 (float, T * d), *dc0 = g_new0 (float, n), *dm0 = g_new0 (float, p);
  g_autofree double *rc = g_new (double, T * n), *rm = g_new (double, T * p);
  g_autofree double *theta = NULL;
  Ref r = { d, n, p, T, use_bias, use_proj };
  double worst = 0, fwd = 0;
  NasRng rng;
  guint bad = 0;

  nas_rng_seed (&rng, 100 + variant);
  /* Large enough weights that every gate is far from linear. */
  fill (cell->params, cell->n_params, 1.2f, &rng);
  fill (x, T * d, 1.0f, &rng);
  fill (c0, n, 1.0f, &rng);
  fill (m0, p, 1.0f, &rng);
  fill (wm, T * p, 1.0f, &rng);
  fill (wc, T * n, 1.0f, &rng);

  nas_nascell_forward (c, m, cache, x, c0, m0, cell, T);
  nas_nascell_backward (grad, dx, dc0, dm0, work, wc, wm, c, m, cache, x, c0, m0, cell, T);

  /* The reference sees the same numbers, in double. */
  theta = to_double (cell->params, cell->n_params);
  r.W = theta;
  r.U = r.W + d * 8 * n;
  r.b = use_bias ? r.U + p * 8 * n : NULL;
  r.Wp = use_proj ? r.U + p * 8 * n + (use_bias ? 8 * n : 0) : NULL;
  r.x = to_double (x, T * d);
  r.c0 = to_double (c0, n);
  r.m0 = to_double (m0, p);
  r.wm = to_double (wm, T * p);
  r.wc = to_double (wc, T * n);

  ref_forward (&r, rc, rm);
  for (size_t i = 0; i < T * n; i++)
    fwd = MAX (fwd, fabs (rc[i] - c[i]));
  for (size_t i = 0; i < T * p; i++)
    fwd = MAX (fwd, fabs (rm[i] - m[i]));
  g_test_message ("bias %d proj %d: forward max |float − double| %.2e", use_bias, use_proj, fwd);
  g_assert_cmpfloat (fwd, <, 1e-5);

  bad += compare_grads (&r, theta, grad->params, cell->n_params, &worst);
  bad += compare_grads (&r, r.x, dx, T * d, &worst);
  bad += compare_grads (&r, r.c0, dc0, n, &worst);
  bad += compare_grads (&r, r.m0, dm0, p, &worst);
  g_test_message ("bias %d proj %d: %zu gradients, worst error %.3f of tolerance",
                  use_bias, use_proj, cell->n_params + T * d + n + p, worst);
  g_assert_cmpuint (bad, ==, 0);

  /* The check has teeth: a gradient off by 1 % is reported. */
  grad->params[5] = grad->params[5] * 1.01f + 1e-3f;
  worst = 0;
  g_assert_cmpuint (compare_grads (&r, theta, grad->params, cell->n_params, &worst), ==, 1);

  g_free (r.x);
  g_free (r.c0);
  g_free (r.m0);
  g_free (r.wm);
  g_free (r.wc);
}

/* A case nested 100,000 deep is refused by the reader itself, not parsed
 * into a stack overflow. */
static void
test_case_depth (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *deep = nested_json ("{\"inputs\": ", 100000);
  g_autoptr(NasNascellCase) kase = nas_nascell_case_new_from_data (deep, -1, &error);

  g_assert_null (kase);
  g_assert_error (error, NAS_NASCELL_ERROR, NAS_NASCELL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nested"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nn/nascell/forward-fixture", test_fixture);
  g_test_add_func ("/nn/nascell/case-errors", test_case_errors);
  g_test_add_func ("/nn/nascell/cli", test_cli);
  g_test_add_func ("/nn/nascell/cli-errors", test_cli_errors);
  g_test_add_func ("/nn/nascell/case-depth", test_case_depth);
  g_test_add_data_func ("/nn/nascell/backward-gradcheck/plain", GUINT_TO_POINTER (0), test_gradcheck);
  g_test_add_data_func ("/nn/nascell/backward-gradcheck/bias", GUINT_TO_POINTER (1), test_gradcheck);
  g_test_add_data_func ("/nn/nascell/backward-gradcheck/proj", GUINT_TO_POINTER (2), test_gradcheck);
  g_test_add_data_func ("/nn/nascell/backward-gradcheck/bias-proj", GUINT_TO_POINTER (3), test_gradcheck);

  return g_test_run ();
}
