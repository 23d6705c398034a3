/* test-study.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Studies without training: the plan and its seeds, the lists a study
 * accepts, and the report computed from synthetic rows of a history —
 * the strategies' figures, the best finalist chosen by validation and not
 * by test accuracy, McNemar's test on the median seed's predictions
 * against a hand-computed p, and the words both ways. */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "nas-search-config.h"
#include "nas-search-job.h"
#include "nas-study.h"
#include "nas-study-report.h"

/* Removes the history file @path, its companions and its folder @dir;
 * returns g_rmdir()'s result. */
static int
remove_history (const char *dir,
                const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm", ".lock" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
  return g_rmdir (dir);
}

static NasStudy *
make_study (const char *strategies,
            guint       seeds,
            guint       retrain_seeds,
            const char *baselines)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  NasStudy *study = nas_study_new ();

  study->name = g_strdup ("synthetic");
  study->dataset = g_strdup ("mnist");
  study->config_json = nas_search_config_to_string (config);
  study->strategies = g_strdup (strategies);
  study->seeds = seeds;
  study->epochs = 10;
  study->retrain_seeds = retrain_seeds;
  study->baselines = g_strdup (baselines);
  return study;
}

/* Plain text's sentences wrap at 72 characters and its tables do not: a
 * longer line must be a table row (columns apart by two spaces or more);
 * a command is never cut. */
static void
check_text_wrapped (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *body = line + strspn (line, " ");

      if (g_utf8_strlen (line, -1) > 72)
        g_assert_nonnull (strstr (body, "  "));
      g_assert_false (g_str_has_suffix (line, "nascent-cli"));
      g_assert_null (strstr (line, "\xc2\xa0"));
    }
}

/* Searches first, strategy by strategy; then each run's finalist with each
 * retrain seed; then the baselines; every network gets the same retrain
 * seeds, every strategy the same search seeds. */
static void
test_plan (void)
{
  g_autoptr(NasStudy) study = make_study ("reinforce,random", 2, 2, "keras-mnist");
  g_autoptr(GPtrArray) plan = nas_study_plan (study, 42);
  const NasStudyStep *s;

  g_assert_cmpuint (plan->len, ==, 4 + 8 + 2);
  s = plan->pdata[0];
  g_assert_cmpint (s->kind, ==, NAS_STUDY_STEP_SEARCH);
  g_assert_cmpstr (s->strategy, ==, "reinforce");
  g_assert_cmpuint (s->run_seed_index, ==, 0);
  g_assert_true (s->seed == nas_study_search_seed (42, 0));
  s = plan->pdata[3];
  g_assert_cmpstr (s->strategy, ==, "random");
  g_assert_cmpuint (s->run_seed_index, ==, 1);
  g_assert_true (s->seed == nas_study_search_seed (42, 1));
  g_assert_true (s->seed == ((NasStudyStep *) plan->pdata[1])->seed);
  s = plan->pdata[5];
  g_assert_cmpint (s->kind, ==, NAS_STUDY_STEP_RETRAIN);
  g_assert_cmpint (s->role, ==, NAS_STUDY_ROLE_FINALIST);
  g_assert_cmpuint (s->retrain_seed_index, ==, 1);
  g_assert_true (s->seed == nas_study_retrain_seed (42, 1));
  s = plan->pdata[13];
  g_assert_cmpint (s->role, ==, NAS_STUDY_ROLE_BASELINE);
  g_assert_cmpstr (s->baseline, ==, "keras-mnist");
  g_assert_true (s->seed == ((NasStudyStep *) plan->pdata[5])->seed);
  g_assert_true (nas_study_search_seed (42, 0) != nas_study_retrain_seed (42, 0));
  g_assert_true (nas_study_search_seed (42, 0) != nas_study_search_seed (43, 0));
}

static void
test_lists (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = nas_study_split_list (" reinforce, ,random ");

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_assert_cmpstr (parts[1], ==, "random");
  g_assert_true (nas_study_check_lists ("random", "", &error));
  g_assert_no_error (error);
  g_assert_true (nas_study_check_lists (NAS_STUDY_DEFAULT_STRATEGIES, NAS_STUDY_DEFAULT_BASELINES, &error));
  g_assert_no_error (error);
  g_assert_false (nas_study_check_lists ("reinforce,evolution", "", &error));
  g_assert_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (nas_study_check_lists ("random,random", "", &error));
  g_assert_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (nas_study_check_lists ("", "", &error));
  g_assert_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (nas_study_check_lists ("random", "resnet-50", &error));
  g_assert_error (error, NAS_SEARCH_ERROR, NAS_SEARCH_ERROR_INVALID);
}

