/* nas-search-dashboard.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The live side of the Search view: progress with an ETA (which says a
 * pause), the architecture being trained, the reward, child-training and
 * controller charts, and the policy heat map, each with an export menu;
 * at a run's end, a NasRunEndCard with its best architecture in place of
 * the last one tried. A new best architecture, a failed search and an
 * export say so in a toast, shown by the nearest AdwToastOverlay above the
 * dashboard.
 *
 * The dashboard only listens to the engine's "event" signal, which arrives
 * on the main thread; each event appends a point or two to a NasSeries and
 * the charts coalesce their redraws, so a search never blocks the UI. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "nas-format.h"
#include "nas-policy-heatmap.h"
#include "nas-search-dashboard-private.h"
#include "nas-store.h"

enum {
  PROP_0,
  PROP_SUBTITLE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (NasSearchDashboard, nas_search_dashboard, ADW_TYPE_BIN)

static GParamSpec *properties [N_PROPS];

/* ---- events ------------------------------------------------------------ */

static void
set_subtitle (NasSearchDashboard *self,
              const char    *subtitle)
{
  if (g_strcmp0 (self->subtitle, subtitle) == 0)
    return;

  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUBTITLE]);
}

static void
update_progress (NasSearchDashboard *self)
{
  g_autofree char *progress = NULL;
  g_autofree char *subtitle = NULL;
  gboolean paused = nas_run_clock_is_paused (&self->clock);
  gint64 now = g_get_monotonic_time ();
  double done, fraction, left;

  if (self->episodes_planned == 0)
    return;

  progress = nas_run_progress_describe (&self->where, self->episode, self->best_accuracy);
  if (self->prefix != NULL)
    {
      char *prefixed = g_strdup_printf ("%s · %s", self->prefix, progress);

      g_free (progress);
      progress = prefixed;
    }
  /* Translators: the header's subtitle while a search is paused */
  subtitle = paused ? g_strdup_printf (_("Paused · %s"), progress) : g_strdup (progress);
  set_subtitle (self, subtitle);
  gtk_label_set_text (self->status_label, paused ? _("Paused") : progress);

  /* Work, not episodes: under successive halving the upper rungs hold
   * most of a bracket's training. */
  done = nas_run_progress_done (&self->where, self->episode,
                                self->child_in_progress ? self->child_fraction : 0);
  fraction = CLAMP (done / self->episodes_planned, 0, 1);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);

  /* The ETA extrapolates this session's pace, pauses left out. */
  left = nas_run_clock_seconds_left (&self->clock, now, done - self->first_done,
                                     self->episodes_planned - done);
  if (paused)
    {
      /* Translators: the progress card's percentage while paused */
      g_autofree char *text = g_strdup_printf (_("%.0f %% · paused"), 100 * fraction);

      gtk_label_set_text (self->eta_label, text);
    }
  else if (isfinite (left))
    {
      g_autofree char *duration = nas_format_duration (left);
      g_autofree char *text = g_strdup_printf (_("%.0f %% · %s left"), 100 * fraction, duration);

      gtk_label_set_text (self->eta_label, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("%.0f %%"), 100 * fraction);

      gtk_label_set_text (self->eta_label, text);
    }
}

static guint
series_flags (NasEpisodeFlags flags)
{
  return ((flags & NAS_EPISODE_EXPLORED) ? NAS_SERIES_FLAG_EXPLORED : 0) |
         ((flags & NAS_EPISODE_CACHED) ? NAS_SERIES_FLAG_CACHED : 0) |
         ((flags & NAS_EPISODE_INVALID) ? NAS_SERIES_FLAG_INVALID : 0);
}

/* Appends one finished episode to the charts; TRUE if it is a new best.
 * @chosen, the mean probability of the chosen actions, is NAN for the
 * earlier episodes of a resumed run (listed without their policy): they
 * have no point on the chosen-probability curve. */
