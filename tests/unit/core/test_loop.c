#include "core/loop.h"
#include "test.h"

#include <time.h>

static int64_t realtime_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Install timelines are kept in milliseconds: a clock rounded to whole
 * seconds would put a kernel and an initrd fetched 100 ms apart a second
 * apart, or at the same instant. */
TEST(wall_ms_is_the_turns_instant_to_the_millisecond)
{
	int64_t before = realtime_ms();
	struct loop *l = loop_new();
	int64_t after = realtime_ms();
	CHECK(l != NULL);
	int64_t ms = loop_wall_ms(l);
	CHECK(ms >= before);
	CHECK(ms <= after);
	CHECK_INT(ms / 1000, loop_wall_time(l));
	loop_free(l);
}

TEST_MAIN()
