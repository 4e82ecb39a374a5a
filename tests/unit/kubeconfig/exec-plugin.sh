#!/bin/sh
# Test exec credential plugin for t-kubeconfig: prints an ExecCredential.
# Driven by env entries from the kubeconfig's exec.env:
#   EXEC_COUNTER      file that gets one line per run
#   EXEC_INFO_OUT     file that receives $KUBERNETES_EXEC_INFO
#   EXEC_STDIN_OUT    file that receives what stdin is connected to
#   EXEC_ARGS_OUT     file that receives the arguments, one a line
#   EXEC_API_VERSION  apiVersion of the reply (default .../v1)
#   EXEC_EXPIRY       expirationTimestamp (none when empty)
#   EXEC_MODE         token (default) | cert | certonly | fail
#   EXEC_TOKEN        the token (default s3cr3t-exec-token)
if [ -n "$EXEC_COUNTER" ]; then echo run >> "$EXEC_COUNTER"; fi
if [ -n "$EXEC_INFO_OUT" ]; then printf '%s' "$KUBERNETES_EXEC_INFO" > "$EXEC_INFO_OUT"; fi
if [ -n "$EXEC_STDIN_OUT" ]; then readlink /proc/$$/fd/0 > "$EXEC_STDIN_OUT"; fi
if [ -n "$EXEC_ARGS_OUT" ]; then printf '%s\n' "$@" > "$EXEC_ARGS_OUT"; fi
api=${EXEC_API_VERSION:-client.authentication.k8s.io/v1}
exp=
if [ -n "$EXEC_EXPIRY" ]; then exp=",\"expirationTimestamp\":\"$EXEC_EXPIRY\""; fi
case ${EXEC_MODE:-token} in
token) status="{\"token\":\"${EXEC_TOKEN:-s3cr3t-exec-token}\"$exp}" ;;
cert) status="{\"clientCertificateData\":\"EXEC-CERT\",\"clientKeyData\":\"EXEC-KEY\"$exp}" ;;
certonly) status='{"clientCertificateData":"EXEC-CERT"}' ;;
fail) echo "# exec-plugin: failing on purpose (stderr passes through)" >&2; exit 3 ;;
esac
printf '{"apiVersion":"%s","kind":"ExecCredential","status":%s}\n' "$api" "$status"
