/* test-arch-strip.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The architecture strip with the layers of the widened search space:
 * batch normalisation and a hidden dense layer. Its export goes to
 * <build>/artifacts/charts-arch-batchnorm.png to look at. */

#define G_LOG_DOMAIN "test-arch-strip"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "nas-arch-strip.h"

static char *
artifact_path (const char *name)
{
  const char *root = g_getenv ("MESON_BUILD_ROOT");
  g_autofree char *dir = g_build_filename (root != NULL ? root : g_get_tmp_dir (), "artifacts", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  return g_build_filename (dir, name, NULL);
}

/* Batch normalisation gets a block of its own after its layer, and a
 * hidden dense layer is drawn before the output; readers hear both. */
static void
test_strip_batchnorm (void)
{
  g_autoptr(NasArchStrip) strip = g_object_ref_sink (NAS_ARCH_STRIP (nas_arch_strip_new ()));
  g_autoptr(NasArchStrip) plain = g_object_ref_sink (NAS_ARCH_STRIP (nas_arch_strip_new ()));
  g_autofree char *path = artifact_path ("charts-arch-batchnorm.png");
  g_autoptr(GError) error = NULL;
  NasArch arch, without;
  GtkRequisition with_bn, no_bn;

  memset (&arch, 0, sizeof arch);
  arch.n_layers = 4;
  arch.layers[0] = (NasLayer) { NAS_LAYER_CONV2D, 3, 3, 32, FALSE, 2, 0, TRUE };
  arch.layers[1] = (NasLayer) { NAS_LAYER_CONV2D, 5, 5, 64, FALSE, 1, 0.25, FALSE };
  arch.layers[2] = (NasLayer) { NAS_LAYER_DENSE, 0, 0, 256, FALSE, 1, 0.5, TRUE };
  arch.layers[3] = (NasLayer) { NAS_LAYER_DENSE, 0, 0, 10, FALSE, 1, 0, FALSE };
  without = arch;
  without.layers[0].batchnorm = FALSE;
  without.layers[2].batchnorm = FALSE;
  nas_arch_strip_set_arch (strip, &arch, 123456);
  nas_arch_strip_set_arch (plain, &without, 123456);

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (strip), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "conv 3×3×32 batch norm pool 2 | conv 5×5×64 dropout 0.25 | "
                                       "dense 256 batch norm dropout 0.5 | dense 10; 123,456 parameters");
  /* Two more blocks: a wider strip. */
  gtk_widget_get_preferred_size (GTK_WIDGET (strip), NULL, &with_bn);
  gtk_widget_get_preferred_size (GTK_WIDGET (plain), NULL, &no_bn);
  g_assert_cmpint (with_bn.width, >, no_bn.width + 2 * 36);

  g_assert_true (nas_arch_strip_export_png (strip, path, 800, 160, &error));
  g_assert_no_error (error);
  g_test_message ("%s", path);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/charts/arch-strip/batchnorm", test_strip_batchnorm);

  return g_test_run ();
}
