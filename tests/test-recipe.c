/* test-recipe.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The training recipe: learning-rate schedules against their formulas
 * written out here, decoupled weight decay on a zero gradient, a constant
 * recipe training bit for bit like the plain training loop (written out
 * here too), a short cosine training with per-epoch validation, and the
 * recipe's JSON form inside a search configuration. */

#define G_LOG_DOMAIN "test-recipe"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-net.h"
#include "nas-recipe.h"
#include "nas-search-config.h"
#include "nas-trainer.h"

/* Schedules ---------------------------------------------------------------- */

/* The schedules as their definitions say, without shared code. */
static double
naive_factor (const NasSchedule *s,
              guint64            t,
              guint64            total,
              guint64            per_epoch)
{
  double w = s->warmup_steps;

  if (t < s->warmup_steps)
    return (t + 1.0) / w;
  if (s->kind == NAS_SCHEDULE_COSINE)
    return s->floor + (1 - s->floor) * (1 + cos (M_PI * (t - w) / (total - w))) / 2;
  if (s->kind == NAS_SCHEDULE_STEP)
    return pow (s->factor, floor ((double) t / (s->every_epochs * per_epoch)));
  return 1;
}

static void
test_schedule_values (void)
{
  NasSchedule constant = { NAS_SCHEDULE_CONSTANT, 0, 0, 0, 0 };
  NasSchedule cosine = { NAS_SCHEDULE_COSINE, 0, 0, 0, 0 };
  NasSchedule cosine_floor = { NAS_SCHEDULE_COSINE, 0, 0.1f, 0, 0 };
  NasSchedule warm_cosine = { NAS_SCHEDULE_COSINE, 10, 0, 0, 0 };
  NasSchedule step = { NAS_SCHEDULE_STEP, 0, 0, 0.5f, 2 };
  NasSchedule warm_step = { NAS_SCHEDULE_STEP, 4, 0, 0.1f, 1 };
  const NasSchedule *all[] = { &constant, &cosine, &cosine_floor, &warm_cosine, &step, &warm_step };
  double worst = 0;

  /* Known values: T = 100 steps, 10 per epoch. */
  g_assert_cmpfloat (nas_schedule_factor (&constant, 57, 100, 10), ==, 1.0);
  g_assert_cmpfloat (nas_schedule_factor (&cosine, 0, 100, 10), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (nas_schedule_factor (&cosine, 50, 100, 10), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (nas_schedule_factor (&cosine_floor, 50, 100, 10), 0.1f + 0.9f * 0.5, 1e-7);
  g_assert_cmpfloat_with_epsilon (nas_schedule_factor (&cosine, 99, 100, 10),
                                  (1 + cos (M_PI * 0.99)) / 2, 1e-12);
  g_assert_cmpfloat (nas_schedule_factor (&warm_cosine, 0, 100, 10), ==, 0.1);
  g_assert_cmpfloat (nas_schedule_factor (&warm_cosine, 9, 100, 10), ==, 1.0);
  g_assert_cmpfloat (nas_schedule_factor (&warm_cosine, 10, 100, 10), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (nas_schedule_factor (&warm_cosine, 55, 100, 10), 0.5, 1e-12);
  g_assert_cmpfloat (nas_schedule_factor (&step, 19, 100, 10), ==, 1.0);
  g_assert_cmpfloat (nas_schedule_factor (&step, 20, 100, 10), ==, 0.5);
  g_assert_cmpfloat (nas_schedule_factor (&step, 45, 100, 10), ==, 0.25);
  g_assert_cmpfloat (nas_schedule_factor (&warm_step, 1, 100, 10), ==, 0.5);
  /* A warm-up as long as the budget: no cosine left, no division by zero. */
  g_assert_cmpfloat (nas_schedule_factor (&warm_cosine, 9, 10, 10), ==, 1.0);

  /* Every step of several budgets against the twin. */
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    for (guint64 total = 11; total <= 300; total += 97)
      for (guint64 t = 0; t < total; t++)
        {
          double fast = nas_schedule_factor (all[i], t, total, 7);
          double slow = naive_factor (all[i], t, total, 7);

          worst = MAX (worst, fabs (fast - slow));
          g_assert_cmpfloat (fast, >, 0);
          g_assert_cmpfloat (fast, <=, 1);
        }
  g_test_message ("schedules: max difference from the formulas %g", worst);
  g_assert_cmpfloat (worst, <, 1e-6);
}

/* On a zero gradient Adam and SGD do not move θ, so only the decay acts:
 * θ ← θ·(1 − lr·wd) per step, in float as written. */
static void
test_weight_decay (void)
{
  const NasOptimKind kinds[] = { NAS_OPTIM_ADAM, NAS_OPTIM_SGD };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const size_t n = 9;
      g_autoptr(NasOptim) opt = nas_optim_new (kinds[k], 0.1f, n);
      float p[9], q[9], g[9] = { 0 };

      for (size_t i = 0; i < n; i++)
        p[i] = q[i] = (float) i - 4.5f;
      opt->weight_decay = 0.5f;
      for (guint t = 0; t < 3; t++)
        {
          nas_optim_step (opt, p, g);
          for (size_t i = 0; i < n; i++)
            q[i] *= 1 - 0.1f * 0.5f;
        }
      g_assert_cmpmem (p, sizeof p, q, sizeof q);
      g_assert_cmpfloat (fabsf (p[0] - (-4.5f * powf (0.95f, 3))), <, 1e-5f);

      /* Off: a zero gradient leaves θ exactly as it was. */
      opt->weight_decay = 0;
      nas_optim_step (opt, p, g);
      g_assert_cmpmem (p, sizeof p, q, sizeof q);
    }
}

/* Training ------------------------------------------------------------------ */

typedef struct
{
  NasSplit split;
  float   *images;
  guint8  *labels;
} Data;

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

      for (guint y = 0; y < 8; y++)
        for (guint x = 0; x < 8; x++)
          d->images[i * 64 + y * 8 + x] = nas_rng_uniform (&rng, 0, 0.6f) + ((guint) ((y >= 4) * 2 + (x >= 4)) == q ? 0.4f : 0);
      d->labels[i] = (guint8) q;
    }
  d->split = (NasSplit) { "synthetic", n, 1, 8, 8, d->images, d->labels };
}

