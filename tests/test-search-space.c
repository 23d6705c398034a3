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
      g_assert_cmpuint (arch->n_layers, ==, nas_search_space_depth (w->space, w->actions) + 1);

      /* …and maps back to the same choices. */
      {
        gint back[NAS_MAX_DECISIONS];

        g_assert_true (nas_search_space_actions_from_arch (w->space, arch, back));
        for (guint t = 0; t < w->space->spec.n_decisions; t++)
          g_assert_cmpint (back[t], ==, w->actions[t]);
      }
      w->leaves += 1;
      w->built++;
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/space/masking", test_masking);
  g_test_add_func ("/search/space/to-arch", test_to_arch);
  return g_test_run ();
}
