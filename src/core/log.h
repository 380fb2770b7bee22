/* Logging for the daemon edge and the CLI. Pure cores never call this: they
 * return events, and the I/O shell that owns them decides what to log. */
#pragma once
#include <stdbool.h>

enum log_level { LOG_LVL_ERROR = 0, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

void log_setup(enum log_level level, bool use_syslog, const char *ident);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
int log_level_from_str(const char *s, enum log_level *ret);
const char *log_level_name(enum log_level level);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_LVL_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...)                                   \
	do {                                             \
		if (log_get_level() >= LOG_LVL_DEBUG)    \
			log_msg(LOG_LVL_DEBUG, __VA_ARGS__); \
	} while (0)