static void
data_free (Data *d)
{
  g_free (d->images);
  g_free (d->labels);
}

static NasNet *
new_net (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasArch) arch = nas_arch_parse ("conv 3x3x4 pool2 drop0.25 | dense 16 drop0.5 | dense 4", &error);
  NasNet *net;

  g_assert_no_error (error);
  net = nas_net_new (arch, 1, 8, 8, 4, 32, 5, &error);
  g_assert_no_error (error);
  return net;
}

/* The training loop as it was before recipes existed, written out: the
 * trainer with a constant recipe must take exactly these steps. */
static void
naive_train (NasNet         *net,
             const NasSplit *train,
             guint           epochs,
             size_t          batch,
             guint64         seed)
{
  g_autoptr(NasOptim) opt = nas_optim_new (NAS_OPTIM_ADAM, 0, nas_net_get_n_params (net));
  g_autofree guint32 *perm = g_new (guint32, train->n);
  NasRng shuffle, dropout;

  for (size_t i = 0; i < train->n; i++)
    perm[i] = (guint32) i;
  nas_rng_seed2 (&shuffle, seed, 1);
  nas_rng_seed2 (&dropout, seed, 2);
  for (guint e = 0; e < epochs; e++)
    {
      nas_rng_shuffle (&shuffle, perm, train->n);
      for (size_t pos = 0; pos < train->n; pos += batch)
        {
          size_t correct;

          nas_net_load_batch (net, train->images, train->labels, perm + pos, MIN (batch, train->n - pos));
          nas_net_forward (net, TRUE, &dropout, &correct);
          nas_net_zero_grad (net);
          nas_net_backward (net);
          nas_optim_step (opt, nas_net_get_params (net), nas_net_get_grads (net));
        }
    }
}

