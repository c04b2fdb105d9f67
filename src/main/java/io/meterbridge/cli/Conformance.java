package io.meterbridge.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.dlms.P1Decryptor;
import io.meterbridge.dsmr.DsmrConstants;
import io.meterbridge.dsmr.DsmrDataFormat;
import io.meterbridge.dsmr.Normaliser;
import io.meterbridge.dsmr.Telegram;
import io.meterbridge.dsmr.TelegramParser;
import io.meterbridge.emu2.Emu2DataFormat;
import io.meterbridge.emu2.Emu2Framer;
import io.meterbridge.espi.EspiDataFormat;
import io.meterbridge.framing.Frame;
import io.meterbridge.framing.Framer;
import io.meterbridge.framing.FramingConstants;
import io.meterbridge.framing.LineFramer;
import io.meterbridge.glow.GlowDataFormat;
import io.meterbridge.meterman.MeterNodes;
import io.meterbridge.meterman.MetermanDataFormat;
import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;
import io.meterbridge.reading.ReadingDataFormat;

/**
 * The corpus conformance check: every sample named in a folder's {@code expected.jsonl}, read by the data format the
 * gateway reads it with, and compared with the values its source's own tests or documentation give. A line names the
 * sample and what it must give:
 *
 * <pre>
 * {"sample": "v4_2_kaifa.txt", "validity": "valid", "readings": [{"measurement": "electricity", "time": "...",
 *   "tags": {...}, "fields": {"energy_import_t1_kwh": 1581.123}}],
 *  "series": [{"field": "energy_import_interval_kwh", "count": 24, "first_time": "...", "first": 1.0673, "sum": 50.663298}],
 *  "rejected": 0, "options": {"accept-invalid-crc": true, "status": "TRUNCATED", "frame": "none"}}
 * </pre>
 *
 * Each expected reading must be found among the decoded ones (its measurement, tags, time and every field given, numbers
 * to 1e-9); a series is one field over all decoded readings, in order. The kind of data comes from the corpus's top
 * folder (dsmr, espi, glow, emu2, meterman); a DSMR sample ending in .hex is an encrypted frame, decrypted with the
 * keys in the .key file beside it; a Glow sample {@code file#name} is the payload of that name in a collection file.
 */
final class Conformance {

    /** One corpus folder's outcome: samples with expected values, how many gave them, and what the others gave instead. */
    record Outcome(String folder, int samples, int asExpected, List<String> failures) {
    }

    private Conformance() {
    }

