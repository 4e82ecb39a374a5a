#ifndef NAMES_H
#define NAMES_H

/* Kubernetes name rules shared by the commands. */

#include <stdbool.h>

/* An RFC 1123 label: 1-63 of [a-z0-9-], not starting or ending with '-'
 * (cluster names, directory names, Secret name parts). */
bool dns1123_label(const char *s);

#endif
