package io.meterbridge.serial;


import com.fazecast.jSerialComm.SerialPort;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.framing.FramedConsumer;
import io.meterbridge.framing.Framer;
import io.meterbridge.framing.Framers;

/**
 * Reads the port on one thread: open, read, cut frames, and on any failure close, wait with back-off and open
 * again. A device that vanishes (USB unplugged) and one that stays silent are both handled by reopening, so a
 * gateway on a Raspberry Pi recovers without a restart. Reads block with a timeout: the loop never spins.
 */
public class SerialConsumer extends FramedConsumer implements HealthCheckAware {

    private static final Logger LOG = LoggerFactory.getLogger(SerialConsumer.class);

    private final SerialEndpoint endpoint;
    private final SerialConfiguration config;
    private HealthCheck healthCheck;
    private volatile boolean connected;
    private volatile String lastError;

    SerialConsumer(SerialEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected String origin() {
        return endpoint.getPort();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (endpoint.getComponent() instanceof SerialComponent c && c.isHealthCheckConsumerEnabled()) {
            healthCheck = new SerialConsumerHealthCheck(this, getRouteId());
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // fail at start-up on a wrong option, not later on the reader thread
        Framer framer = Framers.resolve(config.getFraming(), endpoint.getCamelContext()).newFramer(config.getMaxFrameLength());
        SerialSettings.of(config);
        startReader("serial-" + endpoint.getPort(), () -> readLoop(framer));
    }

    private void readLoop(Framer framer) {
        long delay = config.getReconnectDelay();
        boolean reportedDown = false;
        while (isRunAllowed() && !isStoppingOrStopped()) {
            SerialPort port = open();
            if (port != null) {
                LOG.info("Serial port {} open at {}", endpoint.getPort(), SerialSettings.of(config));
                reportedDown = false;
                delay = config.getReconnectDelay();
                SerialComponent component = (SerialComponent) endpoint.getComponent();
                component.opened(endpoint.getPort(), port);
                try {
                    read(port, framer);
                } finally {
                    component.closed(endpoint.getPort(), port);
                    port.closePort();
                }
                connected = false;
                framer.reset();
            }
            if (!isRunAllowed() || isStoppingOrStopped()) {
                break;
            }
            if (!reportedDown) {
                // one line per outage, not one per attempt
                LOG.warn("Serial port {}: {}; retrying with back-off up to {} ms", endpoint.getPort(), lastError,
                        config.getMaxReconnectDelay());
                reportedDown = true;
            }
            sleep(delay);
            delay = Math.min(delay * 2, config.getMaxReconnectDelay());
        }
    }

    private SerialPort open() {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(endpoint.getPort());
        } catch (RuntimeException e) {
            lastError = "cannot open: " + e.getMessage();
            return null;
        }
        SerialSettings settings = SerialSettings.of(config);
        port.setComPortParameters(settings.baudRate(), settings.dataBits(), settings.stopBits(), settings.parity());
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, config.getReadTimeout(), 0);
        if (!port.openPort()) {
            lastError = "cannot open (error " + port.getLastErrorCode() + "): missing, or no permission (group dialout)";
            return null;
        }
        connected = true;
        return port;
    }

    private void read(SerialPort port, Framer framer) {
        byte[] buffer = new byte[4096];
        long opened = System.currentTimeMillis();
        int instantEmptyReads = 0;
        while (isRunAllowed() && !isStoppingOrStopped()) {
            long before = System.currentTimeMillis();
            int n = port.readBytes(buffer, buffer.length);
            long now = System.currentTimeMillis();
            if (n < 0) {
                lastError = "device gone (read error " + port.getLastErrorCode() + ")";
                return;
            }
            if (n == 0) {
                // silence is no frame, not no bytes: at a wrong baud rate bytes come but never a telegram
                if (config.getSilenceTimeout() > 0 && now - Math.max(opened, lastFrameMillis()) > config.getSilenceTimeout()) {
                    lastError = "no frame for " + config.getSilenceTimeout() + " ms";
                    return;
                }
                // a read that should have waited but returned at once, again and again, is a dead port: never spin
                instantEmptyReads = now - before < config.getReadTimeout() / 4 ? instantEmptyReads + 1 : 0;
                if (instantEmptyReads > 100 || !port.isOpen()) {
                    lastError = "port stopped delivering (reads return at once)";
                    return;
                }
                continue;
            }
            instantEmptyReads = 0;
            try {
                framer.feed(buffer, 0, n, this);
            } catch (Exception e) {
                getExceptionHandler().handleException("Framing failed on " + endpoint.getPort(), e);
                framer.reset();
            }
            if (config.getSilenceTimeout() > 0 && now - Math.max(opened, lastFrameMillis()) > config.getSilenceTimeout()) {
                lastError = "bytes but no frame for " + config.getSilenceTimeout() + " ms: wrong baud rate or framing?";
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

    boolean isConnected() {
        return connected;
    }

    String lastError() {
        return lastError;
    }

    SerialConfiguration configuration() {
        return config;
    }

    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }
}
