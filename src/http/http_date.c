#include "http/http_date.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include "http/http_scan.h"

static const char *const wdays[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const wdays_long[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
					  "Friday", "Saturday" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (the
 * era-based algorithms from Howard Hinnant's "chrono-compatible low-level
 * date algorithms"): exact for every year, no tables, no time zone. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* 253402300799 is 9999-12-31 23:59:59, the last time four digits hold */
#define DATE_MAX INT64_C(253402300799)

void http_date_format(int64_t t, char out[HTTP_DATE_LEN + 1])
{
	if (t < 0)
		t = 0;
	if (t > DATE_MAX)
		t = DATE_MAX;
	int64_t days = t / 86400, secs = t % 86400, y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(out, HTTP_DATE_LEN + 1, "%s, %02u %s %04d %02d:%02d:%02d GMT", wdays[(days + 4) % 7], d,
		 months[m - 1], (int)y, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

static int scan_name(struct rd *r, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (scan_word(r, names[i]))
			return (int)i;
	return -1;
}

static int scan_month(struct rd *r) { return scan_name(r, months, 12); }

/* "HH:MM:SS"; a leap second (60) is read as 59 */
static bool scan_time(struct rd *r, int *secs)
{
	int h, mi, s;
	if (!scan_fixed(r, 2, &h) || !scan_accept(r, ':') || !scan_fixed(r, 2, &mi) || !scan_accept(r, ':') ||
	    !scan_fixed(r, 2, &s))
		return false;
	if (h > 23 || mi > 59 || s > 60)
		return false;
	*secs = h * 3600 + mi * 60 + (s == 60 ? 59 : s);
	return true;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool make_time(int y, int m, int d, int secs, int64_t *t)
{
	static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || m < 0 || m > 11 || d < 1 || d > mdays[m] || (m == 1 && d == 29 && !leap(y)))
		return false;
	*t = days_from_civil(y, (unsigned)m + 1, (unsigned)d) * 86400 + secs;
	return true;
}

/* after the weekday: ", DD Mon YYYY HH:MM:SS GMT" */
static bool parse_imf(struct rd *r, int64_t *t)
{
	int d, y, secs;
	if (!scan_accept(r, ',') || !scan_accept(r, ' ') || !scan_fixed(r, 2, &d) || !scan_accept(r, ' '))
		return false;
	int m = scan_month(r);
	return m >= 0 && scan_accept(r, ' ') && scan_fixed(r, 4, &y) && scan_accept(r, ' ') && scan_time(r, &secs) &&
	       scan_accept(r, ' ') && scan_word(r, "GMT") && make_time(y, m, d, secs, t);
}

/* after the long weekday: ", DD-Mon-YY HH:MM:SS GMT" */
static bool parse_850(struct rd *r, int64_t *t)
{
	int d, y, secs;
	if (!scan_accept(r, ',') || !scan_accept(r, ' ') || !scan_fixed(r, 2, &d) || !scan_accept(r, '-'))
		return false;
	int m = scan_month(r);
	if (m < 0 || !scan_accept(r, '-') || !scan_fixed(r, 2, &y) || !scan_accept(r, ' ') || !scan_time(r, &secs) ||
	    !scan_accept(r, ' ') || !scan_word(r, "GMT"))
		return false;
	return make_time(y < 70 ? 2000 + y : 1900 + y, m, d, secs, t);
}

/* after the weekday: " Mon DD HH:MM:SS YYYY" where DD may be " D" */
static bool parse_asctime(struct rd *r, int64_t *t)
{
	int d, y, secs;
	if (!scan_accept(r, ' '))
		return false;
	int m = scan_month(r);
	if (m < 0 || !scan_accept(r, ' '))
		return false;
	if (scan_accept(r, ' ')) {
		if (!scan_fixed(r, 1, &d))
			return false;
	} else if (!scan_fixed(r, 2, &d)) {
		return false;
	}
	return scan_accept(r, ' ') && scan_time(r, &secs) && scan_accept(r, ' ') && scan_fixed(r, 4, &y) &&
	       make_time(y, m, d, secs, t);
}

int http_date_parse(const char *s, size_t len, int64_t *t)
{
	struct rd r = rd_init(s, len);
	int64_t v;
	bool ok;
	scan_ows(&r);
	/* the long names first: "Sunday" must not be read as "Sun" + "day" */
	if (scan_name(&r, wdays_long, 7) >= 0) {
		ok = parse_850(&r, &v);
	} else if (scan_name(&r, wdays, 7) >= 0) {
		ok = scan_peek(&r) == ',' ? parse_imf(&r, &v) : parse_asctime(&r, &v);
	} else {
		ok = false;
	}
	scan_ows(&r);
	if (!ok || rd_left(&r) != 0)
		return -EINVAL;
	*t = v;
	return 0;
}
