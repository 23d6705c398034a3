/* nas-episode-policy.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* An episode's policy as values, its JSON form in the history, and the
 * labels of a run's decisions.
 *
 * The stored form is three arrays with one element per decision, null for
 * a decision that was not taken: actions_json [2, 0, null, …] (since
 * schema 3), action_probs_json [0.31, 0.52, null, …] and softmax_json
 * [[0.31, 0.69], [0.52, 0.2, 0.28], null, …]. Probabilities are written as
 * JSON doubles, which json-glib prints with 17 significant digits, so a
 * round trip gives the same doubles back. Reading checks the shape (equal
 * lengths, nulls in the same places, an action inside its softmax): a
 * malformed value is an error, never a half-filled policy. */

#define G_LOG_DOMAIN "nascent-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include "nas-episode-policy.h"
#include "nas-json.h"

G_DEFINE_QUARK (nas-episode-policy-error-quark, nas_episode_policy_error)

/**
 * nas_episode_policy_new:
 *
 * A policy of @n_decisions decisions, none taken, without actions.
 */
NasEpisodePolicy *
nas_episode_policy_new (guint n_decisions)
{
  NasEpisodePolicy *policy = g_new0 (NasEpisodePolicy, 1);

  policy->n_decisions = n_decisions;
  policy->actions = g_new (gint, MAX (n_decisions, 1));
  policy->chosen = g_new (double, MAX (n_decisions, 1));
  policy->n_choices = g_new0 (guint, MAX (n_decisions, 1));
  policy->softmax = g_new0 (double *, MAX (n_decisions, 1));
  for (guint t = 0; t < n_decisions; t++)
    {
      policy->actions[t] = -1;
      policy->chosen[t] = NAN;
    }

  return policy;
}

/* The policy of a sampled episode; @spec gives each decision's number of
 * choices. The probabilities are the sample's floats, widened. */
NasEpisodePolicy *
nas_episode_policy_new_from_sample (const NasSample     *sample,
                                    const NasPolicySpec *spec)
{
  NasEpisodePolicy *policy;

  g_return_val_if_fail (sample != NULL && spec != NULL, NULL);
  g_return_val_if_fail (sample->n_decisions == spec->n_decisions, NULL);

  policy = nas_episode_policy_new (sample->n_decisions);
  policy->has_actions = TRUE;
  for (guint t = 0; t < sample->n_decisions; t++)
    {
      const float *probs;
      guint n;

      if (sample->actions[t] < 0)
        continue;

      n = spec->decisions[t].n_choices;
      probs = nas_sample_get_probs (sample, t);
      policy->actions[t] = sample->actions[t];
      policy->chosen[t] = sample->chosen_probs[t];
      policy->n_choices[t] = n;
      policy->softmax[t] = g_new (double, n);
      for (guint c = 0; c < n; c++)
        policy->softmax[t][c] = probs[c];
    }

  return policy;
}

NasEpisodePolicy *
nas_episode_policy_copy (const NasEpisodePolicy *policy)
{
  NasEpisodePolicy *copy;

  g_return_val_if_fail (policy != NULL, NULL);

  copy = nas_episode_policy_new (policy->n_decisions);
  copy->has_actions = policy->has_actions;
  for (guint t = 0; t < policy->n_decisions; t++)
    {
      copy->actions[t] = policy->actions[t];
      copy->chosen[t] = policy->chosen[t];
      copy->n_choices[t] = policy->n_choices[t];
      if (policy->softmax[t] != NULL)
        copy->softmax[t] = g_memdup2 (policy->softmax[t], policy->n_choices[t] * sizeof (double));
    }

  return copy;
}

void
nas_episode_policy_free (NasEpisodePolicy *policy)
{
  if (policy == NULL)
    return;

  for (guint t = 0; t < policy->n_decisions; t++)
    g_free (policy->softmax[t]);
  g_free (policy->softmax);
  g_free (policy->n_choices);
  g_free (policy->chosen);
  g_free (policy->actions);
  g_free (policy);
}

