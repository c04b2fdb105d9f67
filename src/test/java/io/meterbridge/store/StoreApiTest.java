package io.meterbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.reading.Reading;
import io.meterbridge.testing.Http;
import io.meterbridge.testing.Http.Answer;
import io.meterbridge.testing.TestGateway;

/**
 * The REST API through real HTTP on the gateway's server, over readings sent through the hub into the SQLite store:
 * energy per day across the end of summer time (a 25-hour day in Amsterdam), aggregates, rebases and meter resets,
 * audited and reversible adjustments, refused writes, bad parameters, and the same answers after retention has
 * rolled everything up.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreApiTest {

    static final String WRITER = "alice-write-token-0001";
    static final String READER = "grafana-read-token-0001";

    @TempDir
    static Path dir;
    Main main;
    Http http;

    @BeforeAll
    void start() throws Exception {
        main = TestGateway.newMain();
        main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
        main.addOverrideProperty("files.directory", dir.toString());
        main.addOverrideProperty("hub.sinks", "direct:sink-store");
        main.addOverrideProperty("store.zone", "Europe/Amsterdam");
        main.addOverrideProperty("api.tokens", "alice:write:" + WRITER + ",grafana:read:" + READER);
        main.start();
        http = new Http(TestGateway.url(main) + "/api");
        ProducerTemplate hub = main.getCamelContext().createProducerTemplate();
        // hourly totals, +1 kWh an hour, from Saturday 26 October 00:00 to Tuesday 29 October 00:00 Amsterdam time
        Instant start = Instant.parse("2024-10-25T22:00:00Z");
        for (int h = 0; h <= 74; h++) {
            totals.add(electricity("home", start.plusSeconds(3600L * h)).field("energy_import_kwh", 1000.0 + h).build());
        }
        hub.sendBody("direct:readings", totals);
        // a minute of power each minute from 00:00 UTC on the 27th: 0, 100, … 900 W
        for (int m = 0; m < 10; m++) {
            hub.sendBody("direct:readings", electricity("home", Instant.parse("2024-10-27T00:00:00Z").plusSeconds(60L * m))
                    .field("power_import_w", 100.0 * m).build());
        }
        hub.sendBody("direct:readings", Reading.builder("device").tag("meter", "home").tag("source", "test")
                .field("event", "BOOT").time(Instant.parse("2024-10-27T00:00:30Z")).build());
        // meterman's consumption vector: 20 × 5 Wh from 1.000 kWh, a rebase to 1.200, 20 × 5 Wh more
        List<Reading> node = new ArrayList<>();
        Instant t = Instant.parse("2024-10-27T10:00:00Z");
        for (int i = 1; i <= 20; i++) {
            node.add(electricity("node", t = t.plusSeconds(60)).field("energy_import_kwh", (1000 + 5 * i) / 1000.0).build());
        }
        node.add(electricity("node", t = t.plusSeconds(60)).field("energy_import_kwh", 1.2).field("rebase", 1L).build());
        for (int i = 1; i <= 20; i++) {
            node.add(electricity("node", t = t.plusSeconds(60)).field("energy_import_kwh", (1200 + 5 * i) / 1000.0).build());
        }
        hub.sendBody("direct:readings", node);
        // a meter replaced mid-day: its total starts again near 0, without a rebase marker
        double[] replaced = { 10, 11, 12, 0.5, 1.5 };
        for (int i = 0; i < replaced.length; i++) {
            hub.sendBody("direct:readings", electricity("replaced", Instant.parse("2024-10-27T12:00:00Z").plusSeconds(600L * i))
                    .field("energy_import_kwh", replaced[i]).build());
        }
        // the same readings again (a spool replayed): stored once
        hub.sendBody("direct:readings", totals);
        // a Glow CAD: electricity and gas under one meter id, both with an energy_import_kwh, on Monday 28 October
        // (a 24-hour day): electricity +0.5 kWh an hour, gas +2 kWh an hour
        Instant monday = Instant.parse("2024-10-27T23:00:00Z");
        for (int h = 0; h <= 24; h++) {
            hub.sendBody("direct:readings", List.of(
                    electricity("glow", monday.plusSeconds(3600L * h)).field("energy_import_kwh", 5000 + 0.5 * h).build(),
                    Reading.builder("gas").tag("meter", "glow").tag("source", "test").time(monday.plusSeconds(3600L * h))
                            .field("energy_import_kwh", 20000 + 2.0 * h).field("volume_m3", 1800 + 0.2 * h).build()));
        }
        // PG&E interval data: 96 quarter hours of 0.25 kWh each on the same Monday, and nothing else
        List<Reading> intervals = new ArrayList<>();
        for (int q = 0; q < 96; q++) {
            intervals.add(Reading.builder("electricity").tag("meter", "pge-1").tag("source", "pge").time(monday.plusSeconds(900L * q))
                    .field("energy_import_interval_kwh", 0.25).field("duration_s", 900L).build());
        }
        hub.sendBody("direct:readings", intervals);
    }

    private final List<Reading> totals = new ArrayList<>();

    private static Reading.Builder electricity(String meter, Instant time) {
        return Reading.builder("electricity").tag("meter", meter).tag("source", "test").time(time);
    }

    @AfterAll
    void stop() throws Exception {
        main.stop();
    }

    /**
     * A Belgian meter's capacity registers over 13 months: the last 12 months' peaks (the highest the month's peak
     * register reached), each counted at least 2.5 kW in their mean, this month's peak and the running quarter hour.
     */
    @Test
    void theCapacityTariffFromTheMetersRegisters() throws Exception {
        java.time.ZoneId amsterdam = java.time.ZoneId.of("Europe/Amsterdam");
        Instant now = Instant.now();
        java.time.ZonedDateTime thisMonth = now.atZone(amsterdam).withDayOfMonth(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        List<Reading> registers = new ArrayList<>();
        for (int k = 1; k <= 12; k++) {
            Instant inMonth = thisMonth.minusMonths(k).plusDays(1).toInstant();
            registers.add(electricity("be", inMonth).field("power_peak_month_w", 1000.0 + 300 * k - 50).build());
            registers.add(electricity("be", inMonth.plusSeconds(3600)).field("power_peak_month_w", 1000.0 + 300 * k).build());
        }
        registers.add(electricity("be", now.minusSeconds(7200)).field("power_peak_month_w", 900.0).build());
        registers.add(electricity("be", now.minusSeconds(3600)).field("power_peak_month_w", 1000.0).field("power_demand_avg_w", 750.0).build());
        main.getCamelContext().createProducerTemplate().sendBody("direct:readings", registers);
        JsonNode capacity = http.get("/meters/be/capacity").json();
        assertThat(capacity.get("months")).hasSize(12);
        assertThat(capacity.get("month_peak_w").asDouble()).isEqualTo(1000.0);
        assertThat(capacity.get("quarter_average_w").asDouble()).isEqualTo(750.0);
        // months 0..11 ago peak at 1000 + 300 k W; the five below 2.5 kW count as 2.5 kW: (5 × 2500 + 2500 + … + 4300) / 12
        assertThat(capacity.get("rolling_year_mean_w").asDouble()).isEqualTo(3025.0);
        assertThat(capacity.get("months").get(11).get("peak_w").asDouble()).isEqualTo(1000.0);
        assertThat(http.get("/meters/home/capacity").status()).isEqualTo(404);
    }

    @Test
    @Order(1)
    void energyPerDayAcrossTheEndOfSummerTime() throws Exception {
        JsonNode e = http.get("/meters/home/energy?from=2024-10-26&to=2024-10-29&period=1d").json();
        assertThat(e.get("zone").asText()).isEqualTo("Europe/Amsterdam");
        // the 26th starts at the first reading (nothing before it); the 27th has 25 hours
        assertThat(e.get("periods").toString()).isEqualTo("[{\"start\":\"2024-10-25T22:00:00Z\",\"energy\":23.0},"
                + "{\"start\":\"2024-10-26T22:00:00Z\",\"energy\":25.0},{\"start\":\"2024-10-27T23:00:00Z\",\"energy\":24.0}]");
        assertThat(e.get("total").asDouble()).isEqualTo(72.0);
        // one day alone: the rise from the last reading before it counts
        assertThat(http.get("/meters/home/energy?from=2024-10-27&to=2024-10-28").json().get("total").asDouble()).isEqualTo(25.0);
        assertThat(http.get("/meters/home/energy?from=2024-10-27T02:00&to=2024-10-27T04:00&period=1h").json().get("periods").size())
                .as("02:00-04:00 local on the 27th is three hours").isEqualTo(3);
        JsonNode month = http.get("/meters/home/energy?from=2024-10-01&to=2024-11-01&period=1mo").json();
        assertThat(month.get("periods").get(0).get("start").asText()).isEqualTo("2024-09-30T22:00:00Z");
        assertThat(month.get("total").asDouble()).isEqualTo(74.0);
    }

    @Test
    @Order(1)
    void aRebaseAndAMeterResetAreNotEnergy() throws Exception {
        JsonNode node = http.get("/meters/node/energy?from=2024-10-27&to=2024-10-28").json();
        assertThat(node.get("total").asDouble()).isCloseTo(0.195, within(1e-9)); // 95 observed + 1300 − 1200
        assertThat(node.get("rebases").asInt()).isEqualTo(1);
        JsonNode replaced = http.get("/meters/replaced/energy?from=2024-10-27&to=2024-10-28").json();
        assertThat(replaced.get("total").asDouble()).isEqualTo(3.0);
        assertThat(replaced.get("resets").asInt()).isEqualTo(1);
    }

    @Test
    @Order(1)
    void aMeterWithElectricityAndGasKeepsThemApart() throws Exception {
        Answer mixed = http.get("/meters/glow/energy?from=2024-10-28&to=2024-10-29");
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.json().get("error").asText()).contains("energy_import_kwh in electricity and gas", "measurement=electricity");
        JsonNode electricity = http.get("/meters/glow/energy?measurement=electricity&from=2024-10-28&to=2024-10-29").json();
        assertThat(electricity.get("total").asDouble()).isEqualTo(11.5); // 23 rises: the reading at midnight starts the next day
        assertThat(electricity.get("resets").asInt()).isZero();
        assertThat(http.get("/meters/glow/energy?measurement=gas&from=2024-10-28&to=2024-10-29").json().get("total").asDouble()).isEqualTo(46.0);
        // a field only one measurement has needs no measurement named
        assertThat(http.get("/meters/glow/energy?field=volume_m3&from=2024-10-28&to=2024-10-29").json().get("total").asDouble())
                .isCloseTo(4.6, within(1e-9));
        JsonNode latest = http.get("/meters/glow/latest").json().get("measurements");
        assertThat(latest.get("electricity").get("energy_import_kwh").get("value").asDouble()).isEqualTo(5012.0);
        assertThat(latest.get("gas").get("energy_import_kwh").get("value").asDouble()).isEqualTo(20048.0);
        assertThat(http.get("/meters/glow/latest?measurement=gas").json().get("measurements").has("electricity")).isFalse();
        JsonNode rows = http.get("/meters/glow/readings?measurement=gas&fields=energy_import_kwh&from=2024-10-28&to=2024-10-29").json();
        assertThat(rows.get("series").get("energy_import_kwh")).hasSize(24).allSatisfy(r -> assertThat(r.get("value").asDouble()).isGreaterThanOrEqualTo(20000));
    }

    @Test
    @Order(1)
    void aTextFieldIsTextInLatestNotANumber() throws Exception {
        JsonNode event = http.get("/meters/home/latest").json().get("measurements").get("device").get("event");
        assertThat(event.get("text").asText()).isEqualTo("BOOT");
        assertThat(event.get("value").isNull()).as("no 0.0 for a text field").isTrue();
        JsonNode raw = http.get("/meters/home/readings?fields=event&from=2024-10-27&to=2024-10-28").json().get("series").get("event").get(0);
        assertThat(raw.get("value").isNull()).as("nor in the raw rows").isTrue();
    }

    @Test
    @Order(1)
    void intervalReadingsAreSummedNotDifferenced() throws Exception {
        JsonNode day = http.get("/meters/pge-1/energy?from=2024-10-28&to=2024-10-29&period=1h").json();
        assertThat(day.get("field").asText()).isEqualTo("energy_import_interval_kwh");
        assertThat(day.get("kind").asText()).isEqualTo("interval");
        assertThat(day.get("total").asDouble()).isEqualTo(24.0);
        assertThat(day.get("periods")).hasSize(24).allSatisfy(p -> assertThat(p.get("energy").asDouble()).isEqualTo(1.0));
        assertThat(http.get("/meters/pge-1/energy?from=2024-10-01&to=2024-11-01&period=1mo").json().get("total").asDouble()).isEqualTo(24.0);
        assertThat(http.get("/meters").json().get("meters").get("pge-1").get(0).get("source").asText()).isEqualTo("pge");
    }

    @Test
    @Order(1)
    void aggregatesPerStep() throws Exception {
        JsonNode hour = http.get("/meters/home/readings?fields=power_import_w&from=2024-10-27T00:00:00Z&to=2024-10-27T01:00:00Z&step=1h")
                .json().get("series").get("power_import_w");
        assertThat(hour).hasSize(1);
        assertThat(hour.get(0).get("mean").asDouble()).isEqualTo(450.0);
        assertThat(hour.get(0).get("min").asDouble()).isEqualTo(0.0);
        assertThat(hour.get(0).get("max").asDouble()).isEqualTo(900.0);
        assertThat(hour.get(0).get("last").asDouble()).isEqualTo(900.0);
        assertThat(hour.get(0).get("count").asInt()).isEqualTo(10);
        JsonNode five = http.get("/meters/home/readings?fields=power_import_w&from=2024-10-27T00:00:00Z&to=2024-10-27T01:00:00Z&step=5m")
                .json().get("series").get("power_import_w");
        assertThat(five).extracting(n -> n.get("mean").asDouble()).containsExactly(200.0, 700.0);
        JsonNode raw = http.get("/meters/home/readings?fields=power_import_w,event&from=1729987200&to=1729990800").json().get("series");
        assertThat(raw.get("power_import_w")).hasSize(10);
        assertThat(raw.get("event").get(0).get("text").asText()).isEqualTo("BOOT");
        assertThat(http.get("/meters/home/readings?fields=energy_import_kwh&from=2024-10-26&to=2024-10-29").json()
                .get("series").get("energy_import_kwh")).as("sent twice, stored once").hasSize(73);
        JsonNode day = http.get("/meters/home/readings?fields=energy_import_kwh&from=2024-10-27&to=2024-10-28&step=1d").json();
        assertThat(day.get("series").get("energy_import_kwh").get(0).get("count").asInt()).isEqualTo(25);
        JsonNode meters = http.get("/meters").json().get("meters");
        assertThat(meters.fieldNames()).toIterable().contains("home", "node", "replaced");
        assertThat(http.get("/meters/home/latest").json().get("measurements").get("electricity").get("energy_import_kwh").get("value").asDouble()).isEqualTo(1074.0);
    }

    @Test
    @Order(1)
    void writesNeedAWriteToken() throws Exception {
        String body = "{\"action\":\"add\",\"meter\":\"home\",\"field\":\"power_import_w\",\"time\":\"2024-10-27T05:00:00Z\",\"value\":1,\"why\":\"test\"}";
        Answer none = http.post("/adjustments", body, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("error").asText()).contains("Authorization: Bearer");
        assertThat(http.post("/adjustments", body, "not-a-known-token-at-all").status()).isEqualTo(401);
        Answer reader = http.post("/adjustments", body, READER);
        assertThat(reader.status()).isEqualTo(403);
        assertThat(reader.json().get("error").asText()).isEqualTo("the API token of grafana may read, not write");
        assertThat(http.post("/adjustments/1/revert", "{\"why\":\"x\"}", null).status()).isEqualTo(401);
        // nothing was written
        assertThat(http.get("/meters/home/readings?fields=power_import_w&from=2024-10-27T05:00:00Z&to=2024-10-27T05:00:01Z").json()
                .get("series").get("power_import_w")).isEmpty();
        // no token in any answer
        assertThat(reader.text()).doesNotContain(READER);
    }

    @Test
    @Order(1)
    void adjustmentsAreAuditedAndReversible() throws Exception {
        String range = "/meters/home/readings?fields=power_import_w&from=2024-10-27T00:00:00Z&to=2024-10-27T01:00:00Z";
        // delete the first five minutes: the hour's mean is that of 500…900 W
        Answer deleted = http.post("/adjustments", "{\"action\":\"delete\",\"meter\":\"home\",\"field\":\"power_import_w\","
                + "\"from\":\"2024-10-27T00:00:00Z\",\"to\":\"2024-10-27T00:04:00Z\",\"why\":\"puck fell off\"}", WRITER);
        assertThat(deleted.status()).isEqualTo(201);
        assertThat(deleted.json().get("rows").asInt()).isEqualTo(5);
        assertThat(http.get(range + "&step=1h").json().get("series").get("power_import_w").get(0).get("mean").asDouble()).isEqualTo(700.0);
        assertThat(http.get(range + "&deleted=true").json().get("series").get("power_import_w")).hasSize(10);

        // correct a value, twice; the first correction cannot be reverted before the second
        String correct = "{\"action\":\"correct\",\"meter\":\"home\",\"field\":\"power_import_w\",\"time\":\"2024-10-27T00:09:00Z\",\"value\":%s,\"why\":\"%s\"}";
        long first = http.post("/adjustments", correct.formatted("1900", "display showed 1.9 kW"), WRITER).json().get("id").asLong();
        long second = http.post("/adjustments", correct.formatted("1000", "no, 1.0 kW"), WRITER).json().get("id").asLong();
        JsonNode last = http.get(range).json().get("series").get("power_import_w");
        assertThat(last.get(last.size() - 1).get("value").asDouble()).isEqualTo(1000.0);
        assertThat(last.get(last.size() - 1).get("kind").asText()).isEqualTo("corrected");
        Answer early = http.post("/adjustments/" + first + "/revert", "{\"why\":\"wrong\"}", WRITER);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("error").asText()).contains("adjustment " + second + " changed the same readings later");
        assertThat(http.post("/adjustments/" + second + "/revert", "{\"why\":\"undo\"}", WRITER).status()).isEqualTo(201);
        assertThat(http.post("/adjustments/" + first + "/revert", "{\"why\":\"undo\"}", WRITER).status()).isEqualTo(201);
        assertThat(http.post("/adjustments/" + first + "/revert", "{\"why\":\"again\"}", WRITER).status()).isEqualTo(409);
        last = http.get(range).json().get("series").get("power_import_w");
        assertThat(last.get(last.size() - 1).get("value").asDouble()).isEqualTo(900.0);
        assertThat(last.get(last.size() - 1).get("kind").asText()).isEqualTo("read");

        // add a manual reading; adding it again is a conflict; reverting the add hides it again
        String add = "{\"action\":\"add\",\"meter\":\"home\",\"field\":\"power_import_w\",\"time\":\"2024-10-27T00:10:30Z\",\"value\":5000,\"why\":\"from the paper log\"}";
        long added = http.post("/adjustments", add, WRITER).json().get("id").asLong();
        assertThat(http.post("/adjustments", add, WRITER).status()).isEqualTo(409);
        assertThat(http.get(range).json().get("series").get("power_import_w")).anyMatch(p -> p.get("kind").asText().equals("manual"));
        http.post("/adjustments/" + added + "/revert", "{\"why\":\"paper log was wrong\"}", WRITER);

        // the deletion reverted: all ten values back, the hour's mean 450 W again
        http.post("/adjustments/" + deleted.json().get("id").asLong() + "/revert", "{\"why\":\"puck was fine\"}", WRITER);
        JsonNode hour = http.get(range + "&step=1h").json().get("series").get("power_import_w").get(0);
        assertThat(hour.get("mean").asDouble()).isEqualTo(450.0);
        assertThat(hour.get("count").asInt()).isEqualTo(10);

        JsonNode audit = http.get("/adjustments?meter=home").json().get("adjustments");
        assertThat(audit).extracting(a -> a.get("action").asText())
                .containsExactly("revert", "revert", "add", "revert", "revert", "correct", "correct", "delete");
        assertThat(audit).allMatch(a -> a.get("who").asText().equals("alice") && !a.get("why").asText().isBlank() && a.has("at"));
        assertThat(audit.get(audit.size() - 1).get("revertedBy").asLong()).isEqualTo(audit.get(0).get("id").asLong());
        assertThat(audit.get(audit.size() - 1).get("why").asText()).isEqualTo("puck fell off");
    }

    @Test
    @Order(1)
    void badParametersAreAnsweredWith400AndAMessage() throws Exception {
        String[][] cases = {
            { "/meters/home/readings?fields=power_import_w&from=last-week&to=2024-10-28", "'from' is not a time: 'last-week'" },
            { "/meters/home/readings?fields=power_import_w&from=2024-10-28&to=2024-10-27", "'to' must be after 'from'" },
            { "/meters/home/readings?fields=power_import_w&from=2024-10-27&to=2024-10-28&step=2h", "step '2h' is not one of" },
            { "/meters/home/readings?fields=power_import_w&from=2024-10-27&to=2024-10-28&limit=0", "'limit' must be 1 to 100000" },
            { "/meters/home/readings?fields=power_import_w&from=2024-10-27&to=2024-10-28&limit=5", "more than 5 values" },
            { "/meters/home/readings?from=2024-10-27&to=2024-10-28", "'fields' is required" },
            { "/meters/home/readings?fields=a%27%20OR%201=1&from=2024-10-27&to=2024-10-28", "field 'a' OR 1=1' is not a name" },
            { "/meters/home%20x/latest", "meter 'home x' is not a name" },
            { "/meters/home/energy?from=2024-10-27&to=2024-10-28&period=raw", "period must be" },
        };
        for (String[] c : cases) {
            Answer a = http.get(c[0]);
            assertThat(a.status()).as(c[0]).isEqualTo(400);
            assertThat(a.json().get("status").asInt()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).as(c[0]).contains(c[1]);
        }
        String[][] posts = {
            { "not json", "the body is not JSON" },
            { "[1,2]", "the body must be a JSON object" },
            { "{\"action\":\"move\",\"meter\":\"home\",\"field\":\"x\",\"why\":\"x\"}", "action 'move' is not correct, delete or add" },
            { "{\"action\":\"correct\",\"meter\":\"home\",\"field\":\"power_import_w\",\"time\":\"2024-10-27T00:01:00Z\",\"value\":1}", "'why' is required" },
            { "{\"action\":\"correct\",\"meter\":\"home\",\"field\":\"power_import_w\",\"time\":\"2024-10-27T00:01:00Z\",\"value\":\"1\",\"why\":\"x\"}", "'value' must be a number" },
            { "{\"action\":\"delete\",\"meter\":\"home\",\"from\":\"2024-10-28\",\"to\":\"2024-10-27\",\"why\":\"x\"}", "'to' is before 'from'" },
        };
        for (String[] c : posts) {
            Answer a = http.post("/adjustments", c[0], WRITER);
            assertThat(a.status()).as(c[0]).isEqualTo(400);
            assertThat(a.json().get("error").asText()).as(c[0]).contains(c[1]);
        }
        // a body over the server's limit (1 MB) is not read
        Answer huge = http.post("/adjustments", "{\"why\":\"" + "x".repeat(2_000_000) + "\"}", WRITER);
        assertThat(huge.status()).isEqualTo(413);
        Answer missing = http.post("/adjustments", "{\"action\":\"correct\",\"meter\":\"home\",\"field\":\"power_import_w\",\"time\":\"2020-01-01T00:00:00Z\",\"value\":1,\"why\":\"x\"}", WRITER);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(http.post("/adjustments/99999/revert", "{\"why\":\"x\"}", WRITER).status()).isEqualTo(404);
    }

    @Test
    @Order(1)
    void theOpenApiDocumentDescribesTheApi() throws Exception {
        JsonNode doc = http.get("/openapi.json").json();
        assertThat(doc.get("info").get("title").asText()).isEqualTo("meterbridge");
        assertThat(doc.get("paths").fieldNames()).toIterable()
                .contains("/api/meters", "/api/meters/{meter}/readings", "/api/meters/{meter}/energy", "/api/nodes", "/api/adjustments");
    }

    @Test
    @Order(2) // last: it rolls the raw values up
    void retentionRollsUpWithoutChangingTheAnswers() throws Exception {
        StoreMaintenance maintenance = main.getCamelContext().getRegistry().lookupByNameAndType("storeMaintenance", StoreMaintenance.class);
        String hourly = "/meters/home/readings?fields=power_import_w&from=2024-10-27T00:00:00Z&to=2024-10-27T01:00:00Z&step=1h";
        double mean = http.get(hourly).json().get("series").get("power_import_w").get(0).get("mean").asDouble();
        // eight days on, raw values become 5-minute rollups; a year and a half on, those become days
        for (Duration later : List.of(Duration.ofDays(8), Duration.ofDays(500))) {
            maintenance.setClock(Clock.fixed(Instant.parse("2024-10-29T00:00:00Z").plus(later), ZoneOffset.UTC));
            maintenance.run();
            assertThat(http.get("/meters/home/energy?from=2024-10-27&to=2024-10-28").json().get("total").asDouble()).as(later.toString()).isEqualTo(25.0);
            assertThat(http.get("/meters/home/energy?from=2024-10-26&to=2024-10-29").json().get("total").asDouble()).isEqualTo(72.0);
            assertThat(http.get("/meters/node/energy?from=2024-10-27&to=2024-10-28").json().get("total").asDouble()).isCloseTo(0.195, within(1e-9));
            assertThat(http.get("/meters/replaced/energy?from=2024-10-27&to=2024-10-28").json().get("total").asDouble()).isEqualTo(3.0);
            assertThat(http.get("/meters/pge-1/energy?from=2024-10-28&to=2024-10-29").json().get("total").asDouble()).isEqualTo(24.0);
            assertThat(http.get("/meters/glow/energy?measurement=gas&from=2024-10-28&to=2024-10-29").json().get("total").asDouble()).isEqualTo(46.0);
            assertThat(http.get("/meters/glow/energy?measurement=electricity&from=2024-10-28&to=2024-10-29").json().get("total").asDouble()).isEqualTo(11.5);
        }
        // now one daily rollup, starting at the day's start in Amsterdam: the same mean over the same ten values
        JsonNode day = http.get("/meters/home/readings?fields=power_import_w&from=2024-10-27&to=2024-10-28&step=1d").json()
                .get("series").get("power_import_w");
        assertThat(day).hasSize(1);
        assertThat(day.get(0).get("time").asText()).isEqualTo("2024-10-26T22:00:00Z");
        assertThat(day.get(0).get("count").asInt()).isEqualTo(10);
        assertThat(day.get(0).get("mean").asDouble()).isEqualTo(mean);
        // the same readings delivered again after retention (the demo replayed, a feed fetched again): nothing counts twice
        main.getCamelContext().createProducerTemplate().sendBody("direct:readings", totals);
        maintenance.run();
        assertThat(http.get("/meters/home/energy?from=2024-10-27&to=2024-10-28").json().get("total").asDouble()).isEqualTo(25.0);
        assertThat(http.get("/meters/home/readings?fields=energy_import_kwh&from=2024-10-27&to=2024-10-28&step=1d").json()
                .get("series").get("energy_import_kwh").get(0).get("count").asInt()).isEqualTo(25);
        // text rows (events) are kept
        assertThat(http.get("/meters/home/readings?fields=event&from=2024-10-27&to=2024-10-28").json().get("series").get("event")).hasSize(1);
    }
}
