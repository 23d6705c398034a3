/* nas-search-space.h
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The search space of a configuration as the strategies see it: a fixed
 * sequence of decisions, each a choice among a few values, and the mapping
 * from one episode's choices to a child architecture.
 *
 * Decision order (nas-policy.h): when the depth is searched, decision 0
 * picks the number of layers 1..L; then the dense head's width and its
 * dropout, when the configuration gives each two values or more; then for
 * each layer i < L: kernel, filters, pool, dropout, and batch
 * normalisation when both off and on are allowed. Decisions of layers at
 * or beyond the chosen depth are not taken in that episode.
 *
 * The architecture of an episode is its conv layers, then the dense head
 * (when its width is not 0: "dense W [bn] [dropD]", with batch
 * normalisation exactly when the configuration allows it at all, see
 * nas_search_config_head_batchnorm()), then the dense output layer. */

#pragma once

#include <glib.h>

#include "nas-arch.h"
#include "nas-controller.h"
#include "nas-search-config.h"

G_BEGIN_DECLS

#define NAS_MAX_DECISIONS NAS_POLICY_N_DECISIONS_MAX (NAS_MAX_LAYERS)

typedef struct
{
  NasSearchConfig *config;     /* owned copy */
  gsize            in_c, in_h, in_w;
  guint            n_classes;
  NasPolicySpec    spec;        /* the decisions, as the strategies see them */

  /* Where the decisions are in spec: −1 for one not laid out. */
  gint             head_units_at;
  gint             head_dropout_at;
  guint            layers_at;       /* layer 0's kernel decision */
  guint            layer_stride;    /* decisions per layer: 4, or 5 with batch normalisation */
} NasSearchSpace;

NasSearchSpace *nas_search_space_new         (const NasSearchConfig *config,
                                              gsize                  in_c,
                                              gsize                  in_h,
                                              gsize                  in_w,
                                              guint                  n_classes);
void            nas_search_space_free        (NasSearchSpace        *space);

guint           nas_search_space_depth       (const NasSearchSpace  *space,
                                              const gint            *actions);
gboolean        nas_search_space_is_active   (const NasSearchSpace  *space,
                                              const gint            *actions,
                                              guint                  t);
guint           nas_search_space_allowed     (const NasSearchSpace  *space,
                                              const gint            *actions,
                                              guint                  t,
                                              gboolean              *allowed);
NasArch        *nas_search_space_to_arch     (const NasSearchSpace  *space,
                                              const gint            *actions,
                                              GError               **error);
gboolean        nas_search_space_actions_from_arch (const NasSearchSpace *space,
                                                    const NasArch        *arch,
                                                    gint                 *actions);
char           *nas_search_space_choice_label (const NasSearchSpace *space,
                                               guint                 t,
                                               guint                 choice);
char           *nas_search_space_decision_label (const NasSearchSpace *space,
                                                 guint                 t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NasSearchSpace, nas_search_space_free)

G_END_DECLS
