package io.meterbridge.serial;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one serial consumer: UP while the port is open and frames arrive within the silence timeout.
 * Camel's consumers health-check repository finds it through {@link org.apache.camel.health.HealthCheckAware}.
 */
final class SerialConsumerHealthCheck extends AbstractHealthCheck {

    private final SerialConsumer consumer;

    SerialConsumerHealthCheck(SerialConsumer consumer, String routeId) {
        super("camel", "serial-consumer:" + routeId);
        this.consumer = consumer;
    }

    @Override
    public boolean isLiveness() {
        return false; // a meter that is unplugged is not a reason to restart the gateway
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("serial.port", consumer.getEndpoint().getEndpointKey());
        long last = consumer.lastFrameMillis();
        if (last > 0) {
            builder.detail("serial.last.frame.age.ms", System.currentTimeMillis() - last);
        }
        if (!consumer.isConnected()) {
            builder.message("Serial port not open: " + consumer.lastError()).down();
            return;
        }
        long silence = consumer.configuration().getSilenceTimeout();
        if (silence > 0 && last > 0 && System.currentTimeMillis() - last > silence) {
            builder.message("No frame for more than " + silence + " ms").down();
            return;
        }
        builder.up();
    }
}
