#include "sail.h"
#include "age.h"

void age_format(long long seconds, struct strbuf *out)
{
	long long minutes, hours, days;

	if (seconds < -1) {
		strbuf_addstr(out, "<invalid>");
		return;
	}
	if (seconds < 0) {
		strbuf_addstr(out, "0s");
		return;
	}
	if (seconds < 60 * 2) {
		strbuf_addf(out, "%llds", seconds);
		return;
	}
	minutes = seconds / 60;
	if (minutes < 10) {
		if (seconds % 60)
			strbuf_addf(out, "%lldm%llds", minutes, seconds % 60);
		else
			strbuf_addf(out, "%lldm", minutes);
		return;
	}
	if (minutes < 60 * 3) {
		strbuf_addf(out, "%lldm", minutes);
		return;
	}
	hours = seconds / 3600;
	if (hours < 8) {
		if (minutes % 60)
			strbuf_addf(out, "%lldh%lldm", hours, minutes % 60);
		else
			strbuf_addf(out, "%lldh", hours);
		return;
	}
	if (hours < 48) {
		strbuf_addf(out, "%lldh", hours);
		return;
	}
	days = hours / 24;
	if (hours < 24 * 8) {
		if (hours % 24)
			strbuf_addf(out, "%lldd%lldh", days, hours % 24);
		else
			strbuf_addf(out, "%lldd", days);
		return;
	}
	if (hours < 24 * 365 * 2) {
		strbuf_addf(out, "%lldd", days);
		return;
	}
	if (hours < 24 * 365 * 8) {
		if (days % 365)
			strbuf_addf(out, "%lldy%lldd", days / 365, days % 365);
		else
			strbuf_addf(out, "%lldy", days / 365);
		return;
	}
	strbuf_addf(out, "%lldy", days / 365);
}

/* n decimal digits at *s, advancing it. */
static int digits(const char **s, int n, int *out)
{
	int v = 0;

	while (n--) {
		if (**s < '0' || **s > '9')
			return -1;
		v = v * 10 + (*(*s)++ - '0');
	}
	*out = v;
	return 0;
}

static int expect(const char **s, char c)
{
	if (**s != c)
		return -1;
	(*s)++;
	return 0;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int parse_rfc3339(const char *s, time_t *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int year, mon, day, hour, min, sec, oh = 0, om = 0, sign = 0;
	struct tm tm;
	time_t t;

	if (!s || digits(&s, 4, &year) || expect(&s, '-') || digits(&s, 2, &mon) ||
	    expect(&s, '-') || digits(&s, 2, &day))
		return -1;
	if (*s != 'T' && *s != 't')
		return -1;
	s++;
	if (digits(&s, 2, &hour) || expect(&s, ':') || digits(&s, 2, &min) ||
	    expect(&s, ':') || digits(&s, 2, &sec))
		return -1;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (digits(&s, 2, &oh) || expect(&s, ':') || digits(&s, 2, &om) ||
		    oh > 23 || om > 59)
			return -1;
	} else {
		return -1;
	}
	if (*s)
		return -1;
	if (mon < 1 || mon > 12 || day < 1 ||
	    day > mdays[mon - 1] + (mon == 2 && leap(year)) ||
	    hour > 23 || min > 59 || sec > 59)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (sign)
		t -= sign * (oh * 3600 + om * 60);
	*out = t;
	return 0;
}
