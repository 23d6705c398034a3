/* halving-sim.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A synthetic multi-fidelity search: REINFORCE or random search with
 * successive halving on a task whose true quality is known, for the
 * benchmark (halving-synthetic.c) and its test. */

#pragma once

#include "nas-controller.h"

G_BEGIN_DECLS

typedef struct
{
  guint  episodes;      /* a multiple of bracket */
  guint  rungs;
  guint  eta;
  guint  bracket;
  double noise;         /* sd of the observed accuracy at rung 0; rung i: noise / √ηⁱ */
  double lr;            /* the controller's learning rate */
} HalvingSimParams;

typedef struct
{
  double best_quality;  /* true quality of the architecture the search would pick */
  double last_quality;  /* mean true quality of the last fifth of episodes */
} HalvingSimResult;

void halving_sim_params_init (HalvingSimParams       *params);
void halving_sim_run         (NasStrategy             strategy,
                              guint64                 seed,
                              const HalvingSimParams *params,
                              HalvingSimResult       *result);

G_END_DECLS