gboolean
_nas_search_dashboard_add_episode (NasSearchDashboard     *self,
                                   const NasEpisodeRecord *record,
                                   double                  chosen,
                                   guint                   rung)
{
  double x = record->episode + 1;
  gboolean new_best;

  self->chart_run_id = record->run_id;
  nas_series_append (self->reward, x, record->reward,
                     series_flags (record->flags) | NAS_SERIES_FLAG_RUNG (rung));
  if (isfinite (record->baseline))
    nas_series_append (self->baseline, x, record->baseline, 0);

  new_best = nas_run_summary_add (&self->summary, record);
  self->best_accuracy = self->summary.best_accuracy;
  if (isfinite (self->best_accuracy))
    nas_series_append (self->best, x, self->best_accuracy, 0);

  if (isfinite (record->entropy))
    nas_series_append (self->entropy, x, record->entropy, 0);
  if (isfinite (chosen))
    nas_series_append (self->chosen, x, chosen, 0);

  return new_best;
}

void
_nas_search_dashboard_clear (NasSearchDashboard *self)
{
  nas_series_clear (self->reward);
  nas_series_clear (self->baseline);
  nas_series_clear (self->best);
  nas_series_clear (self->loss);
  nas_series_clear (self->accuracy);
  nas_series_clear (self->entropy);
  nas_series_clear (self->chosen);
  self->best_accuracy = NAN;
  nas_run_summary_clear (&self->summary);
  self->child_in_progress = FALSE;
  self->child_fraction = 0;
}

static void
run_started (NasSearchDashboard  *self,
             NasSearchEvent *event)
{
  _nas_search_dashboard_replay_stop (self);
  _nas_search_dashboard_stop_earlier (self);
  _nas_search_dashboard_clear (self);
  gtk_widget_set_visible (GTK_WIDGET (self->end_card), FALSE);
  gtk_widget_set_visible (self->arch_card, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->arch_label), TRUE);

  g_clear_pointer (&self->labels, nas_decision_labels_unref);
  self->labels = nas_decision_labels_ref (event->labels);
  nas_policy_heatmap_fill (self->heatmap, self->labels, NULL);

  /* Entropy from 0 to its largest possible value, ln(choices): a fixed
   * scale that shows the controller growing sure of itself, instead of
   * zooming into the 10⁻⁷ wiggles of the first episodes. */
  nas_chart_set_y_range (self->controller_chart, NAS_CHART_AXIS_LEFT, 0,
                         log (MAX (2, nas_decision_labels_get_max_choices (self->labels))));

  self->episodes_planned = event->episodes_planned;
  self->episode = event->episode;
  nas_run_progress_init (&self->where, event->config, event->episodes_planned);
  self->first_done = nas_run_progress_done (&self->where, event->episode, 0);
  {
    g_autoptr(GArray) marks = nas_run_progress_bracket_marks (&self->where);

    /* Translators: the legend of the reward chart's dashed lines between
     * the brackets of successive halving */
    nas_chart_set_x_marks (self->reward_chart, (const double *)(gpointer) marks->data, marks->len,
                           _("bracket boundary"));
  }
  nas_run_clock_start (&self->clock, g_get_monotonic_time ());

  /* A resumed run: its earlier episodes come from the store. */
  if (event->episode > 0)
    _nas_search_dashboard_load_earlier (self, event->run_id, event->episode);

  update_progress (self);
}

static void
episode_started (NasSearchDashboard  *self,
                 NasSearchEvent *event)
{
  g_autofree char *text = NULL;
  g_autofree char *params = NULL;

  self->episode = event->episode;
  nas_run_progress_child (&self->where, event->episode, event->rung);
  self->child_in_progress = TRUE;
  self->child_fraction = 0;
  g_clear_handle_id (&self->child_flush_id, g_source_remove);
  g_array_set_size (self->child_pending, 0);
  nas_series_clear (self->loss);
  nas_series_clear (self->accuracy);

  if (event->arch != NULL)
    nas_arch_strip_set_arch (self->arch_strip, event->arch, event->params);

  params = nas_format_count ((double) event->params);
  text = g_strdup_printf (_("%s · %s parameters"), event->architecture, params);
  gtk_label_set_text (self->arch_label, text);

  update_progress (self);
}

/* Draws the progress held back since the last time. */
static void
flush_child_progress (NasSearchDashboard *self)
{
  g_clear_handle_id (&self->child_flush_id, g_source_remove);
  if (self->child_pending->len == 0)
    return;

  for (guint i = 0; i < self->child_pending->len; i++)
    {
      const NasCurvePoint *point = &g_array_index (self->child_pending, NasCurvePoint, i);

      nas_series_append (self->loss, point->step, point->loss, 0);
      nas_series_append (self->accuracy, point->step, point->accuracy, 0);
    }
  g_array_set_size (self->child_pending, 0);
  update_progress (self);
  self->child_draws++;
}

