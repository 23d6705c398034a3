/* test-history-model.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History view's models without a window: the text of every cell,
 * every column's order (a total order, checked against the raw fields
 * through a GtkSortListModel), the text and flag filter against a count by
 * hand, and 10,000 rows through the sort and filter models, timed. */

#define G_LOG_DOMAIN "test-history-model"

#include "config.h"

#include <math.h>
#include <string.h>

#include "history-fixture.h"

/* @n synthetic items over three runs, every third one called "random". */
static GListStore *
make_store (guint n)
{
  GListStore *store = g_list_store_new (NAS_TYPE_EPISODE_ITEM);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, nas_episode_item_new (make_record (1 + i % 3, i, i), i % 3 ? "reinforce" : "random"));
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return store;
}

static void
test_item_format (void)
{
  g_autoptr(NasEpisodeItem) item = nas_episode_item_new (make_record (4, 11, 3), "my run");
  g_autofree char *episode = nas_episode_item_format (item, NAS_EPISODE_COLUMN_EPISODE);
  g_autofree char *arch = nas_episode_item_format (item, NAS_EPISODE_COLUMN_ARCHITECTURE);
  g_autofree char *val = nas_episode_item_format (item, NAS_EPISODE_COLUMN_VALIDATION);
  g_autofree char *test = nas_episode_item_format (item, NAS_EPISODE_COLUMN_TEST);
  g_autofree char *flags = nas_episode_item_format (item, NAS_EPISODE_COLUMN_FLAGS);
  g_autoptr(NasEpisodeItem) other = nas_episode_item_new (make_record (4, 12, 1), "my run");
  g_autofree char *untested = nas_episode_item_format (other, NAS_EPISODE_COLUMN_TEST);

  g_assert_cmpstr (episode, ==, "12");
  g_assert_cmpstr (arch, ==, "conv 1x1x4 | dense 10");
  g_assert_cmpstr (val, ==, "54.40 %");
  g_assert_cmpstr (test, ==, "53.40 %");
  g_assert_cmpstr (flags, ==, "invalid");
  g_assert_cmpstr (untested, ==, "—");

  for (NasEpisodeColumn c = 0; c < NAS_EPISODE_N_COLUMNS; c++)
    {
      g_autofree char *text = nas_episode_item_format (item, c);

      g_assert_nonnull (text);
      g_assert_nonnull (nas_episode_column_title (c));
      /* A total order: an item equals only itself */
      g_assert_cmpint (nas_episode_item_compare (item, item, c), ==, 0);
      g_assert_cmpint (nas_episode_item_compare (item, other, c), ==, -nas_episode_item_compare (other, item, c));
      g_assert_cmpint (nas_episode_item_compare (item, other, c), !=, 0);
    }

  /* Unmeasured test accuracy sorts below any measured one */
  g_assert_cmpint (nas_episode_item_compare (other, item, NAS_EPISODE_COLUMN_TEST), <, 0);
}

static double
column_key (NasEpisodeItem   *item,
            NasEpisodeColumn  column)
{
  const NasEpisodeRecord *r = nas_episode_item_get_record (item);

  switch (column)
    {
    case NAS_EPISODE_COLUMN_EPISODE:    return r->run_id * 1e6 + r->episode;
    case NAS_EPISODE_COLUMN_LAYERS:     return r->layers;
    case NAS_EPISODE_COLUMN_PARAMS:     return r->params;
    case NAS_EPISODE_COLUMN_FLOPS:      return r->flops;
    case NAS_EPISODE_COLUMN_VALIDATION: return r->validation_accuracy;
    case NAS_EPISODE_COLUMN_TEST:       return isnan (r->test_accuracy) ? -1 : r->test_accuracy;
    case NAS_EPISODE_COLUMN_REWARD:     return r->reward;
    case NAS_EPISODE_COLUMN_SECONDS:    return r->train_seconds;
    case NAS_EPISODE_COLUMN_FLAGS:      return r->flags;
    default:                            g_assert_not_reached ();
    }
}

/* Sorts @n items by every column through a GtkSortListModel and checks the
 * order against the raw fields; returns the slowest sort in ms. */
static double
check_every_sort (GListModel *model)
{
  double slowest = 0;

  for (NasEpisodeColumn c = 0; c < NAS_EPISODE_N_COLUMNS; c++)
    {
      g_autoptr(GtkSortListModel) sorted = NULL;
      gint64 start = g_get_monotonic_time ();
      guint n;

      sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (model)), nas_episode_sorter_new (c));
      n = g_list_model_get_n_items (G_LIST_MODEL (sorted));
      g_assert_cmpuint (n, ==, g_list_model_get_n_items (model));
      slowest = MAX (slowest, (g_get_monotonic_time () - start) / 1000.0);

      for (guint i = 1; i < n; i++)
        {
          g_autoptr(NasEpisodeItem) a = g_list_model_get_item (G_LIST_MODEL (sorted), i - 1);
          g_autoptr(NasEpisodeItem) b = g_list_model_get_item (G_LIST_MODEL (sorted), i);

          if (c == NAS_EPISODE_COLUMN_ARCHITECTURE)
            g_assert_cmpint (g_strcmp0 (nas_episode_item_get_record (a)->architecture,
                                        nas_episode_item_get_record (b)->architecture), <=, 0);
          else if (c == NAS_EPISODE_COLUMN_RUN)
            g_assert_cmpint (g_utf8_collate (nas_episode_item_get_run_name (a),
                                             nas_episode_item_get_run_name (b)), <=, 0);
          else
            g_assert_cmpfloat (column_key (a, c), <=, column_key (b, c));
          g_assert_cmpint (nas_episode_item_compare (a, b, c), <, 0);
        }
    }
  return slowest;
}

