package io.meterbridge.meterman;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A meterman RFM69 gateway hat on the Pi end of a socat pair, printing exactly what firmware R10 prints: node
 * messages passed through with their node id, console lines in between, the NOSNAP of two nodes with the second on
 * a line of its own, and answers to the server's commands (STIME, snapshots, node control for known nodes only).
 * Node 2 counts 1000 impulses per kWh; its updates carry four 30-second intervals each.
 */
final class GatewaySimulator implements AutoCloseable {

    static final String AES_KEY = "SIMULATED_AES_KEY";

    private final OutputStream out;
    private final Thread commands;
    private volatile boolean open = true;
    final List<String> received = new CopyOnWriteArrayList<>();
    /** Node 2's state: the finish time and cumulative Wh of its last update. */
    long finish = 1_511_737_199L;
    long wh = 5622;
    long sentWh;
    long lostWh;

    GatewaySimulator(Path device) throws IOException {
        this.out = Files.newOutputStream(device);
        BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(device), StandardCharsets.ISO_8859_1));
        commands = new Thread(() -> {
            try {
                for (String line = in.readLine(); open && line != null; line = in.readLine()) {
                    received.add(line);
                    answer(line.strip());
                }
            } catch (IOException e) {
                // closed
            }
        }, "meterman-gateway-simulator");
        commands.setDaemon(true);
        commands.start();
    }

    private void answer(String line) throws IOException {
        if (line.startsWith("S>G:STIME;")) {
            print("G>S:STIME_ACK");
        } else if (line.equals("S>G:GGWSNAP")) {
            print("G>S:GWSNAP;1,1511730000,512,1511737321,INFO," + AES_KEY + ",0.0.1.1,19");
        } else if (line.equals("S>G:GNOSNAP;254")) {
            print("G>S:NOSNAP;2,4310,300,240,380,1511737319,0,30,1000,1511737319,5662,0.00,0,100,-71\r\n"
                    + ";3,2950,86400,86000,379,1511736500,-2,60,3200,1511736479,1203344,0.00,0,100,-88\r\n");
        } else if (line.startsWith("S>G:S")) {
            // SMVAL;2,… → SMVAL_ACK;2 for a node the gateway knows, NACK otherwise
            String command = line.substring(4, line.indexOf(';'));
            String node = line.substring(line.indexOf(';') + 1, line.indexOf(','));
            print("G>S:" + command + (node.equals("2") || node.equals("3") ? "_ACK;" : "_NACK;") + node);
        }
    }

    /** Node 2's next update with Wh per 30-second interval; {@code lost}: the radio loses it. */
    void update(boolean lost, long... intervals) throws IOException {
        StringBuilder line = new StringBuilder("G>S:MUP_;2,MUP_,").append(finish).append(',').append(wh);
        for (long w : intervals) {
            line.append(";30,").append(w);
            finish += 30;
            wh += w;
            if (lost) {
                lostWh += w;
            } else {
                sentWh += w;
            }
        }
        if (!lost) {
            print("DEBUG: Got msg: MUP_ from node 2. RSSI = -71");
            print(line.toString());
        }
    }

    void print(String line) throws IOException {
        synchronized (out) {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    @Override
    public void close() throws Exception {
        open = false;
        out.close();
        commands.join(1000);
    }
}