static gboolean
child_flush_cb (gpointer data)
{
  NasSearchDashboard *self = data;

  self->child_flush_id = 0;
  flush_child_progress (self);
  return G_SOURCE_REMOVE;
}

static void
child_progress (NasSearchDashboard  *self,
                NasSearchEvent *event)
{
  g_array_append_val (self->child_pending, event->point);
  nas_run_progress_child (&self->where, event->episode, event->rung);
  if (event->total_steps > 0)
    self->child_fraction = CLAMP ((double) event->point.step / event->total_steps, 0, 1);

  if (self->child_flush_id == 0)
    self->child_flush_id = g_timeout_add (CHILD_REDRAW_MSEC, child_flush_cb, self);
}

/* Shows @title; with @button, a button that activates @action with
 * @target (floating, consumed). */
AdwToast *
_nas_search_dashboard_toast (NasSearchDashboard *self,
                             const char         *title,
                             const char         *button,
                             const char         *action,
                             GVariant           *target)
{
  AdwToast *toast = adw_toast_new (title);
  GtkWidget *overlay;

  if (button != NULL)
    {
      adw_toast_set_button_label (toast, button);
      adw_toast_set_action_name (toast, action);
      if (target != NULL)
        adw_toast_set_action_target_value (toast, target);
    }
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_object_unref (toast);
      return NULL;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);

  return toast;
}

static void
episode_finished (NasSearchDashboard  *self,
                  NasSearchEvent *event)
{
  gboolean had_best = isfinite (self->best_accuracy);
  double chosen;

  flush_child_progress (self);
  self->child_in_progress = FALSE;
  self->episode = event->episode + 1;

  chosen = event->policy != NULL ? nas_episode_policy_mean_chosen (event->policy) : NAN;
  if (!_nas_search_dashboard_hold_live (self, event->record, chosen, event->rung) &&
      _nas_search_dashboard_add_episode (self, event->record, chosen, event->rung) && had_best)
    {
      g_autofree char *title = g_strdup_printf (_("New best architecture: %.2f %%"),
                                                100 * event->record->validation_accuracy);

      /* Toasts queue: rather than a line of outdated bests, the one still
       * on screen (or waiting) is brought up to date. */
      if (self->best_toast != NULL)
        adw_toast_set_title (self->best_toast, title);
      else
        g_set_weak_pointer (&self->best_toast,
                            _nas_search_dashboard_toast (self, title, _("Show"), "win.show-episode",
                                        g_variant_new ("(xu)", event->run_id, event->record->episode)));
    }

  nas_policy_heatmap_update (self->heatmap, event->policy);
  update_progress (self);
}

static void
run_ended (NasSearchDashboard  *self,
           NasSearchEvent *event)
{
  flush_child_progress (self);
  self->child_in_progress = FALSE;
  set_subtitle (self, NULL);

  if (event->kind == NAS_SEARCH_EVENT_RUN_FAILED)
    {
      g_autofree char *title = g_strdup_printf (_("The search failed: %s"),
                                                event->error != NULL ? event->error->message : _("unknown error"));

      gtk_label_set_text (self->status_label, _("Search failed"));
      _nas_search_dashboard_toast (self, title, NULL, NULL, NULL);
    }
  else if (event->status == NAS_RUN_FINISHED)
    {
      gtk_label_set_text (self->status_label, _("Search finished"));
      gtk_progress_bar_set_fraction (self->progress_bar, 1);
      gtk_label_set_text (self->eta_label, "");
    }
  else
    {
      gtk_label_set_text (self->status_label, _("Search stopped — it can be resumed from History"));
      gtk_label_set_text (self->eta_label, "");
    }

  /* What the run came to replaces the last architecture it tried. */
  if (event->kind != NAS_SEARCH_EVENT_RUN_FAILED && self->summary.episodes > 0)
    {
      nas_run_end_card_show_run (self->end_card, nas_search_engine_get_database_path (self->engine),
                                 event->run_id, event->status == NAS_RUN_FINISHED, &self->summary);
      gtk_widget_set_visible (GTK_WIDGET (self->end_card), TRUE);
      gtk_widget_set_visible (self->arch_card, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->arch_label), FALSE);
    }
}