/* Whether decision @t was taken in this episode. */
gboolean
nas_episode_policy_is_taken (const NasEpisodePolicy *policy,
                             guint                   t)
{
  g_return_val_if_fail (policy != NULL && t < policy->n_decisions, FALSE);

  return policy->softmax[t] != NULL;
}

/**
 * nas_episode_policy_mean_chosen:
 *
 * The geometric mean of the chosen actions' probabilities: the probability
 * of the architecture itself is their product, which drops out of sight on
 * a linear axis after a few decisions; the mean per decision tells the same
 * story (how sure the controller is) on a readable scale.
 *
 * Returns: the mean, NAN without a positive probability
 */
double
nas_episode_policy_mean_chosen (const NasEpisodePolicy *policy)
{
  double log_sum = 0;
  guint n = 0;

  g_return_val_if_fail (policy != NULL, NAN);

  for (guint t = 0; t < policy->n_decisions; t++)
    if (policy->chosen[t] > 0)   /* false for NAN */
      {
        log_sum += log (policy->chosen[t]);
        n++;
      }

  return n > 0 ? exp (log_sum / n) : NAN;
}

/* The chosen probabilities as an array value (null where not taken). */
void
nas_episode_policy_add_chosen (const NasEpisodePolicy *policy,
                               JsonBuilder            *builder)
{
  g_return_if_fail (policy != NULL && builder != NULL);

  json_builder_begin_array (builder);
  for (guint t = 0; t < policy->n_decisions; t++)
    if (nas_episode_policy_is_taken (policy, t))
      json_builder_add_double_value (builder, policy->chosen[t]);
    else
      json_builder_add_null_value (builder);
  json_builder_end_array (builder);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return nas_json_to_string (root, FALSE);
}

/**
 * nas_episode_policy_to_json:
 * @out_actions_json: (out) (optional): the actions, or "null" for a policy
 *   without them
 * @out_chosen_json: (out) (optional): the chosen actions' probabilities
 * @out_softmax_json: (out) (optional): every taken decision's softmax
 *
 * The stored form of @policy (see the top of the file).
 */
void
nas_episode_policy_to_json (const NasEpisodePolicy  *policy,
                            char                   **out_actions_json,
                            char                   **out_chosen_json,
                            char                   **out_softmax_json)
{
  g_return_if_fail (policy != NULL);

  if (out_actions_json != NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint t = 0; t < policy->n_decisions; t++)
        if (nas_episode_policy_is_taken (policy, t))
          json_builder_add_int_value (b, policy->actions[t]);
        else
          json_builder_add_null_value (b);
      json_builder_end_array (b);
      /* A builder has no bare null at its root. */
      *out_actions_json = policy->has_actions ? builder_to_string (b) : g_strdup ("null");
    }

  if (out_chosen_json != NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      nas_episode_policy_add_chosen (policy, b);
      *out_chosen_json = builder_to_string (b);
    }

  if (out_softmax_json != NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint t = 0; t < policy->n_decisions; t++)
        {
          if (!nas_episode_policy_is_taken (policy, t))
            {
              json_builder_add_null_value (b);
              continue;
            }
          json_builder_begin_array (b);
          for (guint c = 0; c < policy->n_choices[t]; c++)
            json_builder_add_double_value (b, policy->softmax[t][c]);
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      *out_softmax_json = builder_to_string (b);
    }
}

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, NAS_EPISODE_POLICY_ERROR, NAS_EPISODE_POLICY_ERROR_MALFORMED,
               "Malformed episode policy: %s", what);
  return FALSE;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_DOUBLE || type == G_TYPE_INT64;
}

/* Parses @json into an array; a NULL or "null" text gives *@out_array NULL. */
static gboolean
parse_array (JsonParser   *parser,
             const char   *json,
             const char   *what,
             JsonArray   **out_array,
             GError      **error)
{
  JsonNode *root;

  *out_array = NULL;
  if (json == NULL)
    return TRUE;
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return malformed (error, what);
  root = json_parser_get_root (parser);
  if (root == NULL || JSON_NODE_HOLDS_NULL (root))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return malformed (error, what);
  *out_array = json_node_get_array (root);
  return TRUE;
}

