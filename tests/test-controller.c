/* test-controller.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The REINFORCE controller and random search without any
 * CNN: the reward is synthetic — the fraction of decisions that match a
 * hidden target architecture. Shows that the policy gradient has the right
 * sign, that the controller learns with its default settings while random
 * search stays at chance, and that runs are reproducible and resumable
 * bit for bit. */

#define G_LOG_DOMAIN "test-controller"

#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "nas-controller.h"
#include "nas-rng.h"

/* 2 layers × (kernel 3, filters 4, pool 3, dropout 4): 144² = 20736
 * architectures. */
static const guint choices[4] = { 3, 4, 3, 4 };

static void
make_spec (NasPolicySpec *spec,
           gboolean       search_depth)
{
  nas_policy_spec_init_layers (spec, 2, choices, search_depth);
}

static NasController *
make_controller (const NasPolicySpec *spec,
                 NasStrategy          strategy,
                 guint64              seed,
                 guint                batch)
{
  NasControllerParams params;
  g_autoptr(GError) error = NULL;
  NasController *ctrl;

  nas_controller_params_init (&params);
  params.strategy = strategy;
  params.seed = seed;
  params.batch = batch;
  ctrl = nas_controller_new (spec, &params, &error);
  g_assert_no_error (error);
  return ctrl;
}

/* Fraction of the active decisions equal to the target's. */
static double
match_reward (const NasSample *ep,
              const gint       *target)
{
  guint hits = 0;

  for (guint t = 0; t < ep->n_active; t++)
    hits += ep->actions[t] == target[t];
  return (double) hits / ep->n_active;
}

static void
random_target (const NasPolicySpec *spec,
               guint64              seed,
               gint                *target)
{
  NasRng rng;

  nas_rng_seed2 (&rng, seed, 999);
  for (guint t = 0; t < spec->n_decisions; t++)
    target[t] = (gint) nas_rng_below (&rng, spec->decisions[t].n_choices);
}

/* The controller refuses a spec or settings it cannot run, in its own
 * error domain (the spec's own checks are in test-policy.c). */
static void
test_spec (void)
{
  NasPolicySpec spec;
  g_autoptr(GError) error = NULL;

  make_spec (&spec, TRUE);
  spec.decisions[3].type = NAS_DECISION_LAYERS;
  {
    NasControllerParams params;
    NasController *ctrl;

    nas_controller_params_init (&params);
    ctrl = nas_controller_new (&spec, &params, &error);
    g_assert_null (ctrl);
    g_assert_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID);
    g_clear_error (&error);
  }

  make_spec (&spec, FALSE);
  {
    NasControllerParams params;
    NasController *ctrl;

    nas_controller_params_init (&params);
    params.temperature = 0;
    ctrl = nas_controller_new (&spec, &params, &error);
    g_assert_null (ctrl);
    g_assert_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID);
  }
}

/* Every field of an episode agrees with the others and with log_prob (). */
static void
check_episode (NasController    *ctrl,
               const NasSample *ep)
{
  const NasPolicySpec *spec = nas_controller_get_spec (ctrl);
  double log_prob = 0, entropy = 0;

  g_assert_cmpuint (ep->n_decisions, ==, spec->n_decisions);
  for (guint t = 0; t < spec->n_decisions; t++)
    {
      const float *probs = nas_sample_get_probs (ep, t);
      double sum = 0;

      for (guint k = 0; k < spec->decisions[t].n_choices; k++)
        {
          g_assert_cmpfloat (probs[k], >=, 0);
          sum += probs[k];
        }
      if (t >= ep->n_active)
        {
          g_assert_cmpint (ep->actions[t], ==, -1);
          g_assert_cmpfloat (sum, ==, 0);
          continue;
        }
      g_assert_cmpint (ep->actions[t], >=, 0);
      g_assert_cmpint (ep->actions[t], <, (gint) spec->decisions[t].n_choices);
      g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-5);
      g_assert_cmpfloat (ep->chosen_probs[t], ==, probs[ep->actions[t]]);
      log_prob += log (ep->chosen_probs[t]);
      entropy += ep->entropies[t];
    }
  g_assert_cmpfloat_with_epsilon (ep->log_prob, log_prob, 1e-4);
  g_assert_cmpfloat_with_epsilon (ep->arch_prob, exp (log_prob), 1e-6);
  g_assert_cmpfloat_with_epsilon (ep->mean_entropy, entropy / ep->n_active, 1e-5);
  g_assert_cmpfloat_with_epsilon (nas_controller_log_prob (ctrl, ep->actions), ep->log_prob, 1e-9);
}

