#ifndef AGE_H
#define AGE_H

/*
 * Ages and timestamps as kubectl shows them. One job: turn a number of
 * seconds into kubectl's AGE text, and read the RFC 3339 timestamps the API
 * server writes (metadata.creationTimestamp, conditions' lastTransitionTime).
 *
 * age_format is apimachinery's duration.HumanDuration, to the second:
 *   < -1s <invalid>   -1s..0 0s   < 2m 52s, 119s   < 10m 5m13s, 7m
 *   < 3h 10m, 179m    < 8h 3h, 5h20m   < 48h 30h   < 8d 2d, 3d4h
 *   < 2y 400d         < 8y 3y12d (a year is 365 days)   else 9y
 * It appends to out.
 *
 * parse_rfc3339 accepts "2024-05-01T10:20:30Z", lower-case t/z, fractional
 * seconds (dropped), and numeric offsets "+02:00" / "-05:30"; *out is the
 * Unix time (UTC). Returns 0, or -1 (out untouched) for anything else:
 * wrong shape, out-of-range fields, trailing text.
 *
 * Typical use: age_format(now - created, &cell), with "<unknown>" in the
 * cell instead when the timestamp is missing or does not parse (kubectl's
 * spelling).
 */

#include <time.h>

struct strbuf;

void age_format(long long seconds, struct strbuf *out);
int parse_rfc3339(const char *s, time_t *out);

#endif
