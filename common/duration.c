#include "sail.h"
#include "duration.h"

/* Go's time.ParseDuration: [-+]? (digits[.digits] unit)+ or "0". */
int go_parse_duration(const char *s, double *ns)
{
	static const struct { const char *unit; double ns; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "\xc2\xb5s", 1e3 },
		{ "\xce\xbcs", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
		{ "m", 60e9 }, { "h", 3600e9 },
	};
	double total = 0;
	bool neg = false;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!strcmp(s, "0")) {
		*ns = 0;
		return 0;
	}
	if (!*s)
		return -1;
	while (*s) {
		double v = 0, scale = 1;
		bool digits = false;
		size_t ul, k;

		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s++ - '0');
			digits = true;
		}
		if (*s == '.') {
			s++;
			while (*s >= '0' && *s <= '9') {
				scale /= 10;
				v += (*s++ - '0') * scale;
				digits = true;
			}
		}
		if (!digits)
			return -1;
		ul = 0;
		while (s[ul] && !(s[ul] >= '0' && s[ul] <= '9') && s[ul] != '.')
			ul++;
		if (!ul)
			return -1;	/* missing unit */
		for (k = 0; k < ARRAY_SIZE(units); k++)
			if (strlen(units[k].unit) == ul && !strncmp(s, units[k].unit, ul))
				break;
		if (k == ARRAY_SIZE(units))
			return -1;
		total += v * units[k].ns;
		s += ul;
	}
	if (total > 9.2e18)
		return -1;	/* overflows time.Duration */
	*ns = neg ? -total : total;
	return 0;
}

int duration_flag_ms(const char *s, long *ms)
{
	double ns;
	const char *p = s;

	if (*p >= '0' && *p <= '9') {
		long long secs = 0;

		while (*p >= '0' && *p <= '9' && secs < 100000000000LL)
			secs = secs * 10 + (*p++ - '0');
		if (!*p) {
			*ms = (long)(secs * 1000);
			return 0;
		}
	}
	if (go_parse_duration(s, &ns) || ns < 0)
		return -1;
	*ms = (long)(ns / 1e6) + ((double)(long)(ns / 1e6) * 1e6 < ns);
	return 0;
}
