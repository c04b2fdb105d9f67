# Build with the project's own Maven wrapper, run on a JRE as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# dialout: the group that may open /dev/ttyUSB* when the device is passed with --device
RUN useradd --system --uid 10001 --gid dialout --home /app meterbridge
WORKDIR /app
COPY --from=build /src/target/meterbridge.jar ./
COPY --from=build /src/target/lib lib
# the Kubernetes client, for the Lease leader election (deploy/mqtt-fleet); a plain install's lib/ lacks it
COPY --from=build /src/target/lib-kubernetes lib
# the Kafka client, for fleets (deploy/fleet); a plain install's lib/ lacks it too
COPY --from=build /src/target/lib-kafka lib
# the CycloneDX bill of materials of everything in lib/ (docs/DEPENDENCIES.md says why each is there)
COPY --from=build /src/target/meterbridge-sbom.json sbom.json
COPY routes routes
COPY application.properties tariffs.yaml ./
COPY demo demo
# routes/ and application.properties can be replaced by mounting; data/ holds the files the sinks write and the store
VOLUME ["/app/data"]
# the dashboard and REST API (8080), health and metrics (9876): a container's ports are reached only through what is
# published, so both listen on every interface here (the jar alone listens on 127.0.0.1)
ENV METERBRIDGE_HOST=0.0.0.0
EXPOSE 8080 9876
# Camel's liveness check on the management port, asked with bash alone (the JRE image has no curl)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/9876 && printf "GET /observe/health/live HTTP/1.0\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
# a small heap, the serial collector and C1 only: about 160 MB resident at a meter's pace (docs/OPERATIONS.md), right
# for a Raspberry Pi; replace the whole variable for a busy fleet gateway (deploy/mqtt-gateway.yaml does)
ENV JAVA_TOOL_OPTIONS="-Xmx64m -Xms8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k"
# class-data sharing: the classes a start of the demo loads, archived by a first 5-second run at build time with this
# image's own JVM and options (bench/startup: ready 0.9-1.1 s instead of 1.7-1.9 s, a few MB less resident); a JVM
# that cannot use the archive starts without it
RUN java -XX:ArchiveClassesAtExit=/app/meterbridge.jsa -Dcamel.main.duration-max-seconds=5 -jar meterbridge.jar > /dev/null 2>&1; \
    rm -rf data && mkdir -p data && chown meterbridge:dialout data
ENV JAVA_TOOL_OPTIONS="-Xmx64m -Xms8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:SharedArchiveFile=/app/meterbridge.jsa -Xlog:cds=off"
USER meterbridge
ENTRYPOINT ["java", "-jar", "meterbridge.jar"]
