/* Log level names, shared by the logger, the config file and the CLI.
 * Pure: the config library uses them without linking the logger. */
#include "log.h"

#include <string.h>

static const char *const level_names[] = { "error", "warning", "info", "debug" };

const char *log_level_name(enum log_level l)
{
	return (unsigned)l <= LOG_LVL_DEBUG ? level_names[l] : "info";
}

int log_level_from_str(const char *s, enum log_level *ret)
{
	for (int i = 0; i <= LOG_LVL_DEBUG; i++)
		if (strcmp(s, level_names[i]) == 0) {
			*ret = (enum log_level)i;
			return 0;
		}
	if (strcmp(s, "warn") == 0) {
		*ret = LOG_LVL_WARN;
		return 0;
	}
	return -1;
}
