package io.meterbridge.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.apache.camel.main.Main;

import io.meterbridge.MeterbridgeMain;
import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.testing.InfluxServer;

/**
 * End-to-end throughput into InfluxDB: a captured day of a DSMR 5 meter (86,400 telegrams, one a second, an
 * electricity and a gas reading each) replayed as fast as the gateway takes it through the shipped routes (file
 * sinks off, InfluxDB sink on) into a local influxd, timed from start until InfluxDB holds every electricity
 * point. Run it with
 * {@code ./mvnw -q test-compile && java -cp "target/test-classes:target/classes:target/lib/*" io.meterbridge.bench.InfluxThroughput}.
 * Results in docs/BENCHMARKS.md.
 */
public final class InfluxThroughput {

    private InfluxThroughput() {
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 86_400, args.length > 1 ? args[1] : "1000",
                args.length > 2 && args[2].equals("ingest"));
    }

    /** Readings per second from the gateway's start, and from its first reading in, until InfluxDB holds them all. */
    record Rates(double fromStart, double fromFirstReading) {
    }

    /** Replays the telegrams through the gateway into InfluxDB (or only its spool). */
    static Rates run(int telegrams, String batchSize, boolean ingestOnly) throws Exception {
        Path dir = Files.createTempDirectory("meterbridge-throughput");
        Path capture = dir.resolve("day.log");
        TelegramWriter meter = new TelegramWriter(1);
        Instant start = Instant.parse("2024-06-01T00:00:00Z");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(capture))) {
            for (int i = 0; i < telegrams; i++) {
                out.write(meter.next(start.plusSeconds(i)));
            }
        }
        long readings = 2L * telegrams; // every telegram gives two: electricity and gas
        try (InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query("meterbridge", "CREATE DATABASE meterbridge");
            if (ingestOnly) {
                influx.stop(); // everything goes to the spool: the gateway's side alone, with both cores
            }
            Main main = MeterbridgeMain.newMain();
            main.addOverrideProperty("hub.sinks", "direct:sink-influxdb");
            main.addOverrideProperty("influxdb.url", influx.url());
            main.addOverrideProperty("influxdb.batch-size", batchSize);
            main.addOverrideProperty("p1.uri", "replay:" + capture);
            main.addOverrideProperty("files.directory", dir.resolve("data").toString());
            long began = System.nanoTime();
            main.start();
            io.meterbridge.spool.Spool spool = main.getCamelContext().getRegistry()
                    .lookupByNameAndType("influxSpool", io.meterbridge.spool.Spool.class);
            // progress from the spool's counters: readings coming in (spooled) and going out (delivered)
            long firstIn = 0;
            long lastIn = 0;
            while ((ingestOnly ? spool.spooled() : spool.delivered()) < readings) {
                Thread.sleep(100);
                long now = System.nanoTime();
                if (firstIn == 0 && spool.spooled() > 0) {
                    firstIn = now;
                }
                if (lastIn == 0 && spool.spooled() >= readings - Long.parseLong(batchSize)) {
                    lastIn = now;
                }
                System.out.printf("%6.2f s: %,d spooled, %,d delivered%n", (now - began) / 1e9, spool.spooled(), spool.delivered());
            }
            if (!ingestOnly) {
                // a query over everything written: asked once at the end, so it does not slow InfluxDB down
                while (influx.count("meterbridge", "SELECT count(energy_import_kwh) FROM electricity") < telegrams) {
                    Thread.sleep(100);
                }
            }
            long end = System.nanoTime();
            double seconds = (end - began) / 1e9;
            double afterFirst = (end - firstIn) / 1e9;
            double steady = (lastIn - firstIn) / 1e9;
            main.stop();
            System.out.printf("%d telegrams, %d readings %s in %.2f s from start (%.2f s from the first reading in), batches of %s:"
                            + " %.0f readings/s from start, %.0f from the first reading; readings in (first to last full batch) %.0f/s%n",
                    telegrams, readings, ingestOnly ? "into the spool" : "into InfluxDB", seconds, afterFirst, batchSize,
                    readings / seconds, readings / afterFirst, (readings - 2 * Double.parseDouble(batchSize)) / steady);
            return new Rates(readings / seconds, readings / afterFirst);
        }
    }
}
