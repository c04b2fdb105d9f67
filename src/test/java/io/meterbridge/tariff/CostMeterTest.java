package io.meterbridge.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Reading;
import io.meterbridge.settings.InvalidSettingException;

/**
 * Running costs as a meter's registers rise, priced by a tariff file as a supplier bills: each tariff register at its
 * rate, export credited, fixed charges for every day (also days the gateway was off), a new tariff from its first day,
 * dynamic prices with energy whose price is not known yet kept back, and the totals surviving a crash without a
 * cent counted twice or left out.
 */
class CostMeterTest {

    @TempDir
    Path dir;

    static final String FIXED = """
            currency: EUR
            electricity:
              - from: 2025-01-01
                import: { t1: 0.20, t2: 0.30 }
                export: 0.05
                per-day: 1.00
              - from: 2025-03-05
                import: 0.40
                per-day: 2.00
            gas:
              - from: 2025-01-01
                per-m3: 1.50
                per-day: 0.50
            """;

    @Test
    void eachRegisterIsPricedAtItsRateAndFixedChargesCountEveryDay() throws Exception {
        CostMeter meter = meter(FIXED, 0);
        assertThat(meter.cost(electricity("2025-03-01T00:00:00Z", 100, 200, 10, 2))).isNotNull(); // the baseline
        meter.cost(electricity("2025-03-01T12:00:00Z", 101, 203, 12, 2));
        // the gateway was off on the 2nd: that day's fixed charges still count
        Reading cost = meter.cost(electricity("2025-03-03T08:00:00Z", 102, 203, 12, 1));
        assertThat(cost.measurement()).isEqualTo("cost");
        assertThat(cost.tags()).containsEntry("meter", "E1").containsEntry("currency", "EUR").containsEntry("commodity", "electricity");
        assertThat(number(cost, "cost_import_total")).isCloseTo(1 * 0.20 + 3 * 0.30 + 1 * 0.20, within(1e-9));
        assertThat(number(cost, "credit_export_total")).isCloseTo(2 * 0.05, within(1e-9));
        assertThat(number(cost, "cost_fixed_total")).isCloseTo(3 * 1.00, within(1e-9));
        assertThat(number(cost, "cost_total")).isCloseTo(1.3 + 3 - 0.1, within(1e-9));
        assertThat(number(cost, "price_import_per_kwh")).as("tariff indicator 1: T1's price").isEqualTo(0.20);
        assertThat(cost.field("cost_since")).isEqualTo("2025-03-01T00:00:00Z");

        // from the 5th, one import price for both registers, no export credit, new fixed charges
        cost = meter.cost(electricity("2025-03-05T10:00:00Z", 103, 205, 14, 2));
        assertThat(number(cost, "cost_import_total")).isCloseTo(1.3 + 3 * 0.40, within(1e-9));
        assertThat(number(cost, "credit_export_total")).as("no export price from the 5th: kept back, not credited").isCloseTo(0.1, within(1e-9));
        assertThat(number(cost, "cost_fixed_total")).isCloseTo(3 + 1.00 + 2.00, within(1e-9));

        Reading gas = meter.cost(Reading.builder("gas").tag("meter", "G1").field("volume_m3", 500.0).time(Instant.parse("2025-03-05T10:00:00Z")).build());
        gas = meter.cost(Reading.builder("gas").tag("meter", "G1").field("volume_m3", 502.5).time(Instant.parse("2025-03-05T11:00:00Z")).build());
        assertThat(gas.tags()).containsEntry("meter", "G1").containsEntry("commodity", "gas");
        assertThat(number(gas, "cost_import_total")).isCloseTo(2.5 * 1.50, within(1e-9));
        assertThat(number(gas, "cost_total")).isCloseTo(3.75 + 0.50, within(1e-9));
        assertThat(number(gas, "price_import_per_m3")).isEqualTo(1.50);
    }

