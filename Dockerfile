# Roster: one executable jar, `java -jar roster.jar <command>`.
#
# The jar is built first, outside the image, by the shade plugin:
#   mvn -B package -DskipTests        # writes connector/target/roster-server.jar and distribution/target/roster.jar
#   docker build -t roster .
#
# By default the image holds the production jar (run, tail, accounts, schemas): no broker, no Scala, no
# simulator. --build-arg JAR_FILE=distribution/target/roster.jar builds the developer image instead, which
# adds demo and simulate (docker-compose.yml runs the simulator from it).
#
# Then, for example:
#   docker run --rm roster --help
#   docker run --rm -e ROSTER_TRUTO_API_TOKEN=... -e ROSTER_KAFKA_BOOTSTRAP_SERVERS=... \
#     -e ROSTER_OPS_AUTH_TOKEN=... roster run
# docker-compose.yml at the repository root runs the whole production shape (Kafka, schema registry, Roster).
# The base image is pinned by digest (the multi-arch index of eclipse-temurin:17-jre), so a rebuild gets the
# same bytes until someone chooses otherwise. To take the newest patch release (do so for every JRE or Ubuntu
# security release), read the tag's current digest and replace the one below:
#   docker buildx imagetools inspect eclipse-temurin:17-jre --format '{{json .Manifest.Digest}}'
# (or `docker pull eclipse-temurin:17-jre` and `docker inspect --format '{{index .RepoDigests 0}}'`).
FROM eclipse-temurin:17-jre@sha256:13cc28a6cc72a38ce1f00c906be3580c1a3e604b8984d694f369a96742abc93b

# A fixed numeric user, so orchestrators that insist on non-root (runAsNonRoot) can verify it.
RUN groupadd --system --gid 10001 roster \
    && useradd --system --uid 10001 --gid roster --home-dir /var/lib/roster --no-create-home \
       --shell /usr/sbin/nologin roster \
    && mkdir -p /opt/roster /var/lib/roster \
    && chown roster:roster /var/lib/roster

ARG JAR_FILE=connector/target/roster-server.jar
COPY ${JAR_FILE} /opt/roster/roster.jar
# The production jar's software bill of materials (CycloneDX, written by `mvn package`), for image scanners.
COPY connector/target/roster-server.cdx.json /opt/roster/roster-server.cdx.json

# Local state (the change detector's RocksDB stores). Rebuilt from Kafka when lost, so losing the
# volume costs only start-up time; each instance needs its own.
ENV ROSTER_STATE_DIR=/var/lib/roster
VOLUME /var/lib/roster

# Memory. The container's limit must hold three things, and only the first is the heap:
#   - the Java heap: MaxRAMPercentage of the limit (the JVM's default, 25%, is too small for a
#     service that does little else; 75% left no room for the rest);
#   - RocksDB, outside the heap: detector.rocksdb.memory (default 128 MiB) for the block cache and
#     memtables of every store together, plus some 10-20% RocksDB does not count (iterators,
#     compaction buffers);
#   - the JVM's own native memory: metaspace (~80 MiB: Kafka, Streams, Avro, Jackson), code cache
#     (~50 MiB), thread stacks (~60 threads), GC structures (~5-10% of the heap), direct buffers.
# With a 1 GiB limit: heap 512 MiB + RocksDB ~150 MiB + native ~250 MiB = ~910 MiB, some headroom
# left. Give the container at least 1 GiB; with more, raise detector.rocksdb.memory with it (the
# heap grows by itself). MALLOC_ARENA_MAX=2 keeps glibc from giving each of RocksDB's and the JVM's
# threads a malloc arena of its own, which inflates the resident size far beyond what is used.
# ExitOnOutOfMemoryError: a JVM out of heap is in no state to go on; exiting lets the orchestrator
# restart it (exit code 3) instead of leaving it up with dead threads and green health checks.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
ENV MALLOC_ARENA_MAX=2

WORKDIR /opt/roster
USER 10001:10001

# Ops port (ops.port, ROSTER_OPS_PORT): health, metrics and the status page; also the simulator's
# default port. Outside a container Roster listens on loopback only; here probes and Prometheus come
# from outside the container, so all its interfaces. Beyond loopback the status page (people's
# emails) needs its token: `run` refuses to start (exit code 3) without ROSTER_OPS_AUTH_TOKEN (or
# ROSTER_OPS_AUTH_TOKEN_FILE, a mounted secret), unless ROSTER_OPS_ALLOW_OPEN=true says the network
# keeps others out. ROSTER_OPS_METRICS_TOKEN closes /metrics too. /health/* stays open for the
# probes (a kubelet sends no token; it asks with the pod's IP, which the Host check admits).
ENV ROSTER_OPS_HOST=0.0.0.0
EXPOSE 8080

# Exec form: java is PID 1 and gets the orchestrator's SIGTERM itself, which stops Roster cleanly
# within shutdown.timeout (30 s); give the orchestrator's grace period a few seconds more.
ENTRYPOINT ["java", "-jar", "/opt/roster/roster.jar"]
CMD ["run"]
