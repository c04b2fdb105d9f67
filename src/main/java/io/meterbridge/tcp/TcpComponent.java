package io.meterbridge.tcp;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code tcp:} component: framed data from a TCP server that serves a meter's raw stream (a P1 network dongle,
 * ser2net in raw mode), read as a serial port is: {@code tcp:192.168.1.50:23}.
 */
@Component("tcp")
public class TcpComponent extends HealthCheckComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int colon = remaining.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(remaining.substring(colon + 1));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("tcp: needs a host and a port, for example tcp:192.168.1.50:23 (not " + remaining + ")");
        }
        TcpConfiguration configuration = new TcpConfiguration();
        setProperties(configuration, parameters);
        return new TcpEndpoint(uri, this, remaining.substring(0, colon).replaceAll("^//", ""), port, configuration);
    }
}