static void
test_episode (gconstpointer data)
{
  gboolean depth = GPOINTER_TO_UINT (data);
  NasPolicySpec spec;
  g_autoptr(NasController) ctrl = NULL;
  guint depths[2] = { 0, 0 };
  gint target[NAS_POLICY_MAX_DECISIONS];

  make_spec (&spec, depth);
  random_target (&spec, 5, target);
  ctrl = make_controller (&spec, NAS_STRATEGY_REINFORCE, 5, 1);
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(NasSample) ep = nas_controller_sample (ctrl);
      g_autoptr(GError) error = NULL;
      NasReport report;

      g_assert_cmpuint (ep->index, ==, i);
      check_episode (ctrl, ep);
      if (depth)
        {
          g_assert_cmpuint (ep->n_active, ==, 1 + 4 * (ep->actions[0] + 1));
          depths[ep->actions[0]]++;
        }
      else
        g_assert_cmpuint (ep->n_active, ==, 8);

      g_assert_true (nas_controller_report (ctrl, ep, match_reward (ep, target), &report, &error));
      g_assert_no_error (error);
      g_assert_true (report.updated);
      g_assert_cmpuint (report.steps, ==, i + 1);
      g_assert_cmpfloat (report.advantage, ==, report.reward - report.baseline);
      if (i == 0)
        g_assert_cmpfloat (report.advantage, ==, 0);
    }
  if (depth)
    {
      g_test_message ("depth 1: %u episodes, depth 2: %u", depths[0], depths[1]);
      g_assert_cmpuint (depths[0], >, 0);
      g_assert_cmpuint (depths[1], >, 0);
    }
}

/* Reports that do not fit are refused without changing anything. */
static void
test_report_errors (void)
{
  NasPolicySpec spec;
  g_autoptr(NasController) ctrl = NULL;
  g_autoptr(NasSample) ep = NULL;
  g_autoptr(GError) error = NULL;

  make_spec (&spec, FALSE);
  ctrl = make_controller (&spec, NAS_STRATEGY_REINFORCE, 1, 1);
  ep = nas_controller_sample (ctrl);

  g_assert_false (nas_controller_report (ctrl, ep, NAN, NULL, &error));
  g_assert_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID);
  g_clear_error (&error);

  ep->actions[3] = 17;
  g_assert_false (nas_controller_report (ctrl, ep, 0.5, NULL, &error));
  g_assert_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (nas_controller_get_steps (ctrl), ==, 0);
  g_assert_true (isnan (nas_controller_get_baseline (ctrl)));
}

/* After an update with A > 0 the sampled architecture is more likely, with
 * A < 0 less likely — including for ε-explored episodes. */
static void
test_gradient_sign (void)
{
  NasPolicySpec spec;
  guint explored = 0;

  make_spec (&spec, TRUE);
  for (guint seed = 0; seed < 20; seed++)
    {
      g_autoptr(NasController) ctrl = NULL;
      g_autoptr(NasSample) first = NULL;
      NasControllerParams params;
      g_autoptr(GError) error = NULL;

      nas_controller_params_init (&params);
      params.seed = seed;
      params.epsilon = 0.5;   /* so that some tested episodes are explored */
      ctrl = nas_controller_new (&spec, &params, &error);
      g_assert_no_error (error);

      /* The first report only sets the baseline to 0.5 (A = 0). */
      first = nas_controller_sample (ctrl);
      g_assert_true (nas_controller_report (ctrl, first, 0.5, NULL, &error));

      for (guint round = 0; round < 4; round++)
        {
          g_autoptr(NasSample) ep = nas_controller_sample (ctrl);
          double reward = round % 2 == 0 ? 1.0 : 0.0;
          double before = nas_controller_log_prob (ctrl, ep->actions), after;
          NasReport report;

          g_assert_true (nas_controller_report (ctrl, ep, reward, &report, &error));
          after = nas_controller_log_prob (ctrl, ep->actions);
          explored += ep->explored;
          g_assert_true (report.updated);
          if (report.advantage > 0)
            g_assert_cmpfloat (after, >, before);
          else
            {
              g_assert_cmpfloat (report.advantage, <, 0);
              g_assert_cmpfloat (after, <, before);
            }
        }
    }
  g_test_message ("%u of 80 tested episodes were explored", explored);
  g_assert_cmpuint (explored, >, 0);
}

