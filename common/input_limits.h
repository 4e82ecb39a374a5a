#ifndef SAIL_INPUT_LIMITS_H
#define SAIL_INPUT_LIMITS_H

/*
 * How much the suite reads and sends, at most (docs/limits.md lists them
 * for users). Each is generous for real input and small enough that a
 * stream of zeros, a runaway plugin or a broken server cannot exhaust
 * memory. Reading also stops at the first byte no text input may hold.
 */

/* -f, --values, --from-istiooperator, stdin: a whole stream of manifests */
#define LIMIT_MANIFEST_BYTES	(64UL << 20)
/* one object sent to the server: kube-apiserver's own request limit */
#define LIMIT_OBJECT_BYTES	(3UL << 20)
/* a kubeconfig, token, certificate or CA file, a template */
#define LIMIT_CONFIG_BYTES	(16UL << 20)
/* what an exec credential plugin prints (an ExecCredential is a few KiB) */
#define LIMIT_EXEC_OUTPUT_BYTES	(1UL << 20)

#endif
