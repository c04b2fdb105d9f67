package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.meterbridge.reading.FieldMap;

/** docs/FIELDS.md is the contract with users: every field the parser can write must be in it. */
class FieldsDocTest {

    @Test
    void everyFieldIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("docs", "FIELDS.md"));
        for (ObisCatalog.Entry entry : ObisCatalog.entries()) {
            if (entry.field() != null && entry.kind() != ObisCatalog.Kind.VERSION) {
                assertThat(doc).as("docs/FIELDS.md names %s (%s)", entry.field(), entry.obis()).contains("`" + entry.field() + "`");
            }
        }
        // the parser and normaliser register every other name they write when their classes load
        new TelegramParser(null).parse(Telegrams.withCrc("1-0:1.7.0(00.100*kW)"));
        for (String computed : new String[] { "power_net_w", "power_net_l1_w", "current_signed_l3_a", "current_threshold_a",
                "power_threshold_va", "power_peak_month_time", "volume_m3", "energy_gj", "valve_state" }) {
            assertThat(FieldMap.id(computed)).isNotNegative();
            assertThat(doc).as("docs/FIELDS.md names %s", computed).contains("`" + computed + "`");
        }
    }
}
