/* main.c — placeholder until the application skeleton lands. */
#define G_LOG_DOMAIN "nascent"
#include "config.h"
#include <adwaita.h>

int
main (int argc, char **argv)
{
  g_autoptr(AdwApplication) app = adw_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
