/* nas-run-replay.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "nas-arch.h"
#include "nas-episode-policy.h"
#include "nas-store.h"

G_BEGIN_DECLS

/* A stored run as the dashboard replays it. */
typedef struct
{
  NasRun            *run;
  GPtrArray         *episodes;     /* NasEpisodeRecord (light: no JSON), by number */
  GArray            *rungs;        /* guint per episode: the highest rung it reached */
  GArray            *chosen;       /* double per episode: mean p(chosen), NAN when not stored */
  NasDecisionLabels *labels;       /* NULL when the configuration cannot be read */
  NasEpisodePolicy  *last_policy;  /* of the last episode that has one, or NULL */
  GArray            *last_curve;   /* NasCurvePoint: the learning curve of the last
                                    * episode that has one (the last child trained), or NULL */
  NasArch           *last_arch;    /* the last episode's architecture, or NULL */
  guint64            last_params;  /* and its parameters */
} NasRunReplay;

/* A run ended (finished or failed) longer ago than this is not brought
 * back at start-up. */
#define NAS_RUN_REPLAY_RECENT_SECONDS (24 * 60 * 60)

NasRunReplay *nas_run_replay_load         (NasStore           *store,
                                           gint64              run_id,
                                           GError            **error);
void          nas_run_replay_free         (NasRunReplay       *replay);
gboolean      nas_run_replay_is_resumable (const NasRun       *run);
gboolean      nas_run_replay_is_live      (const NasRun       *run);
double        nas_run_replay_seconds_ago  (const NasRun       *run,
                                           gint64              now);
gint64        nas_run_replay_pick_recent  (GPtrArray          *runs,
                                           gint64              now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasRunReplay, nas_run_replay_free)

G_END_DECLS
