/* test-history-perf.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The History page with 10,000 architectures, scrolled a page per frame,
 * with the frame clock's own timings of every frame drawn. Only with
 * `-m perf` (`build/tests/test-history-perf -m perf`): otherwise its one
 * test is skipped. */

#define G_LOG_DOMAIN "test-history-perf"

#include "config.h"

#include <time.h>

#include "nas-search-config.h"
#include "nas-store.h"
#include "history-fixture.h"
#include "ui-wait.h"

/* Frame timing for the perf test: the frame clock's own phases, from the
 * start of "before-paint" to the end of "after-paint" (layout, rebinding
 * rows, snapshot and the cairo render all fall in between), plus whatever
 * the caller did outside the frame to cause it (scrolling the adjustment,
 * as a scroll event would). Only frames actually drawn count. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

typedef struct
{
  gint64  frame_start;
  gint64  frame_start_cpu;
  guint   n_frames;
  double  last_ms;    /* the last frame's cost: wall clock */
  double  last_cpu_ms; /* and the main thread's CPU time */
  guint   n_setups;   /* cells made and bound, for the report */
  guint   n_binds;
} FrameMeter;


static void
count_setup_cb (GtkListItemFactory *factory,
                GtkListItem        *item,
                FrameMeter         *meter)
{
  meter->n_setups++;
}

static void
count_bind_cb (GtkListItemFactory *factory,
               GtkListItem        *item,
               FrameMeter         *meter)
{
  meter->n_binds++;
}

static void
frame_start_cb (GdkFrameClock *clock,
                FrameMeter    *meter)
{
  meter->frame_start = g_get_monotonic_time ();
  meter->frame_start_cpu = thread_cpu_usec ();
}

static void
frame_end_cb (GdkFrameClock *clock,
              FrameMeter    *meter)
{
  /* before-paint is emitted on every frame (flush-events only on request) */
  g_assert_cmpint (meter->frame_start, >, 0);
  meter->last_ms = (g_get_monotonic_time () - meter->frame_start) / 1000.0;
  meter->last_cpu_ms = (thread_cpu_usec () - meter->frame_start_cpu) / 1000.0;

  meter->frame_start = 0;
  meter->n_frames++;
}

static gboolean
frame_drawn (gpointer data)
{
  gpointer *args = data;

  return ((FrameMeter *) args[0])->n_frames > GPOINTER_TO_UINT (args[1]);
}

static int
compare_ms (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  double mean, median, p90, max;
} FrameStats;

static FrameStats
frame_stats (GArray *ms)
{
  FrameStats s = { 0 };

  g_assert_cmpuint (ms->len, >, 0);
  g_array_sort (ms, compare_ms);
  for (guint i = 0; i < ms->len; i++)
    s.mean += g_array_index (ms, double, i) / ms->len;
  s.median = g_array_index (ms, double, ms->len / 2);
  s.p90 = g_array_index (ms, double, MIN (ms->len - 1, ms->len * 9 / 10));
  s.max = g_array_index (ms, double, ms->len - 1);
  return s;
}

