package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which settings the start refuses; CliErrorsTest sees the line a user gets. */
class SettingsCheckTest {

    @TempDir
    Path dir;

    private void check(String setting) throws Exception {
        Path settings = Files.writeString(dir.resolve("application.properties"),
                "store.zone = UTC\nmy.topic = {{mqtt.topic-pattern}}\n");
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("mine.camel.yaml"), "- route:\n    from:\n      uri: \"{{?glow.prefix}}\"\n");
        Main main = new Main();
        main.addOverrideProperty(setting, "x");
        new SettingsCheck(settings, routes).beforeConfigure(main);
    }

    @Test
    void settingsTheConfigurationReadsPass() {
        for (String known : new String[] { "store.zone", "influxdb.username", "influxdb.url", "glow.prefix", "api.tokens", "leader.election" }) {
            assertThatCode(() -> check(known)).as(known).doesNotThrowAnyException();
        }
    }

    /** The defaults live in the jar, so application.properties is checked too: a typo there would be ignored as well. */
    @Test
    void aMistypedLineInTheSettingsFileIsRefused() throws Exception {
        Path settings = Files.writeString(dir.resolve("application.properties"), "p1.uri = serial:/dev/ttyUSB0\ninfluxdb.batchsize = 5000\n");
        assertThatThrownBy(() -> new SettingsCheck(settings, dir.resolve("routes")).beforeConfigure(new Main()))
                .hasMessage("unknown setting influxdb.batchsize: did you mean influxdb.batch-size?");
    }

    @Test
    void theJdksAndCamelsOwnAndAUsersOwnAreNotItsBusiness() {
        for (String other : new String[] { "http.proxyHost", "camel.main.name", "my.own.setting" }) {
            assertThatCode(() -> check(other)).as(other).doesNotThrowAnyException();
        }
    }

    @Test
    void aSettingNothingReadsIsRefusedWithTheLikelyOne() {
        assertThatThrownBy(() -> check("store.zon")).hasMessage("unknown setting store.zon: did you mean store.zone?");
        assertThatThrownBy(() -> check("influxdb.flavour")).hasMessageStartingWith("unknown setting influxdb.flavour: the influxdb.* settings are ");
    }
}
