package io.meterbridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fazecast.jSerialComm.SerialPort;

/**
 * {@code ports}: the serial ports this machine has, with what the USB adapter says it is (so a user finds the P1
 * cable among them) and the name under /dev/serial/by-id that survives replugging.
 */
final class PortsCommand {

    static final String USAGE = "ports   (serial ports with their USB descriptions and /dev/serial/by-id names)";

    private PortsCommand() {
    }

    static int run(PrintStream out) throws IOException {
        Map<String, String> byId = byId(Path.of("/dev/serial/by-id"));
        SerialPort[] ports = SerialPort.getCommPorts();
        if (ports.length == 0) {
            out.println("No serial ports found. Plug the cable in; on Linux the user needs the dialout group.");
            return 1;
        }
        for (SerialPort p : ports) {
            String path = p.getSystemPortPath();
            out.printf("%-16s %s%s%n", path, p.getPortDescription(), p.getVendorID() > 0
                    ? String.format(" (USB %04x:%04x%s)", p.getVendorID(), p.getProductID(), p.getSerialNumber() == null || p.getSerialNumber().isBlank() ? "" : " serial " + p.getSerialNumber())
                    : "");
            String stable = byId.get(path);
            if (stable != null) {
                out.printf("%-16s use: serial:%s%n", "", stable);
            }
        }
        return 0;
    }

    /** Each device the links in {@code dir} point to, with the link (stable across replugging). */
    static Map<String, String> byId(Path dir) throws IOException {
        Map<String, String> links = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return links;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path link : entries.toList()) {
                if (Files.isSymbolicLink(link)) {
                    links.put(link.toRealPath().toString(), link.toString());
                }
            }
        }
        return links;
    }
}
