/* test-net.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Whole networks and the trainer, on small synthetic data: the backward of
 * a whole net against finite differences of its loss (2-D with padding, odd
 * maps, several channels; 1-D; a dense-only net; batch normalisation after
 * conv, conv1d and dense stages), bit-identical training from the same
 * seed, that training actually learns, weights files, batch normalisation's
 * running statistics, and cancellation. */

#define G_LOG_DOMAIN "test-net"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "nas-net.h"
#include "nas-trainer.h"

typedef struct
{
  NasSplit split;
  float   *images;
  guint8  *labels;
} Data;

static void
data_free (Data *d)
{
  g_free (d->images);
  g_free (d->labels);
}

/* 4 classes of 1×8×8 images: the label is the brightest quadrant, on noise. */
static void
make_quadrants (Data    *d,
                size_t   n,
                guint64  seed)
{
  NasRng rng;

  nas_rng_seed (&rng, seed);
  d->images = g_new (float, n * 64);
  d->labels = g_new (guint8, n);
  for (size_t i = 0; i < n; i++)
    {
      guint q = nas_rng_below (&rng, 4);
      float *img = d->images + i * 64;

      for (guint y = 0; y < 8; y++)
        for (guint x = 0; x < 8; x++)
          {
            guint here = (y >= 4) * 2 + (x >= 4);

            img[y * 8 + x] = nas_rng_uniform (&rng, 0, 0.6f) + (here == q ? 0.4f : 0);
          }
      d->labels[i] = (guint8) q;
    }
  d->split = (NasSplit) { "synthetic", n, 1, 8, 8, d->images, d->labels };
}

typedef struct
{
  const char *arch;
  size_t      c, h, w;
  guint       classes;
} NetCase;

/* Central differences of the batch loss against the backward, for every
 * parameter. Dropout is on: each forward restarts the dropout RNG from the
 * same state, so all of them see the same mask. */
static void
test_gradcheck (void)
{
  static const NetCase cases[] = {
    { "conv 3x3x3 pool2 drop0.3 | conv 2x2x4 valid | dense 6 drop0.2 | dense 3", 2, 7, 6, 3 },
    { "conv 4x4x2 pool3 | dense 3", 3, 7, 7, 3 },
    { "conv1d 3x3 pool2 | conv1d 2x2 pool3 drop0.25 | dense 3", 1, 3, 4, 3 },
    { "dense 5 | dense 3", 2, 3, 3, 3 },
    { "conv 3x3x3 bn pool2 drop0.3 | conv 2x2x4 valid bn | dense 6 bn drop0.2 | dense 3", 2, 7, 6, 3 },
    { "conv 3x3x2 bn | dense 5 bn | dense 3", 1, 4, 5, 3 },
    { "conv1d 3x3 bn pool2 | dense 3", 1, 3, 4, 3 },
  };
  const size_t B = 4;
  const double eps = 1e-3;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const NetCase *nc = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(NasArch) arch = nas_arch_parse (nc->arch, &error);
      g_autoptr(NasNet) net = NULL;
      size_t n_in = B * nc->c * nc->h * nc->w, n_params;
      g_autofree float *images = g_new (float, n_in);
      g_autofree float *grads = NULL;
      guint8 labels[4] = { 0, 2, 1, 2 };
      NasRng data_rng, drop_rng, rng;
      float *params;
      double worst = 0, worst_abs = 0;
      size_t n_bad = 0;

      g_assert_no_error (error);
      net = nas_net_new (arch, nc->c, nc->h, nc->w, nc->classes, B, 11, &error);
      g_assert_no_error (error);
      nas_rng_seed (&data_rng, 12 + i);
      for (size_t k = 0; k < n_in; k++)
        images[k] = nas_rng_uniform (&data_rng, 0, 1);
      nas_net_load_batch (net, images, labels, NULL, B);

      /* Non-zero biases so that ReLUs are not all decided by the weights. */
      params = nas_net_get_params (net);
      n_params = nas_net_get_n_params (net);
      for (size_t k = 0; k < n_params; k++)
        params[k] += nas_rng_uniform (&data_rng, -0.1f, 0.1f);

      nas_rng_seed (&drop_rng, 99);
      rng = drop_rng;
      nas_net_forward (net, TRUE, &rng, NULL);
      nas_net_zero_grad (net);
      nas_net_backward (net);
      grads = g_memdup2 (nas_net_get_grads (net), n_params * sizeof (float));

      for (size_t k = 0; k < n_params; k++)
        {
          float saved = params[k];
          double lp, lm, fd, err;

          params[k] = saved + (float) eps;
          rng = drop_rng;
          lp = nas_net_forward (net, TRUE, &rng, NULL);
          params[k] = saved - (float) eps;
          rng = drop_rng;
          lm = nas_net_forward (net, TRUE, &rng, NULL);
          params[k] = saved;
          fd = (lp - lm) / (2 * eps);
          /* Relative where gradients are large, absolute where they are
           * tiny (float rounding of the loss is ~1e-7 / eps). */
          err = fabs (fd - grads[k]) / MAX (fabs (fd) + fabs (grads[k]), 1e-2);
          worst = MAX (worst, err);
          worst_abs = MAX (worst_abs, fabs (fd - grads[k]));
          n_bad += err > 1e-2;
        }
      g_test_message ("net “%s” on %zu×%zu×%zu: %zu params, max rel error %.3g, max abs error %.3g",
                      nc->arch, nc->c, nc->h, nc->w, n_params, worst, worst_abs);
      /* A ReLU or pool winner may flip within ±eps for an unlucky
       * parameter; never more than one. */
      g_assert_cmpuint (n_bad, <=, 1);
      g_assert_cmpfloat (worst_abs, <, 5e-3);
    }
}

