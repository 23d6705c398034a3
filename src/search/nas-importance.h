/* nas-importance.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Which decisions of a search explain its reward: a table of the
 * decisions each episode took (the depth, the head, every layer's kernel,
 * filters, pool, dropout and batch normalization), and per decision the
 * share of the reward's variance it explains (ω², with a bootstrap
 * interval). What History's parallel-coordinates and importance charts
 * show. No I/O, no GTK; safe to run on a worker thread. */

#pragma once

#include <gio/gio.h>

#include "nas-store-types.h"

G_BEGIN_DECLS

/* A decision: its name ("Layer 2 · kernel") and its levels' labels
 * ("3×3", "5×5"), in ascending order of the value they stand for. */
typedef struct
{
  char      *name;
  GPtrArray *labels;   /* char*[n_levels] */
} NasTableDecision;

/* Rows of episodes × columns of decisions. A level of -1 is "absent": a
 * layer an episode's network is too shallow to have. */
typedef struct
{
  GPtrArray *decisions;   /* NasTableDecision*[n_decisions] */
  GArray    *episodes;    /* guint[n_rows]: the episode, 0-based */
  GArray    *rewards;     /* double[n_rows] */
  GArray    *levels;      /* int[n_rows × n_decisions], row-major */
} NasDecisionTable;

/* The importance of one decision: ω² of a one-way analysis of variance of
 * the reward by the decision's level, over the rows where it is present,
 * and the 2.5 and 97.5 percentiles of its bootstrap over rows. ω² is about
 * 0 (and may be below) for a decision that explains nothing; NAN when
 * fewer than two levels or too few rows are present. */
typedef struct
{
  guint   decision;
  double  importance;
  double  low, high;
  guint   n_rows;       /* rows where the decision is present */
} NasImportance;

NasDecisionTable *nas_decision_table_new          (void);
void              nas_decision_table_free         (NasDecisionTable  *table);
guint             nas_decision_table_add_decision (NasDecisionTable  *table,
                                                   const char        *name,
                                                   const char *const *labels,
                                                   guint              n_labels);
void              nas_decision_table_add_row      (NasDecisionTable  *table,
                                                   guint              episode,
                                                   double             reward,
                                                   const int         *levels);
guint             nas_decision_table_get_n_rows   (const NasDecisionTable *table);
int               nas_decision_table_get_level    (const NasDecisionTable *table,
                                                   guint              row,
                                                   guint              decision);
guint             nas_decision_table_best_row     (const NasDecisionTable *table);
NasDecisionTable *nas_decision_table_new_from_episodes (GPtrArray   *records,
                                                   GError           **error);

GArray           *nas_importance_compute          (const NasDecisionTable *table,
                                                   guint              n_resamples,
                                                   guint32            seed,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
double            nas_importance_omega_squared    (const NasDecisionTable *table,
                                                   guint              decision,
                                                   const guint       *rows,
                                                   guint              n_rows,
                                                   guint             *out_n_used);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasDecisionTable, nas_decision_table_free)

G_END_DECLS
