# Make targets for the local test clusters; the top-level Makefile includes
# this file. Every variable here starts with CLUSTER_ to avoid clashes.
#
#   make cluster-tools                  build etcd/kube-* into the tools cache (tests/cluster/build-tools)
#   make cluster-up   [CLUSTER_NAME=dev] start a cluster (tests/cluster/up)
#   make cluster-down [CLUSTER_NAME=dev] stop it (tests/cluster/down); CLUSTER_NAME=--all stops all
#   make cluster-test [CLUSTER_TESTS=...] run the bats integration tests (tests/integration/run)

CLUSTER_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
CLUSTER_INTEGRATION_DIR := $(CLUSTER_MK_DIR)/../integration
CLUSTER_NAME ?= dev
CLUSTER_TESTS ?=

.PHONY: cluster-tools cluster-up cluster-down cluster-test

cluster-tools:
	$(CLUSTER_MK_DIR)/build-tools

cluster-up: cluster-tools
	$(CLUSTER_MK_DIR)/up $(CLUSTER_NAME)

cluster-down:
	$(CLUSTER_MK_DIR)/down $(CLUSTER_NAME)

cluster-test: cluster-tools
	$(CLUSTER_INTEGRATION_DIR)/run $(CLUSTER_TESTS)
