/* nas-arch-strip.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* NasArchStrip: an architecture as a strip of layer blocks (conv, pool,
 * dropout, dense) with its parameter count, optional per-layer highlight
 * for comparisons, tooltip per layer, PNG/SVG export. */

#pragma once

#include <gtk/gtk.h>

#include "nas-arch.h"
#include "nas-chart-base.h"

G_BEGIN_DECLS

#define NAS_TYPE_ARCH_STRIP (nas_arch_strip_get_type())

G_DECLARE_FINAL_TYPE (NasArchStrip, nas_arch_strip, NAS, ARCH_STRIP, NasChartBase)

GtkWidget  *nas_arch_strip_new           (void);
void        nas_arch_strip_set_arch      (NasArchStrip   *self,
                                          const NasArch  *arch,
                                          guint64         n_params);
void        nas_arch_strip_set_highlight (NasArchStrip   *self,
                                          const gboolean *mask,
                                          guint           n_layers);
gboolean    nas_arch_strip_export_png    (NasArchStrip   *self,
                                          const char     *path,
                                          int             width,
                                          int             height,
                                          GError        **error);
gboolean    nas_arch_strip_export_svg    (NasArchStrip   *self,
                                          const char     *path,
                                          int             width,
                                          int             height,
                                          GError        **error);

G_END_DECLS