static NasNet *
train_net (const char     *text,
           const Data     *data,
           guint64         net_seed,
           guint64         train_seed,
           NasTrainResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasArch) arch = nas_arch_parse (text, &error);
  g_autoptr(NasNet) net = NULL;
  NasTrainConfig config;

  g_assert_no_error (error);
  net = nas_net_new (arch, 1, 8, 8, 4, 32, net_seed, &error);
  g_assert_no_error (error);
  nas_train_config_init (&config);
  config.batch_size = 32;
  config.epochs = 3;
  config.seed = train_seed;
  config.lr = 3e-3f;
  g_assert_true (nas_train (net, &data->split, &config, NULL, result, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&net);
}

static void
test_deterministic (void)
{
  const char *text = "conv 3x3x4 pool2 drop0.25 | dense 16 drop0.5 | dense 4";
  Data data;
  NasTrainResult r1, r2, r3;
  g_autoptr(NasNet) a = NULL, b = NULL, c = NULL;
  size_t n;

  make_quadrants (&data, 150, 1);
  a = train_net (text, &data, 5, 6, &r1);
  b = train_net (text, &data, 5, 6, &r2);
  c = train_net (text, &data, 5, 7, &r3);
  n = nas_net_get_n_params (a);
  /* 150 images in batches of 32: 5 steps per epoch, the last one short. */
  g_assert_cmpuint (r1.steps, ==, 15);
  g_assert_cmpmem (nas_net_get_params (a), n * sizeof (float), nas_net_get_params (b), n * sizeof (float));
  g_assert_cmpfloat (r1.last_loss, ==, r2.last_loss);
  g_assert_true (memcmp (nas_net_get_params (a), nas_net_get_params (c), n * sizeof (float)) != 0);
  data_free (&data);
}

/* nas_predict() gives the classes nas_evaluate() counts: its accuracy. */
static void
assert_predictions_match (NasNet         *net,
                          const NasSplit *split,
                          double          accuracy)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *predictions = g_new (guint8, split->n);
  gsize right = 0;

  g_assert_true (nas_predict (net, split, NULL, predictions, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < split->n; i++)
    {
      g_assert_cmpuint (predictions[i], <, 4);
      right += predictions[i] == split->labels[i];
    }
  g_assert_cmpfloat (accuracy, ==, (double) right / split->n);
}

