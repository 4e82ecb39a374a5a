#ifndef DURATION_H
#define DURATION_H

/*
 * Durations as kubectl reads them. Pure C with no library behind it: the
 * front ends' option parser checks duration flags with it.
 */

/* Go's time.ParseDuration ("1h2m", "1.5s", "-3ms", "0") into nanoseconds.
 * 0, or -1 when s is not a duration or overflows. */
int go_parse_duration(const char *s, double *ns);

/* A duration flag's value: whole seconds ("30") or a Go duration, never
 * negative; milliseconds, rounded up, in *ms. 0, or -1 when invalid. */
int duration_flag_ms(const char *s, long *ms);

#endif
