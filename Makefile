# Camelot. `make run` builds what is needed, creates development certificates when missing, and starts the daemon
# with config/camelot.yaml; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := build

JAVA_HOME := $(shell scripts/find-jdk.sh)
ifeq ($(JAVA_HOME),)
$(error No JDK 21+ found; see the message above)
endif
export JAVA_HOME
JAVA := $(JAVA_HOME)/bin/java
MVN := ./mvnw -B -ntp
CONFIG ?= config/camelot.yaml
ARGS ?=

SOURCES := pom.xml $(wildcard */pom.xml) $(shell find api/src/main protocols/src/main server/src/main client/src/main -type f 2>/dev/null)
SERVER_JAR := server/target/camelot-server.jar
CLIENT_JAR := client/target/camelot-client.jar
# The JDK's ahead-of-time cache of the server (JDK 25+), made by a training run; scripts/camelot uses it when present.
AOT_CACHE := server/target/camelot-server.aot
CERTS := certs/ca.pem certs/server.pem certs/server-key.pem certs/client.pem certs/client-key.pem

.PHONY: build run test certs clean check demo test-cluster test-hostile soak bench image test-image fuzz test-interop

# Netty's shared libraries for this machine out of the jar, loaded in place by scripts/camelot (java.library.path).
NATIVE := server/target/native

build: $(SERVER_JAR) $(CLIENT_JAR) $(NATIVE) $(AOT_CACHE)

$(SERVER_JAR) $(CLIENT_JAR) &: $(SOURCES)
	$(MVN) -q -DskipTests package
	@touch $(SERVER_JAR) $(CLIENT_JAR)

# Remade whenever the jar or the JVM options change (a cache made for another jar or other options is ignored by the
# JVM). With a JDK older than 25 the script says so in one line and makes nothing.
$(NATIVE): $(SERVER_JAR) scripts/native-libs.sh
	scripts/native-libs.sh $(SERVER_JAR) $@

$(AOT_CACHE): $(SERVER_JAR) $(NATIVE) config/jvm.options config/camelot.yaml scripts/aot-train.sh | $(CERTS)
	scripts/aot-train.sh $@

certs: $(CERTS)

$(CERTS) &: certs/make-dev-certs.sh
	certs/make-dev-certs.sh

# Through scripts/camelot: the JVM options of config/jvm.options, and the AOT cache when there is one.
run: build certs
	scripts/camelot --config $(CONFIG) $(ARGS)

check: build certs
	$(JAVA) -jar $(SERVER_JAR) --config $(CONFIG) --check

# Every module's tests, then the example plugin built against camelot-api alone and run in the daemon.
test:
	$(MVN) verify
	scripts/test-example-plugin.sh

demo: build certs
	scripts/demo.sh

# Two instances behind HAProxy (installed from Debian's packages when missing); not part of `make test`.
test-cluster: build
	scripts/test-cluster.sh

# Hostile HTTP requests sent directly and through HAProxy and nginx (installed when missing); not part of `make test`.
test-hostile:
	scripts/test-hostile.sh

# A fixed-rate mixed load for DURATION (default 30m) with reloads; fails if memory, fds or threads grow over 10 %.
DURATION ?= 30m
soak: build certs
	DURATION=$(DURATION) scripts/soak.sh
# HTTP/3 interop alone (also part of `make test`): Debian's ngtcp2 client fetches files from an HTTP/3 listener.
test-interop:
	$(MVN) -pl server -am test -Dtest=NgtcpInteropTest -Dsurefire.failIfNoSpecifiedTests=false

# The container image, built without a registry (podman, mmdebstrap and a jlink runtime; see docs/deploy.md).
image: build
	deploy/container/build-image.sh

# Runs the image with podman and checks every listener, then SIGTERM under load; not part of `make test`.
test-image: image certs
	deploy/container/test-image.sh

# A short concurrency sweep (about two minutes): every concurrency model at 1, 5 and 20 clients, under the shared
# benchmark lock so that it never overlaps another benchmark. The report: target/bench/sweep.html and sweep.csv.
# Override with e.g. make bench BENCH_ARGS="--concurrency 1,2,3,5,7,10,13,16,20 --duration 8s --sleep-millis 5".
BENCH_ARGS ?= --models sequential,thread-per-connection,thread-pool,virtual-threads,event-loop \
	--concurrency 1,5,20 --duration 2s --warmup 500ms --server-warmup 2s --workload launcelot
bench: build
	flock /tmp/camelot-bench.lock $(JAVA) -jar $(CLIENT_JAR) bench sweep $(BENCH_ARGS) --out target/bench

# Fuzzing with Jazzer; not part of `make test`, which runs every fuzz target on its committed seed corpus only.
# Each target is fuzzed in turn for FUZZ_TIME (30s, 10m, 1h); FUZZ_TARGETS picks some of http-request,
# request-target, framer, birds-query, proxy-header, config. A finding fails the run and its input is written to
# the target's seed corpus under src/test/resources. E.g. make fuzz FUZZ_TIME=10m FUZZ_TARGETS=http-request
FUZZ_TIME ?= 2m
FUZZ_TARGETS ?=
fuzz:
	FUZZ_TIME=$(FUZZ_TIME) scripts/fuzz.sh $(FUZZ_TARGETS)

clean:
	$(MVN) -q clean
