/* test-arch.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Architectures: the text and JSON forms round-trip, the parsers reject
 * malformed input with errors that name the place, the built-ins have the
 * parameter counts of their published originals, and shapes that would
 * vanish are refused. Batch normalisation: its text and JSON forms, where
 * it may stand, and what it adds to the parameters and FLOPs. */

#define G_LOG_DOMAIN "test-arch"

#include "config.h"

#include <string.h>

#include "json-check.h"
#include "nas-arch.h"
#include "nas-json.h"

static void
test_builtins (void)
{
  const char * const *names = nas_arch_builtin_names ();
  guint n = 0;

  for (; names[n] != NULL; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NasArch) arch = nas_arch_builtin (names[n], &error);

      g_assert_no_error (error);
      g_assert_true (nas_arch_plan (arch, 1, 28, 28, 10, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (n, ==, 9);

  {
    g_autoptr(NasArch) keras = nas_arch_builtin ("keras-mnist", NULL);
    g_autoptr(NasArch) tf = nas_arch_builtin ("tf-tutorial", NULL);
    g_autoptr(NasArch) c = nas_arch_builtin ("bench-c", NULL);
    g_autoptr(GError) error = NULL;

    /* Keras' mnist_cnn.py summary: 1,199,882 parameters. */
    g_assert_cmpuint (nas_arch_params (keras, 1, 28, 28), ==, 1199882);
    /* 2 × multiply-adds: 2·(26²·32·9 + 24²·64·288 + 9216·128 + 128·10). */
    g_assert_cmpfloat (nas_arch_flops (keras, 1, 28, 28), ==, 23984896.0);
    /* TF "Deep MNIST": 832 + 51,264 + 3,212,288 + 10,250. */
    g_assert_cmpuint (nas_arch_params (tf, 1, 28, 28), ==, 3274634);
    /* (3·3·10 + 10) + (13·13·10·10 + 10) */
    g_assert_cmpuint (nas_arch_params (c, 1, 28, 28), ==, 17010);

    {
      g_autoptr(NasArch) kbn = nas_arch_builtin ("keras-mnist-bn", NULL);
      g_autoptr(NasArch) kaggle = nas_arch_builtin ("kaggle-mnist-bn", NULL);
      g_autoptr(NasArch) d = nas_arch_builtin ("bench-d", NULL);
      double conv_flops, bn_flops;

      /* Each normalised stage trades its F biases for F γ and F β. */
      g_assert_cmpuint (nas_arch_params (kbn, 1, 28, 28), ==, 1199882 + 32 + 64 + 128);
      /* The Kaggle kernel's summary: 887,530, plus 32 + 32 + 64 + 64 + 256. */
      g_assert_cmpuint (nas_arch_params (kaggle, 1, 28, 28), ==, 887530 + 448);
      /* (9·32 + 64) + (9·32·32 + 64) + (9·32·64 + 128) + (9·64·64 + 128)
       * + (7·7·64·256 + 512) + (256·10 + 10) */
      g_assert_cmpuint (nas_arch_params (d, 1, 28, 28), ==, 871082);
      conv_flops = 2.0 * (9 * 32 * 784 + 9 * 32 * 32 * 784 + 9 * 32 * 64 * 196 + 9 * 64 * 64 * 196
                          + 3136 * 256 + 256 * 10);
      bn_flops = 4.0 * (32 * 784 * 2 + 64 * 196 * 2 + 256);
      g_assert_cmpfloat (nas_arch_flops (d, 1, 28, 28), ==, conv_flops + bn_flops);
    }

    g_assert_null (nas_arch_builtin ("lenet", &error));
    g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_UNKNOWN);
  }
}

/* text → arch → text is the identity on canonical texts, and arch → JSON →
 * arch gives the same architecture. */
static void
test_round_trip (void)
{
  static const char *texts[] = {
    "conv 5x5x32 pool2 drop0.25 | conv 3x3x64 pool2 drop0.25 | dense 10",
    "conv 3x3x32 valid | conv 3x3x64 valid pool2 drop0.25 | dense 128 drop0.5 | dense 10",
    "conv 3x5x7 valid pool3 drop0.1 | dense 300 drop0.333 | dense 50 | dense 10",
    "conv1d 5x32 pool2 | conv1d 3x16 pool3 drop0.2 | dense 10",
    "dense 10",
    "conv 3x3x32 bn pool2 | conv 3x3x64 valid bn drop0.25 | dense 256 bn drop0.5 | dense 10",
    "conv 3x3x8 bn | conv 3x3x8 | dense 16 bn | dense 10",
    "conv1d 5x8 bn pool2 | dense 10",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NasArch) arch = nas_arch_parse (texts[i], &error);
      g_autoptr(NasArch) back = NULL;
      g_autofree char *text = NULL;
      g_autofree char *json = NULL;

      g_assert_no_error (error);
      text = nas_arch_to_string (arch);
      g_assert_cmpstr (text, ==, texts[i]);

      json = nas_arch_to_json_string (arch);
      g_test_message ("%s\n  %s", text, json);
      back = nas_arch_from_json_string (json, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (back, sizeof *back, arch, sizeof *arch);
      g_assert_true (nas_arch_equal (back, arch));
    }
}

/* Spacing, explicit defaults and modifier order do not change the canonical
 * form (it is the duplicate-detection key). */
static void
test_canonical (void)
{
  g_autoptr(NasArch) a = nas_arch_parse ("  conv 5x5x32 same drop0.250 pool2|dense  10 ", NULL);
  g_autoptr(NasArch) b = nas_arch_parse ("conv 5x5x32 pool2 drop0.25 | dense 10", NULL);
  g_autoptr(NasArch) c = nas_arch_parse ("conv 5x5x32 pool1 drop0 | dense 10", NULL);
  g_autoptr(NasArch) d = nas_arch_parse ("conv 5x5x32 | dense 10", NULL);
  g_autofree char *ta = nas_arch_to_string (a);
  g_autofree char *tc = nas_arch_to_string (c);

  g_assert_cmpstr (ta, ==, "conv 5x5x32 pool2 drop0.25 | dense 10");
  g_assert_true (nas_arch_equal (a, b));
  g_assert_cmpstr (tc, ==, "conv 5x5x32 | dense 10");
  g_assert_true (nas_arch_equal (c, d));
  g_assert_false (nas_arch_equal (a, d));

  /* bn goes after the padding and before the pool, wherever it was written. */
  {
    g_autoptr(NasArch) e = nas_arch_parse ("conv 3x3x8 pool2 bn valid drop0.5 | dense 64 drop0.5 bn | dense 10", NULL);
    g_autoptr(NasArch) f = nas_arch_parse ("conv 3x3x8 valid pool2 drop0.5 | dense 64 drop0.5 | dense 10", NULL);
    g_autofree char *te = nas_arch_to_string (e);

    g_assert_cmpstr (te, ==, "conv 3x3x8 valid bn pool2 drop0.5 | dense 64 bn drop0.5 | dense 10");
    g_assert_false (nas_arch_equal (e, f));
    nas_arch_set_batchnorm (f, 0, TRUE);
    nas_arch_set_batchnorm (f, 1, TRUE);
    g_assert_true (nas_arch_equal (e, f));
  }
}

/* Without batch normalisation the JSON form is what it was before the layer
 * existed; with it, "batchnorm": true, and false reads as absent. */
static void
test_batchnorm_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasArch) plain = nas_arch_builtin ("tf-tutorial", NULL);
  g_autoptr(NasArch) bn = nas_arch_builtin ("bench-d", NULL);
  g_autoptr(NasArch) f = NULL;
  g_autoptr(NasArch) g = NULL;
  g_autofree char *jp = nas_arch_to_json_string (plain);
  g_autofree char *jb = nas_arch_to_json_string (bn);

  g_assert_cmpstr (jp, ==,
                   "{\"layers\":[{\"type\":\"conv2d\",\"kernel\":[5,5],\"filters\":32,\"padding\":\"same\","
                   "\"pool\":2,\"dropout\":0.0},{\"type\":\"conv2d\",\"kernel\":[5,5],\"filters\":64,"
                   "\"padding\":\"same\",\"pool\":2,\"dropout\":0.0},{\"type\":\"dense\",\"units\":1024,"
                   "\"dropout\":0.5},{\"type\":\"dense\",\"units\":10,\"dropout\":0.0}]}");
  g_assert_nonnull (strstr (jb, "\"filters\":32,\"padding\":\"same\",\"batchnorm\":true,\"pool\":1"));
  g_assert_nonnull (strstr (jb, "\"units\":256,\"batchnorm\":true,\"dropout\":0.5"));

  f = nas_arch_from_json_string ("{\"layers\": [{\"type\": \"dense\", \"units\": 8, \"batchnorm\": false},"
                                 " {\"type\": \"dense\", \"units\": 10}]}", &error);
  g_assert_no_error (error);
  g = nas_arch_parse ("dense 8 | dense 10", NULL);
  g_assert_true (nas_arch_equal (f, g));
}

