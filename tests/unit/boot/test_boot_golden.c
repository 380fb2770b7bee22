/* Every generated boot config against its golden file in
 * tests/unit/boot/golden/: the menus and per-host configs of each loader
 * (pxelinux.0 over TFTP, lpxelinux.0 over HTTP, syslinux.efi, GRUB over
 * HTTP and TFTP, iPXE) for EL6, EL7, Rocky 9 and Fedora 40, hosts to
 * install and installed, with and without memtest. The goldens are what
 * pxed serves, kept readable on purpose: read them to see what a client
 * gets. Every golden file must belong to a case (none goes stale).
 * PXED_UPDATE_GOLDEN=1 rewrites them from the actual output. */
#include <dirent.h>
#include <stdlib.h>

#include "boot_fixture.h"
#include "test.h"

#define GOLDEN PXED_SOURCE_ROOT "/tests/unit/boot/golden"

enum variant { FULL, MINIMAL };

struct golden_case {
	const char *file;
	const char *served;
	enum variant variant;
	enum boot_fetch bios, efi64, grub;
};

#define T BOOT_FETCH_TFTP
#define H BOOT_FETCH_HTTP

static const struct golden_case cases[] = {
	{ "bios-tftp.default.cfg", "pxelinux.cfg/default", FULL, T, T, H },
	{ "bios-tftp.host-el6-install.cfg", "pxelinux.cfg/01-52-54-00-00-00-06", FULL, T, T, H },
	{ "bios-tftp.host-installed.cfg", "pxelinux.cfg/01-52-54-00-00-10-09", FULL, T, T, H },
	{ "bios-http.default.cfg", "pxelinux.cfg/default", FULL, H, T, H },
	{ "bios-http.host-el7-install.cfg", "pxelinux.cfg/01-52-54-00-00-00-07", FULL, H, T, H },
	{ "efi64-tftp.default.cfg", "efi64/pxelinux.cfg/default", FULL, T, T, H },
	{ "efi64-tftp.host-rocky9-install.cfg", "efi64/pxelinux.cfg/01-52-54-00-00-00-09", FULL, T, T, H },
	{ "efi64-tftp.host-installed.cfg", "efi64/pxelinux.cfg/01-52-54-00-00-10-09", FULL, T, T, H },
	{ "efi64-http.host-fedora40-install.cfg", "efi64/pxelinux.cfg/01-52-54-00-00-00-40", FULL, T, H, H },
	{ "grub-http.grub.cfg", "grub/grub.cfg", FULL, T, T, H },
	{ "grub-http.host-el7-install.cfg", "grub/grub.cfg-01-52:54:00:00:00:07", FULL, T, T, H },
	{ "grub-http.host-fedora40-install.cfg", "grub/grub.cfg-01-52:54:00:00:00:40", FULL, T, T, H },
	{ "grub-http.host-installed.cfg", "grub/grub.cfg-01-52:54:00:00:10:09", FULL, T, T, H },
	{ "grub-tftp.grub.cfg", "grub/grub.cfg", FULL, T, T, T },
	{ "grub-tftp.host-el6-install.cfg", "grub/grub.cfg-01-52:54:00:00:00:06", FULL, T, T, T },
	{ "ipxe.menu.ipxe", "ipxe", FULL, T, T, H },
	{ "ipxe.host-rocky9-install.ipxe", "ipxe/52:54:00:00:00:09", FULL, T, T, H },
	{ "ipxe.host-installed.ipxe", "ipxe/52:54:00:00:10:09", FULL, T, T, H },
	/* one profile, no memtest, the operator's title and timeout */
	{ "minimal.bios-tftp.default.cfg", "pxelinux.cfg/default", MINIMAL, T, T, H },
	{ "minimal.efi64-tftp.default.cfg", "efi64/pxelinux.cfg/default", MINIMAL, T, T, H },
	{ "minimal.grub-http.grub.cfg", "grub/grub.cfg", MINIMAL, T, T, H },
	{ "minimal.ipxe.menu.ipxe", "ipxe", MINIMAL, T, T, H },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(m);
	fclose(f);
	return buf;
}

static void render_case(const struct golden_case *c, bool update)
{
	struct boot_ctx ctx = fx_ctx();
	ctx.bios_fetch = c->bios;
	ctx.efi64_fetch = c->efi64;
	ctx.grub_fetch = c->grub;
	if (c->variant == MINIMAL) {
		ctx.profiles = &fx_profiles[2];
		ctx.n_profiles = 1;
		ctx.memtest = false;
		ctx.menu_title = "Lab A (rack 3) - network install";
		ctx.menu_timeout_s = 5;
		ctx.http_port = 80;
	}
	char *text = NULL;
	size_t len = 0;
	int r = boot_render_dup(&ctx, c->served, &text, &len);
	CHECK_INT(r, 0);
	if (r < 0) {
		fprintf(stderr, "%s: boot_render(%s) = %d\n", c->file, c->served, r);
		return;
	}
	CHECK_INT(strlen(text), len);
	char path[512];
	snprintf(path, sizeof(path), GOLDEN "/%s", c->file);
	if (update) {
		FILE *f = fopen(path, "w");
		CHECK(f != NULL);
		if (f) {
			fputs(text, f);
			fclose(f);
		}
	} else {
		char *want = read_file(path);
		if (!want || strcmp(want, text) != 0) {
			fprintf(stderr, "%s: differs from the output for %s:\n%s", path, c->served, text);
			test_failures++;
		}
		free(want);
	}
	printf("     golden %s <- %s (%zu bytes)\n", c->file, c->served, len);
	free(text);
}

TEST(golden_files)
{
	bool update = getenv("PXED_UPDATE_GOLDEN") != NULL;
	for (size_t i = 0; i < NCASES; i++)
		render_case(&cases[i], update);
}

TEST(no_stale_golden_files)
{
	DIR *dir = opendir(GOLDEN);
	CHECK(dir != NULL);
	if (!dir)
		return;
	struct dirent *e;
	size_t seen = 0;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		bool known = false;
		for (size_t i = 0; i < NCASES; i++)
			known = known || strcmp(cases[i].file, e->d_name) == 0;
		if (!known) {
			fprintf(stderr, "golden/%s belongs to no case\n", e->d_name);
			test_failures++;
		}
		seen++;
	}
	closedir(dir);
	CHECK_INT(seen, NCASES);
}

TEST_MAIN()
