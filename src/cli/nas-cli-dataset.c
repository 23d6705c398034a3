/* nas-cli-dataset.c — placeholder until its issue lands; replaced wholesale. */
#define G_LOG_DOMAIN "nascent-cli"
#include "config.h"
#include "nas-cli.h"

int
nas_cli_dataset (int argc, char **argv)
{
  return nas_cli_fail (NAS_EXIT_FAILURE, "“dataset” is not built yet");
}
