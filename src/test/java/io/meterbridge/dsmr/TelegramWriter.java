package io.meterbridge.dsmr;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Random;

/**
 * Writes realistic DSMR 5.0 telegrams (an Iskra AM550-like three-phase meter with a gas meter on channel 1)
 * with a correct CRC, for the demo capture, the corruption test, the serial tests and the benchmarks.
 * Deterministic for a given seed.
 */
public final class TelegramWriter {

    public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    public static final String EQUIPMENT_ID = "E0044007382246019";

    private final Random random;
    private double importT1 = 2130.115;
    private double importT2 = 4245.467;
    private double exportT1 = 311.502;
    private double exportT2 = 907.220;
    private double gas = 2246.138;
    /** What the gas meter last reported (every 5 minutes), and when. */
    private double gasReported = gas;
    private Instant gasReportedAt;
    private double load = 640; // W

    private final String equipmentId;

    public TelegramWriter(long seed) {
        this(seed, EQUIPMENT_ID);
    }

    /** A meter of its own: its equipment id, and registers and load from the seed. */
    public TelegramWriter(long seed, String equipmentId) {
        this.random = new Random(seed);
        this.equipmentId = equipmentId;
    }

    /** The telegram the meter sends at {@code time}, advancing the registers by one second of use. */
    public byte[] next(Instant time) {
        load = Math.max(80, Math.min(9000, load + random.nextGaussian() * 120));
        double solar = 0;
        ZonedDateTime local = time.atZone(ZONE);
        int hour = local.getHour();
        if (hour >= 8 && hour < 18) {
            solar = 2500 * Math.sin(Math.PI * (hour - 8 + local.getMinute() / 60.0) / 10);
        }
        double net = load - solar;
        double importW = Math.max(0, net);
        double exportW = Math.max(0, -net);
        boolean lowTariff = hour < 7 || hour >= 23;
        if (lowTariff) {
            importT1 += importW / 3_600_000;
            exportT1 += exportW / 3_600_000;
        } else {
            importT2 += importW / 3_600_000;
            exportT2 += exportW / 3_600_000;
        }
        gas += random.nextDouble() * 0.0004;
        double[] share = { 0.5, 0.3, 0.2 };
        double[] volts = { 229 + random.nextDouble() * 4, 230 + random.nextDouble() * 4, 228 + random.nextDouble() * 4 };
        StringBuilder t = new StringBuilder(1024);
        t.append("/ISK5\\2M550T-1012\r\n\r\n");
        t.append("1-3:0.2.8(50)\r\n");
        t.append("0-0:1.0.0(").append(stamp(time)).append(")\r\n");
        t.append("0-0:96.1.1(").append(hex(equipmentId)).append(")\r\n");
        t.append(String.format(Locale.ROOT, "1-0:1.8.1(%010.3f*kWh)\r\n", importT1));
        t.append(String.format(Locale.ROOT, "1-0:1.8.2(%010.3f*kWh)\r\n", importT2));
        t.append(String.format(Locale.ROOT, "1-0:2.8.1(%010.3f*kWh)\r\n", exportT1));
        t.append(String.format(Locale.ROOT, "1-0:2.8.2(%010.3f*kWh)\r\n", exportT2));
        t.append("0-0:96.14.0(000").append(lowTariff ? 1 : 2).append(")\r\n");
        t.append(String.format(Locale.ROOT, "1-0:1.7.0(%06.3f*kW)\r\n", importW / 1000));
        t.append(String.format(Locale.ROOT, "1-0:2.7.0(%06.3f*kW)\r\n", exportW / 1000));
        t.append("0-0:96.7.21(00005)\r\n0-0:96.7.9(00003)\r\n");
        t.append("1-0:99.97.0(1)(0-0:96.7.19)(190326095015W)(0000002014*s)\r\n");
        t.append("1-0:32.32.0(00001)\r\n1-0:52.32.0(00001)\r\n1-0:72.32.0(00002)\r\n");
        t.append("1-0:32.36.0(00000)\r\n1-0:52.36.0(00000)\r\n1-0:72.36.0(00000)\r\n");
        t.append("0-0:96.13.0()\r\n");
        for (int l = 0; l < 3; l++) {
            t.append(String.format(Locale.ROOT, "1-0:%d2.7.0(%05.1f*V)\r\n", 3 + 2 * l, volts[l]));
        }
        for (int l = 0; l < 3; l++) {
            // meters truncate current to whole amperes
            t.append(String.format(Locale.ROOT, "1-0:%d1.7.0(%03d*A)\r\n", 3 + 2 * l, (int) (Math.abs(net) * share[l] / volts[l])));
        }
        for (int l = 0; l < 3; l++) {
            t.append(String.format(Locale.ROOT, "1-0:%d1.7.0(%06.3f*kW)\r\n", 2 + 2 * l, importW * share[l] / 1000));
        }
        for (int l = 0; l < 3; l++) {
            t.append(String.format(Locale.ROOT, "1-0:%d2.7.0(%06.3f*kW)\r\n", 2 + 2 * l, exportW * share[l] / 1000));
        }
        // the gas meter reports every 5 minutes; the telegram repeats that value and its time in between
        Instant gasTime = Instant.ofEpochSecond(time.getEpochSecond() / 300 * 300);
        if (!gasTime.equals(gasReportedAt)) {
            gasReportedAt = gasTime;
            gasReported = gas;
        }
        t.append("0-1:24.1.0(003)\r\n");
        t.append("0-1:96.1.0(4730303339303031393336393930363139)\r\n");
        t.append(String.format(Locale.ROOT, "0-1:24.2.1(%s)(%09.3f*m3)\r\n", stamp(gasTime), gasReported));
        t.append('!');
        byte[] body = t.toString().getBytes(StandardCharsets.US_ASCII);
        String crc = String.format(Locale.ROOT, "%04X\r\n", Crc16Arc.compute(body, 0, body.length));
        return (t + crc).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes a capture file of the telegrams for seconds {@code from} (inclusive) to {@code to} (exclusive) after
     * {@code start}, as a meter with this seed sends them: two calls with adjacent ranges continue each other.
     */
    public static java.nio.file.Path capture(java.nio.file.Path file, long seed, Instant start, int from, int to)
            throws java.io.IOException {
        TelegramWriter meter = new TelegramWriter(seed);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < to; i++) {
            byte[] telegram = meter.next(start.plusSeconds(i));
            if (i >= from) {
                out.writeBytes(telegram);
            }
        }
        return java.nio.file.Files.write(file, out.toByteArray());
    }

    /** YYMMDDhhmmssX in the meter's zone, X = S in summer time and W in winter time. */
    static String stamp(Instant time) {
        ZonedDateTime local = time.atZone(ZONE);
        boolean summer = ZONE.getRules().isDaylightSavings(time);
        LocalDateTime l = local.toLocalDateTime();
        return String.format(Locale.ROOT, "%02d%02d%02d%02d%02d%02d%s", l.getYear() % 100, l.getMonthValue(),
                l.getDayOfMonth(), l.getHour(), l.getMinute(), l.getSecond(), summer ? "S" : "W");
    }

    private static String hex(String ascii) {
        StringBuilder h = new StringBuilder();
        for (char c : ascii.toCharArray()) {
            h.append(String.format("%02X", (int) c));
        }
        return h.toString();
    }
}
