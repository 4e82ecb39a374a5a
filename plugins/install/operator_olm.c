/*
 * kubectl sail install operator --olm: a Subscription (spec
 * operator-install.md §3).
 */
#include "sail.h"
#include "install/install.h"
#include "operator/operator.h"

int install_operator_olm(struct cli *cli, struct output *o,
			 const struct operator_release *rel, long timeout_ms)
{
	(void)cli;
	(void)o;
	(void)timeout_ms;
	die("installing the Sail Operator %s through OLM is not in this build yet: use --olm=false for plain manifests",
	    rel->version);
}
