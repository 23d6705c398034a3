/* test-search-space.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-search-space"

#include "config.h"

#include "nas-search-space.h"

typedef struct
{
  const NasSearchSpace *space;
  gint                  actions[NAS_MAX_DECISIONS];
  double                leaves;
  guint                 built;
  GHashTable           *texts;   /* (nullable) every architecture's text */
} Walk;

/* Depth-first walk through every sequence of allowed choices; each leaf must
 * map to an architecture that fits the input. */
static void
walk (Walk  *w,
      guint  t)
{
  gboolean allowed[NAS_MAX_CHOICES];
  guint n_allowed;

  if (t == w->space->spec.n_decisions)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NasArch) arch = nas_search_space_to_arch (w->space, w->actions, &error);

      g_assert_no_error (error);
      g_assert_nonnull (arch);
      g_assert_cmpuint (arch->n_layers, ==, nas_search_space_depth (w->space, w->actions) + 1 +
                        (arch->layers[arch->n_layers - 2].kind == NAS_LAYER_DENSE ? 1 : 0));

      /* …and maps back to the same choices. */
      {
        gint back[NAS_MAX_DECISIONS];

        g_assert_true (nas_search_space_actions_from_arch (w->space, arch, back));
        for (guint t = 0; t < w->space->spec.n_decisions; t++)
          g_assert_cmpint (back[t], ==, w->actions[t]);
      }
      w->leaves += 1;
      w->built++;
      if (w->texts != NULL)
        g_hash_table_add (w->texts, nas_arch_to_string (arch));
      return;
    }

  if (!nas_search_space_is_active (w->space, w->actions, t))
    {
      w->actions[t] = -1;
      walk (w, t + 1);
      return;
    }

  n_allowed = nas_search_space_allowed (w->space, w->actions, t, allowed);
  g_assert_cmpuint (n_allowed, >, 0);
  for (guint c = 0; c < w->space->spec.decisions[t].n_choices; c++)
    if (allowed[c])
      {
        w->actions[t] = c;
        walk (w, t + 1);
      }
}

/* Masking admits exactly the valid architectures that the configuration
 * counts: none is lost, none invalid is sampled. */
static void
check_space (NasSearchConfig *config,
             gsize            h,
             gsize            w)
{
  g_autoptr(NasSearchSpace) space = nas_search_space_new (config, 1, h, w, 10);
  Walk walker = { .space = space };

  walk (&walker, 0);
  g_test_message ("%zu×%zu, %u layers%s, %s: %g architectures", h, w, config->max_layers,
                  config->search_depth ? " (searched)" : "", nas_conv_mode_to_string (config->conv_mode),
                  walker.leaves);
  g_assert_cmpfloat (walker.leaves, ==, nas_search_config_count (config, h, w));
}

static void
test_masking (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();

  /* Small lists keep the walk short; the pools make many sequences invalid. */
  config->n_kernels = 1;
  config->n_filters = 2;
  config->n_dropouts = 1;
  config->n_pools = 3;
  config->pools[0] = 2;
  config->pools[1] = 3;
  config->pools[2] = 4;
  config->max_layers = 4;

  check_space (config, 28, 28);
  /* 12 / 2⁴ < 1: four layers cannot fit, three can. */
  g_assert_cmpfloat (nas_search_config_count (config, 12, 20), ==, 0);
  config->max_layers = 3;
  check_space (config, 12, 20);
  config->max_layers = 4;
  config->search_depth = TRUE;
  check_space (config, 28, 28);
  check_space (config, 5, 5);
  config->pools[0] = 1;
  check_space (config, 9, 9);
  config->conv_mode = NAS_CONV_1D;
  check_space (config, 1, 784);
}

static void
test_to_arch (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  g_autoptr(NasSearchSpace) space = NULL;
  g_autoptr(NasArch) arch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  /* quick with filters up to 32: kernels 1 3 5, filters 4 8 16 32, pools
   * 1 2, dropouts 0 .25 .5 */
  const gint actions[] = { 2, 3, 1, 1, 1, 0, 0, 0 };

  config->n_filters = 4;
  config->filters[3] = 32;
  space = nas_search_space_new (config, 1, 28, 28, 10);
  g_assert_cmpuint (space->spec.n_decisions, ==, 8);
  arch = nas_search_space_to_arch (space, actions, &error);
  g_assert_no_error (error);
  text = nas_arch_to_string (arch);
  g_assert_cmpstr (text, ==, "conv 5x5x32 pool2 drop0.25 | conv 3x3x4 | dense 10");

  {
    g_autofree char *d = nas_search_space_decision_label (space, 5);
    g_autofree char *c = nas_search_space_choice_label (space, 0, 2);

    g_assert_cmpstr (d, ==, "Layer 2 · filters");
    g_assert_cmpstr (c, ==, "5×5");
  }

  /* Architectures outside the space do not map back. */
  {
    static const char * const outside[] = {
      "conv 5x5x32 pool2 drop0.25 | dense 10",                      /* depth */
      "conv 7x7x32 pool2 drop0.25 | conv 3x3x4 | dense 10",         /* kernel */
      "conv 5x5x32 pool2 drop0.3 | conv 3x3x4 | dense 10",          /* dropout */
      "conv 5x5x32 valid pool2 drop0.25 | conv 3x3x4 | dense 10",   /* padding */
      "conv 5x5x32 pool2 drop0.25 | conv 3x3x4 | dense 12",         /* classes */
    };
    gint back[NAS_MAX_DECISIONS];

    for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
      {
        g_autoptr(NasArch) other = nas_arch_parse (outside[i], &error);

        g_assert_no_error (error);
        g_assert_false (nas_search_space_actions_from_arch (space, other, back));
      }
  }
}

