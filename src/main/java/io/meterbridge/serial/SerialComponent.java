package io.meterbridge.serial;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fazecast.jSerialComm.SerialPort;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code serial:} component: reads framed data from a serial port (a P1 cable, an EMU-2, a gateway UART), and
 * writes commands to a port a consumer has open (an EMU-2's requests).
 */
@Component(SerialConstants.SCHEME)
public class SerialComponent extends HealthCheckComponent {

    /** Defaults for every serial endpoint; each endpoint's URI options override them. */
    @Metadata
    private SerialConfiguration configuration = new SerialConfiguration();

    // ports the consumers hold open, by device path: a producer writes to the same open port (a device answers on
    // the line it is asked on), whatever options its own URI has
    private final Map<String, SerialPort> openPorts = new ConcurrentHashMap<>();

    void opened(String device, SerialPort port) {
        openPorts.put(device, port);
    }

    void closed(String device, SerialPort port) {
        openPorts.remove(device, port);
    }

    SerialPort openPort(String device) {
        return openPorts.get(device);
    }

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