/* -m perf: 10,000 architectures in the page, with scrolling. */
static void
test_page_10k (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "10k.db", NULL);
  g_autoptr(NasStore) store = NULL;
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scrolled = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) idle_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scrolled_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  GtkWidget *scroller;
  FrameMeter meter = { 0 };
  FrameStats idle_stats, scroll_stats, idle_cpu_stats, scroll_cpu_stats;
  NasRun run = { 0 };
  gint64 id, start;
  double open_ms, sort_ms;
  gulong start_id, end_id;
  Fixture f;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  store = nas_store_open (path, NAS_STORE_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  run.name = (char *) "big";
  run.strategy = (char *) "random";
  run.dataset = (char *) "mnist";
  run.config_json = nas_search_config_to_string (config);
  run.episodes_planned = 10000;
  g_assert_true (nas_store_create_run (store, &run, &id, &error));
  g_free (run.config_json);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(NasEpisodeRecord) r = make_record (id, i, i);

      g_assert_true (nas_store_commit_episode (store, r, NULL, 0, NULL, &error));
    }
  g_test_message ("10,000 commits: %.1f s", (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  fixture_open (&f, path);
  wait_load (f.page, 0);
  open_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_architectures (f.page)), ==, 10000);

  start = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (nas_history_page_get_column_view (f.page),
                                  column_by_id (nas_history_page_get_column_view (f.page), "architecture"),
                                  GTK_SORT_ASCENDING);
  g_assert_cmpuint (g_list_model_get_n_items (nas_history_page_get_architectures (f.page)), ==, 10000);
  sort_ms = (g_get_monotonic_time () - start) / 1000.0;

  settle (300);
  scroller = gtk_widget_get_parent (GTK_WIDGET (nas_history_page_get_column_view (f.page)));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f.window));
  g_assert_nonnull (clock);
  start_id = g_signal_connect (clock, "before-paint", G_CALLBACK (frame_start_cb), &meter);
  end_id = g_signal_connect_after (clock, "after-paint", G_CALLBACK (frame_end_cb), &meter);
  {
    GListModel *columns = gtk_column_view_get_columns (nas_history_page_get_column_view (f.page));

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
        GtkListItemFactory *factory = gtk_column_view_column_get_factory (column);

        /* Counting only: the page's factories are signal factories. */
        if (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory))
          {
            g_signal_connect (factory, "setup", G_CALLBACK (count_setup_cb), &meter);
            g_signal_connect (factory, "bind", G_CALLBACK (count_bind_cb), &meter);
          }
      }
  }

  /* Pass 0 redraws the window without scrolling (what any frame costs);
   * pass 1 scrolls a page down before each frame, as a flick or PgDn
   * does: the rows are all rebound. Each sample is one frame drawn. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < 60; i++)
      {
        if (pass == 1 && i == 0)
          meter.n_setups = meter.n_binds = 0;

        gpointer args[2] = { &meter, GUINT_TO_POINTER (meter.n_frames) };
        gint64 before = g_get_monotonic_time ();
        gint64 before_cpu = thread_cpu_usec ();
        double outside_ms, outside_cpu_ms;

        if (pass == 1)
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                                gtk_adjustment_get_page_size (adjustment));
        else
          gtk_widget_queue_draw (GTK_WIDGET (f.window));
        outside_ms = (g_get_monotonic_time () - before) / 1000.0;
        outside_cpu_ms = (thread_cpu_usec () - before_cpu) / 1000.0;
        g_assert_true (wait_for (frame_drawn, args));
        outside_ms += meter.last_ms;
        outside_cpu_ms += meter.last_cpu_ms;
        g_array_append_val (pass == 1 ? scrolled : idle, outside_ms);
        g_array_append_val (pass == 1 ? scrolled_cpu : idle_cpu, outside_cpu_ms);
      }
  g_signal_handler_disconnect (clock, start_id);
  g_signal_handler_disconnect (clock, end_id);
  {
    GListModel *columns = gtk_column_view_get_columns (nas_history_page_get_column_view (f.page));

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        g_signal_handlers_disconnect_by_data (gtk_column_view_column_get_factory (column), &meter);
      }
  }
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  screenshot (GTK_WIDGET (f.window), "10k");

  idle_stats = frame_stats (idle);
  scroll_stats = frame_stats (scrolled);
  idle_cpu_stats = frame_stats (idle_cpu);
  scroll_cpu_stats = frame_stats (scrolled_cpu);
  g_test_message ("10,000 rows: read + models + first frame %.0f ms, sort by architecture %.0f ms",
                  open_ms, sort_ms);
  /* Wall clock is what a user sees, but it includes whatever else the
   * machine runs; the main thread's CPU time is steadier to compare. */
  g_test_message ("frame without scrolling: wall mean %.1f ms, median %.1f, 90th percentile %.1f, max %.1f; "
                  "CPU mean %.1f ms, median %.1f",
                  idle_stats.mean, idle_stats.median, idle_stats.p90, idle_stats.max,
                  idle_cpu_stats.mean, idle_cpu_stats.median);
  g_test_message ("frame scrolled a page: wall mean %.1f ms, median %.1f, 90th percentile %.1f, max %.1f; "
                  "CPU mean %.1f ms, median %.1f, 90th percentile %.1f (%.0f cells made, %.0f bound per page)",
                  scroll_stats.mean, scroll_stats.median, scroll_stats.p90, scroll_stats.max,
                  scroll_cpu_stats.mean, scroll_cpu_stats.median, scroll_cpu_stats.p90,
                  meter.n_setups / (double) scrolled->len, meter.n_binds / (double) scrolled->len);
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!history_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/ui/history/page/10k", test_page_10k);

  return history_test_run ();
}