typedef struct
{
  guint  calls;
  double accuracy[8];
} Epochs;

static gboolean
epoch_cb (guint    epoch,
          double   accuracy,
          double   loss,
          gpointer user_data)
{
  Epochs *epochs = user_data;

  g_assert_cmpuint (epoch, ==, epochs->calls);
  g_assert_true (accuracy >= 0 && accuracy <= 1 && loss > 0);
  epochs->accuracy[epochs->calls++] = accuracy;
  return TRUE;
}

static void
test_constant_bit_identical (void)
{
  g_autoptr(NasNet) a = new_net (), b = new_net (), c = new_net ();
  g_autoptr(GError) error = NULL;
  NasRecipe recipe = { NAS_OPTIM_ADAM, 1e-3f, { NAS_SCHEDULE_CONSTANT, 0, 0.2f, 0.5f, 3 }, 0 };
  NasTrainConfig config;
  Data data, val;
  Epochs epochs = { 0 };
  size_t n;

  make_quadrants (&data, 150, 1);
  make_quadrants (&val, 60, 2);
  naive_train (a, &data.split, 3, 32, 6);

  /* The default configuration, and an explicit constant recipe (unused
   * schedule parameters, the default rate spelled out) with a validation
   * measure after every epoch, which must not touch the training. */
  nas_train_config_init (&config);
  config.batch_size = 32;
  config.epochs = 3;
  config.seed = 6;
  g_assert_true (nas_train (b, &data.split, &config, NULL, NULL, &error));
  g_assert_no_error (error);
  nas_train_config_set_recipe (&config, &recipe);
  config.validation = &val.split;
  config.epoch_end = epoch_cb;
  config.user_data = &epochs;
  g_assert_true (nas_train (c, &data.split, &config, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (epochs.calls, ==, 3);

  n = nas_net_get_n_params (a);
  g_assert_cmpmem (nas_net_get_params (a), n * sizeof (float), nas_net_get_params (b), n * sizeof (float));
  g_assert_cmpmem (nas_net_get_params (a), n * sizeof (float), nas_net_get_params (c), n * sizeof (float));
  data_free (&data);
  data_free (&val);
}

static void
test_cosine_trains (void)
{
  g_autoptr(NasNet) cosine = new_net (), constant = new_net ();
  g_autoptr(GError) error = NULL;
  NasRecipe recipe = { NAS_OPTIM_ADAM, 1e-2f, { NAS_SCHEDULE_COSINE, 10, 0, 0, 0 }, 1e-2f };
  NasTrainConfig config;
  Data train, test;
  Epochs epochs = { 0 };
  double acc, loss;
  size_t n;

  make_quadrants (&train, 400, 3);
  make_quadrants (&test, 200, 4);
  nas_train_config_init (&config);
  config.batch_size = 20;
  config.epochs = 6;
  config.lr = 1e-2f;
  g_assert_true (nas_train (constant, &train.split, &config, NULL, NULL, &error));
  nas_train_config_set_recipe (&config, &recipe);
  config.validation = &test.split;
  config.epoch_end = epoch_cb;
  config.user_data = &epochs;
  g_assert_true (nas_train (cosine, &train.split, &config, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (epochs.calls, ==, 6);

  g_assert_true (nas_evaluate (cosine, &test.split, NULL, &acc, &loss, &error));
  g_test_message ("cosine with warm-up and weight decay: held-out accuracy by epoch %.3f %.3f %.3f %.3f %.3f %.3f,"
                  " final %.3f (loss %.3f)", epochs.accuracy[0], epochs.accuracy[1], epochs.accuracy[2],
                  epochs.accuracy[3], epochs.accuracy[4], epochs.accuracy[5], acc, loss);
  g_assert_cmpfloat (acc, ==, epochs.accuracy[5]);
  g_assert_cmpfloat (acc, >, 0.9);
  n = nas_net_get_n_params (cosine);
  g_assert_true (memcmp (nas_net_get_params (cosine), nas_net_get_params (constant), n * sizeof (float)) != 0);
  data_free (&train);
  data_free (&test);
}

/* JSON ------------------------------------------------------------------------ */

static void
test_recipe_json (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(NasSearchConfig) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = nas_search_config_to_string (config);
  g_autofree char *json = NULL, *again = NULL, *described = NULL;
  static const char * const bad[] = {
    "{\"recipe\": {\"schedule\": \"linear\"}}",
    "{\"recipe\": {\"schedule\": \"cosine\", \"bogus\": 1}}",
    "{\"recipe\": {\"weight_decay\": -1}}",
    "{\"recipe\": {\"floor\": 1}}",
    "{\"recipe\": {\"warmup_steps\": 1.5}}",
    "{\"recipe\": {\"schedule\": \"step\", \"step_factor\": 0}}",
    "{\"recipe\": [1]}",
  };

  /* The default recipe is all zero and not written: stored configurations
   * from before recipes read and write back unchanged. */
  g_assert_true (nas_recipe_is_default (&config->recipe));
  g_assert_null (strstr (plain, "recipe"));
  back = nas_search_config_from_string (plain, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (&back->recipe, sizeof (NasRecipe), &(NasRecipe) { 0 }, sizeof (NasRecipe));
  g_clear_pointer (&back, nas_search_config_free);

  config->recipe.lr = 2e-3f;
  nas_recipe_set_schedule (&config->recipe, NAS_SCHEDULE_STEP);
  g_assert_cmpfloat (config->recipe.schedule.factor, ==, NAS_RECIPE_STEP_FACTOR);
  g_assert_cmpuint (config->recipe.schedule.every_epochs, ==, NAS_RECIPE_STEP_EVERY);
  config->recipe.schedule.warmup_steps = 50;
  config->recipe.weight_decay = 1e-4f;
  described = nas_recipe_describe (&config->recipe);
  g_assert_cmpstr (described, ==, "adam lr 0.002, ×0.5 every 2 epochs, warm-up 50 steps, weight decay 0.0001");
  json = nas_search_config_to_string (config);
  back = nas_search_config_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (&back->recipe, sizeof (NasRecipe), &config->recipe, sizeof (NasRecipe));
  again = nas_search_config_to_string (back);
  g_assert_cmpstr (json, ==, again);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(NasSearchConfig) none = nas_search_config_from_string (bad[i], &error);

      g_assert_null (none);
      g_assert_error (error, NAS_SEARCH_CONFIG_ERROR, (i == 2 || i == 3 || i == 5) ? NAS_SEARCH_CONFIG_ERROR_INVALID
                                                                                   : NAS_SEARCH_CONFIG_ERROR_PARSE);
      g_test_message ("%s: %s", bad[i], error->message);
      g_clear_error (&error);
    }

  /* Validation names the recipe as the field at fault. */
  {
    NasSearchField field = NAS_FIELD_NONE;

    config->recipe.weight_decay = 20;
    g_assert_false (nas_search_config_validate (config, &field, &error));
    g_assert_cmpint (field, ==, NAS_FIELD_RECIPE);
    g_clear_error (&error);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nn/schedule/values", test_schedule_values);
  g_test_add_func ("/nn/optim/weight-decay", test_weight_decay);
  g_test_add_func ("/nn/trainer/constant-bit-identical", test_constant_bit_identical);
  g_test_add_func ("/nn/trainer/cosine", test_cosine_trains);
  g_test_add_func ("/search/recipe/json", test_recipe_json);

  return g_test_run ();
}