    @Test
    void aMeterResetStartsANewBaselineInsteadOfANegativeCost() throws Exception {
        CostMeter meter = meter(FIXED, 0);
        meter.cost(electricity("2025-03-01T00:00:00Z", 100, 200, 10, 2));
        meter.cost(electricity("2025-03-01T01:00:00Z", 0, 0, 0, 2)); // a replaced meter
        Reading cost = meter.cost(electricity("2025-03-01T02:00:00Z", 1, 1, 0, 2));
        assertThat(number(cost, "cost_import_total")).isCloseTo(0.20 + 0.30, within(1e-9));
    }

    @Test
    void energyWithoutAKnownDynamicPriceIsPricedOnceOneIsKnownNeverDropped() throws Exception {
        Path prices = Files.writeString(dir.resolve("prices.csv"), "time,price\n2025-03-01T00:00:00Z,0.10\n");
        CostMeter meter = meter("""
                electricity:
                  - from: 2025-01-01
                    import: { dynamic: true, add: 0.10, multiply: 2 }
                """, 0);
        meter.cost(total("2025-03-01T00:00:00Z", 100));
        Reading cost = meter.cost(total("2025-03-01T00:30:00Z", 101));
        assertThat(number(cost, "cost_import_total")).isCloseTo(1 * (0.10 + 0.10) * 2, within(1e-9));
        assertThat(number(cost, "price_import_per_kwh")).isCloseTo(0.4, within(1e-9));
        // 01:30: the hour's price is not known (an hourly price lasts an hour): its kWh waits
        cost = meter.cost(total("2025-03-01T01:30:00Z", 102));
        assertThat(number(cost, "cost_import_total")).isCloseTo(0.4, within(1e-9));
        assertThat(cost.fields()).doesNotContainKey("price_import_per_kwh");
        tariff.prices().merge(Map.of(Instant.parse("2025-03-01T01:00:00Z").toEpochMilli(), 0.20,
                Instant.parse("2025-03-01T02:00:00Z").toEpochMilli(), 0.30));
        cost = meter.cost(total("2025-03-01T02:10:00Z", 103));
        assertThat(number(cost, "cost_import_total")).as("both waiting kWh, at the price now known")
                .isCloseTo(0.4 + 2 * (0.30 + 0.10) * 2, within(1e-9));
        assertThat(Files.readString(prices)).as("fetched prices are kept for later days' costs")
                .contains("2025-03-01T01:00:00Z,0.2", "2025-03-01T02:00:00Z,0.3");
    }

    /** A gateway killed between two saves (no stop, no shutdown hook: as kill -9) against one that ran through. */
    @Test
    void aCrashLosesNoCostAndCountsNoneTwice() throws Exception {
        CostMeter crashed = meter(FIXED, 3_600_000);
        crashed.cost(electricity("2025-03-01T00:00:00Z", 100, 200, 10, 2)); // sent and saved
        for (int m = 1; m <= 5; m++) {
            assertThat(crashed.cost(electricity("2025-03-01T00:0" + m + ":00Z", 100 + m, 200 + 2 * m, 10, 2))).as("within the interval").isNull();
        }
        Files.copy(dir.resolve("costs.json"), dir.resolve("survived.json"));
        CostMeter restarted = new CostMeter(tariff, dir.resolve("survived.json"), 0);
        restarted.start();
        CostMeter through = meter(FIXED, 0);
        through.cost(electricity("2025-03-01T00:00:00Z", 100, 200, 10, 2));
        for (int m = 1; m <= 5; m++) {
            through.cost(electricity("2025-03-01T00:0" + m + ":00Z", 100 + m, 200 + 2 * m, 10, 2));
        }
        Reading after = restarted.cost(electricity("2025-03-01T00:09:00Z", 109, 218, 11, 2));
        Reading expected = through.cost(electricity("2025-03-01T00:09:00Z", 109, 218, 11, 2));
        assertThat(after.fields()).isEqualTo(expected.fields());
        assertThat(number(after, "cost_import_total")).isCloseTo(9 * 0.20 + 18 * 0.30, within(1e-9));
    }