/* Batch normalisation and the dense head: every sequence of allowed
 * choices is a distinct architecture, and there are as many as the count
 * says; a head of width none allows one dropout only. */
static void
test_masking_optional (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new ();
  const struct { gsize h, w; guint layers; gboolean depth; } cases[] = {
    { 28, 28, 3, TRUE }, { 9, 9, 3, TRUE }, { 5, 5, 2, FALSE }, { 28, 28, 2, FALSE },
  };

  config->n_kernels = 2;
  config->n_filters = 1;
  config->n_dropouts = 2;
  config->n_pools = 3;
  config->pools[0] = 1;
  config->pools[1] = 2;
  config->pools[2] = 4;
  config->n_batchnorms = 2;
  config->batchnorms[0] = FALSE;
  config->batchnorms[1] = TRUE;
  config->n_dense_units = 3;
  config->dense_units[0] = 64;
  config->dense_units[1] = 0;
  config->dense_units[2] = 128;
  config->n_dense_dropouts = 2;
  config->dense_dropouts[1] = 0.5;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(NasSearchSpace) space = NULL;
      g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      Walk walker = { .texts = texts };
      gboolean allowed[NAS_MAX_CHOICES];
      gint actions[NAS_MAX_DECISIONS] = { 0 };
      double count;

      config->max_layers = cases[i].layers;
      config->search_depth = cases[i].depth;
      g_assert_true (nas_search_config_validate (config, NULL, NULL));
      space = nas_search_space_new (config, 1, cases[i].h, cases[i].w, 10);
      walker.space = space;
      walk (&walker, 0);
      count = nas_search_config_count (config, cases[i].h, cases[i].w);
      g_test_message ("%zu×%zu, %u layers%s, BN and head: %g architectures", cases[i].h, cases[i].w,
                      cases[i].layers, cases[i].depth ? " (searched)" : "", count);
      g_assert_cmpfloat (walker.leaves, ==, count);
      g_assert_cmpfloat (g_hash_table_size (texts), ==, count);

      /* The head's dropout: both choices with a head, the first without. */
      g_assert_cmpint (space->head_dropout_at, ==, space->head_units_at + 1);
      actions[space->head_units_at] = 1;    /* none */
      g_assert_cmpuint (nas_search_space_allowed (space, actions, space->head_dropout_at, allowed), ==, 1);
      g_assert_true (allowed[0]);
      actions[space->head_units_at] = 2;    /* 128 */
      g_assert_cmpuint (nas_search_space_allowed (space, actions, space->head_dropout_at, allowed), ==, 2);
      /* The map never masks the head. */
      g_assert_cmpuint (nas_search_space_allowed (space, actions, space->head_units_at, allowed), ==, 3);
    }

  /* By hand, one layer on 1×1: 2 kernels · 2 dropouts · 2 BN = 8 conv
   * layers, times the head: 64 (2 dropouts) + none (1) + 128 (2). */
  config->max_layers = 1;
  config->search_depth = FALSE;
  g_assert_cmpfloat (nas_search_config_count (config, 1, 1), ==, 8 * 5);
  /* Without BN "on" nor a head, the count of the four decisions per layer. */
  config->n_batchnorms = 1;
  config->n_dense_units = 1;
  config->dense_units[0] = 0;
  g_assert_cmpfloat (nas_search_config_count (config, 1, 1), ==, 4);
  /* A fixed head of 64 with its dropout searched. */
  config->dense_units[0] = 64;
  g_assert_cmpfloat (nas_search_config_count (config, 1, 1), ==, 8);
}

/* Actions ↔ architecture with batch normalisation and a head, and the
 * names of the new decisions. */
