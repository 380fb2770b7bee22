/* The memory of recently served requests: a repeat from the same address
 * and port is recognised for TFTP_RECENT_TTL_MS, anything else is not, and
 * the memory stays within its fixed block however many clients pass. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "tftp/tftp_recent.h"

static const uint8_t rrq[] = "\0\1pxelinux.0\0octet\0blksize\0001432\0tsize\0000\0";
static const uint8_t other[] = "\0\1pxelinux.0\0octet\0blksize\0001408\0tsize\0000\0";

TEST(a_repeat_from_the_same_port_is_recognised_for_a_while)
{
	struct tftp_recent *r = calloc(1, sizeof(*r));
	uint64_t h = tftp_recent_hash(rrq, sizeof(rrq) - 1);
	uint64_t ip = 0xc6124001; /* 198.18.64.1 */
	CHECK(!tftp_recent_seen(r, (uint32_t)ip, 2070, h, 1000));
	tftp_recent_add(r, (uint32_t)ip, 2070, h, 1000);
	CHECK(tftp_recent_seen(r, (uint32_t)ip, 2070, h, 1000));
	CHECK(tftp_recent_seen(r, (uint32_t)ip, 2070, h, 1000 + TFTP_RECENT_TTL_MS - 1));
	CHECK(!tftp_recent_seen(r, (uint32_t)ip, 2070, h, 1000 + TFTP_RECENT_TTL_MS));
	/* another port, address or request is another matter */
	CHECK(!tftp_recent_seen(r, (uint32_t)ip, 2071, h, 1001));
	CHECK(!tftp_recent_seen(r, (uint32_t)ip + 1, 2070, h, 1001));
	CHECK(tftp_recent_hash(other, sizeof(other) - 1) != h);
	CHECK(!tftp_recent_seen(r, (uint32_t)ip, 2070, tftp_recent_hash(other, sizeof(other) - 1), 1001));
	/* served again: remembered from the later time */
	tftp_recent_add(r, (uint32_t)ip, 2070, h, 50000);
	CHECK(tftp_recent_seen(r, (uint32_t)ip, 2070, h, 50000 + TFTP_RECENT_TTL_MS - 1));
	/* a clock reading 0 still makes an entry */
	tftp_recent_add(r, 7, 69, h, 0);
	CHECK(tftp_recent_seen(r, 7, 69, h, 0));
	free(r);
}

TEST(bounded_memory_forgets_the_oldest)
{
	struct tftp_recent *r = calloc(1, sizeof(*r));
	/* one client port with more requests than a set holds: the newest
	 * TFTP_RECENT_WAYS are remembered */
	for (uint64_t i = 0; i < TFTP_RECENT_WAYS + 2; i++)
		tftp_recent_add(r, 1, 1000, 100 + i, 10 + i);
	CHECK(!tftp_recent_seen(r, 1, 1000, 100, 20));
	CHECK(!tftp_recent_seen(r, 1, 1000, 101, 20));
	for (uint64_t i = 2; i < TFTP_RECENT_WAYS + 2; i++)
		CHECK(tftp_recent_seen(r, 1, 1000, 100 + i, 20));
	/* a fleet of 20,000 clients fills the block and no more; most of the
	 * last few thousand are still remembered */
	for (uint32_t c = 0; c < 20000; c++)
		tftp_recent_add(r, 0xc6120000 + c, 2070, 42, 1000 + c / 10);
	unsigned kept = 0;
	for (uint32_t c = 19000; c < 20000; c++)
		kept += tftp_recent_seen(r, 0xc6120000 + c, 2070, 42, 3000);
	CHECK(kept > 900);
	CHECK(sizeof(*r) <= 256 * 1024);
	free(r);
}

TEST_MAIN()