static void
test_text_errors (void)
{
  static const struct
  {
    const char *text;
    const char *message;   /* a substring the error must contain */
  } cases[] = {
    { "", "empty architecture" },
    { "conv 5x5x32 | | dense 10", "column 15: empty stage" },
    { "conv 5x5x32 |", "empty stage at the end" },
    { "conv 5x5 | dense 10", "column 6: expected KHxKWxF, found “5x5”" },
    { "conv 5x5x32 pol2 | dense 10", "column 13: expected valid, same, bn, poolP or dropD, found “pol2”" },
    { "conv 5x5x32 pool0 | dense 10", "column 1: pool size 0 is out of range" },
    { "conv 5x5x32 pool2 pool2 | dense 10", "column 19: pool given twice" },
    { "conv 5x5x32 drop1 | dense 10", "column 13: expected dropD with 0 ≤ D < 1, found “drop1”" },
    { "conv 5x5x32 drop-0.1 | dense 10", "dropD" },
    { "conv 5x5x32 drop0.5x | dense 10", "column 13" },
    { "conv 5x5x-3 | dense 10", "column 6" },
    { "conv1d 5x32 valid | dense 10", "column 13: expected bn, poolP or dropD, found “valid”" },
    { "dense 10 pool2", "column 10: expected bn or dropD, found “pool2”" },
    { "dense 10 bn", "output layer cannot have batch normalisation" },
    { "conv 3x3x8 bn pool2 | dense 10 bn", "output layer cannot have batch normalisation" },
    { "conv 3x3x8 bn bn | dense 10", "column 15: bn given twice" },
    { "conv 3x3x8 BN | dense 10", "column 12: expected valid, same, bn, poolP or dropD, found “BN”" },
    { "dense 64 bn0.5 | dense 10", "column 10: expected bn or dropD, found “bn0.5”" },
    { "bn | dense 10", "column 1: expected conv, conv1d or dense, found “bn”" },
    { "dense", "needs its size" },
    { "mlp 10", "column 1: expected conv, conv1d or dense, found “mlp”" },
    { "conv 5x5x32", "last layer must be the dense output layer" },
    { "dense 10 drop0.5", "output layer cannot have dropout" },
    { "dense 64 | conv 3x3x8 | dense 10", "layer 2: a convolution cannot follow a dense layer" },
    { "conv 3x3x8 | conv1d 3x8 | dense 10", "cannot be mixed" },
    { "conv 99999x3x8 | dense 10", "out of range" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NasArch) arch = nas_arch_parse (cases[i].text, &error);

      g_assert_null (arch);
      g_assert_nonnull (error);
      g_test_message ("“%s” → %s", cases[i].text, error->message);
      g_assert_true (error->domain == NAS_ARCH_ERROR);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s”: error “%s” lacks “%s”", cases[i].text, error->message, cases[i].message);
    }
}

