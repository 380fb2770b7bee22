/* Names of catalog records. */
#include "store_name.h"

#include <string.h>

#include "store_catalog.h"

bool store_name_valid(const char *name)
{
	size_t n = strnlen(name, STORE_NAME_MAX);
	if (n == 0 || n >= STORE_NAME_MAX || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}
