/* test-history-rungs.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History page's details of an episode of a successive-halving run,
 * in the 'ui' suite under Xvfb: a table of its evaluation at each rung it
 * reached (rung, budget, validation accuracy, time or "reused"), read off
 * the main thread with the curve; no table for an episode of a run
 * without halving. Screenshot: history-rungs-light.png, -dark.png. */

#define G_LOG_DOMAIN "test-history-rungs"

#include "config.h"

#include <math.h>

#include "nas-episode-details.h"
#include "nas-search-config.h"
#include "nas-store.h"
#include "history-fixture.h"
#include "ui-wait.h"

static gboolean
details_read (gpointer data)
{
  NasEpisodeDetails *details = data;

  return nas_episode_details_get_item (details) != NULL && !nas_episode_details_get_busy (details);
}

/* The visible labels under @widget, one a line, in widget order. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static NasRungEvaluation *
rung_new (guint    episode,
          guint    rung,
          guint64  steps,
          guint    subset,
          double   accuracy,
          double   seconds,
          gboolean cached)
{
  NasRungEvaluation *r = nas_rung_evaluation_new ();

  r->episode = episode;
  r->rung = rung;
  r->steps = steps;
  r->train_subset = subset;
  r->validation_accuracy = accuracy;
  r->validation_loss = 0.5;
  r->train_seconds = cached ? 0 : seconds;
  r->cached = cached;
  return r;
}

/* A halving run of 3 episodes: the first reached rung 3 (its rung 2
 * reused from an earlier episode), the second rung 1 only, the third
 * never trained (no rung). */
static gint64
add_halving_run (const char *path)
{
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  NasRun run = { 0 };
  gint64 id;

  config->halving_rungs = 3;
  config->halving_eta = 3;
  config->halving_bracket = 9;
  store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  run.name = (char *) "halving";
  run.strategy = (char *) "reinforce";
  run.dataset = (char *) "mnist";
  run.seed = 5;
  run.config_json = nas_search_config_to_string (config);
  run.episodes_planned = 3;
  g_assert_true (nas_store_create_run (store, &run, &id, &error));
  g_free (run.config_json);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(NasEpisodeRecord) r = nas_episode_record_new ();
      g_autoptr(NasArch) arch = nas_arch_parse (record_architecture (i + 1), NULL);
      NasCurvePoint curve[2] = { { 10, 1.5f, 0.4f, 100 }, { 20, 1.0f, 0.6f, 100 } };

      r->run_id = id;
      r->episode = i;
      r->architecture = nas_arch_to_string (arch);
      r->architecture_json = nas_arch_to_json_string (arch);
      r->canonical_key = g_strdup (r->architecture);
      r->layers = arch->n_layers;
      r->params = 1000 + i;
      r->flops = 5000;
      r->validation_accuracy = i == 0 ? 0.9531 : i == 1 ? 0.8125 : NAN;
      r->reward = 1.0 - i / 2.0;
      r->baseline = 0.5;
      r->train_seconds = 3;
      r->test_accuracy = NAN;
      r->rungs = g_ptr_array_new_with_free_func ((GDestroyNotify) nas_rung_evaluation_free);
      if (i == 0)
        {
          g_ptr_array_add (r->rungs, rung_new (i, 0, 100, 5000, 0.8812, 4.0, FALSE));
          g_ptr_array_add (r->rungs, rung_new (i, 1, 300, 0, 0.9207, 0, TRUE));
          g_ptr_array_add (r->rungs, rung_new (i, 2, 900, 0, 0.9531, 95.0, FALSE));
        }
      else if (i == 1)
        g_ptr_array_add (r->rungs, rung_new (i, 0, 100, 5000, 0.8125, 4.0, FALSE));
      else
        g_clear_pointer (&r->rungs, g_ptr_array_unref);
      g_assert_true (nas_store_commit_episode (store, r, curve, 2, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (nas_store_set_run_status (store, id, NAS_RUN_FINISHED, &error));
  return id;
}

/* Selects the episode of @run numbered @episode (0-based) and waits for
 * its details; returns their visible text. */
static char *
show_episode (Fixture *f,
              gint64   run,
              guint    episode)
{
  GListModel *shown_model = nas_history_page_get_architectures (f->page);
  NasEpisodeDetails *details = nas_history_page_get_details (f->page);
  g_autoptr(GString) text = g_string_new (NULL);

  nas_history_page_select_run (f->page, run);
  for (guint i = 0; i < g_list_model_get_n_items (shown_model); i++)
    {
      g_autoptr(NasEpisodeItem) item = g_list_model_get_item (shown_model, i);

      if (nas_episode_item_get_record (item)->episode == episode)
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown_model), i, TRUE);
    }
  g_assert_true (wait_for (details_read, details));
  collect_labels (GTK_WIDGET (details), text);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_page_rungs (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "halving.db", NULL);
  gint64 plain = add_synthetic_run (path, "no halving", "reinforce", 3);
  gint64 halving = add_halving_run (path);
  g_autofree char *top = NULL;
  g_autofree char *low = NULL;
  g_autofree char *untrained = NULL;
  g_autofree char *without = NULL;
  Fixture f;

  fixture_open (&f, path);
  wait_load (f.page, 0);

  top = show_episode (&f, halving, 0);
  g_test_message ("episode 1:\n%s", top);
  g_assert_nonnull (strstr (top, "Rung\nBudget\nValidation\nTime\n"
                                 "1\n100 mini-batches on 5,000 images\n88.12 %\n4.0 s\n"
                                 "2\n300 mini-batches\n92.07 %\nreused\n"
                                 "3\n900 mini-batches\n95.31 %\n95.0 s\n"));
  settle (200);
  screenshots (GTK_WIDGET (f.window), "rungs");

  low = show_episode (&f, halving, 1);
  g_assert_nonnull (strstr (low, "Rung\nBudget\nValidation\nTime\n1\n100 mini-batches on 5,000 images\n81.25 %\n"));
  g_assert_null (strstr (low, "\n2\n300"));

  untrained = show_episode (&f, halving, 2);
  g_assert_null (strstr (untrained, "Rung\nBudget"));

  without = show_episode (&f, plain, 0);
  g_assert_null (strstr (without, "Rung\nBudget"));
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!history_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/history/page/rungs", test_page_rungs);

  return history_test_run ();
}