static void
test_json_errors (void)
{
  static const struct
  {
    const char *json;
    const char *message;
  } cases[] = {
    { "[1]", "must be a JSON object" },
    { "{\"layers\": [], \"x\": 1}", "unknown member “x”" },
    { "{\"layers\": {}}", "“layers” must be an array" },
    { "{\"layers\": []}", "no layers" },
    { "{\"layers\": [{\"type\": \"pool\"}]}", "layers[0]: “type” must be" },
    { "{\"layers\": [{\"type\": \"dense\", \"units\": 10, \"pool\": 2}]}", "layers[0]: unknown member “pool”" },
    { "{\"layers\": [{\"type\": \"dense\", \"units\": 2.5}]}", "layers[0]: “units” must be an integer" },
    { "{\"layers\": [{\"type\": \"dense\", \"units\": \"10\"}]}", "layers[0]: “units” must be a positive integer" },
    { "{\"layers\": [{\"type\": \"conv2d\", \"kernel\": 3, \"filters\": 8}, {\"type\": \"dense\", \"units\": 10}]}",
      "layers[0]: “kernel” must be an array" },
    { "{\"layers\": [{\"type\": \"conv2d\", \"kernel\": [3, 3], \"filters\": 8, \"padding\": \"full\"}]}",
      "layers[0]: “padding” must be" },
    { "{\"layers\": [{\"type\": \"dense\", \"units\": 64, \"dropout\": 1.5}, {\"type\": \"dense\", \"units\": 10}]}",
      "layers[0]: dropout rate 1.5 is not in [0, 1)" },
    { "{\"layers\": [{\"type\": \"dense\", \"units\": 10}", "<data>:1" },
    { "{\"layers\": [{\"type\": \"dense\", \"units\": 8, \"batchnorm\": 1}, {\"type\": \"dense\", \"units\": 10}]}",
      "layers[0]: “batchnorm” must be true or false" },
    { "{\"layers\": [{\"type\": \"dense\", \"units\": 10, \"batchnorm\": true}]}",
      "output layer cannot have batch normalisation" },
    { "{\"layers\": [{\"type\": \"conv2d\", \"kernel\": [3, 3], \"filters\": 8, \"bn\": true}]}",
      "layers[0]: unknown member “bn”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NasArch) arch = nas_arch_from_json_string (cases[i].json, &error);

      g_assert_null (arch);
      g_assert_nonnull (error);
      g_test_message ("%s → %s", cases[i].json, error->message);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("%s: error “%s” lacks “%s”", cases[i].json, error->message, cases[i].message);
    }
}

/* The constructor API the search engine uses, and the shape check that
 * keeps invalid architectures from ever being trained. */
static void
test_construct_and_shapes (void)
{
  g_autoptr(NasArch) arch = nas_arch_new ();
  g_autoptr(NasArch) parsed = NULL;
  g_autoptr(GError) error = NULL;
  NasStagePlan plans[NAS_ARCH_MAX_LAYERS];

  g_assert_true (nas_arch_add_conv2d (arch, 3, 3, 8, FALSE, 4, 0.0, &error));
  g_assert_true (nas_arch_add_conv2d (arch, 3, 3, 8, FALSE, 4, 0.5, &error));
  g_assert_true (nas_arch_add_dense (arch, 10, 0, &error));
  g_assert_no_error (error);
  parsed = nas_arch_parse ("conv 3x3x8 pool4 | conv 3x3x8 pool4 drop0.5 | dense 10", NULL);
  g_assert_true (nas_arch_equal (arch, parsed));

  /* 28 → 7 → 1: valid; the plan has the shapes. */
  g_assert_true (nas_arch_plan (arch, 1, 28, 28, 10, plans, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plans[0].out_h, ==, 7);
  g_assert_cmpuint (plans[1].out_h, ==, 1);
  g_assert_cmpuint (plans[2].in_c * plans[2].in_h * plans[2].in_w, ==, 8);

  /* 12 → 3 → 0: the second pool would vanish. */
  g_assert_false (nas_arch_plan (arch, 1, 12, 12, 10, NULL, &error));
  g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_SHAPE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (nas_arch_params (arch, 1, 12, 12), ==, 0);

  /* A valid kernel larger than its map. */
  {
    g_autoptr(NasArch) big = nas_arch_parse ("conv 5x5x4 valid | conv 5x5x4 valid | dense 10", NULL);

    g_assert_true (nas_arch_plan (big, 1, 9, 9, 10, NULL, NULL));
    g_assert_false (nas_arch_plan (big, 1, 8, 8, 10, NULL, &error));
    g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_SHAPE);
    g_clear_error (&error);
  }

  /* Class count mismatch. */
  g_assert_false (nas_arch_plan (arch, 1, 28, 28, 7, NULL, &error));
  g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_SHAPE);
  g_clear_error (&error);

  /* Bad values from the constructors. */
  g_assert_false (nas_arch_add_conv1d (arch, 0, 8, 1, 0, &error));
  g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (nas_arch_add_dense (arch, 8, -0.1, &error));
  g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID);
  g_clear_error (&error);

  /* Batch normalisation: γ and β instead of the bias, ~4 FLOPs a value. */
  {
    g_autoptr(NasArch) n = nas_arch_parse ("conv 3x3x8 pool4 | conv 3x3x8 pool4 drop0.5 | dense 10", NULL);

    nas_arch_set_batchnorm (n, 1, TRUE);
    g_assert_true (nas_arch_plan (n, 1, 28, 28, 10, plans, &error));
    g_assert_cmpuint (plans[0].n_biases, ==, 8);
    g_assert_cmpuint (plans[0].n_bn, ==, 0);
    g_assert_cmpuint (plans[1].n_biases, ==, 0);
    g_assert_cmpuint (plans[1].n_bn, ==, 8);
    g_assert_cmpuint (nas_arch_params (n, 1, 28, 28), ==, nas_arch_params (arch, 1, 28, 28) + 8);
    g_assert_cmpfloat (nas_arch_flops (n, 1, 28, 28), ==, nas_arch_flops (arch, 1, 28, 28) + 4.0 * 8 * 7 * 7);
    nas_arch_set_batchnorm (n, 2, TRUE);
    g_assert_false (nas_arch_validate (n, &error));
    g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* The 1-D preset sees 784 pixels; stride-1 pools keep the length. */
  {
    g_autoptr(NasArch) t = nas_arch_builtin ("tutorial-2017", NULL);
    g_autoptr(NasArch) p = nas_arch_parse ("conv1d 5x4 pool3 | dense 10", NULL);

    g_assert_true (nas_arch_plan (t, 1, 28, 28, 10, plans, &error));
    g_assert_cmpuint (plans[0].conv.ow, ==, 784);
    g_assert_cmpuint (plans[2].n_weights, ==, 784 * 128 * 10);
    g_assert_true (nas_arch_plan (p, 1, 28, 28, 10, plans, &error));
    g_assert_cmpuint (plans[0].out_w, ==, 784);
    g_assert_cmpuint (nas_arch_params (p, 1, 28, 28), ==, 5 * 4 + 4 + 784 * 4 * 10 + 10);
  }
}

