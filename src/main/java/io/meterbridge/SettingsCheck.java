package io.meterbridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Refuses to start with a meterbridge setting that does not exist ({@code -Dinfluxdb.batchsize=5000}, or the same
 * line in application.properties): Camel would ignore it, and the user would wonder why nothing changed. The settings
 * that exist are the keys of the reference in the jar (meterbridge.properties, set or commented out) and what it,
 * application.properties and the routes read as placeholders.
 */
public final class SettingsCheck extends MainListenerSupport {

    /**
     * The settings meterbridge owns; other keys (camel.*, a user's own) are left to Camel, and http.* to the JDK too
     * (http.proxyHost and the like), although http.host is ours.
     */
    private static final Pattern OURS = Pattern.compile(
            "(?:api|emu2|espi|files|glow|hub|influxdb|kafka|leader|limits|meterman|mqtt|observe|p1|pge|spool|store|tariff)\\.[\\w.-]+");
    /** Every setting with its default and what it does, in the jar; application.properties changes some of them. */
    public static final String REFERENCE = "/meterbridge.properties";
    private static final Pattern KEY = Pattern.compile("(?m)^\\s*#?\\s*([a-z][\\w.-]*)\\s*=");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([a-z][\\w.-]*)(?::[^}]*)?}}");

    private final Path settings;
    private final Path routes;

    SettingsCheck(Path settings, Path routes) {
        this.settings = settings;
        this.routes = routes;
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        Set<String> known = known(settings, routes);
        List<String> given = new ArrayList<>(System.getProperties().stringPropertyNames());
        if (Files.isRegularFile(settings)) {
            Properties set = new Properties();
            try (var in = Files.newBufferedReader(settings)) {
                set.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + settings + ": " + e.getMessage(), e);
            }
            given.addAll(set.stringPropertyNames());
        }
        Properties overrides = main.getOverrideProperties();
        if (overrides != null) {
            given.addAll(overrides.stringPropertyNames());
        }
        for (String name : given) {
            if (OURS.matcher(name).matches() && !known.contains(name)) {
                throw new IllegalArgumentException("unknown setting " + name + ": " + suggestion(name, known));
            }
        }
    }

    /**
     * The settings that exist: the keys of the reference in the jar (set or commented out) and the placeholders it,
     * {@code settings} and the YAML files below {@code routes} read ({@code {{?mqtt.password}}}).
     */
    public static Set<String> known(Path settings, Path routes) {
        Set<String> known = new TreeSet<>();
        String reference = reference();
        collect(KEY.matcher(reference), known);
        collect(PLACEHOLDER.matcher(reference), known);
        try {
            List<Path> sources = new ArrayList<>();
            if (Files.isRegularFile(settings)) {
                sources.add(settings);
            }
            if (Files.isDirectory(routes)) {
                try (Stream<Path> files = Files.walk(routes)) {
                    files.filter(p -> p.toString().endsWith(".yaml")).forEach(sources::add);
                }
            }
            for (Path source : sources) {
                collect(PLACEHOLDER.matcher(Files.readString(source)), known);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the settings to check them: " + e.getMessage(), e);
        }
        return known;
    }

    /** Every setting of the reference in the jar, set or commented out, in its order. */
    public static Set<String> referenceKeys() {
        Set<String> keys = new java.util.LinkedHashSet<>();
        collect(KEY.matcher(reference()), keys);
        return keys;
    }

    /** The text of the reference in the jar. */
    public static String reference() {
        try (var in = SettingsCheck.class.getResourceAsStream(REFERENCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + REFERENCE);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(Matcher m, Set<String> into) {
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    /** The closest existing setting when it is a likely typo, else the settings of the same group. */
    private static String suggestion(String name, Set<String> known) {
        String group = name.substring(0, name.indexOf('.') + 1);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < best) {
                best = d;
                closest = k;
            }
        }
        if (closest != null && best <= 3) {
            return "did you mean " + closest + "?";
        }
        List<String> same = known.stream().filter(k -> k.startsWith(group) && OURS.matcher(k).matches()).toList();
        return same.isEmpty() ? "no setting starts with " + group : "the " + group + "* settings are " + String.join(", ", same);
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
