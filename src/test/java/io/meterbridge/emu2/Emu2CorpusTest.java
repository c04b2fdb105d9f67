package io.meterbridge.emu2;

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

import io.meterbridge.framing.Frame;
import io.meterbridge.reading.Reading;

/**
 * Every sample in src/test/resources/corpus/emu2, through the framer and the data format, with the values its MANIFEST
 * lists (which come from the source projects' own assertions, corrected where the protocol says they are wrong).
 */
class Emu2CorpusTest {

    private static final Path DIR = TestCorpus.of("emu2");
    private static final Instant RECEIVED = Instant.parse("2024-01-01T12:00:00Z");

    private final Emu2DataFormat format = new Emu2DataFormat();

    static List<Fragment> fragments(byte[] bytes) throws Exception {
        List<Fragment> out = new ArrayList<>();
        Emu2Framer framer = new Emu2Framer(4096);
        framer.feed(bytes, 0, bytes.length, f -> {
            assertThat(f.status()).isEqualTo(Frame.Status.COMPLETE);
            out.add(FragmentReader.read(f.bytes()));
        });
        framer.finish(f -> out.add(FragmentReader.read(f.bytes())));
        return out;
    }

    private List<Fragment> sample(String file) throws Exception {
        Path path = DIR.resolve(file);
        return fragments(Files.readAllBytes(path));
    }

    private Reading one(String file) throws Exception {
        List<Fragment> fragments = sample(file);
        assertThat(fragments).hasSize(1);
        List<Reading> readings = format.readings(fragments.get(0), RECEIVED);
        assertThat(readings).hasSize(1);
        return readings.get(0);
    }

    private static String aio(String test, String command) {
        return "cottsay_aioraven/" + test + "__" + command + ".xml";
    }

    @Test
    void realEmu2OnAnItronMeter() throws Exception {
        Reading demand = one("abaker_emu2influx/test_demand_InstantaneousDemand.xml");
        assertThat(demand.tag("meter")).isEqualTo("00135003005dba2b");
        assertThat(demand.tag("source")).isEqualTo("emu2");
        assertThat(demand.time()).isEqualTo(Instant.parse("2018-10-08T18:14:11Z"));
        assertThat(demand.field("power_import_w")).isEqualTo(333.0);
        assertThat(demand.field("power_export_w")).isEqualTo(0.0);

        Reading price = one("abaker_emu2influx/test_price_PriceCluster.xml");
        assertThat(price.field("price_unit_rate")).isEqualTo(0.0603);
        assertThat(price.field("price_currency")).isEqualTo("USD");
        assertThat(price.field("price_tier")).isEqualTo(0L);
        assertThat(price.time()).isEqualTo(Instant.parse("2018-10-08T17:56:13Z"));

        Reading total = one("abaker_emu2influx/test_timestamp_CurrentSummationDelivered.xml");
        assertThat(total.time()).isEqualTo(Instant.parse("2018-10-08T18:15:49Z"));
        assertThat(total.field("energy_import_kwh")).isEqualTo(46873.298);
        assertThat(total.field("energy_export_kwh")).isEqualTo(0.0);
    }

    @Test
    void demandIsSignedAndScaledExactly() throws Exception {
        for (String variant : new String[] { "", "_no_slz", "_no_digits_right", "_no_digits_left" }) {
            Reading r = one(aio("test_get_instantaneous_demand" + variant, "get_instantaneous_demand"));
            assertThat(r.field("power_import_w")).as(variant).isEqualTo(32_000.0);
            assertThat(r.time()).isEqualTo(Instant.parse("2022-03-11T00:47:35Z"));
            assertThat(r.tag("meter")).isEqualTo("fedcba9876543210");
        }
        for (String variant : new String[] { "_negative", "_negative_no_slz" }) {
            Reading r = one(aio("test_get_instantaneous_demand" + variant, "get_instantaneous_demand"));
            assertThat(r.field("power_import_w")).as(variant).isEqualTo(0.0);
            assertThat(r.field("power_export_w")).as(variant).isEqualTo(32_000.0);
            assertThat(r.field("power_net_w")).as(variant).isEqualTo(-32_000.0);
        }
    }

    @Test
    void summationsKeepTheExactValueNotTheDisplayRounding() throws Exception {
        Reading r = one(aio("test_get_current_summation_delivered", "get_current_summation_delivered"));
        assertThat(r.field("energy_import_kwh")).isEqualTo(32.0);
        assertThat(r.field("energy_export_kwh")).isEqualTo(16.0);
        // HA #113539: DigitsRight 1 displays 032.0, the meter means 31.95
        Reading rounding = new Emu2DataFormat().readings(sample(aio("test_get_current_summation_delivered_rounding",
                "get_current_summation_delivered")).get(0), RECEIVED).get(0);
        assertThat(rounding.field("energy_import_kwh")).isEqualTo(31.95);
        assertThat(rounding.field("energy_export_kwh")).isEqualTo(16.04);
        Reading noReceived = new Emu2DataFormat().readings(sample(aio("test_get_current_summation_delivered_no_received",
                "get_current_summation_delivered")).get(0), RECEIVED).get(0);
        assertThat(noReceived.fields()).containsKey("energy_import_kwh").doesNotContainKey("energy_export_kwh");
    }