typedef struct
{
  gint    actions[NAS_POLICY_MAX_DECISIONS];
  gboolean explored;
  NasReport report;
} Step;

static void
run_steps (NasController *ctrl,
           const gint    *target,
           Step          *steps,
           guint          n_steps)
{
  for (guint i = 0; i < n_steps; i++)
    {
      g_autoptr(NasSample) ep = nas_controller_sample (ctrl);
      g_autoptr(GError) error = NULL;

      memset (&steps[i], 0, sizeof steps[i]);
      memcpy (steps[i].actions, ep->actions, ep->n_decisions * sizeof (gint));
      steps[i].explored = ep->explored;
      g_assert_true (nas_controller_report (ctrl, ep, match_reward (ep, target), &steps[i].report, &error));
      g_assert_no_error (error);
    }
}

/* Same seed → the same episodes and bit-identical reports; another seed →
 * another run. */
static void
test_reproducible (void)
{
  NasPolicySpec spec;
  gint target[NAS_POLICY_MAX_DECISIONS];
  g_autoptr(NasController) a = NULL, b = NULL, c = NULL;
  g_autofree Step *sa = g_new (Step, 60), *sb = g_new (Step, 60), *sc = g_new (Step, 60);

  make_spec (&spec, TRUE);
  random_target (&spec, 3, target);
  a = make_controller (&spec, NAS_STRATEGY_REINFORCE, 11, 2);
  b = make_controller (&spec, NAS_STRATEGY_REINFORCE, 11, 2);
  c = make_controller (&spec, NAS_STRATEGY_REINFORCE, 12, 2);
  run_steps (a, target, sa, 60);
  run_steps (b, target, sb, 60);
  run_steps (c, target, sc, 60);
  g_assert_cmpmem (sa, 60 * sizeof (Step), sb, 60 * sizeof (Step));
  g_assert_true (memcmp (sa, sc, 60 * sizeof (Step)) != 0);
}

/* Save in the middle of an m-batch, restore, and continue: the restored
 * controller repeats the original's future exactly; broken bytes are
 * refused. */
static void
test_checkpoint (gconstpointer data)
{
  NasStrategy strategy = GPOINTER_TO_UINT (data);
  NasPolicySpec spec;
  NasControllerParams params;
  gint target[NAS_POLICY_MAX_DECISIONS];
  g_autoptr(NasController) ctrl = NULL, restored = NULL;
  g_autoptr(GBytes) bytes = NULL, end_a = NULL, end_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree Step *warm = g_new (Step, 31), *sa = g_new (Step, 40), *sb = g_new (Step, 40);
  const guint8 *raw;
  gsize size;

  make_spec (&spec, TRUE);
  random_target (&spec, 8, target);
  nas_controller_params_init (&params);
  params.strategy = strategy;
  params.seed = 21;
  params.batch = 3;
  params.epsilon = 0.5;         /* a decaying ε: its position is state too */
  params.epsilon_decay = 0.97;
  params.epsilon_min = 0.05;
  ctrl = nas_controller_new (&spec, &params, &error);
  g_assert_no_error (error);
  run_steps (ctrl, target, warm, 31);   /* 31 = 10 updates + 1 pending */

  bytes = nas_controller_save (ctrl);
  restored = nas_controller_load (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nas_controller_get_episodes (restored), ==, 31);
  g_assert_cmpuint (nas_controller_get_steps (restored), ==,
                    strategy == NAS_STRATEGY_REINFORCE ? 10 : 0);
  g_assert_cmpfloat (nas_controller_get_epsilon (restored), ==, nas_controller_get_epsilon (ctrl));
  g_assert_cmpfloat (nas_controller_get_epsilon (restored), <, 0.5 * 0.97 * 0.97);

  run_steps (ctrl, target, sa, 40);
  run_steps (restored, target, sb, 40);
  g_assert_cmpmem (sa, 40 * sizeof (Step), sb, 40 * sizeof (Step));
  end_a = nas_controller_save (ctrl);
  end_b = nas_controller_save (restored);
  g_assert_true (g_bytes_equal (end_a, end_b));
  g_test_message ("checkpoint: %zu bytes", g_bytes_get_size (bytes));

  raw = g_bytes_get_data (bytes, &size);
  for (guint which = 0; which < 4; which++)
    {
      g_autoptr(GBytes) broken = NULL;
      g_autoptr(NasController) none = NULL;
      g_autofree guint8 *copy = g_memdup2 (raw, size);
      gsize len = size;

      if (which == 0)
        len = size / 2;                 /* truncated */
      else if (which == 1)
        copy[size / 3] ^= 0x10;         /* one flipped bit */
      else if (which == 2)
        copy[0] = 'X';                  /* not a checkpoint */
      else
        len = 5;                        /* shorter than any header */
      broken = g_bytes_new (copy, len);
      none = nas_controller_load (broken, &error);
      g_assert_null (none);
      g_assert_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_CHECKPOINT);
      g_test_message ("broken checkpoint %u: %s", which, error->message);
      g_clear_error (&error);
    }
}

