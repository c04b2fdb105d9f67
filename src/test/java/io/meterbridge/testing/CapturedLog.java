package io.meterbridge.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The test run's log, kept instead of printed: what a gateway in the tests' JVM logs (rejected telegrams, a broker
 * that went away: what the tests provoke on purpose) is held per test class, printed only with a test that failed,
 * and readable by the tests that assert it ({@link #messages()}). log4j2-test.properties gives the root logger its
 * {@link Keeper}; junit-platform.properties registers it as an extension for every test class.
 */
public final class CapturedLog implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    private static final int KEPT = 5000;
    private static final Deque<String> EVENTS = new ArrayDeque<>();
    private static final PatternLayout LAYOUT = PatternLayout.newBuilder().withPattern("%d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n%throwable").build();

    /** The appender log4j2-test.properties gives the root logger: it keeps every event, printing none. */
    @Plugin(name = "CapturedLog", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE)
    public static final class Keeper extends AbstractAppender {
        private Keeper(String name) {
            super(name, null, LAYOUT, true, Property.EMPTY_ARRAY);
        }

        @PluginFactory
        public static Keeper create(@PluginAttribute("name") String name) {
            return new Keeper(name);
        }

        @Override
        public void append(LogEvent event) {
            String line = LAYOUT.toSerializable(event);
            synchronized (EVENTS) {
                if (EVENTS.size() == KEPT) {
                    EVENTS.removeFirst();
                }
                EVENTS.addLast(line);
            }
        }
    }

    /** What was logged since the test class started, oldest first, one formatted event each. */
    public static List<String> messages() {
        synchronized (EVENTS) {
            return new ArrayList<>(EVENTS);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (EVENTS) {
            EVENTS.clear();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        print(context.getDisplayName() + " failed");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Optional<Throwable> failure = context.getExecutionException();
        if (failure.isPresent()) {
            print(context.getDisplayName() + " failed");
        }
    }

    private static void print(String what) {
        List<String> lines = messages();
        StringBuilder out = new StringBuilder("---- the log of the test class up to where " + what + " (" + lines.size() + " events) ----\n");
        lines.forEach(out::append);
        System.out.print(out);
    }
}