static void
test_model_sort (void)
{
  g_autoptr(GListStore) store = make_store (60);

  check_every_sort (G_LIST_MODEL (store));
}

typedef struct
{
  const char *text;
  guint       required;
  guint       excluded;
} FilterSpec;

static gboolean
spec_filter_cb (gpointer item,
                gpointer data)
{
  FilterSpec *spec = data;
  g_autofree char *folded = g_utf8_casefold (spec->text, -1);

  return nas_episode_item_matches (item, folded, spec->required, spec->excluded);
}

static guint
count_filtered (GListModel *model,
                FilterSpec *spec)
{
  g_autoptr(GtkFilterListModel) filtered =
    gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (model)),
                               GTK_FILTER (gtk_custom_filter_new (spec_filter_cb, spec, NULL)));

  return g_list_model_get_n_items (G_LIST_MODEL (filtered));
}

static guint
count_by_hand (guint       n,
               FilterSpec *spec,
               const char *arch_substring)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NasEpisodeRecord) r = make_record (1 + i % 3, i, i);

      if ((r->flags & spec->required) == spec->required && (r->flags & spec->excluded) == 0 &&
          (arch_substring == NULL || strstr (r->architecture, arch_substring) != NULL))
        count++;
    }
  return count;
}

static void
test_model_filter (void)
{
  g_autoptr(GListStore) store = make_store (70);
  GListModel *model = G_LIST_MODEL (store);
  FilterSpec all = { "", 0, 0 };
  FilterSpec explored = { "", NAS_EPISODE_EXPLORED, 0 };
  FilterSpec no_invalid = { "", 0, NAS_EPISODE_INVALID };
  FilterSpec pool = { "POOL2", 0, 0 };
  FilterSpec pool_explored = { "pool2", NAS_EPISODE_EXPLORED, NAS_EPISODE_INVALID };
  FilterSpec episode = { "#12", 0, 0 };
  FilterSpec run = { "random", 0, 0 };
  FilterSpec nothing = { "lstm", 0, 0 };

  g_assert_cmpuint (count_filtered (model, &all), ==, 70);
  g_assert_cmpuint (count_filtered (model, &explored), ==, count_by_hand (70, &explored, NULL));
  g_assert_cmpuint (count_filtered (model, &explored), >, 0);
  g_assert_cmpuint (count_filtered (model, &explored), <, 70);
  g_assert_cmpuint (count_filtered (model, &no_invalid), ==, count_by_hand (70, &no_invalid, NULL));
  g_assert_cmpuint (count_filtered (model, &pool), ==, count_by_hand (70, &all, "pool2"));
  g_assert_cmpuint (count_filtered (model, &pool_explored), ==, count_by_hand (70, &pool_explored, "pool2"));
  g_assert_cmpuint (count_filtered (model, &episode), ==, 1);
  /* Every third item's run is called "random" */
  g_assert_cmpuint (count_filtered (model, &run), ==, 24);
  g_assert_cmpuint (count_filtered (model, &nothing), ==, 0);
}

/* 10,000 rows through filter and sort models, as the page chains them. */
static void
test_model_10k (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GListStore) store = make_store (10000);
  double build_ms = (g_get_monotonic_time () - start) / 1000.0;
  FilterSpec explored = { "pool2", NAS_EPISODE_EXPLORED, 0 };
  double sort_ms, filter_ms;
  guint n;

  sort_ms = check_every_sort (G_LIST_MODEL (store));

  start = g_get_monotonic_time ();
  n = count_filtered (G_LIST_MODEL (store), &explored);
  filter_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (n, ==, count_by_hand (10000, &explored, "pool2"));

  g_test_message ("10,000 items: build %.1f ms, slowest column sort %.1f ms, filter %.1f ms",
                  build_ms, sort_ms, filter_ms);
  /* Generous even for the sanitizer build on a shared machine; a quadratic
   * sort or filter would take minutes. */
  g_assert_cmpfloat (sort_ms, <, 5000);
}

int
main (int   argc,
      char *argv[])
{
  if (!history_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/history/model/format", test_item_format);
  g_test_add_func ("/ui/history/model/sort", test_model_sort);
  g_test_add_func ("/ui/history/model/filter", test_model_filter);
  g_test_add_func ("/ui/history/model/10k", test_model_10k);

  return history_test_run ();
}