/**
 * nas_episode_policy_from_json:
 * @actions_json: (nullable): the actions; %NULL (or "null") for a policy
 *   stored before the actions were
 * @chosen_json: (nullable): the chosen probabilities
 * @softmax_json: the softmaxes
 *
 * Reads the stored form back. Fails with MALFORMED on text that is not of
 * that shape: not JSON, arrays of different lengths, a null in one and not
 * in another, a probability that is not a number, an action outside its
 * softmax. A chosen probability that is null while the decision's softmax
 * is given (never written so) is malformed too.
 *
 * Returns: (transfer full): the policy, or %NULL with @error set
 */
NasEpisodePolicy *
nas_episode_policy_from_json (const char  *actions_json,
                              const char  *chosen_json,
                              const char  *softmax_json,
                              GError     **error)
{
  g_autoptr(JsonParser) actions_parser = json_parser_new ();
  g_autoptr(JsonParser) chosen_parser = json_parser_new ();
  g_autoptr(JsonParser) softmax_parser = json_parser_new ();
  g_autoptr(NasEpisodePolicy) policy = NULL;
  JsonArray *actions, *chosen, *softmax;
  guint n;

  if (!parse_array (actions_parser, actions_json, "actions are not an array", &actions, error) ||
      !parse_array (chosen_parser, chosen_json, "probabilities are not an array", &chosen, error) ||
      !parse_array (softmax_parser, softmax_json, "softmax is not an array", &softmax, error))
    return NULL;
  if (softmax == NULL)
    {
      malformed (error, "no softmax");
      return NULL;
    }

  n = json_array_get_length (softmax);
  if (n > NAS_MAX_DECISIONS ||
      (chosen != NULL && json_array_get_length (chosen) != n) ||
      (actions != NULL && json_array_get_length (actions) != n))
    {
      malformed (error, "arrays of different lengths");
      return NULL;
    }

  policy = nas_episode_policy_new (n);
  policy->has_actions = actions != NULL;
  for (guint t = 0; t < n; t++)
    {
      JsonNode *row = json_array_get_element (softmax, t);
      JsonNode *p = chosen != NULL ? json_array_get_element (chosen, t) : NULL;
      JsonNode *a = actions != NULL ? json_array_get_element (actions, t) : NULL;
      JsonArray *probs;
      guint n_choices;

      if (JSON_NODE_HOLDS_NULL (row))
        {
          if ((p != NULL && !JSON_NODE_HOLDS_NULL (p)) || (a != NULL && !JSON_NODE_HOLDS_NULL (a)))
            {
              malformed (error, "a decision both taken and not taken");
              return NULL;
            }
          continue;
        }

      if (!JSON_NODE_HOLDS_ARRAY (row) || (p != NULL && !is_number (p)))
        {
          malformed (error, "a probability that is not a number");
          return NULL;
        }
      probs = json_node_get_array (row);
      n_choices = json_array_get_length (probs);
      if (n_choices == 0 || n_choices > NAS_POLICY_MAX_CHOICES)
        {
          malformed (error, "a softmax of no choice");
          return NULL;
        }

      policy->n_choices[t] = n_choices;
      policy->softmax[t] = g_new (double, n_choices);
      for (guint c = 0; c < n_choices; c++)
        {
          JsonNode *value = json_array_get_element (probs, c);

          if (!is_number (value))
            {
              malformed (error, "a probability that is not a number");
              return NULL;
            }
          policy->softmax[t][c] = json_node_get_double (value);
        }
      policy->chosen[t] = p != NULL ? json_node_get_double (p) : NAN;

      if (a != NULL)
        {
          gint64 action;

          if (!JSON_NODE_HOLDS_VALUE (a) || json_node_get_value_type (a) != G_TYPE_INT64 ||
              (action = json_node_get_int (a)) < 0 || action >= n_choices)
            {
              malformed (error, "an action outside its choices");
              return NULL;
            }
          policy->actions[t] = (gint) action;
        }
    }

  return g_steal_pointer (&policy);
}