/* Runs @max episodes on the synthetic task; returns the episode count after
 * which the mean reward of the last 20 episodes first reached 0.9 (0 if
 * never) and the mean reward of all episodes. */
static guint
episodes_to_target (NasStrategy  strategy,
                    guint64      seed,
                    guint        max,
                    double      *mean_reward)
{
  NasPolicySpec spec;
  gint target[NAS_POLICY_MAX_DECISIONS];
  g_autoptr(NasController) ctrl = NULL;
  double window[20] = { 0 }, window_sum = 0, total = 0;
  guint reached = 0;

  make_spec (&spec, FALSE);
  random_target (&spec, seed, target);
  ctrl = make_controller (&spec, strategy, seed, 1);

  for (guint i = 0; i < max; i++)
    {
      g_autoptr(NasSample) ep = nas_controller_sample (ctrl);
      g_autoptr(GError) error = NULL;
      double reward = match_reward (ep, target);

      g_assert_true (nas_controller_report (ctrl, ep, reward, NULL, &error));
      total += reward;
      window_sum += reward - window[i % 20];
      window[i % 20] = reward;
      if (reached == 0 && i >= 19 && window_sum / 20 >= 0.9 - 1e-9)
        reached = i + 1;
    }
  *mean_reward = total / max;
  return reached;
}

#define LEARN_BOUND 1000

/* With default settings REINFORCE reaches a mean reward of 0.9 over 20
 * consecutive episodes within LEARN_BOUND episodes for 3 seeds; random
 * search stays near chance (mean of 1/nₜ = 0.2917) on the same budget. */
static void
test_learns (void)
{
  const double chance = (1.0 / 3 + 1.0 / 4) / 2;

  for (guint64 seed = 1; seed <= 3; seed++)
    {
      double mean_rl, mean_random;
      guint rl = episodes_to_target (NAS_STRATEGY_REINFORCE, seed, LEARN_BOUND, &mean_rl);
      guint random = episodes_to_target (NAS_STRATEGY_RANDOM, seed, LEARN_BOUND, &mean_random);

      g_test_message ("seed %" G_GUINT64_FORMAT ": REINFORCE reached 0.9 after %u episodes"
                      " (mean reward %.3f); random search mean %.3f, reached %u",
                      seed, rl, mean_rl, mean_random, random);
      g_assert_cmpuint (rl, >, 0);
      g_assert_cmpuint (random, ==, 0);
      g_assert_cmpfloat (fabs (mean_random - chance), <, 0.03);
      g_assert_cmpfloat (mean_rl, >, mean_random + 0.2);
    }
}

/* Pools may not be choice 0, and a layer-0 kernel choice 1 limits the
 * layer-0 filters to choices 0 and 1: a mask that depends on earlier
 * actions, like the search space's "no map below 1×1". */
static guint
allowed_cb (guint       t,
            const gint *actions,
            gboolean   *allowed,
            gpointer    user_data)
{
  const NasPolicySpec *spec = user_data;
  const NasDecision *dec = &spec->decisions[t];
  guint n = 0;

  for (guint k = 0; k < t; k++)
    g_assert_cmpint (actions[k], >=, 0);
  for (guint k = t; k < spec->n_decisions; k++)
    g_assert_cmpint (actions[k], ==, -1);

  for (guint k = 0; k < dec->n_choices; k++)
    {
      allowed[k] = TRUE;
      if (dec->type == NAS_DECISION_POOL && k == 0)
        allowed[k] = FALSE;
      if (dec->type == NAS_DECISION_FILTERS && dec->layer == 0 && actions[t - 1] == 1 && k >= 2)
        allowed[k] = FALSE;
      n += allowed[k];
    }
  return n;
}

