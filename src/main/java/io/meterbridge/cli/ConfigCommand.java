package io.meterbridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.SensitiveUtils;
import org.apache.camel.util.URISupport;

import io.meterbridge.SettingsCheck;

/**
 * {@code config}: every setting (the jar's defaults and application.properties) as the gateway would use it, after
 * the environment (P1_URI for p1.uri) and -D options override it and placeholders are resolved, with secrets masked;
 * an empty setting (an unset environment variable) and one that cannot be resolved say so.
 */
final class ConfigCommand {

    static final String USAGE = "config [FILE]   (the effective settings, secrets masked)";
    static final String MASK = "********";

    private ConfigCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Path file = Path.of(args.length > 1 ? args[1] : "application.properties");
        if (!Files.exists(file)) {
            err.println("No " + file + " here: run it where the gateway runs, or give the file");
            return 1;
        }
        Map<String, String> settings = settings(file);
        try (CamelContext context = new DefaultCamelContext()) {
            // Camel's own precedence, as the gateway has it: -D options, then the environment (P1_URI for p1.uri), then the file
            context.getPropertiesComponent().setLocation("file:" + file + ",classpath:" + SettingsCheck.REFERENCE.substring(1));
            for (String key : settings.keySet()) {
                out.println(key + " = " + effective(context, key));
            }
        }
        return 0;
    }

    private static String effective(CamelContext context, String key) {
        try {
            String value = context.getPropertiesComponent().resolveProperty(key).map(v -> context.resolvePropertyPlaceholders(v)).orElse("");
            if (value.isEmpty()) {
                return "(not set)";
            }
            if (sensitive(key) && !value.startsWith("#")) {
                return MASK;
            }
            // an endpoint URI's own secrets (password=..., accessToken=...) as Camel masks them in its logs
            return URISupport.sanitizeUri(value);
        } catch (RuntimeException e) {
            return "(unresolved: " + e.getMessage().replaceAll("\\s+", " ") + ")";
        }
    }

    static boolean sensitive(String key) {
        return SensitiveUtils.containsSensitive(key) || key.toLowerCase(java.util.Locale.ROOT).endsWith("tokens");
    }

    /** The jar's settings in their order (also those it leaves unset), then those only the file has. */
    private static Map<String, String> settings(Path file) throws IOException {
        Map<String, String> ordered = new LinkedHashMap<>();
        SettingsCheck.referenceKeys().forEach(key -> ordered.put(key, ""));
        try (Reader in = Files.newBufferedReader(file)) {
            ordered.putAll(keys(in));
        }
        return ordered;
    }

    private static Map<String, String> keys(Reader in) throws IOException {
        Map<String, String> ordered = new LinkedHashMap<>();
        Properties p = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                ordered.put((String) key, (String) value);
                return super.put(key, value);
            }
        };
        p.load(in);
        return ordered;
    }
}
