/* nas-study-svg.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A study report's three charts as standalone SVG text, computed from the
 * NasStudyReport alone: test accuracy per network (mean ± sd over retrain
 * seeds, each seed a dot), the strategies' reward curves (mean over search
 * seeds of a moving mean, with the seeds' min–max as a band) and test
 * accuracy against parameters on a logarithmic axis. Plain GLib string
 * building, no drawing library: the files are written by the CLI and
 * embedded in the HTML report. */

#pragma once

#include "nas-study-report.h"

G_BEGIN_DECLS

typedef enum
{
  NAS_STUDY_CHART_ACCURACY,
  NAS_STUDY_CHART_REWARDS,
  NAS_STUDY_CHART_PARAMS,
  NAS_STUDY_N_CHARTS
} NasStudyChart;

char       *nas_study_svg            (const NasStudyReport *report,
                                      NasStudyChart         chart);
const char *nas_study_chart_suffix   (NasStudyChart         chart);
const char *nas_study_chart_title    (NasStudyChart         chart);

G_END_DECLS