/* Training reduces the loss and reaches high accuracy on held-out data. */
static void
test_learns (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasArch) arch = nas_arch_parse ("conv 3x3x4 pool2 | dense 4", NULL);
  g_autoptr(NasNet) net = nas_net_new (arch, 1, 8, 8, 4, 50, 1, &error);
  Data train, test;
  NasTrainConfig config;
  double acc0, loss0, acc, loss;

  make_quadrants (&train, 400, 2);
  make_quadrants (&test, 200, 3);
  g_assert_true (nas_evaluate (net, &test.split, NULL, &acc0, &loss0, &error));
  assert_predictions_match (net, &test.split, acc0);
  nas_train_config_init (&config);
  config.batch_size = 20;
  config.epochs = 6;
  config.lr = 1e-2f;
  g_assert_true (nas_train (net, &train.split, &config, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (nas_evaluate (net, &test.split, NULL, &acc, &loss, &error));
  g_test_message ("held-out accuracy %.3f → %.3f, loss %.3f → %.3f", acc0, acc, loss0, loss);
  assert_predictions_match (net, &test.split, acc);
  g_assert_cmpfloat (acc, >, 0.9);
  g_assert_cmpfloat (loss, <, loss0 / 2);

  /* SGD with momentum learns too. */
  nas_net_init_weights (net, 2);
  config.optimizer = NAS_OPTIM_SGD;
  config.lr = 0.05f;
  g_assert_true (nas_train (net, &train.split, &config, NULL, NULL, &error));
  g_assert_true (nas_evaluate (net, &test.split, NULL, &acc, &loss, &error));
  g_test_message ("SGD: held-out accuracy %.3f, loss %.3f", acc, loss);
  g_assert_cmpfloat (acc, >, 0.9);

  data_free (&train);
  data_free (&test);
}

static void
test_save_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nascent-test-net-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "w.bin", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.bin", NULL);
  g_autoptr(NasArch) arch = nas_arch_parse ("conv 3x3x4 pool2 | dense 4", NULL);
  g_autoptr(NasArch) other = nas_arch_parse ("conv 3x3x5 pool2 | dense 4", NULL);
  g_autoptr(NasNet) a = nas_net_new (arch, 1, 8, 8, 4, 8, 1, &error);
  g_autoptr(NasNet) b = nas_net_new (arch, 1, 8, 8, 4, 8, 2, &error);
  g_autoptr(NasNet) c = nas_net_new (other, 1, 8, 8, 4, 8, 2, &error);
  g_autoptr(NasNet) d = nas_net_new (arch, 1, 9, 8, 4, 8, 2, &error);
  g_autofree char *contents = NULL;
  size_t n = nas_net_get_n_params (a);
  gsize len;

  g_assert_no_error (error);
  g_assert_true (memcmp (nas_net_get_params (a), nas_net_get_params (b), n * sizeof (float)) != 0);
  g_assert_true (nas_net_save (a, path, &error));
  g_assert_no_error (error);
  g_assert_true (nas_net_load (b, path, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (nas_net_get_params (a), n * sizeof (float), nas_net_get_params (b), n * sizeof (float));

  g_assert_false (nas_net_load (c, path, &error));
  g_assert_error (error, NAS_NET_ERROR, NAS_NET_ERROR_MISMATCH);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (nas_net_load (d, path, &error));
  g_assert_error (error, NAS_NET_ERROR, NAS_NET_ERROR_MISMATCH);
  g_clear_error (&error);

  /* Truncated: one float short. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (bad, contents, (gssize) len - 4, NULL));
  g_assert_false (nas_net_load (b, bad, &error));
  g_assert_error (error, NAS_NET_ERROR, NAS_NET_ERROR_FORMAT);
  g_clear_error (&error);
  /* Not a weights file. */
  g_assert_true (g_file_set_contents (bad, "{\"layers\": []}", -1, NULL));
  g_assert_false (nas_net_load (b, bad, &error));
  g_assert_error (error, NAS_NET_ERROR, NAS_NET_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (nas_net_load (b, "/nonexistent/w.bin", &error));
  g_assert_error (error, NAS_NET_ERROR, NAS_NET_ERROR_IO);

  g_unlink (path);
  g_unlink (bad);
  g_rmdir (dir);
}

/* A normalised net learns, evaluates with its running statistics, and saves
 * and loads them with its parameters. */
static void
test_batchnorm (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nascent-test-net-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "w.bin", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(NasArch) arch = nas_arch_parse ("conv 3x3x4 bn pool2 | dense 8 bn drop0.25 | dense 4", NULL);
  g_autoptr(NasNet) net = nas_net_new (arch, 1, 8, 8, 4, 50, 1, &error);
  g_autoptr(NasNet) copy = nas_net_new (arch, 1, 8, 8, 4, 50, 2, &error);
  g_autofree float *start = NULL;
  Data train, test;
  NasTrainConfig config;
  double acc0, loss0, acc, loss, acc2, loss2;
  size_t n_state, len;

  g_assert_no_error (error);
  /* 3·3·4 + 2·4 + 4·4·4·8 + 2·8 + 8·4 + 4; state: 2·4 + 2·8. */
  g_assert_cmpuint (nas_net_get_n_params (net), ==, 36 + 8 + 512 + 16 + 32 + 4);
  n_state = nas_net_get_n_state (net);
  g_assert_cmpuint (n_state, ==, 24);
  start = g_memdup2 (nas_net_get_state (net), n_state * sizeof (float));
  g_assert_cmpfloat (start[0], ==, 0);
  g_assert_cmpfloat (start[4], ==, 1);

  make_quadrants (&train, 400, 2);
  make_quadrants (&test, 200, 3);
  g_assert_true (nas_evaluate (net, &test.split, NULL, &acc0, &loss0, &error));
  g_assert_cmpmem (start, n_state * sizeof (float), nas_net_get_state (net), n_state * sizeof (float));
  nas_train_config_init (&config);
  config.batch_size = 20;
  config.epochs = 4;
  config.lr = 1e-2f;
  g_assert_true (nas_train (net, &train.split, &config, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (memcmp (start, nas_net_get_state (net), n_state * sizeof (float)) != 0);
  g_assert_true (nas_evaluate (net, &test.split, NULL, &acc, &loss, &error));
  g_test_message ("held-out accuracy %.3f → %.3f, loss %.3f → %.3f", acc0, acc, loss0, loss);
  g_assert_cmpfloat (acc, >, 0.9);

  g_assert_true (nas_net_save (net, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 12);
  g_assert_nonnull (g_strstr_len (contents + 12, (gssize) MIN (len - 12, 300), "\"params\":608,\"state\":24}"));
  g_assert_true (nas_net_load (copy, path, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (nas_net_get_state (net), n_state * sizeof (float),
                   nas_net_get_state (copy), n_state * sizeof (float));
  g_assert_true (nas_evaluate (copy, &test.split, NULL, &acc2, &loss2, &error));
  g_assert_cmpfloat (acc2, ==, acc);
  g_assert_cmpfloat (loss2, ==, loss);

  /* The state is part of the size. */
  g_assert_true (g_file_set_contents (path, contents, (gssize) len - 4, NULL));
  g_assert_false (nas_net_load (copy, path, &error));
  g_assert_error (error, NAS_NET_ERROR, NAS_NET_ERROR_FORMAT);
  g_clear_error (&error);

  /* Reinitialising resets the running statistics. */
  nas_net_init_weights (net, 5);
  g_assert_cmpmem (start, n_state * sizeof (float), nas_net_get_state (net), n_state * sizeof (float));

  data_free (&train);
  data_free (&test);
  g_unlink (path);
  g_rmdir (dir);
}

/* The backward of a normalised net needs the batch statistics of a
 * training forward. */
static void
test_batchnorm_backward_after_eval (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(NasArch) arch = nas_arch_parse ("dense 4 bn | dense 2", NULL);
      g_autoptr(NasNet) net = nas_net_new (arch, 1, 2, 2, 2, 2, 1, NULL);
      float images[8] = { 0 };
      guint8 labels[2] = { 0, 1 };

      nas_net_load_batch (net, images, labels, NULL, 2);
      nas_net_forward (net, FALSE, NULL, NULL);
      nas_net_backward (net);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*training*");
}

typedef struct
{
  guint   calls;
  guint64 last_step;
  guint   last_epoch;
  guint   epoch_at_6;
  guint   stop_at;
} Progress;

static gboolean
progress_cb (const NasTrainProgress *p,
             gpointer                user_data)
{
  Progress *pr = user_data;

  pr->calls++;
  g_assert_cmpuint (p->step, >, pr->last_step);
  g_assert_true (p->loss > 0 && isfinite (p->loss));
  g_assert_true (p->accuracy >= 0 && p->accuracy <= 1);
  g_assert_cmpfloat (p->images_per_second, >, 0);
  pr->last_step = p->step;
  pr->last_epoch = p->epoch;
  if (p->step == 6)
    pr->epoch_at_6 = p->epoch;
  return pr->calls != pr->stop_at;
}

static void
test_budget_and_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasArch) arch = nas_arch_parse ("conv 3x3x2 pool2 | dense 4", NULL);
  g_autoptr(NasNet) net = nas_net_new (arch, 1, 8, 8, 4, 16, 1, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  NasTrainConfig config;
  NasTrainResult result;
  Progress pr = { 0 };
  Data data;

  make_quadrants (&data, 100, 4);
  nas_train_config_init (&config);
  config.batch_size = 16;
  config.steps = 7;
  config.subset = 40;   /* 3 steps per epoch: the budget crosses epochs */
  config.progress_every = 2;
  config.progress = progress_cb;
  config.user_data = &pr;
  g_assert_true (nas_train (net, &data.split, &config, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.steps, ==, 7);
  g_assert_cmpuint (pr.calls, ==, 4);   /* steps 2, 4, 6 and the last */
  g_assert_cmpuint (pr.last_step, ==, 7);
  /* Steps 1-3 are epoch 0, 4-6 epoch 1, 7 epoch 2. */
  g_assert_cmpuint (pr.last_epoch, ==, 2);
  g_assert_cmpuint (pr.epoch_at_6, ==, 1);

  /* The callback stops training. */
  pr = (Progress) { .stop_at = 2 };
  g_assert_false (nas_train (net, &data.split, &config, NULL, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (pr.last_step, ==, 4);

  /* So does the cancellable. */
  g_cancellable_cancel (cancellable);
  g_assert_false (nas_train (net, &data.split, &config, cancellable, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Bad configurations and data. */
  config.progress = NULL;
  config.batch_size = 17;
  g_assert_false (nas_train (net, &data.split, &config, NULL, &result, &error));
  g_assert_error (error, NAS_TRAIN_ERROR, NAS_TRAIN_ERROR_CONFIG);
  g_clear_error (&error);
  config.batch_size = 16;
  data.labels[5] = 4;
  g_assert_false (nas_train (net, &data.split, &config, NULL, &result, &error));
  g_assert_error (error, NAS_TRAIN_ERROR, NAS_TRAIN_ERROR_DATA);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  data.labels[5] = 0;
  data.split.h = 7;
  g_assert_false (nas_evaluate (net, &data.split, NULL, NULL, NULL, &error));
  g_assert_error (error, NAS_TRAIN_ERROR, NAS_TRAIN_ERROR_DATA);

  data_free (&data);
}

static void
test_counts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasArch) arch = nas_arch_builtin ("bench-a", NULL);
  g_autoptr(NasNet) net = nas_net_new (arch, 1, 28, 28, 10, 2, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (nas_net_get_n_params (net), ==, 1199882);
  g_assert_cmpfloat (nas_net_get_flops (net), ==, nas_arch_flops (arch, 1, 28, 28));

  /* A class count the output layer does not have. */
  g_clear_pointer (&net, nas_net_free);
  net = nas_net_new (arch, 1, 28, 28, 7, 2, 1, &error);
  g_assert_null (net);
  g_assert_error (error, NAS_ARCH_ERROR, NAS_ARCH_ERROR_SHAPE);
}

/* The size computed from the plan is what nas_net_new() really allocates,
 * for 2-D and 1-D layers, pooling, dropout, batch normalisation and
 * hidden dense layers, at several batch sizes. */
static void
test_memory_size (void)
{
  static const char * const archs[] = {
    "conv 5x5x16 pool2 drop0.25 | conv 3x3x8 | dense 10",
    "conv 3x3x32 valid bn | conv 3x3x64 valid bn pool2 drop0.25 | dense 128 bn drop0.5 | dense 10",
    "conv1d 10x32 pool3 | conv1d 5x16 | dense 10",
    "conv 1x1x4 | dense 10",
  };
  static const size_t batches[] = { 1, 32, 100 };

  for (guint i = 0; i < G_N_ELEMENTS (archs); i++)
    for (guint j = 0; j < G_N_ELEMENTS (batches); j++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(NasArch) arch = nas_arch_parse (archs[i], &error);
        g_autoptr(NasNet) net = NULL;
        gboolean one_d = g_str_has_prefix (archs[i], "conv1d");
        size_t size;

        g_assert_no_error (error);
        size = nas_net_memory_size (arch, 1, one_d ? 1 : 28, one_d ? 784 : 28, 10, batches[j], &error);
        g_assert_no_error (error);
        net = nas_net_new (arch, 1, one_d ? 1 : 28, one_d ? 784 : 28, 10, batches[j], 1, &error);
        g_assert_no_error (error);
        g_test_message ("%s, batch %zu: %zu bytes", archs[i], batches[j], size);
        g_assert_cmpuint (size, ==, nas_net_get_memory (net));
      }

  /* An architecture that does not fit its input. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(NasArch) arch = nas_arch_parse ("conv 3x3x4 pool8 | conv 3x3x4 pool8 | dense 10", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (nas_net_memory_size (arch, 1, 28, 28, 10, 8, &error), ==, 0);
    g_assert_nonnull (error);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nn/net/backward-gradcheck", test_gradcheck);
  g_test_add_func ("/nn/net/counts", test_counts);
  g_test_add_func ("/nn/net/memory-size", test_memory_size);
  g_test_add_func ("/nn/net/save-load", test_save_load);
  g_test_add_func ("/nn/net/batchnorm", test_batchnorm);
  g_test_add_func ("/nn/net/batchnorm-backward-after-eval", test_batchnorm_backward_after_eval);
  g_test_add_func ("/nn/trainer/deterministic", test_deterministic);
  g_test_add_func ("/nn/trainer/learns", test_learns);
  g_test_add_func ("/nn/trainer/budget-and-cancel", test_budget_and_cancel);

  return g_test_run ();
}
