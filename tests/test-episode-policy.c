/* test-episode-policy.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The typed episode policy and its one JSON codec: a sampled policy goes
 * to the stored form and back bit for bit, text of the wrong shape is
 * refused, actions stored before schema 3 are recovered from the
 * architecture, and a run's decision labels are what the search space
 * says. */

#define G_LOG_DOMAIN "test-episode-policy"

#include "config.h"

#include <math.h>

#include "nas-episode-policy.h"

static NasSearchConfig *
small_config (gboolean search_depth)
{
  NasSearchConfig *config = nas_search_config_new ();

  config->max_layers = 2;
  config->search_depth = search_depth;
  return config;
}

/* A policy sampled by a real controller over @space. */
static NasEpisodePolicy *
sampled_policy (NasSearchSpace *space,
                guint64         seed)
{
  g_autoptr(GError) error = NULL;
  NasControllerParams params;
  NasController *controller;
  NasSample *sample;
  NasEpisodePolicy *policy;

  nas_controller_params_init (&params);
  params.seed = seed;
  controller = nas_controller_new (&space->spec, &params, &error);
  g_assert_no_error (error);
  sample = nas_controller_sample (controller);
  policy = nas_episode_policy_new_from_sample (sample, &space->spec);
  nas_sample_free (sample);
  nas_controller_free (controller);
  return policy;
}

static void
assert_same_policy (const NasEpisodePolicy *a,
                    const NasEpisodePolicy *b)
{
  g_assert_cmpuint (a->n_decisions, ==, b->n_decisions);
  g_assert_cmpint (a->has_actions, ==, b->has_actions);
  for (guint t = 0; t < a->n_decisions; t++)
    {
      g_assert_cmpint (a->actions[t], ==, b->actions[t]);
      g_assert_cmpuint (a->n_choices[t], ==, b->n_choices[t]);
      g_assert_cmpint (isnan (a->chosen[t]), ==, isnan (b->chosen[t]));
      if (!isnan (a->chosen[t]))
        g_assert_true (a->chosen[t] == b->chosen[t]);
      for (guint c = 0; c < a->n_choices[t]; c++)
        g_assert_true (a->softmax[t][c] == b->softmax[t][c]);
    }
}

static void
test_round_trip (void)
{
  for (guint depth = 0; depth < 2; depth++)
    for (guint64 seed = 1; seed <= 20; seed++)
      {
        g_autoptr(NasSearchConfig) config = small_config (depth);
        g_autoptr(NasSearchSpace) space = nas_search_space_new (config, 1, 28, 28, 10);
        g_autoptr(NasEpisodePolicy) policy = sampled_policy (space, seed);
        g_autoptr(NasEpisodePolicy) back = NULL;
        g_autoptr(NasEpisodePolicy) copy = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *actions = NULL;
        g_autofree char *chosen = NULL;
        g_autofree char *softmax = NULL;
        g_autofree char *again = NULL;

        nas_episode_policy_to_json (policy, &actions, &chosen, &softmax);
        back = nas_episode_policy_from_json (actions, chosen, softmax, &error);
        g_assert_no_error (error);
        assert_same_policy (policy, back);

        copy = nas_episode_policy_copy (back);
        assert_same_policy (policy, copy);
        nas_episode_policy_to_json (copy, NULL, NULL, &again);
        g_assert_cmpstr (again, ==, softmax);

        g_assert_true (isfinite (nas_episode_policy_mean_chosen (policy)));
      }
}

/* Without actions (a row stored before schema 3): the rest still reads,
 * and the actions are written back as null. */
static void
test_without_actions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasEpisodePolicy) policy =
    nas_episode_policy_from_json (NULL, "[0.5,null]", "[[0.5,0.5],null]", &error);
  g_autofree char *actions = NULL;

  g_assert_no_error (error);
  g_assert_false (policy->has_actions);
  g_assert_cmpuint (policy->n_decisions, ==, 2);
  g_assert_true (nas_episode_policy_is_taken (policy, 0));
  g_assert_false (nas_episode_policy_is_taken (policy, 1));
  g_assert_cmpint (policy->actions[0], ==, -1);
  g_assert_cmpfloat (nas_episode_policy_mean_chosen (policy), ==, 0.5);
  nas_episode_policy_to_json (policy, &actions, NULL, NULL);
  g_assert_cmpstr (actions, ==, "null");
}

