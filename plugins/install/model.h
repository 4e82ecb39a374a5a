#ifndef INSTALL_MODEL_H
#define INSTALL_MODEL_H

/*
 * Several clusters in one command (model.c), composed of the per-cluster
 * commands run side by side, one child process per context. Both return
 * the exit status; both die() on bad input before any change.
 */

struct cli;
struct output;

/* kubectl sail install --model MODEL --contexts ... */
int install_model(struct cli *cli, struct output *o);

/* kubectl sail ca --contexts C1,C2 --out DIR --apply: the root (or --root),
 * an intermediate per cluster and each cluster's cacerts Secret. */
int model_ca(struct cli *cli);

#endif
