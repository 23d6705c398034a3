/* nas-search-page.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The "Search" view: the set-up form (NasSearchForm) on the left and the
 * live dashboard (NasSearchDashboard) on the right, in an AdwLeaflet that
 * shows one side at a time at narrow widths, under the toast overlay both
 * sides and the window report to.
 *
 * The page wires the halves to the window and the engine: it passes the
 * form's "valid" and the dashboard's "subtitle" on, freezes the form while
 * a search runs (its set-up cannot change under it) showing that run's own
 * set-up, and brings the dashboard forward when a search starts on a
 * folded leaflet. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "nas-search-page-private.h"

struct _NasSearchPage
{
  GtkWidget           parent_instance;

  /* template */
  AdwToastOverlay    *toast_overlay;
  AdwLeaflet         *leaflet;
  NasSearchForm      *form;
  NasSearchDashboard *dashboard;

  NasSearchEngine    *engine;
  NasStudyRunner     *study_runner;
};

enum {
  PROP_0,
  PROP_VALID,
  PROP_SUBTITLE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (NasSearchPage, nas_search_page, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

/* ---- the form ---------------------------------------------------------- */

static void
form_valid_changed_cb (NasSearchPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VALID]);
}

/**
 * nas_search_page_set_settings:
 *
 * Restores the set-up saved in @settings and saves every valid change to
 * it from now on (see nas_search_form_set_settings()).
 */
void
nas_search_page_set_settings (NasSearchPage *self,
                              GSettings     *settings)
{
  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));

  nas_search_form_set_settings (self->form, settings);
}

/**
 * nas_search_page_get_config:
 *
 * Returns: (transfer full): the configuration the form shows, valid or not
 */
NasSearchConfig *
nas_search_page_get_config (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  return nas_search_form_get_config (self->form);
}

/**
 * nas_search_page_set_config:
 *
 * Shows @config in the form (preset "Custom"), validates and saves it.
 */
void
nas_search_page_set_config (NasSearchPage         *self,
                            const NasSearchConfig *config)
{
  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));

  nas_search_form_set_config (self->form, config);
}

gboolean
nas_search_page_get_valid (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), FALSE);

  return nas_search_form_get_valid (self->form);
}

/* Why Start is disabled, or NULL when it is not; @field says which row. */
const char *
nas_search_page_get_invalid_reason (NasSearchPage  *self,
                                    NasSearchField *field)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  return nas_search_form_get_invalid_reason (self->form, field);
}

/**
 * nas_search_page_refresh_estimate:
 *
 * Computes the set-up form's estimate again, after the speed the
 * estimates assume has changed (nas_estimate_set_throughput()).
 */
void
nas_search_page_refresh_estimate (NasSearchPage *self)
{
  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));

  nas_search_form_revalidate (self->form);
}

NasSearchForm *
nas_search_page_get_form (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  return self->form;
}

/* ---- the dashboard ----------------------------------------------------- */

static void
dashboard_subtitle_changed_cb (NasSearchPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUBTITLE]);
}

void
nas_search_page_add_toast (NasSearchPage *self,
                           AdwToast      *toast)
{
  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
nas_search_page_get_subtitle (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  return nas_search_dashboard_get_subtitle (self->dashboard);
}

/* Whether stopping now would throw away training: a child is part-way. */
gboolean
nas_search_page_get_work_in_progress (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), FALSE);

  return nas_search_dashboard_get_work_in_progress (self->dashboard);
}

NasSearchDashboard *
nas_search_page_get_dashboard (NasSearchPage *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_PAGE (self), NULL);

  return self->dashboard;
}

/* ---- the engine -------------------------------------------------------- */

static void
engine_event_cb (NasSearchPage   *self,
                 NasSearchEvent  *event,
                 NasSearchEngine *engine)
{
  if (event->kind != NAS_SEARCH_EVENT_RUN_STARTED)
    return;

  /* The form shows the run's own set-up: a resumed run's is not the one
   * the user has in the form now. */
  if (event->config != NULL)
    nas_search_form_show_run_config (self->form, event->config);

  /* On a narrow window the search is what one wants to watch now. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "dashboard");
}

/**
 * nas_search_page_show_run:
 *
 * Replays stored run @run_id on the dashboard (see
 * nas_search_dashboard_replay_run()), brought forward on a narrow window.
 */
void
nas_search_page_show_run (NasSearchPage *self,
                          gint64         run_id)
{
  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));

  nas_search_dashboard_replay_run (self->dashboard, run_id);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "dashboard");
}

static void
engine_running_cb (NasSearchPage   *self,
                   GParamSpec      *pspec,
                   NasSearchEngine *engine)
{
  gboolean running = nas_search_engine_get_running (engine);

  /* The set-up of a running search cannot change under it; after it, the
   * user's comes back. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->form), !running);
  if (!running)
    nas_search_form_show_run_config (self->form, NULL);
}

/**
 * nas_search_page_set_engine:
 *
 * Makes the dashboard follow @engine's searches, and the form wait while
 * one runs.
 */
void
nas_search_page_set_engine (NasSearchPage   *self,
                            NasSearchEngine *engine)
{
  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));
  g_return_if_fail (engine == NULL || NAS_IS_SEARCH_ENGINE (engine));

  if (self->engine == engine)
    return;

  nas_search_dashboard_set_engine (self->dashboard, engine);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      g_signal_connect_object (engine, "event", G_CALLBACK (engine_event_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::running", G_CALLBACK (engine_running_cb), self, G_CONNECT_SWAPPED);
      engine_running_cb (self, NULL, engine);
    }
}

