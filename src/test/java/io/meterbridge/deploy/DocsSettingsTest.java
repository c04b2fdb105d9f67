package io.meterbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every setting the README and docs/ name exists: a key of application.properties (set or commented out), or one the
 * routes and settings read as an optional placeholder ({{?mqtt.password}}, {{influxdb.password:}}). A renamed or removed
 * setting fails this test until the documentation follows it.
 */
class DocsSettingsTest {

    private static final Pattern SETTING = Pattern.compile(
            "(?<![\\w./-])((?:emu2|glow|http|hub|influxdb|meterman|mqtt|p1|pge|store|files|spool)\\.[a-z][\\w-]*(?:\\.[a-z][\\w-]*)*)");

    @Test
    void everySettingTheDocsNameExists() throws Exception {
        Set<String> known = new HashSet<>();
        String properties = Files.readString(Path.of("application.properties"));
        Matcher key = Pattern.compile("(?m)^\\s*#?\\s*([a-z][\\w.-]*)\\s*=").matcher(properties);
        while (key.find()) {
            known.add(key.group(1));
        }
        List<Path> sources = new ArrayList<>(List.of(Path.of("application.properties")));
        try (Stream<Path> routes = Files.walk(Path.of("routes"))) {
            routes.filter(p -> p.toString().endsWith(".yaml")).forEach(sources::add);
        }
        for (Path source : sources) {
            Matcher placeholder = Pattern.compile("\\{\\{\\??([a-z][\\w.-]*)(?::[^}]*)?}}").matcher(Files.readString(source));
            while (placeholder.find()) {
                known.add(placeholder.group(1));
            }
        }
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        List<String> unknown = new ArrayList<>();
        for (Path doc : docs) {
            Matcher named = SETTING.matcher(Files.readString(doc));
            while (named.find()) {
                String setting = named.group(1);
                // pge.notify-* names a family: a prefix then
                boolean family = setting.endsWith("-");
                if (known.stream().noneMatch(k -> k.equals(setting) || k.startsWith(setting + ".") || (family && k.startsWith(setting)))) {
                    unknown.add(doc + ": " + setting);
                }
            }
        }
        assertThat(known).contains("p1.uri", "store.zone", "mqtt.password");
        assertThat(unknown).as("settings the docs name that do not exist").isEmpty();
    }
}