static void
engine_event_cb (NasSearchDashboard   *self,
                 NasSearchEvent  *event,
                 NasSearchEngine *engine)
{
  switch (event->kind)
    {
    case NAS_SEARCH_EVENT_RUN_STARTED:
      run_started (self, event);
      break;
    case NAS_SEARCH_EVENT_EPISODE_STARTED:
      episode_started (self, event);
      break;
    case NAS_SEARCH_EVENT_CHILD_PROGRESS:
      child_progress (self, event);
      break;
    case NAS_SEARCH_EVENT_EPISODE_FINISHED:
      episode_finished (self, event);
      break;
    case NAS_SEARCH_EVENT_PAUSED:
      nas_run_clock_pause (&self->clock, g_get_monotonic_time ());
      update_progress (self);
      break;
    case NAS_SEARCH_EVENT_RESUMED:
      nas_run_clock_resume (&self->clock, g_get_monotonic_time ());
      update_progress (self);
      break;
    case NAS_SEARCH_EVENT_RUN_FINISHED:
    case NAS_SEARCH_EVENT_RUN_FAILED:
      run_ended (self, event);
      break;
    default:
      break;
    }
}

static void
engine_running_cb (NasSearchDashboard   *self,
                   GParamSpec      *pspec,
                   NasSearchEngine *engine)
{
  if (!nas_search_engine_get_running (engine))
    self->child_in_progress = FALSE;
  else
    _nas_search_dashboard_replay_stop (self);   /* the search's "run started" clears the charts */
}

/**
 * nas_search_dashboard_set_engine:
 *
 * Makes the dashboard follow @engine's searches.
 */
void
nas_search_dashboard_set_engine (NasSearchDashboard   *self,
                            NasSearchEngine *engine)
{
  g_return_if_fail (NAS_IS_SEARCH_DASHBOARD (self));
  g_return_if_fail (engine == NULL || NAS_IS_SEARCH_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      g_signal_connect_object (engine, "event", G_CALLBACK (engine_event_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::running", G_CALLBACK (engine_running_cb), self, G_CONNECT_SWAPPED);
      engine_running_cb (self, NULL, engine);
      /* After a restart or another history opened: its newest run, if
       * it can be resumed or ended lately. */
      if (!nas_search_engine_get_running (engine))
        _nas_search_dashboard_replay_recent (self);
    }
}

const char *
nas_search_dashboard_get_subtitle (NasSearchDashboard *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_DASHBOARD (self), NULL);

  return self->subtitle;
}

/* Whether stopping now would throw away training: a child is part-way. */
gboolean
nas_search_dashboard_get_work_in_progress (NasSearchDashboard *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_DASHBOARD (self), FALSE);

  return self->child_in_progress && self->child_fraction > 0;
}

/* How many times child progress was drawn. */
guint
nas_search_dashboard_get_child_draws (NasSearchDashboard *self)
{
  return self->child_draws;
}

NasSeries *
nas_search_dashboard_get_reward_series (NasSearchDashboard *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_DASHBOARD (self), NULL);

  return self->reward;
}

NasChart *
nas_search_dashboard_get_reward_chart (NasSearchDashboard *self)
{
  g_return_val_if_fail (NAS_IS_SEARCH_DASHBOARD (self), NULL);

  return self->reward_chart;
}

/* ---- GObject ----------------------------------------------------------- */

static void
nas_search_dashboard_dispose (GObject *object)
{
  NasSearchDashboard *self = (NasSearchDashboard *)object;

  nas_search_dashboard_set_engine (self, NULL);
  _nas_search_dashboard_replay_stop (self);
  _nas_search_dashboard_stop_earlier (self);
  g_clear_handle_id (&self->child_flush_id, g_source_remove);
  g_clear_weak_pointer (&self->best_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), NAS_TYPE_SEARCH_DASHBOARD);

  g_clear_object (&self->reward);
  g_clear_object (&self->baseline);
  g_clear_object (&self->best);
  g_clear_object (&self->loss);
  g_clear_object (&self->accuracy);
  g_clear_object (&self->entropy);
  g_clear_object (&self->chosen);
  g_clear_object (&self->reward_mean);
  g_clear_object (&self->chosen_mean);

  G_OBJECT_CLASS (nas_search_dashboard_parent_class)->dispose (object);
}