static void
test_mask (gconstpointer data)
{
  NasStrategy strategy = GPOINTER_TO_UINT (data);
  NasPolicySpec spec;
  g_autoptr(NasController) ctrl = NULL;
  gint target[NAS_POLICY_MAX_DECISIONS];
  guint limited = 0, explored = 0;

  make_spec (&spec, FALSE);
  random_target (&spec, 6, target);
  ctrl = make_controller (&spec, strategy, 6, 1);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(NasSample) sample = nas_controller_sample_masked (ctrl, allowed_cb, &spec);
      g_autoptr(GError) error = NULL;
      double sum_log = 0;

      explored += sample->explored;
      for (guint t = 0; t < sample->n_decisions; t++)
        {
          const float *probs = nas_sample_get_probs (sample, t);
          double sum = 0;

          for (guint k = 0; k < spec.decisions[t].n_choices; k++)
            {
              g_assert_cmpuint (sample->mask[sample->offsets[t] + k], ==, probs[k] > 0);
              sum += probs[k];
            }
          g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-5);
          g_assert_cmpfloat (probs[sample->actions[t]], >, 0);
          sum_log += log (sample->chosen_probs[t]);
          if (spec.decisions[t].type == NAS_DECISION_POOL)
            g_assert_cmpint (sample->actions[t], !=, 0);
        }
      g_assert_cmpfloat_with_epsilon (sample->log_prob, sum_log, 1e-4);
      if (sample->actions[0] == 1)
        {
          g_assert_cmpint (sample->actions[1], <, 2);
          g_assert_cmpfloat (nas_sample_get_probs (sample, 1)[3], ==, 0);
          limited++;
        }
      g_assert_true (nas_controller_report (ctrl, sample, match_reward (sample, target), NULL, &error));
      g_assert_no_error (error);

      /* A sample whose action its own mask forbids is refused. */
      if (i == 0)
        {
          sample->mask[sample->offsets[0] + sample->actions[0]] = 0;
          g_assert_false (nas_controller_report (ctrl, sample, 0.5, NULL, &error));
          g_assert_error (error, NAS_CONTROLLER_ERROR, NAS_CONTROLLER_ERROR_INVALID);
        }
    }
  g_test_message ("%u of 300 samples had the limited filters, %u explored", limited, explored);
  g_assert_cmpuint (limited, >, 0);
}

static double
central_difference (NasController   *ctrl,
                    const NasSample *sample,
                    double           advantage,
                    float           *theta,
                    gsize            i,
                    float            eps,
                    float           *scratch)
{
  float saved = theta[i];
  double up, down;

  theta[i] = saved + eps;
  up = nas_controller_gradient (ctrl, sample, advantage, scratch);
  theta[i] = saved - eps;
  down = nas_controller_gradient (ctrl, sample, advantage, scratch);
  theta[i] = saved;
  /* The step actually taken, after rounding to float. */
  return (up - down) / ((double) (saved + eps) - (double) (saved - eps));
}

/* The whole REINFORCE gradient — heads, temperature and tanh constant,
 * entropy bonus, mask, embeddings, start input and the NASCell through
 * time — against central differences of the loss, for a small controller
 * with searched depth and a mask. */
