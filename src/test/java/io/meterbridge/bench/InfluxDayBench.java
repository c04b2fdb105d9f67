package io.meterbridge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.meterbridge.dsmr.Normaliser;
import io.meterbridge.dsmr.TelegramReader;
import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.framing.Frame;
import io.meterbridge.influxdb.LineProtocol;
import io.meterbridge.reading.Reading;
import io.meterbridge.testing.InfluxServer;

/**
 * A day of DSMR telegrams into InfluxDB, meterbridge beside its ceiling in the same run: first influxd fed the same
 * line protocol by a plain client (batches of 5,000 points, one request at a time, as fast as it answers), then the
 * whole gateway replaying the telegrams into the InfluxDB sink (influxdb.batch-size 1000, its default, unless given);
 * prints both rates and their ratio. Run it with {@code bench/influxdb-day [telegrams] [batch size]}; results in
 * docs/BENCHMARKS.md.
 */
public final class InfluxDayBench {

    private InfluxDayBench() {
    }

    public static void main(String[] args) throws Exception {
        int telegrams = args.length > 0 ? Integer.parseInt(args[0]) : 86_400;
        double ceiling = ceiling(telegrams);
        String batchSize = args.length > 1 ? args[1] : "1000";
        InfluxThroughput.Rates gateway = InfluxThroughput.run(telegrams, batchSize, false);
        // the ceiling is timed from its first write, so the gateway from its first reading in; from its start as well
        System.out.printf("influxd fed directly: %.0f points/s; meterbridge, telegrams to InfluxDB: %.0f readings/s from the first"
                + " reading in (%.0f from start); ratio %.2f (%.2f from start)%n", ceiling, gateway.fromFirstReading(), gateway.fromStart(),
                gateway.fromFirstReading() / ceiling, gateway.fromStart() / ceiling);
    }

    /** Points per second influxd takes from a plain client writing the same readings as line protocol. */
    static double ceiling(int telegrams) throws Exception {
        TelegramWriter meter = new TelegramWriter(1);
        TelegramReader reader = new TelegramReader(null, true, false);
        LineProtocol format = new LineProtocol();
        Instant start = Instant.parse("2024-06-01T00:00:00Z");
        List<String> batches = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        int points = 0;
        int inBatch = 0;
        for (int i = 0; i < telegrams; i++) {
            TelegramReader.Result result = reader.read(meter.next(start.plusSeconds(i)), Frame.Status.COMPLETE);
            for (Reading reading : Normaliser.toReadings(result.telegram(), null, start.plusSeconds(i))) {
                format.append(reading, batch);
                batch.append('\n');
                points++;
                if (++inBatch == 5000) {
                    batches.add(batch.toString());
                    batch.setLength(0);
                    inBatch = 0;
                }
            }
        }
        if (batch.length() > 0) {
            batches.add(batch.toString());
        }
        Path dir = Files.createTempDirectory("meterbridge-ceiling");
        try (InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query("ceiling", "CREATE DATABASE ceiling");
            HttpClient http = HttpClient.newHttpClient();
            URI write = URI.create(influx.url() + "/write?db=ceiling&precision=ms");
            long began = System.nanoTime();
            for (String body : batches) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(write).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 204) {
                    throw new IllegalStateException("influxd answered " + answer.statusCode() + ": "
                            + answer.body().substring(0, Math.min(300, answer.body().length())));
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("influxd fed directly: %,d points in %.2f s: %.0f points/s%n", points, seconds, points / seconds);
            return points / seconds;
        }
    }
}
