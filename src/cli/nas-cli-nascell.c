/* nas-cli-nascell.c — placeholder until its issue lands; replaced wholesale. */
#define G_LOG_DOMAIN "nascent-cli"
#include "config.h"
#include "nas-cli.h"

int
nas_cli_nascell (int argc, char **argv)
{
  return nas_cli_fail (NAS_EXIT_FAILURE, "“nascell” is not built yet");
}