static void
test_gradcheck (void)
{
  NasPolicySpec spec;
  NasControllerParams params;
  g_autoptr(NasController) ctrl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *grad = NULL, *scratch = NULL;
  float *theta;
  gsize n;
  const float eps = 3e-3f;
  guint checked = 0, bad = 0, kinks = 0;
  double worst = 0;

  make_spec (&spec, TRUE);
  nas_controller_params_init (&params);
  params.hidden = 8;
  params.embedding = 6;
  params.temperature = 1.5;
  params.tanh_constant = 2.5;
  params.entropy_weight = 0.1;
  params.seed = 77;
  ctrl = nas_controller_new (&spec, &params, &error);
  g_assert_no_error (error);
  theta = nas_controller_get_weights (ctrl, &n);
  /* Bigger weights than the initial ones, so that no term is negligible,
   * and no zero biases: with b = 0 and m₀ = 0, A₃ ⊙ H₃ is exactly 0 at
   * step 0, the kink of its ReLU, where no derivative exists. */
  {
    NasRng rng;

    nas_rng_seed (&rng, 78);
    for (gsize i = 0; i < n; i++)
      theta[i] = 4 * theta[i] + nas_rng_uniform (&rng, -0.3f, 0.3f);
  }
  grad = g_new (float, n);
  scratch = g_new (float, n);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(NasSample) sample = nas_controller_sample_masked (ctrl, allowed_cb, &spec);
      double advantage = round == 1 ? -1.3 : 0.7;

      nas_controller_gradient (ctrl, sample, advantage, grad);
      for (gsize i = 0; i < n; i++)
        {
          double err = G_MAXDOUBLE;

          /* A step that straddles a kink of a ReLU gate (mostly
           * relu(A₃ ⊙ H₃), a product that is often near 0) measures no
           * derivative: retry with smaller steps before calling it wrong.
           * Below 3e-4 float rounding of the loss takes over. */
          for (float step = eps; step > 2e-4f && err > 1.0; step /= 3)
            {
              double num = central_difference (ctrl, sample, advantage, theta, i, step, scratch);

              err = fabs (num - grad[i]) / (2e-3 + 2e-2 * fabs (num));
              kinks += step < eps && err <= 1.0;
            }
          worst = MAX (worst, err);
          bad += err > 1.0;
          checked++;
        }
    }
  g_test_message ("%u gradient entries checked, %u outside tolerance, worst %.2f of tolerance;"
                  " %u needed a smaller step (ReLU kinks)", checked, bad, worst, kinks);
  g_assert_cmpuint (bad, ==, 0);
  g_assert_cmpuint (kinks, <, checked / 50);

  /* The check has teeth: a gradient scaled by 1.1 fails it broadly. */
  {
    g_autoptr(NasSample) sample = nas_controller_sample_masked (ctrl, allowed_cb, &spec);
    guint wrong = 0, nonzero = 0;

    nas_controller_gradient (ctrl, sample, 1.0, grad);
    for (gsize i = 0; i < n; i++)
      {
        double num;

        if (fabsf (grad[i]) < 0.05f)
          continue;
        num = central_difference (ctrl, sample, 1.0, theta, i, eps, scratch);
        wrong += fabs (num - 1.1 * grad[i]) / (2e-3 + 2e-2 * fabs (num)) > 1.0;
        nonzero++;
      }
    g_test_message ("scaled by 1.1: %u of %u larger entries fail", wrong, nonzero);
    g_assert_cmpuint (nonzero, >, 20);
    g_assert_cmpuint (wrong, >, nonzero / 2);
  }
}

/* `-m thorough`: the same over 20 seeds, with the figures for the record. */
static void
test_learns_seeds (void)
{
  guint worst = 0, total = 0;
  double sum_rl = 0, sum_random = 0;

  if (!g_test_thorough ())
    {
      g_test_skip ("run with -m thorough");
      return;
    }
  for (guint64 seed = 1; seed <= 20; seed++)
    {
      double mean_rl, mean_random;
      guint rl = episodes_to_target (NAS_STRATEGY_REINFORCE, seed, LEARN_BOUND, &mean_rl);

      episodes_to_target (NAS_STRATEGY_RANDOM, seed, LEARN_BOUND, &mean_random);
      g_test_message ("seed %2" G_GUINT64_FORMAT ": reached 0.9 after %4u episodes;"
                      " mean reward over %u: REINFORCE %.3f, random %.3f",
                      seed, rl, LEARN_BOUND, mean_rl, mean_random);
      g_assert_cmpuint (rl, >, 0);
      worst = MAX (worst, rl);
      total += rl;
      sum_rl += mean_rl;
      sum_random += mean_random;
    }
  g_test_message ("20 seeds: episodes to 0.9 mean %.0f, worst %u; mean reward REINFORCE %.3f,"
                  " random %.3f", total / 20.0, worst, sum_rl / 20, sum_random / 20);
}

