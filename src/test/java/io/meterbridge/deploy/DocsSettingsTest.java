package io.meterbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.meterbridge.SettingsCheck;

/**
 * Every setting the README and docs/ name exists, as the start's own check knows them ({@link SettingsCheck#known}): a
 * key of application.properties (set or commented out), or one the routes and settings read as a placeholder. A
 * renamed or removed setting fails this test until the documentation follows it.
 */
class DocsSettingsTest {

    private static final Pattern SETTING = Pattern.compile(
            "(?<![\\w./-])((?:emu2|glow|http|hub|influxdb|meterman|mqtt|p1|pge|store|files|spool)\\.[a-z][\\w-]*(?:\\.[a-z][\\w-]*)*)");

    @Test
    void everySettingTheDocsNameExists() throws Exception {
        Set<String> known = SettingsCheck.known(Path.of("application.properties"), Path.of("routes"));
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

    /** What a user edits holds settings only: short, and no bean wiring (that is made in Java from the settings). */
    @Test
    void theSettingsFileHoldsWhatAUserSetsAndNoWiring() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("application.properties"));
        assertThat(lines).hasSizeLessThanOrEqualTo(80);
        assertThat(String.join("\n", lines)).doesNotContain("#class:", "#bean:", "camel.beans.");
        assertThat(SettingsCheck.reference()).doesNotContain("#class:", "#bean:", "camel.beans.");
    }

    /** Every test the README and docs/ point to as the proof of a promise exists. */
    @Test
    void everyTestTheDocsNameExists() throws Exception {
        Set<String> tests;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            tests = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(java.util.stream.Collectors.toSet());
        }
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        List<String> missing = new ArrayList<>();
        Pattern named = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)(?:\\.[a-zA-Z]+)?`");
        for (Path doc : docs) {
            Matcher m = named.matcher(Files.readString(doc));
            while (m.find()) {
                if (!tests.contains(m.group(1))) {
                    missing.add(doc + ": " + m.group(1));
                }
            }
        }
        assertThat(missing).as("tests the docs name that do not exist").isEmpty();
    }
}
