package io.meterbridge.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.WeakHashMap;

import org.apache.camel.main.Main;

import io.meterbridge.MeterbridgeMain;

/**
 * The gateway in the test's JVM as a user runs it (the shipped routes/ and application.properties), with its HTTP
 * server and management port on free ports, so tests never depend on 8080 being free and can run side by side.
 */
public final class TestGateway {

    private static final Map<Main, Integer> PORTS = java.util.Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<Main, Integer> MANAGEMENT = java.util.Collections.synchronizedMap(new WeakHashMap<>());

    private TestGateway() {
    }

    public static Main newMain() {
        Main main = MeterbridgeMain.newMain();
        int port = free();
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        int management = free();
        main.addOverrideProperty("camel.management.port", String.valueOf(management));
        PORTS.put(main, port);
        MANAGEMENT.put(main, management);
        return main;
    }

    /**
     * A gateway running only the route file given (written to {@code dir}/routes/{@code file}, as a user drops it
     * into routes/), its readings into the CSV files in {@code dir}/data; not started, for more settings first.
     */
    public static Main withRoute(Path dir, String file, String yaml) throws java.io.IOException {
        Path routes = java.nio.file.Files.createDirectories(dir.resolve("routes"));
        java.nio.file.Files.writeString(routes.resolve(file), yaml);
        Main main = newMain();
        main.addOverrideProperty("files.directory", dir.resolve("data").toString());
        main.addOverrideProperty("hub.sinks", "direct:sink-csv");
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        return main;
    }

    private static int free() {
        try {
            return FreePort.next();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The HTTP server's base URL, e.g. http://127.0.0.1:41234 (the API is below /api). */
    public static String url(Main main) {
        return "http://127.0.0.1:" + port(main);
    }

    /** The management server's /observe base URL (health and metrics). */
    public static String observe(Main main) {
        return "http://127.0.0.1:" + MANAGEMENT.get(main) + "/observe";
    }

    public static int port(Main main) {
        Integer port = PORTS.get(main);
        if (port == null) {
            throw new IllegalStateException("not a TestGateway");
        }
        return port;
    }
}