static void
test_last_fifth (void)
{
  const double r[] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.0 };

  g_assert_cmpfloat_with_epsilon (nas_study_last_fifth_reward (r, 10), 0.95, 1e-12);   /* the last 2 */
  g_assert_cmpfloat_with_epsilon (nas_study_last_fifth_reward (r, 11), (0.9 + 1.0 + 0.0) / 3, 1e-12);
  g_assert_cmpfloat (nas_study_last_fifth_reward (r, 1), ==, 0.1);
  g_assert_true (isnan (nas_study_last_fifth_reward (r, 0)));
}

/* The words, both ways; b = 2, c = 8: P(X ≤ 2) = (1 + 10 + 45) / 1024, so
 * p = 112 / 1024 = 0.109375, not significant. */
static void
test_verdicts (void)
{
  g_autofree char *no = nas_study_mcnemar_verdict ("keras-mnist", 2, 8, nas_stats_mcnemar_exact_p (2, 8));
  g_autofree char *yes = nas_study_mcnemar_verdict ("keras-mnist", 9, 1, nas_stats_mcnemar_exact_p (9, 1));
  g_autofree char *worse = nas_study_mcnemar_verdict ("keras-mnist", 1, 9, nas_stats_mcnemar_exact_p (1, 9));
  NasStudyStrategyRow reinforce = { (char *) "reinforce", 3, { 3, 0.97, 0.01 }, { 3, 0.9, 0.01 } };
  NasStudyStrategyRow random = { (char *) "random", 3, { 3, 0.975, 0.01 }, { 3, 0.9, 0.01 } };
  g_autofree char *tie = NULL, *spread = NULL, *hint = NULL;

  g_assert_cmpfloat_with_epsilon (nas_stats_mcnemar_exact_p (2, 8), 112.0 / 1024, 1e-15);
  g_assert_cmpstr (no, ==, "not significant (p = 0.11): the found network is not shown to be better than keras-mnist");
  g_assert_cmpstr (yes, ==, "significant (p = 0.021): the found network is better than keras-mnist on the test set");
  g_assert_cmpstr (worse, ==, "significant (p = 0.021): keras-mnist is better than the found network on the test set");
  /* b = 134, c = 5,379 (a tiny study's): the exact p underflows to 0,
   * which the words must not claim. */
  {
    g_autofree char *far = nas_study_mcnemar_verdict ("keras-mnist", 134, 5379,
                                                      nas_stats_mcnemar_exact_p (134, 5379));

    g_assert_cmpstr (far, ==, "significant (p < 1e-300): keras-mnist is better than the found network on the test set");
  }

  tie = nas_study_strategy_verdict (&reinforce, &random);
  g_assert_true (g_str_has_prefix (tie, "random search did as well as REINFORCE ("));
  reinforce.best_validation.mean = 0.98;
  spread = nas_study_strategy_verdict (&reinforce, &random);
  g_assert_true (g_str_has_prefix (spread, "REINFORCE's lead over random search is within the spread"));
  reinforce.best_validation.mean = 0.99;
  hint = nas_study_strategy_verdict (&reinforce, &random);
  g_assert_true (g_str_has_prefix (hint, "REINFORCE found better architectures than random search"));
  g_assert_nonnull (strstr (hint, "not a significance test"));
  g_assert_null (nas_study_strategy_verdict (&reinforce, NULL));
  /* A search still running: no verdict on partial figures. */
  reinforce.n_unfinished = 1;
  g_assert_null (nas_study_strategy_verdict (&reinforce, &random));
  reinforce.n_unfinished = 0;
  {
    g_autofree char *again = nas_study_strategy_verdict (&reinforce, &random);

    g_assert_cmpstr (again, ==, hint);
  }
}

/* A run of @strategy whose episodes have these validation accuracies (the
 * reward is the accuracy). */