static void
test_from_any (void)
{
  g_autoptr(NasArch) a = nas_arch_from_any ("bench-b", NULL);
  g_autoptr(NasArch) b = nas_arch_from_any ("conv 5x5x32 pool2 drop0.25 | conv 3x3x64 pool2 drop0.25 | dense 10", NULL);
  g_autofree char *json = nas_arch_to_json_string (a);
  g_autoptr(NasArch) c = nas_arch_from_any (json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NasArch) d = nas_arch_from_any ("bench-z", &error);

  g_assert_true (nas_arch_equal (a, b));
  g_assert_true (nas_arch_equal (a, c));
  g_assert_null (d);
  g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE);
}

/* A rate prints as the shortest text that reads back to it: the usual
 * ones as before, and two rates that differ in the seventh digit do not
 * share one canonical text. */
static void
test_rate_round_trip (void)
{
  static const char * const texts[] = {
    "dense 8 drop0.5 | dense 10", "conv 3x3x8 drop0.25 | dense 10", "dense 8 drop0.1 | dense 10",
    "dense 8 drop0.1234567 | dense 10", "dense 8 drop0.12345678901234568 | dense 10",
    "dense 8 drop1e-300 | dense 10",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NasArch) arch = nas_arch_parse (texts[i], &error);
      g_autofree char *text = NULL;
      g_autoptr(NasArch) again = NULL;

      g_assert_no_error (error);
      text = nas_arch_to_string (arch);
      g_assert_cmpstr (text, ==, texts[i]);
      again = nas_arch_parse (text, &error);
      g_assert_no_error (error);
      g_assert_true (again->layers[0].dropout == arch->layers[0].dropout);
    }
}

