package io.meterbridge.emu2;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EMU-2 on the device end of a socat pair: streams demand fragments in the device's layout (CRLF, two-space
 * indent), clobbers some of them mid-write by starting the next fragment, answers commands, and clobbers its
 * first answer to each kind of command so the gateway has to ask again. It records what it sent whole.
 */
final class Emu2Simulator implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("<Name>([a-z_]+)</Name>", Pattern.CASE_INSENSITIVE);
    private static final long T0 = 0x29bd58a7L;

    private final OutputStream out;
    private final Thread commands;
    private volatile boolean open = true;
    final List<Integer> wholeDemands = new CopyOnWriteArrayList<>();
    final List<Integer> clobberedDemands = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<String> answeredOnce = ConcurrentHashMap.newKeySet();
    private int answerDemand = 5000;

    Emu2Simulator(Path device) throws IOException {
        this.out = Files.newOutputStream(device);
        BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(device), StandardCharsets.US_ASCII));
        commands = new Thread(() -> {
            try {
                for (String line = in.readLine(); open && line != null; line = in.readLine()) {
                    Matcher m = NAME.matcher(line);
                    if (m.find()) {
                        answer(m.group(1));
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }, "emu2-simulator");
        commands.setDaemon(true);
        commands.start();
    }

    /** Streams demand values 1..n (W), clobbering every fifth; a pause between fragments as a device has. */
    void stream(int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            String f = demand(i);
            if (i % 5 == 0) {
                write(f.substring(0, f.length() / 2)); // the next fragment starts inside this one
                clobberedDemands.add(i);
            } else {
                write(f);
                wholeDemands.add(i);
            }
            Thread.sleep(15);
        }
    }

    private void answer(String name) throws IOException {
        requests.add(name);
        String answer = switch (name) {
            case "initialize" -> null;
            case "get_meter_list" -> "<MeterList>\r\n  <DeviceMacId>0xd8d5b9000000f8bc</DeviceMacId>\r\n  <MeterMacId>0x00135003005dba2b</MeterMacId>\r\n</MeterList>\r\n";
            case "get_device_info" -> "<DeviceInfo>\r\n  <DeviceMacId>0xd8d5b9000000f8bc</DeviceMacId>\r\n  <InstallCode>0x1122334455667788</InstallCode>\r\n"
                    + "  <LinkKey>0xaabbccddeeff00112233445566778899</LinkKey>\r\n  <FWVersion>2.0.0 (7400)</FWVersion>\r\n  <ModelId>Z105-2-EMU2</ModelId>\r\n</DeviceInfo>\r\n";
            case "get_instantaneous_demand" -> demand(++answerDemand);
            case "get_current_summation_delivered" -> "<CurrentSummationDelivered>\r\n  <DeviceMacId>0xd8d5b9000000f8bc</DeviceMacId>\r\n"
                    + "  <MeterMacId>0x00135003005dba2b</MeterMacId>\r\n  <TimeStamp>0x29bd58a7</TimeStamp>\r\n"
                    + "  <SummationDelivered>0x0000000006bc5b7d</SummationDelivered>\r\n  <SummationReceived>0x0000000000000000</SummationReceived>\r\n"
                    + "  <Multiplier>0x00000001</Multiplier>\r\n  <Divisor>0x000003e8</Divisor>\r\n</CurrentSummationDelivered>\r\n";
            case "get_time" -> "<TimeCluster>\r\n  <DeviceMacId>0xd8d5b9000000f8bc</DeviceMacId>\r\n  <MeterMacId>0x00135003005dba2b</MeterMacId>\r\n"
                    + "  <UTCTime>0x29bd58a7</UTCTime>\r\n  <LocalTime>0x29bce827</LocalTime>\r\n</TimeCluster>\r\n";
            default -> "<Warning>\r\n  <Text>Unknown command</Text>\r\n</Warning>\r\n";
        };
        if (answer == null) {
            return;
        }
        if (answeredOnce.add(name)) {
            // the first answer to each kind of request is clobbered: the device starts it and then something else
            write(answer.substring(0, answer.length() / 2));
            write(demand(4000));
        } else {
            write(answer);
        }
    }

    /** A demand fragment in the device's layout; raw is the Demand value in W (Divisor 1000 of kW). */
    static String demand(int raw, long time) {
        return "<InstantaneousDemand>\r\n  <DeviceMacId>0xd8d5b9000000f8bc</DeviceMacId>\r\n  <MeterMacId>0x00135003005dba2b</MeterMacId>\r\n"
                + "  <TimeStamp>0x" + Long.toHexString(time) + "</TimeStamp>\r\n  <Demand>0x" + Integer.toHexString(raw) + "</Demand>\r\n"
                + "  <Multiplier>0x00000001</Multiplier>\r\n  <Divisor>0x000003e8</Divisor>\r\n  <DigitsRight>0x03</DigitsRight>\r\n"
                + "  <DigitsLeft>0x0f</DigitsLeft>\r\n  <SuppressLeadingZero>Y</SuppressLeadingZero>\r\n</InstantaneousDemand>\r\n";
    }

    private static String demand(int watts) {
        return demand(watts, T0 + watts);
    }

    private synchronized void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        open = false;
        out.close();
    }
}
