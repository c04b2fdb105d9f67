package io.meterbridge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import com.fazecast.jSerialComm.SerialPort;

/**
 * {@code sniff PORT}: listens to a serial port at the settings meters use (115200 8N1: DSMR 4/5, encrypted P1,
 * EMU-2, meterman; then 9600 7E1: DSMR 2.2 / 3) and says what is talking and how to configure meterbridge for it.
 * Only reads; the gateway must not be running on the same port.
 */
final class SniffCommand {

    static final String USAGE = "sniff PORT [--seconds 12]   (what meter is on this port, and its serial settings)";

    /** Baud rate, data bits, parity, in the order tried. */
    private static final int[][] SETTINGS = { { 115_200, 8, SerialPort.NO_PARITY }, { 9_600, 7, SerialPort.EVEN_PARITY } };
    private static final int MAX_BYTES = 256 * 1024;

    private SniffCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length < 2) {
            err.println("usage: java -jar meterbridge.jar " + USAGE);
            return 2;
        }
        String path = args[1];
        int seconds = 12;
        if (args.length == 4 && args[2].equals("--seconds")) {
            seconds = Integer.parseInt(args[3]);
        }
        MeterGuess.Guess last = null;
        for (int[] s : SETTINGS) {
            String setting = s[0] + " " + s[1] + (s[2] == SerialPort.NO_PARITY ? "N1" : "E1");
            SerialPort port = open(path);
            if (port == null) {
                err.println("Cannot open " + path + " (does it exist, and may this user open it? On Debian: the dialout group)");
                return 1;
            }
            port.setComPortParameters(s[0], s[1], SerialPort.ONE_STOP_BIT, s[2]);
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 500, 0);
            byte[] bytes;
            try {
                bytes = listen(port, seconds);
            } finally {
                port.closePort();
            }
            last = MeterGuess.classify(bytes);
            out.printf("%s at %s: %s (%s)%n", path, setting, last.kind(), last.evidence());
            if (last.recognised()) {
                out.println("  use: " + last.advice().replace("PORT", path));
                return 0;
            }
        }
        out.println("  " + last.advice());
        return 3;
    }

    private static SerialPort open(String path) {
        try {
            SerialPort port = SerialPort.getCommPort(path);
            return port.openPort() ? port : null;
        } catch (RuntimeException e) {
            return null; // jSerialComm's SerialPortInvalidPort: no such device
        }
    }

    private static byte[] listen(SerialPort port, int seconds) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until && seen.size() < MAX_BYTES) {
            int n = port.readBytes(buffer, buffer.length);
            if (n > 0) {
                seen.write(buffer, 0, n);
            }
        }
        return seen.toByteArray();
    }
}