static gint64
add_run (NasStore     *store,
         const char   *strategy,
         const double *accuracies,
         guint         n,
         gboolean      finished)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autofree char *json = nas_search_config_to_string (config);
  NasRun run = { 0 };
  gint64 id = 0;

  run.name = (char *) strategy;
  run.strategy = (char *) strategy;
  run.dataset = (char *) "mnist";
  run.config_json = json;
  run.episodes_planned = n;
  g_assert_true (nas_store_create_run (store, &run, &id, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NasEpisodeRecord) e = nas_episode_record_new ();

      e->run_id = id;
      e->episode = i;
      e->architecture = g_strdup_printf ("dense %u", 10 + i);
      e->architecture_json = g_strdup ("{}");
      e->canonical_key = g_strdup_printf ("k%u", i);
      e->reward = accuracies[i];
      e->validation_accuracy = accuracies[i];
      g_assert_true (nas_store_commit_episode (store, e, NULL, 0, NULL, &error));
      g_assert_no_error (error);
    }
  if (finished)
    {
      g_assert_true (nas_store_set_run_status (store, id, NAS_RUN_FINISHED, &error));
      g_assert_no_error (error);
    }
  return id;
}

#define N_IMAGES 20

static void
add_retrain (NasStore     *store,
             gint64        study_id,
             NasStudyRole  role,
             const char   *name,
             gint64        run_id,
             guint         seed_index,
             double        test,
             double        validation,
             const guint8 *predictions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NasStudyRetrain) r = nas_study_retrain_new ();

  r->study_id = study_id;
  r->role = role;
  r->name = g_strdup (name);
  r->architecture = g_strdup (role == NAS_STUDY_ROLE_BASELINE ? "keras" : "dense 10");
  r->run_id = run_id;
  r->episode = run_id > 0 ? 0 : -1;
  r->seed_index = seed_index;
  r->test_accuracy = test;
  r->validation_accuracy = validation;
  r->params = 100 + seed_index;
  r->flops = 1000;
  r->train_seconds = 2.0 * (seed_index + 1);
  r->predictions = g_bytes_new (predictions, N_IMAGES);
  g_assert_true (nas_store_add_study_retrain (store, r, NULL, &error));
  g_assert_no_error (error);
}

/* Two strategies × two seeds, three retrain seeds, one baseline. Run A
 * (reinforce, seed 1) has the better test accuracy, run B (random, seed 1)
 * the better validation accuracy, so B is "the found network". Test
 * labels are i mod 10; B's median seed (test accuracies 0.90, 0.95, 0.92:
 * seed 3) is right on images 0–9 and 19, the baseline's median seed on
 * 0–18, so b = 1 and c = 9: p = 2 · P(X ≤ 1 | 10, ½) = 2 · 11 / 1024
 * = 22 / 1024. The other seeds
 * predict everything wrong: using them would give b = c = 0. */