/* JSON nested 100,000 deep (an --arch argument, a stored architecture) is
 * refused before json-glib's recursive parser would overflow the stack;
 * brackets inside strings do not count. */
static void
test_json_depth (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *deep = nested_json ("{\"layers\": ", 100000);
  g_autofree char *edge = nested_json ("", NAS_JSON_MAX_DEPTH);
  g_autofree char *over = nested_json ("", NAS_JSON_MAX_DEPTH + 1);
  g_autoptr(NasArch) arch = NULL;

  arch = nas_arch_from_json_string (deep, &error);
  g_assert_null (arch);
  g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested"));
  g_clear_error (&error);
  arch = nas_arch_from_any (deep, &error);
  g_assert_null (arch);
  g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_PARSE);

  g_assert_false (nas_json_too_deep (edge, -1, NAS_JSON_MAX_DEPTH));
  g_assert_true (nas_json_too_deep (over, -1, NAS_JSON_MAX_DEPTH));
  g_assert_true (nas_json_too_deep (over, NAS_JSON_MAX_DEPTH + 1, NAS_JSON_MAX_DEPTH));
  g_assert_false (nas_json_too_deep (over, NAS_JSON_MAX_DEPTH, NAS_JSON_MAX_DEPTH));
  g_assert_false (nas_json_too_deep ("[\"[[[[\", \"\\\"[[[[\"]", -1, 2));
  g_assert_true (nas_json_too_deep ("[\"\\\\\", [[]]]", -1, 2));
}

