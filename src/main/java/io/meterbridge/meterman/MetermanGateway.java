package io.meterbridge.meterman;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.serial.Requests;

/**
 * Talks to the meterman gateway on the port the source route reads: answers its time requests (GTIME) with the
 * server's clock, sets its clock and asks for gateway and node snapshots on a schedule (the poll route), and sends
 * node-control commands. The gateway acknowledges a command at once when it queues it (…_ACK), or refuses it
 * (…_NACK: unknown node, or a value of 0); the node applies it at its next instruction poll (GINR, every 600 s by
 * default), which then shows as an MREB or changed snapshot fields. Every line fits the gateway's 40-byte input
 * buffer; one command is in flight at a time, so acknowledgements cannot be confused.
 */
public class MetermanGateway implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(MetermanGateway.class);
    /** The gateway's serial input buffer. */
    static final int MAX_LINE = 40;
    /** Node-control commands and their arguments. */
    private static final Map<String, Integer> CONTROLS = Map.of("SMVAL", 1, "SMINT", 1, "SPLED", 2, "SGITR", 2);

    private CamelContext camelContext;
    private ProducerTemplate template;
    private String port;
    private long timeout = 3000;
    private Clock clock = Clock.systemUTC();

    private final Requests<String, Boolean> requests = new Requests<>();

    /** Every message the source route read: answers time requests, completes commands waiting for their ACK. */
    public void heard(Exchange exchange) throws Exception {
        GatewayMessage m = exchange.getMessage().getHeader(MetermanDataFormat.MESSAGE, GatewayMessage.class);
        if (m == null) {
            return;
        }
        if (m.type().equals("GTIME")) {
            setTime();
        } else if (m.type().endsWith("_ACK") || m.type().endsWith("_NACK")) {
            String command = m.type().substring(0, m.type().lastIndexOf('_'));
            if (!requests.answer(command, m.type().endsWith("_ACK")) && m.type().equals("STIME_NACK")) {
                LOG.warn("The meterman gateway refused the time it was sent");
            }
        }
    }

    /** Sets the gateway's clock (STIME): the nodes align their intervals to it. */
    public void setTime() throws Exception {
        write("STIME;" + clock.instant().getEpochSecond());
    }

    /** Asks for the gateway's snapshot and every node's (254 = all); the answers arrive through the source route. */
    public void snapshots() throws Exception {
        write("GGWSNAP");
        write("GNOSNAP;254");
    }

    /**
     * Queues a node-control command at the gateway: {@code SMVAL} (meter value, Wh), {@code SMINT} (interval, s),
     * {@code SPLED} (puck LED rate, ms), {@code SGITR} (instruction poll rate, for how long, s). Returns once the
     * gateway acknowledged it; throws if it refused or did not answer.
     */
    public String control(int node, String command, long... values) throws Exception {
        Integer arity = CONTROLS.get(command);
        if (arity == null || values.length != arity) {
            throw new IllegalArgumentException("unknown node command " + command + " with " + values.length + " values");
        }
        if (node < 1 || node > 253) {
            throw new IllegalArgumentException("node id " + node + " out of range 1…253");
        }
        StringBuilder line = new StringBuilder(command).append(';').append(node);
        for (long v : values) {
            if (v <= 0 || v > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException(command + " value " + v + " out of range (0 means 'nothing queued' to the node)");
            }
            line.append(',').append(v);
        }
        // the gateway queues a command or refuses it at once: one try, no resend that could queue it twice
        Boolean queued = requests.ask(command, () -> write(line.toString()), timeout, 1, 0);
        if (queued == null) {
            throw new IllegalStateException("the gateway did not acknowledge " + line + " within " + timeout + " ms");
        }
        if (!queued) {
            throw new IllegalStateException("the gateway refused " + line + " (unknown node?)");
        }
        return "queued: node " + node + " applies it at its next instruction poll";
    }

    private void write(String command) throws Exception {
        String line = "S>G:" + command + "\r\n";
        if (line.length() > MAX_LINE) {
            throw new IllegalArgumentException("command longer than the gateway's 40-byte buffer: " + command);
        }
        template.sendBody(port, line.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        this.template = camelContext.createProducerTemplate();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** The serial endpoint the source route reads, e.g. {@code serial:/dev/serial0}. */
    public void setPort(String port) {
        this.port = port;
    }

    /** How long (ms) to wait for the gateway's acknowledgement. */
    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }
}