/* Labels and the mapping between actions and architectures depend on the
 * configuration only; the input shape masks choices while sampling but
 * names none. So a space for them takes a 1×1 image and, for the mapping,
 * the architecture's own number of classes. */
static NasSearchSpace *
space_without_data (const NasSearchConfig *config,
                    guint                  n_classes)
{
  return nas_search_space_new (config, 1, 1, 1, MAX (n_classes, 2));
}

/**
 * nas_episode_policy_recover_actions:
 * @config: the run's configuration
 * @architecture_json: the episode's stored architecture
 *
 * Gives a policy stored without its actions (by a file older than schema 3)
 * the actions that produce the episode's architecture, as the search would
 * have stored them. Does nothing on a policy that has them. Fails with
 * UNKNOWN for an architecture the space does not make (an invalid episode,
 * whose architecture is "null").
 */
gboolean
nas_episode_policy_recover_actions (NasEpisodePolicy       *policy,
                                    const NasSearchConfig  *config,
                                    const char             *architecture_json,
                                    GError                **error)
{
  g_autoptr(NasArch) arch = NULL;
  g_autoptr(NasSearchSpace) space = NULL;
  gint actions[NAS_MAX_DECISIONS];

  g_return_val_if_fail (policy != NULL && config != NULL, FALSE);

  if (policy->has_actions)
    return TRUE;

  if (architecture_json != NULL)
    arch = nas_arch_from_json_string (architecture_json, NULL);
  if (arch != NULL && arch->n_layers >= 1)
    space = space_without_data (config, arch->layers[arch->n_layers - 1].units);
  if (space == NULL || space->spec.n_decisions != policy->n_decisions ||
      !nas_search_space_actions_from_arch (space, arch, actions))
    {
      g_set_error (error, NAS_EPISODE_POLICY_ERROR, NAS_EPISODE_POLICY_ERROR_UNKNOWN,
                   "The choices that made this architecture cannot be told");
      return FALSE;
    }

  for (guint t = 0; t < policy->n_decisions; t++)
    if ((actions[t] >= 0) != nas_episode_policy_is_taken (policy, t) ||
        (actions[t] >= 0 && (guint) actions[t] >= policy->n_choices[t]))
      {
        g_set_error (error, NAS_EPISODE_POLICY_ERROR, NAS_EPISODE_POLICY_ERROR_UNKNOWN,
                     "The architecture does not match the stored probabilities");
        return FALSE;
      }

  memcpy (policy->actions, actions, policy->n_decisions * sizeof (gint));
  policy->has_actions = TRUE;
  return TRUE;
}

/**
 * nas_episode_policy_from_stored:
 * @record: an episode as nas_store_get_episode() gives it
 * @run: its run
 *
 * The policy of a stored episode, with its actions: read from the file, or
 * recovered from the architecture for an episode stored before schema 3
 * (see nas_episode_policy_recover_actions(); when that fails the policy has
 * no actions).
 *
 * Returns: (transfer full): the policy, or %NULL with @error set when the
 *   episode has none stored or it is malformed
 */
NasEpisodePolicy *
nas_episode_policy_from_stored (const NasEpisodeRecord  *record,
                                const NasRun            *run,
                                GError                 **error)
{
  g_autoptr(NasEpisodePolicy) policy = NULL;
  g_autoptr(NasSearchConfig) config = NULL;

  g_return_val_if_fail (record != NULL && run != NULL, NULL);

  policy = nas_episode_policy_from_json (record->actions_json, record->action_probs_json,
                                         record->softmax_json, error);
  if (policy == NULL)
    return NULL;

  if (!policy->has_actions &&
      (config = nas_search_config_from_string (run->config_json, NULL)) != NULL)
    nas_episode_policy_recover_actions (policy, config, record->architecture_json, NULL);

  return g_steal_pointer (&policy);
}