    @Test
    void periodsAndPrices() throws Exception {
        Reading current = one(aio("test_get_current_period_usage", "get_current_period_usage"));
        assertThat(current.field("energy_period_kwh")).isEqualTo(32.0);
        Reading last = one(aio("test_get_last_period_usage", "get_last_period_usage"));
        assertThat(last.field("energy_last_period_kwh")).isEqualTo(32.0);
        assertThat(last.time()).as("no TimeStamp: the time it was received").isEqualTo(RECEIVED);

        Reading price = one(aio("test_get_current_price", "get_current_price"));
        assertThat((Double) price.field("price_unit_rate")).isCloseTo(0.2, within(1e-12));
        assertThat(price.field("price_currency")).isEqualTo("USD");
        assertThat(price.field("price_tier")).isEqualTo(8L);
        assertThat(one(aio("test_get_current_price_no_currency", "get_current_price")).fields()).doesNotContainKey("price_currency");
        assertThat(one(aio("test_get_current_price_no_time_stamp", "get_current_price")).time()).isEqualTo(RECEIVED);
    }

    @Test
    void informationFragmentsParseAndGiveNoReadings() throws Exception {
        Fragment info = sample(aio("test_get_device_info", "get_device_info")).get(0);
        assertThat(info.root()).isEqualTo("DeviceInfo");
        assertThat(info.get("DateCode")).isEqualTo("20220101a0000042");
        assertThat(info.toString()).as("secrets never in a fragment's text form").doesNotContain(info.get("LinkKey"));
        Fragment filler = sample(aio("test_get_device_info_date_code_filler", "get_device_info")).get(0);
        assertThat(filler.get("DateCode")).hasSize(16).matches("ÿ+"); // 0xFF in windows-1252
        assertThat(sample(aio("test_get_meter_list_two", "get_meter_list")).get(0).all("MeterMacId"))
                .containsExactly("0xFEDCBA9876543210", "0xfedcba0123456789");
        assertThat(sample(aio("test_get_meter_list_zero", "get_meter_list")).get(0).all("MeterMacId")).isEmpty();
        assertThat(sample(aio("test_get_network_info", "get_network_info")).get(0).get("Channel")).isEqualTo("24");
        for (String[] c : new String[][] { { "test_get_device_info", "get_device_info" }, { "test_get_meter_info", "get_meter_info" },
                { "test_get_time", "get_time" }, { "test_get_schedule", "get_schedule" }, { "test_get_profile_data", "get_profile_data" },
                { "test_get_message", "get_message" }, { "test_device_warning_unknown_command", "get_meter_list" } }) {
            assertThat(format.readings(sample(aio(c[0], c[1])).get(0), RECEIVED)).as(c[0]).isEmpty();
        }
        Reading network = format.readings(sample(aio("test_get_network_info", "get_network_info")).get(0), RECEIVED).get(0);
        assertThat(network.measurement()).isEqualTo("device");
        assertThat(network.field("han_status")).isEqualTo("Connected");
        assertThat(network.field("han_link_pct")).isEqualTo(36L);
    }

    @Test
    void streamHygiene() throws Exception {
        assertThat(sample(aio("test_device_synchronize_pre_leftovers", "initial_buffer"))).isEmpty();
        assertThat(sample(aio("test_device_synchronize_post_leftovers", "get_meter_list_1"))).extracting(Fragment::root)
                .containsExactly("MeterList");
        // a whole MeterList, then a DeviceInfo that never ends: the first is delivered, the second is not
        assertThat(sample(aio("test_serial_incomplete", "get_meter_list"))).extracting(Fragment::root).containsExactly("MeterList");
        assertThat(sample(aio("test_serial_parse_error", "get_device_info"))).isEmpty();
        assertThat(sample(aio("test_device_warning_unknown_command", "get_meter_list")).get(0).get("Text")).isEqualTo("Unknown command");
    }

    private static Fragment summation(String delivered, String multiplier) throws Exception {
        return FragmentReader.read(("<CurrentSummationDelivered><DeviceMacId>0xd8d5b9000000103f</DeviceMacId>"
                + "<MeterMacId>0x000781000086d0fe</MeterMacId><TimeStamp>0x1c531e54</TimeStamp><SummationDelivered>" + delivered
                + "</SummationDelivered><SummationReceived>0x00</SummationReceived><Multiplier>" + multiplier
                + "</Multiplier><Divisor>0x000003e8</Divisor><DigitsRight>0x03</DigitsRight><DigitsLeft>0x0f</DigitsLeft>"
                + "<SuppressLeadingZero>Y</SuppressLeadingZero></CurrentSummationDelivered>").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void aTotalNoMeterReportsIsRejectedAndNeverBecomesTheLastTotal() throws Exception {
        Emu2DataFormat format = new Emu2DataFormat();
        assertThat(format.readings(summation("0x0000000001234567", "0x00000001"), RECEIVED)).hasSize(1);
        // a multiplier of 2^32-1 on a 63-bit total: about 4e25 kWh
        assertThatThrownBy(() -> format.readings(summation("0x7fffffffffffffff", "0xffffffff"), RECEIVED))
                .isInstanceOf(FragmentRejectedException.class).hasMessageContaining("energy_import_kwh").hasMessageContaining("beyond");
        // the next genuine total is delivered: the rejected one was never the one it is compared with
        assertThat(format.readings(summation("0x0000000001234568", "0x00000001"), RECEIVED)).singleElement()
                .satisfies(r -> assertThat((double) r.field("energy_import_kwh")).isEqualTo(19088.744));
    }
}
