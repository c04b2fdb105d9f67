package io.meterbridge.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Reading;
import io.meterbridge.testing.CapturedLog;

/**
 * The spool: component as a user's own sink would use it: a server that is down for a while and refuses one batch
 * for good. Each batch arrives once the server is back, in the order it was read; the refused one is dropped with its
 * reason and nothing else is.
 */
class SpoolComponentTest {

    @TempDir
    Path dir;

    private static Reading reading(int i) {
        return Reading.builder("electricity").tag("meter", "m1").field("energy_import_kwh", i + 0.5)
                .time(Instant.ofEpochSecond(1_700_000_000L + i)).build();
    }

    @Test
    void batchesArriveInOrderOnceTheServerIsBackAndARefusalDropsOnlyItsBatch() throws Exception {
        Spool spool = new Spool();
        spool.setName("mine");
        spool.setDirectory(dir.toString());
        spool.setBatchSize(1); // a batch per reading
        List<Reading> server = new CopyOnWriteArrayList<>();
        AtomicInteger downFor = new AtomicInteger(3);
        DeliveryFailure refusals = (exchange, failure) ->
                failure instanceof IllegalArgumentException ? new DeliveryFailure.Refusal(null, failure.getMessage()) : null;
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("mySpool", spool);
            camel.getRegistry().bind("refusals", refusals);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to("spool:mySpool");
                    from("spool:mySpool?failures=#refusals&delay=10").process(exchange -> {
                        @SuppressWarnings("unchecked")
                        List<Reading> batch = exchange.getMessage().getBody(List.class);
                        if (downFor.getAndDecrement() > 0) {
                            throw new IOException("connection refused");
                        }
                        if (batch.get(0).equals(reading(2))) {
                            throw new IllegalArgumentException("field type conflict");
                        }
                        server.addAll(batch);
                    });
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            for (int i = 1; i <= 4; i++) {
                producer.sendBody("direct:in", reading(i));
            }
            // a batch damaged on disk while the gateway runs, first in line: moved aside, and the rest goes on
            Files.write(dir.resolve("00000000000000000000.jsonl"), new byte[] { (byte) 0xC3, (byte) 0x28, '\n' });

            await().atMost(Duration.ofSeconds(20)).until(() -> server.size() == 3);
            assertThat(server).containsExactly(reading(1), reading(3), reading(4));
            assertThat(spool.retried()).isEqualTo(3);
            assertThat(spool.dropped()).isEqualTo(1);
            assertThat(spool.quarantined()).isEqualTo(1);
            assertThat(dir.resolve("quarantine").resolve("00000000000000000000.jsonl")).exists();
            assertThat(spool.delivered()).isEqualTo(3);
            assertThat(spool.depth()).isZero();
            try (Stream<Path> left = Files.list(dir)) { // quarantine/ aside
                assertThat(left.filter(Files::isRegularFile)).isEmpty();
            }
            String log = String.join("\n", CapturedLog.messages());
            assertThat(log).contains("refused 1 of 1 readings for good", "field type conflict", "connection refused");
        }
    }
}
