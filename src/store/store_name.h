/* The operator's handles for catalog records (distros, profiles). */
#pragma once
#include <stdbool.h>

/* [A-Za-z0-9._-]{1,63} (STORE_NAME_MAX - 1): safe in a URL path, a TFTP
 * name and a file name, and never "." or "..". */
bool store_name_valid(const char *name);