/* ---- studies ---------------------------------------------------------- */

static void
study_event_cb (NasSearchPage  *self,
                NasSearchEvent *event,
                NasStudyRunner *runner)
{
  /* The progress says which search of the study this is (the prefix
   * shows from the next update on). */
  if (event->kind == NAS_SEARCH_EVENT_RUN_STARTED)
    nas_search_dashboard_set_prefix (self->dashboard, nas_study_runner_get_progress (runner));
  nas_search_dashboard_show_event (self->dashboard, event);
  engine_event_cb (self, event, NULL);
}

static void
study_running_cb (NasSearchPage  *self,
                  GParamSpec     *pspec,
                  NasStudyRunner *runner)
{
  gboolean running = nas_study_runner_get_running (runner);

  gtk_widget_set_sensitive (GTK_WIDGET (self->form), !running);
  if (running)
    return;
  nas_search_dashboard_set_prefix (self->dashboard, NULL);
  nas_search_form_show_run_config (self->form, NULL);
}

static void
study_progress_cb (NasSearchPage  *self,
                   GParamSpec     *pspec,
                   NasStudyRunner *runner)
{
  guint done, total;

  /* Between searches the charts stay; retraining has only a bar. */
  if (nas_study_runner_get_retraining (runner, &done, &total))
    nas_search_dashboard_show_phase (self->dashboard, nas_study_runner_get_progress (runner),
                                     total > 0 ? (double) done / total : 0);
}

static void
study_finished_cb (NasSearchPage  *self,
                   const GError   *error,
                   NasStudyRunner *runner)
{
  g_autofree char *text = NULL;
  gint64 id = nas_study_runner_get_study_id (runner);

  if (error == NULL)
    /* Translators: %ld is the number of the study */
    text = g_strdup_printf (_("Study %" PRId64 " finished — its report is in Studies"), id);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup_printf (_("Study %" PRId64 " stopped — it can be resumed from Studies"), id);
  else
    {
      g_autofree char *title = g_strdup_printf (_("Study %" PRId64 " failed: %s"), id, error->message);

      nas_search_page_add_toast (self, adw_toast_new (title));
      text = g_strdup_printf (_("Study %" PRId64 " failed"), id);
    }
  nas_search_dashboard_show_phase (self->dashboard, text, error == NULL ? 1 : -1);
  /* The header's subtitle is for work in progress. */
  nas_search_dashboard_show_phase (self->dashboard, NULL, -1);
}

/**
 * nas_search_page_set_study_runner:
 *
 * Makes the dashboard follow @runner's studies as it follows a search:
 * the charts of each of its searches, then its retrains; the form waits
 * while one runs.
 */
void
nas_search_page_set_study_runner (NasSearchPage  *self,
                                  NasStudyRunner *runner)
{
  g_return_if_fail (NAS_IS_SEARCH_PAGE (self));
  g_return_if_fail (runner == NULL || NAS_IS_STUDY_RUNNER (runner));

  if (self->study_runner == runner)
    return;
  if (self->study_runner != NULL)
    g_signal_handlers_disconnect_by_data (self->study_runner, self);
  g_set_object (&self->study_runner, runner);
  if (runner == NULL)
    return;

  g_signal_connect_object (runner, "event", G_CALLBACK (study_event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (runner, "notify::running", G_CALLBACK (study_running_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (runner, "notify::progress", G_CALLBACK (study_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (runner, "finished", G_CALLBACK (study_finished_cb), self, G_CONNECT_SWAPPED);
}

/* ---- GObject ----------------------------------------------------------- */

static void
nas_search_page_dispose (GObject *object)
{
  NasSearchPage *self = (NasSearchPage *)object;

  nas_search_page_set_engine (self, NULL);
  nas_search_page_set_study_runner (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_SEARCH_PAGE);

  G_OBJECT_CLASS (nas_search_page_parent_class)->dispose (object);
}

static void
nas_search_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  NasSearchPage *self = NAS_SEARCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, nas_search_page_get_valid (self));
      break;

    case PROP_SUBTITLE:
      g_value_set_string (value, nas_search_page_get_subtitle (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_search_page_class_init (NasSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_search_page_dispose;
  object_class->get_property = nas_search_page_get_property;

  /**
   * NasSearchPage:valid:
   *
   * Whether the set-up is a search that can start.
   */
  properties [PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * NasSearchPage:subtitle:
   *
   * "episode 37 of 100 · best 98.7 %" while a search runs, %NULL otherwise.
   */
  properties [PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NAS_TYPE_SEARCH_FORM);
  g_type_ensure (NAS_TYPE_SEARCH_DASHBOARD);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-search-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "searchpage");

  gtk_widget_class_bind_template_child (widget_class, NasSearchPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, NasSearchPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, NasSearchPage, form);
  gtk_widget_class_bind_template_child (widget_class, NasSearchPage, dashboard);

  gtk_widget_class_bind_template_callback (widget_class, form_valid_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dashboard_subtitle_changed_cb);
}

static void
nas_search_page_init (NasSearchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
