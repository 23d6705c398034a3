/* nas-run-item.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One run of the history as a list-model item: an immutable snapshot of a
 * NasRun (with its summary) taken by the history loader. A reload makes new
 * items rather than mutating these, so a bound row never sees a half-updated
 * run. Also holds the few formatting rules the runs list and the tests
 * share. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "nas-calibrate.h"
#include "nas-run-item.h"

struct _NasRunItem
{
  GObject  parent_instance;
  NasRun  *run;
  NasCalibration *calibration;  /* the run's newest, or NULL */
  char    *remote_host;         /* the host a snapshot was published from */
};

G_DEFINE_FINAL_TYPE (NasRunItem, nas_run_item, G_TYPE_OBJECT)

static void
nas_run_item_finalize (GObject *object)
{
  NasRunItem *self = (NasRunItem *)object;

  g_clear_pointer (&self->run, nas_run_free);
  g_clear_pointer (&self->calibration, nas_calibration_free);
  g_clear_pointer (&self->remote_host, g_free);

  G_OBJECT_CLASS (nas_run_item_parent_class)->finalize (object);
}

static void
nas_run_item_class_init (NasRunItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nas_run_item_finalize;
}

static void
nas_run_item_init (NasRunItem *self)
{
}

/**
 * nas_run_item_new:
 * @run: (transfer full): the run, with its summary
 */
NasRunItem *
nas_run_item_new (NasRun *run)
{
  NasRunItem *self;

  g_return_val_if_fail (run != NULL, NULL);

  self = g_object_new (NAS_TYPE_RUN_ITEM, NULL);
  self->run = run;
  return self;
}

const NasRun *
nas_run_item_get_run (NasRunItem *self)
{
  g_return_val_if_fail (NAS_IS_RUN_ITEM (self), NULL);

  return self->run;
}

gint64
nas_run_item_get_id (NasRunItem *self)
{
  g_return_val_if_fail (NAS_IS_RUN_ITEM (self), 0);

  return self->run->id;
}

const char *
nas_run_item_get_name (NasRunItem *self)
{
  g_return_val_if_fail (NAS_IS_RUN_ITEM (self), NULL);

  return self->run->name != NULL ? self->run->name : "";
}

/* "28 Nov 2026 14:03 · mnist · reinforce" */
char *
nas_run_item_format_subtitle (NasRunItem *self)
{
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (NAS_IS_RUN_ITEM (self), NULL);

  created = g_date_time_new_from_unix_local (self->run->created / G_USEC_PER_SEC);
  date = created != NULL ? g_date_time_format (created, "%-d %b %Y %H:%M") : g_strdup ("?");
  g_strstrip (date);

  return g_strdup_printf ("%s · %s · %s", date,
                          self->run->dataset != NULL ? self->run->dataset : "?",
                          self->run->strategy != NULL ? self->run->strategy : "?");
}

/* "12/20 · best 97.1 %" */
char *
nas_run_item_format_progress (NasRunItem *self)
{
  g_return_val_if_fail (NAS_IS_RUN_ITEM (self), NULL);

  if (isnan (self->run->best_validation_accuracy))
    return g_strdup_printf ("%u/%u", self->run->episodes_done, self->run->episodes_planned);

  /* Translators: episodes done/planned, then the best validation accuracy */
  return g_strdup_printf (_("%u/%u · best %.1f %%"), self->run->episodes_done,
                          self->run->episodes_planned, 100.0 * self->run->best_validation_accuracy);
}

const char *
nas_run_item_format_status (NasRunItem *self)
{
  g_return_val_if_fail (NAS_IS_RUN_ITEM (self), NULL);

  switch (self->run->status)
    {
    case NAS_RUN_RUNNING:     return _("Running");
    case NAS_RUN_PAUSED:      return _("Paused");
    case NAS_RUN_STOPPED:     return _("Stopped");
    case NAS_RUN_FINISHED:    return _("Finished");
    case NAS_RUN_FAILED:      return _("Failed");
    case NAS_RUN_INTERRUPTED: return _("Interrupted");
    default:                  return "?";
    }
}

/* Only a run nobody is writing can be continued; a finished one has
 * nothing left to do. */
gboolean
nas_run_item_can_resume (NasRunItem *self)
{
  g_return_val_if_fail (NAS_IS_RUN_ITEM (self), FALSE);

  return self->run->status == NAS_RUN_STOPPED ||
         self->run->status == NAS_RUN_INTERRUPTED ||
         self->run->status == NAS_RUN_FAILED;
}

/**
 * nas_run_item_set_calibration:
 * @calibration: (transfer full) (nullable): the run's newest calibration
 */
void
nas_run_item_set_calibration (NasRunItem     *self,
                              NasCalibration *calibration)
{
  g_return_if_fail (NAS_IS_RUN_ITEM (self));

  g_clear_pointer (&self->calibration, nas_calibration_free);
  self->calibration = calibration;
}

/* "Cheap budget ranks: ρ = 0.82, τ = 0.64, top-5 overlap 4/5", or NULL for
 * a run without a calibration. */
char *
nas_run_item_format_calibration (NasRunItem *self)
{
  g_autofree char *summary = NULL;

  g_return_val_if_fail (NAS_IS_RUN_ITEM (self), NULL);

  if (self->calibration == NULL)
    return NULL;
  summary = nas_calibrate_summary (self->calibration);
  /* Translators: how well the children's short training ranks architectures, then ρ, τ and an overlap */
  return g_strdup_printf (_("Cheap budget ranks: %s"), summary);
}

/* Whether the run has a calibration whose ρ says the cheap budget does not rank. */
gboolean
nas_run_item_ranks_poorly (NasRunItem *self)
{
  g_return_val_if_fail (NAS_IS_RUN_ITEM (self), FALSE);

  return self->calibration != NULL && nas_calibrate_ranks_poorly (self->calibration);
}

/**
 * nas_run_item_set_remote_host:
 * @host: (nullable): the host whose search published the snapshot this run
 *   was read from, %NULL for a run of a live history
 */
void
nas_run_item_set_remote_host (NasRunItem *self,
                              const char *host)
{
  g_return_if_fail (NAS_IS_RUN_ITEM (self));

  g_free (self->remote_host);
  self->remote_host = g_strdup (host);
}

const char *
nas_run_item_get_remote_host (NasRunItem *self)
{
  g_return_val_if_fail (NAS_IS_RUN_ITEM (self), NULL);

  return self->remote_host;
}
