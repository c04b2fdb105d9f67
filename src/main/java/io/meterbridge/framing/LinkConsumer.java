package io.meterbridge.framing;

import java.io.IOException;

import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a link (a serial port, a TCP connection) on one thread: open, read, cut frames, and on any failure close,
 * wait with back-off and open again. A link that goes away (a USB cable unplugged, a dongle rebooting) and one that
 * stays silent are both handled by opening it again, so a gateway recovers without a restart. Reads block with a
 * timeout: the loop never spins. Its readiness check (consumer:&lt;route&gt; in the health output) is UP while the link
 * is open and frames arrive.
 */
public abstract class LinkConsumer extends FramedConsumer implements HealthCheckAware {

    private static final Logger LOG = LoggerFactory.getLogger(LinkConsumer.class);

    /** An open link; {@link #read} returns the bytes read, 0 when none came within the read timeout. */
    protected interface Link extends AutoCloseable {
        /** @throws IOException when the link went away */
        int read(byte[] buffer) throws IOException;

        @Override
        void close();
    }

    private final LinkOptions options;
    private final String kind;
    private HealthCheck healthCheck;
    private volatile boolean connected;
    private volatile String lastError;

    /** @param kind serial, tcp: names the health check and the log lines */
    protected LinkConsumer(Endpoint endpoint, Processor processor, LinkOptions options, String kind) {
        super(endpoint, processor);
        this.options = options;
        this.kind = kind;
    }

    /** Opens the link; the exception's message says why it cannot be, for the log and the health check. */
    protected abstract Link open() throws IOException;

    /** What the link is, as a log line names it once it is open: "Serial port /dev/ttyUSB0 open at 115200 8N1". */
    protected abstract String opened();

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        healthCheck = new LinkHealthCheck(kind + "-consumer:" + getRouteId());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // fail at start-up on a wrong option, not later on the reader thread
        Framer framer = Framers.resolve(options.getFraming(), getEndpoint().getCamelContext()).newFramer(options.getMaxFrameLength());
        startReader(kind + "-" + origin(), () -> readLoop(framer));
    }

    private void readLoop(Framer framer) {
        long delay = options.getReconnectDelay();
        boolean reportedDown = false;
        while (isRunAllowed() && !isStoppingOrStopped()) {
            Link link = null;
            try {
                link = open();
            } catch (IOException | RuntimeException e) {
                lastError = e.getMessage();
            }
            if (link != null) {
                connected = true;
                LOG.info("{}", opened());
                reportedDown = false;
                delay = options.getReconnectDelay();
                try {
                    read(link, framer);
                } finally {
                    link.close();
                }
                connected = false;
                framer.reset();
            }
            if (!isRunAllowed() || isStoppingOrStopped()) {
                break;
            }
            if (!reportedDown) {
                // one line per outage, not one per attempt
                LOG.warn("{}: {}; retrying with back-off up to {} ms", origin(), lastError, options.getMaxReconnectDelay());
                reportedDown = true;
            }
            sleep(delay);
            delay = Math.min(delay * 2, options.getMaxReconnectDelay());
        }
    }

    private void read(Link link, Framer framer) {
        byte[] buffer = new byte[4096];
        long opened = System.currentTimeMillis();
        int instantEmptyReads = 0;
        while (isRunAllowed() && !isStoppingOrStopped()) {
            long before = System.currentTimeMillis();
            int n;
            try {
                n = link.read(buffer);
            } catch (IOException e) {
                lastError = "gone (" + e.getMessage() + ")";
                return;
            }
            long now = System.currentTimeMillis();
            long silence = options.getSilenceTimeout();
            if (n == 0) {
                // silence is no frame, not no bytes: at a wrong baud rate bytes come but never a telegram
                if (silence > 0 && now - Math.max(opened, lastFrameMillis()) > silence) {
                    lastError = "no frame for " + silence + " ms";
                    return;
                }
                // a read that should have waited but returned at once, again and again, is a dead link: never spin
                instantEmptyReads = now - before < options.getReadTimeout() / 4 ? instantEmptyReads + 1 : 0;
                if (instantEmptyReads > 100) {
                    lastError = "stopped delivering (reads return at once)";
                    return;
                }
                continue;
            }
            instantEmptyReads = 0;
            try {
                framer.feed(buffer, 0, n, this);
            } catch (Exception e) {
                getExceptionHandler().handleException("Framing failed on " + origin(), e);
                framer.reset();
            }
            if (silence > 0 && now - Math.max(opened, lastFrameMillis()) > silence) {
                lastError = "bytes but no frame for " + silence + " ms: wrong baud rate or framing?";
                return;
            }
        }
    }

    private void sleep(long millis) {
        long until = System.currentTimeMillis() + millis;
        while (isRunAllowed() && !isStoppingOrStopped() && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(Math.min(100, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }

    /** Readiness only: a meter that is unplugged is not a reason to restart the gateway. */
    private final class LinkHealthCheck extends AbstractHealthCheck {

        LinkHealthCheck(String id) {
            super("camel", id);
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, java.util.Map<String, Object> ignored) {
            builder.detail(kind + ".link", origin());
            long last = lastFrameMillis();
            if (last > 0) {
                builder.detail(kind + ".last.frame.age.ms", System.currentTimeMillis() - last);
            }
            if (!connected) {
                builder.message(origin() + " not open: " + lastError).down();
                return;
            }
            long silence = options.getSilenceTimeout();
            if (silence > 0 && last > 0 && System.currentTimeMillis() - last > silence) {
                builder.message("No frame for more than " + silence + " ms").down();
                return;
            }
            builder.up();
        }
    }
}
