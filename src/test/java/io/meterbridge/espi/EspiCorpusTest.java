package io.meterbridge.espi;

import io.meterbridge.testing.TestCorpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterbridge.reading.Reading;

/**
 * Every ESPI sample in src/test/resources/corpus/espi through the data format, with the counts, first values and sums its
 * MANIFEST lists (values there are Wh; the field is kWh).
 */
class EspiCorpusTest {

    static final Path DIR = TestCorpus.of("espi");

    static byte[] sample(String file) throws Exception {
        Path path = DIR.resolve(file);
        return Files.readAllBytes(path);
    }

    static List<Reading> read(String file) throws Exception {
        return new EspiDataFormat().readings(XmlTree.parse(sample(file), 5_000_000));
    }

    static List<Reading> withField(List<Reading> readings, String field) {
        List<Reading> out = new ArrayList<>();
        for (Reading r : readings) {
            if (r.field(field) != null) {
                out.add(r);
            }
        }
        return out;
    }

    static double sum(List<Reading> readings, String field) {
        return readings.stream().mapToDouble(r -> ((Number) r.field(field)).doubleValue()).sum();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file, readings, first start, first Wh, last start, sum Wh
            "pgesmd_self_access/espi_1_day.xml, 24, 1570086000, 1067.3, 2019-10-04T06:00:00Z, 50663.298",
            "pgesmd_self_access/single_days/2019-10-16.xml, 48, 1571209200, 1059.9, 2019-10-18T06:00:00Z, 59526.899",
            "pgesmd_self_access/single_days/2019-10-17.xml, 24, 1571295600, 2668.3, 2019-10-18T06:00:00Z, 29834.6",
            "pgesmd_self_access/single_days/2019-10-23.xml, 48, 1571814000, 1018.899, 2019-10-25T06:00:00Z, 46298.398",
            "pgesmd_self_access/single_days/2019-11-02.xml, 49, 1572678000, 1109.0, 2019-11-04T07:00:00Z, 60657.299",
            "openespi_greenbutton_java/test_usage_data_01.xml, 96, 1330578000, 282, , 93846",
            "openespi_greenbutton_java/test_usage_data_11.xml, 92, 1331442000, 327, , 109403",
            "openespi_greenbutton_java/test_usage_data.xml, 1340, 1330578000, , 2012-03-15T03:45:00Z, 1391666",
    })
    void manifestValues(String file, int count, long firstStart, Double firstWh, String lastStart, double sumWh) throws Exception {
        List<Reading> readings = withField(read(file), "energy_import_interval_kwh");
        assertThat(readings).hasSize(count);
        assertThat(readings.get(0).time()).isEqualTo(Instant.ofEpochSecond(firstStart));
        if (firstWh != null) {
            assertThat((double) readings.get(0).field("energy_import_interval_kwh")).isCloseTo(firstWh / 1000, within(1e-9));
        }
        if (lastStart != null) {
            assertThat(readings.get(count - 1).time()).isEqualTo(Instant.parse(lastStart));
        }
        assertThat(sum(readings, "energy_import_interval_kwh")).isCloseTo(sumWh / 1000, within(1e-6));
        assertThat(readings).allSatisfy(r -> {
            assertThat(r.tag("source")).isEqualTo("espi");
            assertThat(r.measurement()).isEqualTo("electricity");
        });
    }

    @Test
    void pgeSeriesCarryUsagePointQualityAndHour() throws Exception {
        Reading first = read("pgesmd_self_access/single_days/2019-10-16.xml").get(0);
        assertThat(first.tag("meter")).isEqualTo("5391320451");
        assertThat(first.field("quality")).isEqualTo(19L);
        assertThat(first.field("duration_s")).isEqualTo(3600L);
        assertThat(first.fields().keySet().iterator().next()).as("the value field comes first").isEqualTo("energy_import_interval_kwh");
    }

    @Test
    void fallBackDayKeepsItsTwentyFiveHoursInUtc() throws Exception {
        List<Reading> day = read("pgesmd_self_access/single_days/2019-11-02.xml").stream()
                .filter(r -> !r.time().isBefore(Instant.ofEpochSecond(1572764400))).toList();
        assertThat(day).hasSize(25);
        assertThat(sum(day, "energy_import_interval_kwh")).isCloseTo(29.405099, within(1e-9));
        for (int i = 1; i < day.size(); i++) {
            assertThat(day.get(i).time()).isEqualTo(day.get(i - 1).time().plusSeconds(3600));
        }
    }

    @Test
    void springForwardDayHasTwentyThreeHours() throws Exception {
        List<Reading> day = withField(read("openespi_greenbutton_java/test_usage_data_11.xml"), "energy_import_interval_kwh");
        assertThat(day).hasSize(92);
        assertThat(day.get(91).time()).isEqualTo(Instant.ofEpochSecond(1331442000 + 82800 - 900));
        assertThat(day.get(0).field("cost")).isEqualTo(0.00981);
        assertThat(day.get(0).field("cost_currency")).isEqualTo("USD");
    }

    @Test
    void costAndEstimatedQuality() throws Exception {
        Reading first = read("openespi_greenbutton_java/test_usage_data_01.xml").get(0);
        assertThat(first.field("cost")).isEqualTo(0.00974);
        assertThat(first.field("quality")).isEqualTo(8L);
    }

    @Test
    void netMeteringFeedHasBothDirectionsOutOfOrderBlocksSorted() throws Exception {
        List<Reading> all = read("eemeter/espi_electricity.xml");
        List<Reading> delivered = withField(all, "energy_import_interval_kwh");
        List<Reading> received = withField(all, "energy_export_interval_kwh");
        assertThat(delivered).hasSize(313);
        assertThat(delivered.get(0).time()).isEqualTo(Instant.ofEpochSecond(1335942000));
        assertThat((double) delivered.get(0).field("energy_import_interval_kwh")).isCloseTo(0.2286, within(1e-12));
        assertThat(sum(delivered, "energy_import_interval_kwh")).isCloseTo(114.721197, within(1e-6));
        assertThat(received).hasSize(123);
        assertThat(received.get(0).time()).isEqualTo(Instant.ofEpochSecond(1425715200));
        assertThat(sum(received, "energy_export_interval_kwh")).isCloseTo(34.243198, within(1e-6));
        for (int i = 1; i < delivered.size(); i++) {
            assertThat(delivered.get(i).time()).isAfter(delivered.get(i - 1).time());
        }
        assertThat(withField(all, "bill_amount")).as("billing periods from UsageSummary").isNotEmpty();
    }

    @Test
    void gasInThermsAlsoInKwh() throws Exception {
        List<Reading> all = read("eemeter/espi_natural_gas.xml");
        List<Reading> gas = withField(all, "energy_import_interval_therm");
        assertThat(gas).hasSize(2);
        assertThat(withField(all, "bill_amount")).singleElement().satisfies(bill -> assertThat(bill.field("bill_amount")).isEqualTo(27.58));
        assertThat(gas).allSatisfy(r -> assertThat(r.measurement()).isEqualTo("gas"));
        assertThat(gas.get(0).time()).isEqualTo(Instant.ofEpochSecond(1335942001));
        assertThat((double) gas.get(1).field("energy_import_interval_therm")).isCloseTo(1.03513077, within(1e-12));
        assertThat((double) gas.get(1).field("energy_import_interval_kwh")).isCloseTo(1.03513077 * 29.3071, within(1e-9));
    }

    @Test
    void gasOnlyBulkFeedFromANotification() throws Exception {
        List<Reading> gas = read("open-energy-view/gas_bulk_feed_2020-05-12.xml");
        assertThat(gas).hasSize(1);
        assertThat(gas.get(0).measurement()).isEqualTo("gas");
        assertThat(gas.get(0).tag("meter")).isEqualTo("7170720474");
        assertThat(gas.get(0).time()).isEqualTo(Instant.ofEpochSecond(1589007601));
        assertThat(gas.get(0).field("quality")).isEqualTo(17L);
    }

    @Test
    void aTimeNoSinkCanStoreIsRejectedWithItsReason() throws Exception {
        String doc = new String(sample("eemeter/espi_natural_gas.xml"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("<ns0:start>1346396400</ns0:start>", "<ns0:start>9223372036854775807</ns0:start>");
        assertThatThrownBy(() -> new EspiDataFormat().readings(XmlTree.parse(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8), 5_000_000)))
                .isInstanceOf(EspiRejectedException.class)
                .hasMessage("a billing period starting at 9223372036854775807 s, outside 1970-01-01..2262-04-11");
    }
}
