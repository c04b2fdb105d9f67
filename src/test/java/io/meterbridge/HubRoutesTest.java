package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import io.meterbridge.reading.Reading;

/**
 * The shipped hub and telegram routes with Camel's own test kit: the gateway's Camel Main with the jar's settings,
 * its sinks replaced by mock endpoints, and expectations instead of waiting loops.
 */
@CamelMainTest(propertyPlaceholderLocations = "classpath:meterbridge.properties", mockEndpointsAndSkip = "direct:sink-*",
        properties = { "hub.sinks=direct:sink-jsonl,direct:sink-store", "files.directory=target/hub-routes-test", "camel.server.enabled=false",
                "camel.management.enabled=false", "camel.main.routes-include-pattern=classpath:no-user-routes/*.camel.yaml", "tariff.file=tariffs.yaml", "tariff.interval=0",
                "tariff.state-file=target/hub-routes-test/costs.json" })
class HubRoutesTest {

    @EndpointInject("mock:direct:sink-jsonl")
    MockEndpoint jsonl;
    @EndpointInject("mock:direct:sink-store")
    MockEndpoint store;
    @Produce("direct:readings")
    ProducerTemplate hub;
    @Produce("direct:telegram")
    ProducerTemplate telegrams;
    @org.apache.camel.BeanInject
    CamelContext context;

    /** Every sink in hub.sinks gets each message once, with the meter's running costs added to it. */
    @Test
    void everySinkGetsTheReadingsAndTheirCosts() throws Exception {
        jsonl.expectedMessageCount(2);
        store.expectedMessageCount(2);
        for (String time : new String[] { "2025-03-01T00:00:00Z", "2025-03-01T01:00:00Z" }) {
            hub.sendBody(Reading.builder("electricity").tag("meter", "E-hub").field("energy_import_t1_kwh", time.contains("T01") ? 101.0 : 100.0)
                    .field("energy_import_t2_kwh", 200.0).time(Instant.parse(time)).build());
        }
        MockEndpoint.assertIsSatisfied(jsonl, store);
        Reading first = (Reading) jsonl.getExchanges().get(0).getMessage().getBody(List.class).get(1);
        Reading second = (Reading) jsonl.getExchanges().get(1).getMessage().getBody(List.class).get(1);
        assertThat(second.measurement()).isEqualTo("cost");
        assertThat((Double) second.field("cost_import_total") - (Double) first.field("cost_import_total")).as("1 kWh at the example T1 price")
                .isCloseTo(0.2712, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(store.getExchanges().get(1).getMessage().getBody(List.class)).hasSize(2);
    }

    /** A telegram is checked, logged, and its electricity and gas readings reach every sink together. */
    @Test
    void aTelegramGoesThroughTheCheckToEverySink() throws Exception {
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("telegram").whenCompleted(1).create();
        jsonl.expectedMessageCount(1);
        store.expectedMessageCount(1);
        byte[] telegram = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources/corpus/dsmr/dsmr_parser/v5_iskra_mt382.txt"));
        telegrams.sendBody(telegram);
        assertThat(done.matches(10, TimeUnit.SECONDS)).as("the telegram route completed").isTrue();
        MockEndpoint.assertIsSatisfied(jsonl, store);
        assertThat(jsonl.getExchanges().get(0).getMessage().getBody(List.class)).extracting(r -> ((Reading) r).measurement())
                .contains("electricity", "gas");
    }
}