/* Random search: uniform probabilities, entropies log nₜ, no learning. */
static void
test_random (void)
{
  NasPolicySpec spec;
  g_autoptr(NasController) ctrl = NULL;
  gint target[NAS_POLICY_MAX_DECISIONS];
  guint counts[3] = { 0 };

  make_spec (&spec, TRUE);
  random_target (&spec, 4, target);
  ctrl = make_controller (&spec, NAS_STRATEGY_RANDOM, 4, 1);
  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(NasSample) ep = nas_controller_sample (ctrl);
      g_autoptr(GError) error = NULL;
      NasReport report;

      check_episode (ctrl, ep);
      g_assert_false (ep->explored);
      g_assert_cmpfloat_with_epsilon (ep->entropies[1], log (3), 1e-6);
      g_assert_cmpfloat_with_epsilon (nas_sample_get_probs (ep, 2)[3], 0.25, 1e-7);
      counts[ep->actions[1]]++;
      g_assert_true (nas_controller_report (ctrl, ep, match_reward (ep, target), &report, &error));
      g_assert_false (report.updated);
      g_assert_cmpfloat (report.loss, ==, 0);
    }
  g_assert_cmpuint (nas_controller_get_steps (ctrl), ==, 0);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (counts[k], >, 150);
}

/* CPU time of this thread: the machines that run the tests are shared, and
 * wall time would mostly measure the neighbours. */
static gint64
cpu_time_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* CPU time of a sample and of a report with its update (m = 1), for the
 * synthetic space (T = 8) and a deeper searched-depth one (T = 33),
 * reported for the record. */
static void
test_update_time (void)
{
  for (guint size = 0; size < 2; size++)
    {
      NasPolicySpec spec;
      g_autoptr(NasController) ctrl = NULL;
      gint target[NAS_POLICY_MAX_DECISIONS];
      const guint n = 200;
      gint64 sampling = 0, reporting = 0;

      if (size == 0)
        make_spec (&spec, FALSE);
      else
        nas_policy_spec_init_layers (&spec, 8, choices, TRUE);
      random_target (&spec, 9, target);
      ctrl = make_controller (&spec, NAS_STRATEGY_REINFORCE, 9, 1);
      for (guint i = 0; i < n; i++)
        {
          gint64 t0 = cpu_time_us (), t1;
          g_autoptr(NasSample) sample = nas_controller_sample (ctrl);

          t1 = cpu_time_us ();
          g_assert_true (nas_controller_report (ctrl, sample, match_reward (sample, target), NULL, NULL));
          sampling += t1 - t0;
          reporting += cpu_time_us () - t1;
        }
      g_test_message ("T = %u, %zu parameters: sample %.0f µs, report + update %.0f µs (CPU)",
                      spec.n_decisions, nas_controller_get_n_params (ctrl),
                      (double) sampling / n, (double) reporting / n);
      g_assert_cmpuint (nas_controller_get_steps (ctrl), ==, n);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nn/controller/spec", test_spec);
  g_test_add_data_func ("/nn/controller/episode", GUINT_TO_POINTER (FALSE), test_episode);
  g_test_add_data_func ("/nn/controller/episode-depth", GUINT_TO_POINTER (TRUE), test_episode);
  g_test_add_func ("/nn/controller/report-errors", test_report_errors);
  g_test_add_func ("/nn/controller/gradient-sign", test_gradient_sign);
  g_test_add_func ("/nn/controller/reproducible", test_reproducible);
  g_test_add_func ("/nn/controller/gradcheck", test_gradcheck);
  g_test_add_data_func ("/nn/controller/checkpoint/reinforce",
                        GUINT_TO_POINTER (NAS_STRATEGY_REINFORCE), test_checkpoint);
  g_test_add_data_func ("/nn/controller/checkpoint/random",
                        GUINT_TO_POINTER (NAS_STRATEGY_RANDOM), test_checkpoint);
  g_test_add_func ("/nn/controller/learns-seeds", test_learns_seeds);
  g_test_add_func ("/nn/controller/random", test_random);
  g_test_add_data_func ("/nn/controller/mask/reinforce", GUINT_TO_POINTER (NAS_STRATEGY_REINFORCE), test_mask);
  g_test_add_data_func ("/nn/controller/mask/random", GUINT_TO_POINTER (NAS_STRATEGY_RANDOM), test_mask);
  g_test_add_func ("/nn/controller/learns", test_learns);
  g_test_add_func ("/nn/controller/update-time", test_update_time);

  return g_test_run ();
}
