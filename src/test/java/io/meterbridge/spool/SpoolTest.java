package io.meterbridge.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Reading;

class SpoolTest {

    @TempDir
    Path dir;

    private static List<Reading> batch(int first, int size) {
        List<Reading> readings = new ArrayList<>();
        for (int i = first; i < first + size; i++) {
            readings.add(Reading.builder("electricity").tag("meter", "m1").field("energy_import_kwh", i + 0.5)
                    .field("tariff", 2L).field("text_message", "a \"quoted\", text").time(Instant.ofEpochSecond(1_700_000_000L + i)).build());
        }
        return readings;
    }

    private static void write(Spool spool, CamelContext camel, List<Reading> batch) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(batch);
        spool.write(exchange);
    }

    @Test
    void batchesComeBackInOrderAndIntact() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Spool spool = new Spool();
            spool.setDirectory(dir.toString());
            for (int b = 0; b < 5; b++) {
                write(spool, camel, batch(b * 10, 10));
            }
            List<Path> files;
            try (var list = Files.list(dir)) {
                files = list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
            }
            assertThat(files).hasSize(5);
            List<Reading> back = new ArrayList<>();
            for (Path f : files) {
                back.addAll(spool.read(Files.readString(f)));
            }
            assertThat(back).isEqualTo(batch(0, 50));
            assertThat(spool.depth()).isEqualTo(50);
        }
    }

    @Test
    void pastItsBoundTheOldestReadingsAreDroppedAndCounted() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Spool spool = new Spool();
            spool.setDirectory(dir.toString());
            write(spool, camel, batch(0, 10));
            long oneBatch;
            try (var list = Files.list(dir)) {
                oneBatch = Files.size(list.findFirst().orElseThrow());
            }
            spool.setMaxBytes(oneBatch * 3 + oneBatch / 2);
            for (int b = 1; b < 6; b++) {
                write(spool, camel, batch(b * 10, 10));
            }
            // room for three batches: the oldest three of six were dropped, the newest three kept in order
            assertThat(spool.dropped()).isEqualTo(30);
            assertThat(spool.depth()).isEqualTo(30);
            List<Reading> kept = new ArrayList<>();
            try (var list = Files.list(dir)) {
                for (Path f : list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                    kept.addAll(spool.read(Files.readString(f)));
                }
            }
            assertThat(kept).isEqualTo(batch(30, 30));
        }
    }
}
