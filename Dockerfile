# Roster: one executable jar, `java -jar roster.jar <command>` (run, demo, tail, simulate, accounts, schemas).
#
# The jar is built first, outside the image, by the shade plugin:
#   mvn -B package -DskipTests        # writes target/roster.jar
#   docker build -t roster .
#
# Then, for example:
#   docker run --rm roster --help
#   docker run --rm -e ROSTER_TRUTO_API_TOKEN=... -e ROSTER_KAFKA_BOOTSTRAP_SERVERS=... roster run
# docker-compose.yml at the repository root runs the whole production shape (Kafka, schema registry, Roster).
FROM eclipse-temurin:17-jre

# A fixed numeric user, so orchestrators that insist on non-root (runAsNonRoot) can verify it.
RUN groupadd --system --gid 10001 roster \
    && useradd --system --uid 10001 --gid roster --home-dir /var/lib/roster --no-create-home \
       --shell /usr/sbin/nologin roster \
    && mkdir -p /opt/roster /var/lib/roster \
    && chown roster:roster /var/lib/roster

COPY target/roster.jar /opt/roster/roster.jar

# Local state (the change detector's RocksDB stores). Rebuilt from Kafka when lost, so losing the
# volume costs only start-up time; each instance needs its own.
ENV ROSTER_STATE_DIR=/var/lib/roster
VOLUME /var/lib/roster

# The JVM sizes its heap from the container's memory limit; the default share (25%) is too small for
# a service that does little else.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"

WORKDIR /opt/roster
USER 10001:10001

# Ops port (ops.port, ROSTER_OPS_PORT): health and metrics; also the simulator's default port.
EXPOSE 8080

ENTRYPOINT ["java", "-jar", "/opt/roster/roster.jar"]
CMD ["run"]