static void
nas_search_dashboard_finalize (GObject *object)
{
  NasSearchDashboard *self = (NasSearchDashboard *)object;

  g_clear_pointer (&self->labels, nas_decision_labels_unref);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->prefix, g_free);
  nas_run_summary_clear (&self->summary);
  g_clear_pointer (&self->child_pending, g_array_unref);

  G_OBJECT_CLASS (nas_search_dashboard_parent_class)->finalize (object);
}

static void
nas_search_dashboard_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  NasSearchDashboard *self = NAS_SEARCH_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nas_search_dashboard_class_init (NasSearchDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nas_search_dashboard_dispose;
  object_class->finalize = nas_search_dashboard_finalize;
  object_class->get_property = nas_search_dashboard_get_property;

  /**
   * NasSearchDashboard:subtitle:
   *
   * "episode 37 of 100 · best 98.7 %" while a search runs, %NULL otherwise.
   */
  properties [PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (NAS_TYPE_CHART);
  g_type_ensure (NAS_TYPE_HEATMAP);
  g_type_ensure (NAS_TYPE_ARCH_STRIP);
  g_type_ensure (NAS_TYPE_RUN_END_CARD);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/nascent/Nascent/ui/nas-search-dashboard.ui");

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, NasSearchDashboard, name)
  BIND (status_label);
  BIND (eta_label);
  BIND (progress_bar);
  BIND (arch_label);
  BIND (arch_card);
  BIND (arch_strip);
  BIND (end_card);
  BIND (reward_chart);
  BIND (child_chart);
  BIND (controller_chart);
  BIND (heatmap);
#undef BIND

  gtk_widget_class_install_action (widget_class, "dashboard.export-chart", "s", _nas_search_dashboard_export_chart);
}

static void
nas_search_dashboard_init (NasSearchDashboard *self)
{
  self->best_accuracy = NAN;
  nas_run_summary_init (&self->summary);
  self->child_pending = g_array_new (FALSE, FALSE, sizeof (NasCurvePoint));

  gtk_widget_init_template (GTK_WIDGET (self));

  _nas_search_dashboard_setup_charts (self);
  _nas_search_dashboard_setup_replay (self);
}

/**
 * nas_search_dashboard_show_event:
 *
 * Shows @event as if the engine had emitted it: the searches of a study,
 * which run on engines of their own, on the same charts. The engine set
 * with nas_search_dashboard_set_engine() gives the history they are in.
 */
void
nas_search_dashboard_show_event (NasSearchDashboard *self,
                                 NasSearchEvent     *event)
{
  g_return_if_fail (NAS_IS_SEARCH_DASHBOARD (self));
  g_return_if_fail (event != NULL);

  engine_event_cb (self, event, self->engine);
}

/**
 * nas_search_dashboard_set_prefix:
 * @prefix: (nullable): "Study 3 · search 2 of 6", or %NULL
 *
 * Puts @prefix before the progress of the search shown, from the next
 * event on (set it before the run's "run started").
 */
void
nas_search_dashboard_set_prefix (NasSearchDashboard *self,
                                 const char         *prefix)
{
  g_return_if_fail (NAS_IS_SEARCH_DASHBOARD (self));

  if (g_strcmp0 (self->prefix, prefix) == 0)
    return;
  g_free (self->prefix);
  self->prefix = g_strdup (prefix);
}

/**
 * nas_search_dashboard_show_phase:
 * @text: (nullable): "Study 3 · retrain 4 of 15", or %NULL for no subtitle
 * @fraction: of the phase done, or a negative number to keep the bar
 *
 * Shows work that is not a search (a study's retrains, its end) in the
 * progress card and the subtitle.
 */
void
nas_search_dashboard_show_phase (NasSearchDashboard *self,
                                 const char         *text,
                                 double              fraction)
{
  g_return_if_fail (NAS_IS_SEARCH_DASHBOARD (self));

  set_subtitle (self, text);
  if (text != NULL)
    gtk_label_set_text (self->status_label, text);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  gtk_label_set_text (self->eta_label, "");
}
