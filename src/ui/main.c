/* main.c
 *
 * Copyright 2026 The Nascent authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Entry point of the `nascent` desktop app: set up gettext, hand over to
 * NasApplication. */

#define G_LOG_DOMAIN "nascent-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "nas-application.h"
#include "nas-blas.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(NasApplication) app = NULL;

  nas_blas_reexec_if_needed (argv);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = nas_application_new (G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