static void
test_malformed (void)
{
  static const struct
  {
    const char *actions, *chosen, *softmax;
  } cases[] = {
    { NULL, "[0.5]", "not json" },
    { NULL, "[0.5]", "{\"a\": 1}" },
    { NULL, "[0.5]", NULL },
    { NULL, "[0.5, 0.5]", "[[0.5, 0.5]]" },            /* lengths differ */
    { "[0, 1]", "[0.5]", "[[0.5, 0.5]]" },
    { NULL, "[null]", "[[0.5, 0.5]]" },                 /* taken without a probability */
    { NULL, "[0.5]", "[null]" },                        /* a probability of nothing */
    { "[1]", "[null]", "[null]" },
    { NULL, "[\"x\"]", "[[0.5, 0.5]]" },
    { NULL, "[0.5]", "[[0.5, \"x\"]]" },
    { NULL, "[0.5]", "[[]]" },
    { NULL, "[0.5]", "[0.5]" },
    { "[2]", "[0.5]", "[[0.5, 0.5]]" },                 /* outside its choices */
    { "[-1]", "[0.5]", "[[0.5, 0.5]]" },
    { "[0.5]", "[0.5]", "[[0.5, 0.5]]" },
    { "[null]", "[0.5]", "[[0.5, 0.5]]" },
    { "{}", "[0.5]", "[[0.5, 0.5]]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NasEpisodePolicy) policy =
        nas_episode_policy_from_json (cases[i].actions, cases[i].chosen, cases[i].softmax, &error);

      g_test_message ("case %u", i);
      g_assert_null (policy);
      g_assert_error (error, NAS_EPISODE_POLICY_ERROR, NAS_EPISODE_POLICY_ERROR_MALFORMED);
    }
}

/* The actions recovered from an architecture are the ones that made it. */
static void
test_recover_actions (void)
{
  for (guint depth = 0; depth < 2; depth++)
    for (guint64 seed = 1; seed <= 20; seed++)
      {
        g_autoptr(NasSearchConfig) config = small_config (depth);
        g_autoptr(NasSearchSpace) space = nas_search_space_new (config, 1, 28, 28, 10);
        g_autoptr(NasEpisodePolicy) policy = sampled_policy (space, seed);
        g_autoptr(NasEpisodePolicy) stored = NULL;
        g_autoptr(NasArch) arch = nas_search_space_to_arch (space, policy->actions, NULL);
        g_autoptr(GError) error = NULL;
        g_autofree char *arch_json = NULL;
        g_autofree char *chosen = NULL;
        g_autofree char *softmax = NULL;

        g_assert_nonnull (arch);
        arch_json = nas_arch_to_json_string (arch);
        nas_episode_policy_to_json (policy, NULL, &chosen, &softmax);
        stored = nas_episode_policy_from_json (NULL, chosen, softmax, &error);
        g_assert_no_error (error);
        g_assert_false (stored->has_actions);

        g_assert_true (nas_episode_policy_recover_actions (stored, config, arch_json, &error));
        g_assert_no_error (error);
        assert_same_policy (policy, stored);
      }

  {
    g_autoptr(NasSearchConfig) config = small_config (FALSE);
    g_autoptr(GError) error = NULL;
    g_autoptr(NasEpisodePolicy) policy =
      nas_episode_policy_from_json (NULL, "[0.5]", "[[0.5, 0.5]]", &error);

    g_assert_no_error (error);
    g_assert_false (nas_episode_policy_recover_actions (policy, config, "null", &error));
    g_assert_error (error, NAS_EPISODE_POLICY_ERROR, NAS_EPISODE_POLICY_ERROR_UNKNOWN);
    g_assert_false (policy->has_actions);
  }
}

static void
test_labels (void)
{
  g_autoptr(NasSearchConfig) config = small_config (TRUE);
  g_autoptr(NasSearchSpace) space = nas_search_space_new (config, 1, 28, 28, 10);
  g_autoptr(NasDecisionLabels) labels = nas_decision_labels_new (space);
  g_autoptr(NasDecisionLabels) from_run = NULL;
  g_autofree char *config_json = nas_search_config_to_string (config);
  g_autoptr(GError) error = NULL;
  NasRun run = { .config_json = config_json };
  guint most = 0;

  from_run = nas_decision_labels_new_for_run (&run, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (nas_decision_labels_get_n_decisions (labels), ==, space->spec.n_decisions);
  g_assert_cmpuint (nas_decision_labels_get_n_decisions (from_run), ==, space->spec.n_decisions);
  for (guint t = 0; t < space->spec.n_decisions; t++)
    {
      g_autofree char *decision = nas_search_space_decision_label (space, t);
      guint n = space->spec.decisions[t].n_choices;

      g_assert_cmpstr (nas_decision_labels_get_decision (labels, t), ==, decision);
      g_assert_cmpstr (nas_decision_labels_get_decision (from_run, t), ==, decision);
      g_assert_cmpuint (nas_decision_labels_get_n_choices (labels, t), ==, n);
      for (guint c = 0; c < n; c++)
        {
          g_autofree char *choice = nas_search_space_choice_label (space, t, c);

          g_assert_cmpstr (nas_decision_labels_get_choices (labels, t)[c], ==, choice);
          g_assert_cmpstr (nas_decision_labels_get_choices (from_run, t)[c], ==, choice);
        }
      g_assert_null (nas_decision_labels_get_choices (labels, t)[n]);
      most = MAX (most, n);
    }
  g_assert_cmpuint (nas_decision_labels_get_max_choices (labels), ==, most);

  nas_decision_labels_unref (nas_decision_labels_ref (labels));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/episode-policy/round-trip", test_round_trip);
  g_test_add_func ("/search/episode-policy/without-actions", test_without_actions);
  g_test_add_func ("/search/episode-policy/malformed", test_malformed);
  g_test_add_func ("/search/episode-policy/recover-actions", test_recover_actions);
  g_test_add_func ("/search/episode-policy/labels", test_labels);

  return g_test_run ();
}
