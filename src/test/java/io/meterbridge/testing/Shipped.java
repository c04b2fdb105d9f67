package io.meterbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The settings as shipped in application.properties, for tests that run what a user runs. */
public final class Shipped {

    private Shipped() {
    }

    public static String property(String name) {
        Properties shipped = new Properties();
        try (var in = Files.newBufferedReader(Path.of("application.properties"))) {
            shipped.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = shipped.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not in application.properties");
        }
        return value;
    }

    /** The demo as shipped (its times moved to now), replayed at once instead of one telegram a second. */
    public static String demoAtOnce() {
        String uri = property("p1.uri");
        if (!uri.contains("delay=1000")) {
            throw new IllegalStateException("the shipped p1.uri no longer paces the demo with delay=1000: " + uri);
        }
        return uri.replace("delay=1000", "delay=0");
    }
}