static void
test_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nascent-study-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasStudy) study = make_study ("reinforce,random", 2, 3, "keras-mnist");
  g_autoptr(NasStudyReport) report = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL, *markdown = NULL;
  guint8 labels[N_IMAGES], wrong[N_IMAGES], found[N_IMAGES], baseline[N_IMAGES];
  const double ra[] = { 0.5, 0.6, 0.7, 0.8, 0.9 }, rb[] = { 0.9, 0.1, 0.2, 0.3, 0.4 };
  const double rc[] = { 0.4, 0.95, 0.3 }, rd[] = { 0.6, 0.7, 0.8, 0.85 };
  gint64 id = 0, a, b, c, d;
  const NasStudyStrategyRow *s;
  const NasStudyNetworkRow *best;
  const NasStudyComparison *cmp;

  g_assert_no_error (error);
  store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_true (nas_store_add_study (store, study, &id, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_IMAGES; i++)
    {
      labels[i] = i % 10;
      wrong[i] = (i + 1) % 10;
      found[i] = i <= 9 || i == 19 ? labels[i] : wrong[i];
      baseline[i] = i <= 18 ? labels[i] : wrong[i];
    }
  {
    g_autoptr(GBytes) bytes = g_bytes_new (labels, N_IMAGES);

    g_assert_true (nas_store_set_study_labels (store, id, bytes, &error));
    g_assert_no_error (error);
  }

  a = add_run (store, "reinforce", ra, 5, TRUE);   /* best 0.9, last fifth 0.9 */
  c = add_run (store, "reinforce", rc, 3, TRUE);   /* best 0.95, last fifth 0.3 */
  b = add_run (store, "random", rb, 5, TRUE);      /* best 0.9, last fifth 0.4 */
  d = add_run (store, "random", rd, 4, FALSE);     /* best 0.85, last fifth 0.85 */
  g_assert_true (nas_store_add_study_run (store, id, "reinforce", 0, a, &error));
  g_assert_true (nas_store_add_study_run (store, id, "reinforce", 1, c, &error));
  g_assert_true (nas_store_add_study_run (store, id, "random", 0, b, &error));
  g_assert_true (nas_store_add_study_run (store, id, "random", 1, d, &error));
  g_assert_no_error (error);

  for (guint j = 0; j < 3; j++)
    add_retrain (store, id, NAS_STUDY_ROLE_FINALIST, "A", a, j, 0.99, 0.90, wrong);
  add_retrain (store, id, NAS_STUDY_ROLE_FINALIST, "B", b, 0, 0.90, 0.95, wrong);
  add_retrain (store, id, NAS_STUDY_ROLE_FINALIST, "B", b, 1, 0.95, 0.95, wrong);
  add_retrain (store, id, NAS_STUDY_ROLE_FINALIST, "B", b, 2, 0.92, 0.95, found);
  add_retrain (store, id, NAS_STUDY_ROLE_BASELINE, "keras-mnist", 0, 0, 0.98, 0.5, wrong);
  add_retrain (store, id, NAS_STUDY_ROLE_BASELINE, "keras-mnist", 0, 1, 0.97, 0.5, baseline);

  report = nas_study_report_load (store, id, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (report->searches_planned, ==, 4);
  g_assert_cmpuint (report->searches_done, ==, 3);
  g_assert_cmpuint (report->retrains_planned, ==, 4 * 3 + 3);
  g_assert_cmpuint (report->retrains_done, ==, 8);

  g_assert_cmpuint (report->strategies->len, ==, 2);
  s = report->strategies->pdata[0];
  g_assert_cmpstr (s->strategy, ==, "reinforce");
  g_assert_cmpuint (s->n_runs, ==, 2);
  g_assert_cmpfloat_with_epsilon (s->best_validation.mean, 0.925, 1e-12);
  g_assert_cmpfloat_with_epsilon (s->best_validation.sd, sqrt (2 * 0.025 * 0.025), 1e-12);
  g_assert_cmpfloat_with_epsilon (s->last_fifth_reward.mean, 0.6, 1e-12);
  /* Each counted run's rewards in episode order, for the reward curves. */
  g_assert_cmpuint (s->rewards->len, ==, 2);
  g_assert_cmpuint (((GArray *) s->rewards->pdata[0])->len, ==, 5);
  g_assert_cmpfloat (g_array_index ((GArray *) s->rewards->pdata[0], double, 4), ==, 0.9);
  g_assert_cmpuint (((GArray *) s->rewards->pdata[1])->len, ==, 3);
  s = report->strategies->pdata[1];
  g_assert_cmpfloat_with_epsilon (s->best_validation.mean, 0.875, 1e-12);
  g_assert_cmpfloat_with_epsilon (s->last_fifth_reward.mean, 0.625, 1e-12);

  g_assert_cmpuint (report->networks->len, ==, 3);
  g_assert_cmpint (report->best, ==, 1);
  best = report->networks->pdata[report->best];
  g_assert_cmpstr (best->name, ==, "B");
  g_assert_cmpstr (best->strategy, ==, "random");
  g_assert_cmpuint (best->n, ==, 3);
  g_assert_cmpuint (best->median_seed, ==, 2);
  g_assert_cmpfloat_with_epsilon (best->test_accuracy.mean, (0.90 + 0.95 + 0.92) / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (best->seconds, 4.0, 1e-12);
  /* Each seed's test accuracy by seed index, for the chart's dots. */
  g_assert_cmpuint (best->test_seeds->len, ==, 3);
  g_assert_cmpfloat (g_array_index (best->test_seeds, double, 0), ==, 0.90);
  g_assert_cmpfloat (g_array_index (best->test_seeds, double, 1), ==, 0.95);
  g_assert_cmpfloat (g_array_index (best->test_seeds, double, 2), ==, 0.92);
  g_assert_cmpuint (((NasStudyNetworkRow *) report->networks->pdata[2])->median_seed, ==, 1);

  g_assert_cmpuint (report->comparisons->len, ==, 1);
  cmp = report->comparisons->pdata[0];
  g_assert_cmpstr (cmp->baseline, ==, "keras-mnist");
  g_assert_cmpuint (cmp->b, ==, 1);
  g_assert_cmpuint (cmp->c, ==, 9);
  g_assert_cmpfloat_with_epsilon (cmp->p, 22.0 / 1024, 1e-15);
  g_assert_cmpstr (cmp->verdict, ==, "significant (p = 0.021): keras-mnist is better than the found network on the test set");
  /* Run d still searches: no verdict on partial figures yet (below, once it has finished). */
  g_assert_cmpuint (((NasStudyStrategyRow *) report->strategies->pdata[0])->n_unfinished, ==, 0);
  g_assert_cmpuint (((NasStudyStrategyRow *) report->strategies->pdata[1])->n_unfinished, ==, 1);
  g_assert_null (report->strategy_verdict);
  g_assert_true (isnan (report->calibration_rho));

  text = nas_study_report_to_text (report, FALSE);
  check_text_wrapped (text);
  g_assert_nonnull (strstr (text, "Not finished: 3 of 4 searches and 8 of 15 retrains done"));
  g_assert_true (g_regex_match_simple ("\\n  \\(?nascent-cli study --resume 1\\)", text, 0, 0) ||
                 g_regex_match_simple ("done \\(nascent-cli study --resume 1\\)", text, 0, 0));
  g_assert_true (g_regex_match_simple ("\\nrandom +2 \\(1 running\\) ", text, 0, 0));
  g_assert_nonnull (strstr (text, "median seed"));
  g_assert_nonnull (strstr (text, "the test set did not choose it"));
  g_assert_nonnull (strstr (text, "B *"));
  g_assert_nonnull (strstr (text, "not calibrated"));
  /* The blocks every layout is made of: the same sentences and cells. */
  {
    g_autoptr(GPtrArray) blocks = nas_study_report_blocks (report);
    static const NasStudyBlockKind kinds[] = {
      NAS_STUDY_BLOCK_TITLE, NAS_STUDY_BLOCK_NOTICE, NAS_STUDY_BLOCK_TABLE, NAS_STUDY_BLOCK_TABLE,
      NAS_STUDY_BLOCK_PARAGRAPH, NAS_STUDY_BLOCK_PARAGRAPH, NAS_STUDY_BLOCK_ITEM, NAS_STUDY_BLOCK_PARAGRAPH,
      NAS_STUDY_BLOCK_PARAGRAPH,
    };
    const NasStudyBlock *networks, *item, *notice;

    g_assert_cmpuint (blocks->len, ==, G_N_ELEMENTS (kinds));
    for (guint i = 0; i < blocks->len; i++)
      g_assert_cmpint (((NasStudyBlock *) blocks->pdata[i])->kind, ==, kinds[i]);
    networks = blocks->pdata[3];
    g_assert_cmpstr (networks->title, ==, "Networks on the test set");
    g_assert_cmpuint (networks->rows->len, ==, 1 + report->networks->len);
    g_assert_cmpuint (g_strv_length (networks->rows->pdata[0]), ==, networks->n_columns);
    g_assert_cmpstr (((char **) networks->rows->pdata[0])[8], ==, "Architecture");
    item = blocks->pdata[6];
    g_assert_cmpstr (item->text, ==, "vs keras-mnist: b = 1, c = 9: significant (p = 0.021): keras-mnist is better than the found network on the test set.");
    notice = blocks->pdata[1];
    g_assert_nonnull (strstr (notice->text, "nascent-cli" NAS_STUDY_NBSP "study" NAS_STUDY_NBSP "--resume"));
    {
      g_autofree char *plain = nas_study_text_unglue (notice->text);

      g_assert_nonnull (strstr (plain, "(nascent-cli study --resume 1)"));
    }
  }

  markdown = nas_study_report_to_text (report, TRUE);
  if (g_test_verbose ())
    g_printerr ("%s\n%s", text, markdown);
  g_assert_true (g_str_has_prefix (markdown, "# Study"));
  g_assert_nonnull (strstr (markdown, "|---|"));

  json = nas_study_report_to_json (report);
  {
    JsonObject *o = json_node_get_object (json);
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (o, "comparisons"), 0);

    g_assert_cmpstr (json_object_get_string_member (o, "mcnemar_predictions"), ==, "median seed");
    g_assert_cmpint (json_object_get_int_member (first, "c"), ==, 9);
    g_assert_true (json_object_get_boolean_member (first, "significant"));
  }

  /* A calibration stored with one of the study's runs gives its ρ. */
  {
    g_autoptr(NasCalibration) calibration = nas_calibration_new ();
    g_autoptr(NasStudyReport) again = NULL;
    g_autofree char *calibrated = NULL;

    calibration->run_id = c;
    calibration->config_json = g_strdup ("{}");
    calibration->spearman = 0.25;
    g_assert_true (nas_store_add_calibration (store, calibration, NULL, &error));
    g_assert_no_error (error);
    again = nas_study_report_load (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (again->calibration_rho, ==, 0.25);
    g_assert_cmpint (again->calibration_run_id, ==, c);
    calibrated = nas_study_report_to_text (again, FALSE);
    g_assert_nonnull (strstr (calibrated, "Spearman's ρ = 0.25"));
    g_assert_nonnull (strstr (calibrated, "does not rank architectures"));
  }

  /* Run d has finished: 0.925 ± 0.035 against 0.875 ± 0.035, more than
   * the spread, a hint. */
  {
    g_autoptr(NasStudyReport) done = NULL;

    g_assert_true (nas_store_set_run_status (store, d, NAS_RUN_FINISHED, &error));
    done = nas_study_report_load (store, id, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (done->strategy_verdict, "REINFORCE found better architectures"));
  }

  g_clear_pointer (&store, nas_store_free);
  remove_history (dir, path);
}

/* One process at a time executes a study: a second store (as another
 * process's) sees it owned and cannot resume it, even through
 * nas_study_execute(); the claim does not collide with run 1's. */
static void
test_claim (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nascent-study-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr(NasStore) a = NULL;
  g_autoptr(NasStore) b = NULL;
  g_autoptr(NasStore) viewer = NULL;
  g_autoptr(NasStudy) study = make_study ("random", 1, 1, "");
  gint64 id = 0;

  a = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_true (nas_store_add_study (a, study, &id, &error));
  g_assert_no_error (error);
  b = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_false (nas_store_study_is_owned (b, id));

  g_assert_true (nas_store_claim_study (a, id, &error));
  g_assert_no_error (error);
  g_assert_true (nas_store_claim_study (a, id, &error));   /* again: a holds it */
  viewer = nas_store_open (path, NAS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (nas_store_study_is_owned (a, id));
  g_assert_true (nas_store_study_is_owned (b, id));
  g_assert_true (nas_store_study_is_owned (viewer, id));
  g_assert_false (nas_store_run_is_owned (viewer, id));
  g_assert_false (nas_store_study_is_owned (viewer, id + 1));

  g_assert_false (nas_store_claim_study (b, id, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (nas_study_execute (path, id, NULL, NULL, NULL, &error));
  g_assert_error (error, NAS_STORE_ERROR, NAS_STORE_ERROR_BUSY);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (nas_store_claim_study (viewer, id, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  nas_store_release_study (a, id);
  g_assert_false (nas_store_study_is_owned (viewer, id));
  g_assert_true (nas_store_claim_study (b, id, &error));
  g_assert_no_error (error);
  g_assert_true (nas_store_study_is_owned (viewer, id));
  /* A store that goes away (a process that dies) gives it up. */
  g_clear_pointer (&b, nas_store_free);
  g_assert_false (nas_store_study_is_owned (viewer, id));

  g_clear_pointer (&a, nas_store_free);
  g_clear_pointer (&viewer, nas_store_free);
  g_assert_cmpint (remove_history (dir, path), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/study/plan", test_plan);
  g_test_add_func ("/study/lists", test_lists);
  g_test_add_func ("/study/last-fifth", test_last_fifth);
  g_test_add_func ("/study/verdicts", test_verdicts);
  g_test_add_func ("/study/report", test_report);
  g_test_add_func ("/study/claim", test_claim);

  return g_test_run ();
}
