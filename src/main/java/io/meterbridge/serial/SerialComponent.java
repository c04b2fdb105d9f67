package io.meterbridge.serial;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** The {@code serial:} component: reads framed data from a serial port (a P1 cable, an EMU-2, a gateway UART). */
@Component(SerialConstants.SCHEME)
public class SerialComponent extends HealthCheckComponent {

    /** Defaults for every serial endpoint; each endpoint's URI options override them. */
    @Metadata
    private SerialConfiguration configuration = new SerialConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining.isBlank()) {
            throw new IllegalArgumentException("serial: needs a port, for example serial:/dev/ttyUSB0");
        }
        SerialConfiguration endpointConfiguration = configuration.copy();
        setProperties(endpointConfiguration, parameters);
        SerialEndpoint endpoint = new SerialEndpoint(uri, this, remaining, endpointConfiguration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public SerialConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SerialConfiguration configuration) {
        this.configuration = configuration;
    }
}
