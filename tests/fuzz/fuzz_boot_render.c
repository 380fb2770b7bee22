/* Served names from the network against the boot-config dispatch and the
 * boot-program table: whatever the bytes, a name either renders a config
 * (whole lines of printable text that fit the buffer) or is refused, and a
 * boot-program match never names a file outside its package directory.
 * The first byte picks the fetch methods and the output buffer size. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/boot/boot_fixture.h"
#include "boot/bootprog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 512)
		return 0;
	char name[513];
	memcpy(name, data + 1, size - 1);
	name[size - 1] = 0;
	struct boot_ctx ctx = fx_ctx();
	ctx.bios_fetch = data[0] & 1 ? BOOT_FETCH_HTTP : BOOT_FETCH_TFTP;
	ctx.efi64_fetch = data[0] & 2 ? BOOT_FETCH_HTTP : BOOT_FETCH_TFTP;
	ctx.grub_fetch = data[0] & 4 ? BOOT_FETCH_HTTP : BOOT_FETCH_TFTP;
	ctx.memtest = data[0] & 8;
	static uint8_t buf[1 << 16];
	size_t cap = data[0] & 16 ? 700 : sizeof(buf);
	struct wr w = wr_init(buf, cap);
	int r = boot_render(&ctx, name, &w);
	if (r == 0) {
		if (w.len == 0 || w.len > cap || buf[w.len - 1] != '\n')
			abort();
		for (size_t i = 0; i < w.len; i++)
			if (buf[i] != '\n' && buf[i] != '\t' && (buf[i] < 0x20 || buf[i] > 0x7e))
				abort();
	} else if (r != -ENOENT && r != -ENOSPC) {
		abort();
	} else if (w.len != 0 || !wr_ok(&w)) {
		abort();
	}

	struct bootprog_match m;
	if (bootprog_lookup(name, &m) == 0) {
		const char *src = m.bp->source;
		size_t dl = strlen(src);
		if (!strchr(m.bp->name, '*')) {
			if (strcmp(m.source, src) != 0)
				abort();
		} else if (strncmp(m.source, src, dl) != 0 || strchr(m.source + dl, '/') ||
			   m.source[dl] == '.' || m.source[dl] == 0) {
			abort();
		}
	}
	return 0;
}