/* Labels ---------------------------------------------------------------- */

struct _NasDecisionLabels
{
  guint    n_decisions;
  guint    max_choices;
  char   **decisions;   /* [T] "Layer 2 · kernel" */
  char  ***choices;     /* [T] NULL-terminated: "3×3", "5×5" */
};

static void
labels_clear (NasDecisionLabels *labels)
{
  for (guint t = 0; t < labels->n_decisions; t++)
    g_strfreev (labels->choices[t]);
  g_free (labels->choices);
  g_strfreev (labels->decisions);
}

/**
 * nas_decision_labels_new:
 *
 * The names of @space's decisions and of their choices, for heat maps and
 * tooltips. Immutable, so one instance can be shared across threads.
 */
NasDecisionLabels *
nas_decision_labels_new (const NasSearchSpace *space)
{
  NasDecisionLabels *labels;
  guint n;

  g_return_val_if_fail (space != NULL, NULL);

  n = space->spec.n_decisions;
  labels = g_atomic_rc_box_new0 (NasDecisionLabels);
  labels->n_decisions = n;
  labels->decisions = g_new0 (char *, n + 1);
  labels->choices = g_new0 (char **, MAX (n, 1));
  for (guint t = 0; t < n; t++)
    {
      guint n_choices = space->spec.decisions[t].n_choices;

      labels->decisions[t] = nas_search_space_decision_label (space, t);
      labels->choices[t] = g_new0 (char *, n_choices + 1);
      for (guint c = 0; c < n_choices; c++)
        labels->choices[t][c] = nas_search_space_choice_label (space, t, c);
      labels->max_choices = MAX (labels->max_choices, n_choices);
    }

  return labels;
}

/* The labels of a stored run, from its configuration. */
NasDecisionLabels *
nas_decision_labels_new_for_run (const NasRun  *run,
                                 GError       **error)
{
  g_autoptr(NasSearchConfig) config = NULL;
  g_autoptr(NasSearchSpace) space = NULL;

  g_return_val_if_fail (run != NULL, NULL);

  if ((config = nas_search_config_from_string (run->config_json, error)) == NULL)
    return NULL;
  space = space_without_data (config, 2);
  return nas_decision_labels_new (space);
}

NasDecisionLabels *
nas_decision_labels_ref (NasDecisionLabels *labels)
{
  return g_atomic_rc_box_acquire (labels);
}

void
nas_decision_labels_unref (NasDecisionLabels *labels)
{
  g_atomic_rc_box_release_full (labels, (GDestroyNotify) labels_clear);
}

guint
nas_decision_labels_get_n_decisions (NasDecisionLabels *labels)
{
  g_return_val_if_fail (labels != NULL, 0);
  return labels->n_decisions;
}

/* The most choices of any decision (at least 1). */
guint
nas_decision_labels_get_max_choices (NasDecisionLabels *labels)
{
  g_return_val_if_fail (labels != NULL, 1);
  return MAX (labels->max_choices, 1);
}

const char *
nas_decision_labels_get_decision (NasDecisionLabels *labels,
                                  guint              t)
{
  g_return_val_if_fail (labels != NULL && t < labels->n_decisions, NULL);
  return labels->decisions[t];
}

guint
nas_decision_labels_get_n_choices (NasDecisionLabels *labels,
                                   guint              t)
{
  g_return_val_if_fail (labels != NULL && t < labels->n_decisions, 0);
  return g_strv_length (labels->choices[t]);
}

/* Returns: (array zero-terminated=1): the labels of decision @t's choices */
const char * const *
nas_decision_labels_get_choices (NasDecisionLabels *labels,
                                 guint              t)
{
  g_return_val_if_fail (labels != NULL && t < labels->n_decisions, NULL);
  return (const char * const *) labels->choices[t];
}
