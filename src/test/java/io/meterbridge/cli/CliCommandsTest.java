package io.meterbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.dlms.DlmsFrameWriter;
import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.serial.SocatPair;

/**
 * The first questions of a new user, answered by the CLI: which port is my cable (ports, with /dev/serial/by-id),
 * what is talking on it and at which settings (sniff, on a real pseudo-terminal), and what is my configuration
 * (config, with every secret masked).
 */
@Timeout(60)
class CliCommandsTest {

    @TempDir
    Path dir;

    @Test
    void recognisesEveryKindOfMeterFromItsBytes() throws Exception {
        byte[] dsmr = Files.readAllBytes(Path.of("demo/p1-capture.log"));
        MeterGuess.Guess p1 = MeterGuess.classify(dsmr);
        assertThat(p1.kind()).isEqualTo("dsmr");
        assertThat(p1.evidence()).contains("DSMR version 5.0");
        byte[] old = ("/ISk5\\2MT382-1004\r\n\r\n0-0:96.1.1(4B384547303034303436333935353037)\r\n1-0:1.8.1(12345.678*kWh)\r\n!\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(MeterGuess.classify(old).kind()).isEqualTo("dsmr-2.2");
        assertThat(MeterGuess.classify(old).advice()).contains("baudRate=9600&dataBits=7&parity=even");
        DlmsFrameWriter encrypted = new DlmsFrameWriter(HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F"),
                HexFormat.of().parseHex("00112233445566778899AABBCCDDEEFF"), 1);
        byte[] frames = concat(encrypted.next(new TelegramWriter(1).next(Instant.parse("2024-10-27T00:00:00Z"))),
                encrypted.next(new TelegramWriter(1).next(Instant.parse("2024-10-27T00:00:10Z"))));
        assertThat(MeterGuess.classify(frames).kind()).isEqualTo("dlms");
        assertThat(MeterGuess.classify(("<InstantaneousDemand>\r\n  <DeviceMacId>0xd8d5b9000000f8bc</DeviceMacId>\r\n"
                + "</InstantaneousDemand>\r\n").getBytes(StandardCharsets.US_ASCII)).kind()).isEqualTo("emu2");
        assertThat(MeterGuess.classify("DEBUG: x\r\nG>S:MUP_;2,MUP_,1511737199,5622;30,10\r\n".getBytes(StandardCharsets.US_ASCII)).kind())
                .isEqualTo("meterman");
        byte[] noise = new byte[2000];
        new Random(7).nextBytes(noise);
        MeterGuess.Guess unknown = MeterGuess.classify(noise);
        assertThat(unknown.kind()).isEqualTo("unknown");
        assertThat(unknown.evidence()).startsWith("2000 bytes, starting");
        assertThat(MeterGuess.classify(new byte[0]).kind()).isEqualTo("silent");
    }

    @Test
    void sniffsAMeterOnARealPort() throws Exception {
        SocatPair.requireSocat();
        try (SocatPair line = new SocatPair(Files.createDirectory(dir.resolve("tty")))) {
            line.plugIn();
            AtomicBoolean sending = new AtomicBoolean(true);
            TelegramWriter meter = new TelegramWriter(3);
            Thread sender = new Thread(() -> {
                try (var out = Files.newOutputStream(line.meter())) {
                    Instant t = Instant.parse("2024-10-27T00:00:00Z");
                    while (sending.get()) {
                        out.write(meter.next(t = t.plusSeconds(1)));
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (Exception e) {
                    // the port went away at the end
                }
            });
            sender.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = SniffCommand.run(new String[] { "sniff", line.port().toString(), "--seconds", "2" }, new PrintStream(out), System.err);
            sending.set(false);
            sender.join(2000);
            String said = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(said).isZero();
            assertThat(said).contains("at 115200 8N1: dsmr").contains("use: p1.uri = serial:" + line.port());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(SniffCommand.run(new String[] { "sniff", dir.resolve("nothing").toString(), "--seconds", "1" }, System.out, new PrintStream(err))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot open");
    }

    @Test
    void listsPortsWithTheirStableNames() throws Exception {
        Path byId = Files.createDirectory(dir.resolve("by-id"));
        Path device = Files.createFile(dir.resolve("ttyUSB7"));
        Files.createSymbolicLink(byId.resolve("usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0"), device);
        assertThat(PortsCommand.byId(byId)).containsEntry(device.toRealPath().toString(), byId.resolve("usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0").toString());
        assertThat(PortsCommand.byId(dir.resolve("absent"))).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PortsCommand.run(new PrintStream(out));
        assertThat(out.toString(StandardCharsets.UTF_8)).isNotBlank();
    }

    @Test
    void printsTheEffectiveConfigurationWithSecretsMasked() throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, String.join("\n",
                "p1.uri = serial:/dev/ttyUSB0",
                "files.directory = data",
                "store.file = {{files.directory}}/meterbridge.db",
                "p1.secret-key = 000102030405060708090A0B0C0D0E0F",
                "influxdb.uri = http://db:8086/write?db=x&password=hunter2",
                "api.tokens = alice:write:alice-secret-token-1",
                "camel.main.name = meterbridge",
                "pge.client-secret = {{env:PGE_CLIENT_SECRET_NOT_SET_ANYWHERE}}",
                "needs = {{env:METERBRIDGE_TEST_UNSET_VARIABLE}}", ""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setProperty("files.directory", "/var/lib/meterbridge");
        try {
            assertThat(ConfigCommand.run(new String[] { "config", file.toString() }, new PrintStream(out), System.err)).isZero();
        } finally {
            System.clearProperty("files.directory");
        }
        String said = out.toString(StandardCharsets.UTF_8);
        assertThat(said).contains("p1.uri = serial:/dev/ttyUSB0", "store.file = /var/lib/meterbridge/meterbridge.db",
                "p1.secret-key = ********", "api.tokens = ********", "pge.client-secret = (not set)",
                "camel.main.name = meterbridge", "needs = (not set)");
        assertThat(said).doesNotContain("000102030405", "hunter2", "alice-secret");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