    /** Every folder under {@code corpus} (two levels: kind/source) that has an expected.jsonl. */
    static List<Outcome> run(Path corpus) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        CamelContext camel = new DefaultCamelContext(false);
        camel.init(); // for exchanges and type conversion only: never started, so nothing of Camel's in the report
        try (Stream<Path> files = Files.walk(corpus, 3)) {
            for (Path expected : files.filter(p -> p.getFileName().toString().equals("expected.jsonl")).sorted().toList()) {
                outcomes.add(folder(camel, corpus, expected.getParent()));
            }
        }
        return outcomes;
    }

    private static Outcome folder(CamelContext camel, Path corpus, Path folder) throws Exception {
        String name = corpus.relativize(folder).toString().replace('\\', '/');
        String kind = name.split("/")[0];
        int samples = 0;
        int good = 0;
        List<String> failures = new ArrayList<>();
        {
            for (String line : Files.readAllLines(folder.resolve("expected.jsonl"), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                JsonNode expected = Json.MAPPER.readTree(line);
                String sample = expected.path("sample").asText();
                samples++;
                String problem;
                try {
                    problem = check(expected, decode(camel, kind, folder, sample, expected.path("options")));
                } catch (Exception e) {
                    problem = "not decoded: " + e.getMessage();
                }
                if (problem == null) {
                    good++;
                } else {
                    failures.add(sample + ": " + problem);
                }
            }
        }
        return new Outcome(name, samples, good, failures);
    }

    /** What a sample gave: the readings, the validity (DSMR) and how many parts were rejected. */
    record Decoded(List<Reading> readings, String validity, int rejected) {
    }

    private static Decoded decode(CamelContext camel, String kind, Path folder, String sample, JsonNode options) throws Exception {
        return switch (kind) {
            case "dsmr" -> dsmr(camel, folder, sample, options);
            case "espi" -> whole(camel, new EspiDataFormat(), Files.readAllBytes(folder.resolve(sample)), null);
            case "glow" -> glow(camel, folder, sample);
            case "emu2" -> parts(camel, new Emu2DataFormat(), new Emu2Framer(16_384), Files.readAllBytes(folder.resolve(sample)));
            case "meterman" -> {
                MetermanDataFormat format = new MetermanDataFormat();
                format.setNodes(new MeterNodes());
                yield parts(camel, format, new LineFramer(512), Files.readAllBytes(folder.resolve(sample)));
            }
            default -> throw new IllegalArgumentException("no data format for corpus folder " + kind);
        };
    }

    private static Decoded dsmr(CamelContext camel, Path folder, String sample, JsonNode options) throws Exception {
        byte[] bytes = Files.readAllBytes(folder.resolve(sample));
        if (sample.endsWith(".hex")) {
            Properties keys = new Properties();
            keys.load(new StringReader(Files.readString(folder.resolve(sample.replaceAll("\\.hex$", ".key")))));
            P1Decryptor decryptor = new P1Decryptor();
            decryptor.setSecretKey(keys.getProperty("encryption_key").strip());
            String auth = keys.getProperty("authentication_key").split("\\s")[0];
            decryptor.setAuthKey(auth.startsWith("(none") ? "none" : auth);
            bytes = decryptor.decrypt(HexFormat.of().parseHex(new String(bytes, StandardCharsets.US_ASCII).strip()));
        }
        if (options.path("frame").asText("").equals("none")) {
            // a telegram's objects without its frame (no "!", no CRC): what parsers that take text rather than a port read
            Telegram telegram = new TelegramParser(null).parse(bytes);
            return new Decoded(Normaliser.toReadings(telegram, null, Instant.EPOCH), "unchecked", 0);
        }
        DsmrDataFormat format = new DsmrDataFormat();
        format.setAcceptInvalidCrc(options.path("accept-invalid-crc").asBoolean(false));
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(FramingConstants.FRAME_STATUS, Frame.Status.valueOf(options.path("status").asText("COMPLETE")));
        format.start();
        try {
            List<Reading> readings = list(format.unmarshal(exchange, (Object) bytes));
            return new Decoded(readings, exchange.getMessage().getHeader(DsmrConstants.VALIDITY, String.class), 0);
        } catch (io.meterbridge.dsmr.TelegramRejectedException e) {
            return new Decoded(List.of(), "rejected", 1);
        }
    }

    private static Decoded glow(CamelContext camel, Path folder, String sample) throws Exception {
        String[] fileAndName = sample.split("#", 2);
        for (JsonNode p : Json.MAPPER.readTree(folder.resolve(fileAndName[0]).toFile()).path("payloads")) {
            if (p.path("name").asText().equals(fileAndName.length > 1 ? fileAndName[1] : "")) {
                return whole(camel, new GlowDataFormat(), Json.MAPPER.writeValueAsBytes(p.path("payload")), p.path("topic").asText());
            }
        }
        throw new IllegalArgumentException("no payload " + sample);
    }

    private static Decoded whole(CamelContext camel, ReadingDataFormat format, byte[] bytes, String topic) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("CamelMqttTopic", topic);
        format.start();
        try {
            return new Decoded(list(format.unmarshal(exchange, (Object) bytes)), null, 0);
        } catch (io.meterbridge.reading.PayloadRejectedException e) {
            return new Decoded(List.of(), null, 1);
        }
    }

    /** A stream cut into parts (fragments, lines) by the framer the serial consumer uses, each read on its own. */
    private static Decoded parts(CamelContext camel, ReadingDataFormat format, Framer framer, byte[] stream) throws Exception {
        List<Reading> readings = new ArrayList<>();
        int[] rejected = new int[1];
        format.start();
        io.meterbridge.framing.FrameSink each = frame -> {
            if (frame.status() != Frame.Status.COMPLETE) {
                rejected[0]++;
                return;
            }
            try {
                readings.addAll(list(format.unmarshal(new DefaultExchange(camel), (Object) frame.bytes())));
            } catch (io.meterbridge.reading.PayloadRejectedException e) {
                rejected[0]++;
            }
        };
        framer.feed(stream, 0, stream.length, each);
        framer.finish(each);
        return new Decoded(readings, null, rejected[0]);
    }

    private static List<Reading> list(Object body) {
        if (body instanceof Reading r) {
            return List.of(r);
        }
        List<Reading> out = new ArrayList<>();
        if (body instanceof List<?> l) {
            l.forEach(o -> out.add((Reading) o));
        }
        return out;
    }

    /** Null when the sample gave what is expected; otherwise the first difference, in words. */
    static String check(JsonNode expected, Decoded decoded) {
        if (expected.has("validity") && !expected.path("validity").asText().equals(decoded.validity())) {
            return "validity " + decoded.validity() + ", expected " + expected.path("validity").asText();
        }
        if (expected.has("rejected") && expected.path("rejected").asInt() != decoded.rejected()) {
            return decoded.rejected() + " parts rejected, expected " + expected.path("rejected").asInt();
        }
        for (JsonNode reading : expected.path("readings")) {
            if (decoded.readings().stream().noneMatch(r -> matches(reading, r))) {
                return "no reading with " + reading + closest(reading, decoded.readings());
            }
        }
        for (JsonNode series : expected.path("series")) {
            String problem = series(series, decoded.readings());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static boolean matches(JsonNode expected, Reading r) {
        if (expected.has("measurement") && !expected.path("measurement").asText().equals(r.measurement())) {
            return false;
        }
        if (expected.has("time") && !Instant.parse(expected.path("time").asText()).equals(r.time())) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.path("tags").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> tag = it.next();
            if (!tag.getValue().asText().equals(r.tag(tag.getKey()))) {
                return false;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.path("fields").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!same(field.getValue(), r.field(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A hint for a failed reading: the decoded fields of the same measurement that differ. */
    private static String closest(JsonNode expected, List<Reading> readings) {
        for (Reading r : readings) {
            if (r.measurement().equals(expected.path("measurement").asText(r.measurement()))) {
                StringBuilder differs = new StringBuilder();
                expected.path("fields").fields().forEachRemaining(f -> {
                    if (!same(f.getValue(), r.field(f.getKey()))) {
                        differs.append(differs.length() == 0 ? "; decoded " : ", ").append(f.getKey()).append('=').append(r.field(f.getKey()));
                    }
                });
                return differs.toString();
            }
        }
        return "; " + readings.size() + " readings decoded";
    }

    private static boolean same(JsonNode expected, Object actual) {
        if (expected.isNumber()) {
            return actual instanceof Number n && Math.abs(n.doubleValue() - expected.asDouble()) <= 1e-9 * Math.max(1, Math.abs(expected.asDouble()));
        }
        return actual != null && expected.asText().equals(actual.toString());
    }

    private static String series(JsonNode series, List<Reading> readings) {
        String field = series.path("field").asText();
        List<Reading> with = readings.stream().filter(r -> r.field(field) instanceof Number)
                .filter(r -> !series.has("measurement") || series.path("measurement").asText().equals(r.measurement())).toList();
        String name = "series " + field;
        if (series.has("count") && series.path("count").asInt() != with.size()) {
            return name + ": " + with.size() + " values, expected " + series.path("count").asInt();
        }
        if (with.isEmpty()) {
            return name + ": no values";
        }
        if (series.has("first_time") && !Instant.parse(series.path("first_time").asText()).equals(with.get(0).time())) {
            return name + ": first at " + with.get(0).time() + ", expected " + series.path("first_time").asText();
        }
        if (series.has("last_time") && !Instant.parse(series.path("last_time").asText()).equals(with.get(with.size() - 1).time())) {
            return name + ": last at " + with.get(with.size() - 1).time() + ", expected " + series.path("last_time").asText();
        }
        if (series.has("first") && !same(series.path("first"), with.get(0).field(field))) {
            return name + ": first " + with.get(0).field(field) + ", expected " + series.path("first");
        }
        if (series.has("sum")) {
            double sum = with.stream().mapToDouble(r -> ((Number) r.field(field)).doubleValue()).sum();
            if (Math.abs(sum - series.path("sum").asDouble()) > 1e-6 * Math.max(1, Math.abs(sum))) {
                return name + ": sum " + sum + ", expected " + series.path("sum");
            }
        }
        if (series.has("values")) {
            List<Object> values = with.stream().map(r -> r.field(field)).toList();
            int i = 0;
            for (JsonNode v : series.path("values")) {
                if (i >= values.size() || !same(v, values.get(i++))) {
                    return name + ": " + values + ", expected " + series.path("values");
                }
            }
            if (i != values.size()) {
                return name + ": " + values + ", expected " + series.path("values");
            }
        }
        return null;
    }

    /** The report as printed: a line per folder, then the total. */
    static String report(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder(String.format("%-45s %8s %12s%n", "corpus folder", "samples", "as expected"));
        int samples = 0;
        int good = 0;
        for (Outcome o : outcomes) {
            out.append(String.format("%-45s %8d %7d %3d%%%n", o.folder(), o.samples(), o.asExpected(), percent(o.asExpected(), o.samples())));
            o.failures().forEach(f -> out.append("    ").append(f).append('\n'));
            samples += o.samples();
            good += o.asExpected();
        }
        out.append(String.format("%-45s %8d %7d %3d%%%n", "all", samples, good, percent(good, samples)));
        return out.toString();
    }

    private static int percent(int good, int all) {
        return all == 0 ? 100 : (int) Math.floor(100.0 * good / all);
    }

    static boolean complete(List<Outcome> outcomes) {
        return outcomes.stream().allMatch(o -> o.asExpected() == o.samples());
    }

    static Path directory(String path) throws IOException {
        Path dir = Path.of(path);
        if (!Files.isDirectory(dir)) {
            throw new IOException(path + " is not a directory (a corpus: <kind>/<source>/expected.jsonl)");
        }
        return dir;
    }
}