static void
test_to_arch_optional (void)
{
  g_autoptr(NasSearchConfig) config = nas_search_config_new_preset ("wide", NULL);
  g_autoptr(NasSearchSpace) space = NULL;
  g_autoptr(NasArch) arch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint back[NAS_MAX_DECISIONS];
  /* wide: depth 1..6; head none 128 256, dropout 0 .5; per layer kernels
   * 3 5, filters 16 32 64 128, pools 1 2, dropouts 0 .25, BN off on. */
  gint actions[NAS_MAX_DECISIONS];

  space = nas_search_space_new (config, 1, 28, 28, 10);
  g_assert_cmpuint (space->spec.n_decisions, ==, 1 + 2 + 5 * 6);
  g_assert_cmpint (space->head_units_at, ==, 1);
  g_assert_cmpint (space->head_dropout_at, ==, 2);
  g_assert_cmpuint (space->layers_at, ==, 3);
  g_assert_cmpuint (space->layer_stride, ==, 5);

  for (guint t = 0; t < G_N_ELEMENTS (actions); t++)
    actions[t] = -1;
  actions[0] = 1;                                               /* two layers */
  actions[1] = 2, actions[2] = 1;                               /* dense 256 drop0.5 */
  actions[3] = 0, actions[4] = 3, actions[5] = 0, actions[6] = 0, actions[7] = 1;
  actions[8] = 1, actions[9] = 1, actions[10] = 1, actions[11] = 1, actions[12] = 0;
  arch = nas_search_space_to_arch (space, actions, &error);
  g_assert_no_error (error);
  text = nas_arch_to_string (arch);
  g_assert_cmpstr (text, ==, "conv 3x3x128 bn | conv 5x5x32 pool2 drop0.25 | dense 256 bn drop0.5 | dense 10");
  g_assert_true (nas_search_space_actions_from_arch (space, arch, back));
  for (guint t = 0; t < space->spec.n_decisions; t++)
    g_assert_cmpint (back[t], ==, actions[t]);

  /* No head: the dropout decision is its first choice. */
  actions[1] = 0, actions[2] = 0;
  g_clear_pointer (&arch, nas_arch_free);
  g_clear_pointer (&text, g_free);
  arch = nas_search_space_to_arch (space, actions, &error);
  g_assert_no_error (error);
  text = nas_arch_to_string (arch);
  g_assert_cmpstr (text, ==, "conv 3x3x128 bn | conv 5x5x32 pool2 drop0.25 | dense 10");
  g_assert_true (nas_search_space_actions_from_arch (space, arch, back));
  g_assert_cmpint (back[1], ==, 0);
  g_assert_cmpint (back[2], ==, 0);

  {
    static const char * const outside[] = {
      "conv 3x3x128 bn | conv 5x5x32 pool2 drop0.25 | dense 256 drop0.5 | dense 10",    /* head BN */
      "conv 3x3x128 bn | conv 5x5x32 pool2 drop0.25 | dense 64 bn drop0.5 | dense 10",  /* width */
      "conv 3x3x128 bn | conv 5x5x32 pool2 drop0.25 | dense 256 bn drop0.3 | dense 10", /* head dropout */
      "dense 256 bn | dense 10",                                                       /* no conv */
    };

    for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
      {
        g_autoptr(NasArch) other = nas_arch_parse (outside[i], &error);

        g_assert_no_error (error);
        g_assert_false (nas_search_space_actions_from_arch (space, other, back));
      }
  }

  {
    g_autofree char *d1 = nas_search_space_decision_label (space, 1);
    g_autofree char *d2 = nas_search_space_decision_label (space, 2);
    g_autofree char *d12 = nas_search_space_decision_label (space, 12);
    g_autofree char *c1 = nas_search_space_choice_label (space, 1, 0);
    g_autofree char *c1b = nas_search_space_choice_label (space, 1, 2);
    g_autofree char *c7 = nas_search_space_choice_label (space, 7, 1);

    g_assert_cmpstr (d1, ==, "Head · width");
    g_assert_cmpstr (d2, ==, "Head · dropout");
    g_assert_cmpstr (d12, ==, "Layer 2 · batch norm");
    g_assert_cmpstr (c1, ==, "none");
    g_assert_cmpstr (c1b, ==, "256");
    g_assert_cmpstr (c7, ==, "on");
  }

  /* An old space does not take a layer with batch normalisation. */
  {
    g_autoptr(NasSearchConfig) quick = nas_search_config_new ();
    g_autoptr(NasSearchSpace) plain = nas_search_space_new (quick, 1, 28, 28, 10);
    g_autoptr(NasArch) bn = nas_arch_parse ("conv 3x3x4 bn | conv 3x3x4 | dense 10", &error);

    g_assert_no_error (error);
    g_assert_false (nas_search_space_actions_from_arch (plain, bn, back));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/space/masking", test_masking);
  g_test_add_func ("/search/space/to-arch", test_to_arch);
  g_test_add_func ("/search/space/masking-optional", test_masking_optional);
  g_test_add_func ("/search/space/to-arch-optional", test_to_arch_optional);
  return g_test_run ();
}