/* json-glib 1.6 writes a double without a '.' with ".0" appended, also
 * after an exponent ("2e-08.0"), which no JSON reader takes; the mend
 * removes exactly that, never inside strings. */
static void
test_json_mend (void)
{
  static const char * const cases[][2] = {
    { "[2e-08.0,1e+22.0,1E5.0]", "[2e-08,1e+22,1E5]" },
    { "{\"a\":1e-300.0}", "{\"a\":1e-300}" },
    { "[1.5e-07,0.5,1.0,2e-08]", "[1.5e-07,0.5,1.0,2e-08]" },
    { "[\"2e-08.0\",\"\\\"1e5.0\"]", "[\"2e-08.0\",\"\\\"1e5.0\"]" },
    { "[true,false,null,\"e5.0\"]", "[true,false,null,\"e5.0\"]" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup (cases[i][0]);

      g_assert_cmpstr (nas_json_mend_doubles (text), ==, cases[i][1]);
    }

  /* Every double json-glib writes reads back, bit for bit. */
  {
    const double values[] = { 2e-08, 1e22, 1e-300, 0.1, 3.1e-05, 5e-324, 1e300, -2e-08, 0.0 };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), values[i]);
        g_autofree char *text = nas_json_to_string (node, FALSE);
        g_autoptr(JsonNode) back = json_from_string (text, NULL);

        g_assert_nonnull (back);
        g_assert_true (json_node_get_double (back) == values[i]);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nn/arch/builtins", test_builtins);
  g_test_add_func ("/nn/arch/round-trip", test_round_trip);
  g_test_add_func ("/nn/arch/canonical", test_canonical);
  g_test_add_func ("/nn/arch/batchnorm-json", test_batchnorm_json);
  g_test_add_func ("/nn/arch/text-errors", test_text_errors);
  g_test_add_func ("/nn/arch/json-errors", test_json_errors);
  g_test_add_func ("/nn/arch/construct-and-shapes", test_construct_and_shapes);
  g_test_add_func ("/nn/arch/from-any", test_from_any);
  g_test_add_func ("/nn/arch/json-depth", test_json_depth);
  g_test_add_func ("/nn/arch/json-mend", test_json_mend);
  g_test_add_func ("/nn/arch/rate-round-trip", test_rate_round_trip);

  return g_test_run ();
}