    /** A new contract is a new entry in the file, taken without a restart; a file that no longer reads keeps the last. */
    @Test
    void aChangedTariffFileIsReadAgainAndABrokenOneKeepsTheTariffsBefore() throws Exception {
        Path file = Files.writeString(dir.resolve("tariffs.yaml"), "electricity:\n  - from: 2025-01-01\n    import: 0.20\n");
        Tariff changing = new Tariff(file, ZoneOffset.UTC, null, 0);
        Register t1 = Register.of("electricity", java.util.List.of("energy_import_t1_kwh")).get(0);
        long march = Instant.parse("2025-03-10T12:00:00Z").toEpochMilli();
        assertThat(changing.rate(t1, march)).isEqualTo(0.20);
        Files.writeString(file, "electricity:\n  - from: 2025-01-01\n    import: 0.20\n  - from: 2025-03-01\n    import: 0.25\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        assertThat(changing.rate(t1, march)).as("the new entry, from its day").isEqualTo(0.25);
        Files.writeString(file, "electricity: [\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 4000));
        assertThat(changing.rate(t1, march)).as("a broken file: the tariffs read before").isEqualTo(0.25);
    }

    @Test
    void aWrongTariffFileStopsTheStartWithOneLineSayingWhere() throws Exception {
        assertRefused("electricity:\n  - from: 2025-01-01\n    import: cheap\n", "electricity[1].import = cheap: a price, such as 0.2712");
        assertRefused("electricity:\n  - from: 2025-01-01\n    imprt: 0.2\n", "electricity[1]: imprt is not one of export, from, import, per-day");
        assertRefused("electricity:\n  - from: 2025-02-01\n    import: 0.2\n  - from: 2025-01-01\n    import: 0.3\n",
                "electricity[2]: from 2025-01-01 must come after the tariff before it");
        assertRefused("electricity:\n  - from: 1 March\n    import: 0.2\n", "electricity[1].from = 1 March: the first day the tariff applies");
        assertRefused("currency: euro\nelectricity:\n  - from: 2025-01-01\n    import: 0.2\n", "currency = euro: a three-letter currency code");
        assertRefused("gas: []\n", "no tariffs: add electricity: or gas:");
        assertRefused("electricity: [\n", "is not YAML");
        Path file = Files.writeString(dir.resolve("dynamic.yaml"), "electricity:\n  - from: 2025-01-01\n    import: dynamic\n");
        assertThatThrownBy(() -> new Tariff(file, ZoneOffset.UTC, null)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("has dynamic prices: set tariff.prices-file");
    }

    private void assertRefused(String yaml, String message) throws Exception {
        Path file = Files.writeString(dir.resolve("wrong.yaml"), yaml);
        assertThatThrownBy(() -> new Tariff(file, ZoneOffset.UTC, dir.resolve("prices.csv"))).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("tariff.file = " + file + ": " + file).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private Tariff tariff;

    private CostMeter meter(String yaml, long intervalMillis) throws Exception {
        Path file = Files.writeString(dir.resolve("tariffs.yaml"), yaml);
        tariff = new Tariff(file, ZoneOffset.UTC, dir.resolve("prices.csv"));
        CostMeter meter = new CostMeter(tariff, dir.resolve("costs.json"), intervalMillis);
        meter.start();
        return meter;
    }

    static Reading electricity(String time, double t1, double t2, double exportT1, int indicator) {
        return Reading.builder("electricity").tag("meter", "E1").tag("source", "dsmr").field("energy_import_t1_kwh", t1)
                .field("energy_import_t2_kwh", t2).field("energy_export_t1_kwh", exportT1).field("tariff", (long) indicator)
                .field("power_import_w", 500.0).time(Instant.parse(time)).build();
    }

    private static Reading total(String time, double kwh) {
        return Reading.builder("electricity").tag("meter", "E1").field("energy_import_kwh", kwh).time(Instant.parse(time)).build();
    }

    private static double number(Reading reading, String field) {
        return ((Number) reading.field(field)).doubleValue();
    }
}
