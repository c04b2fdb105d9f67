package io.meterbridge.replay;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** The {@code replay:} component: feeds a captured log through the same framing as a live serial port. */
@Component("replay")
public class ReplayComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining.isBlank()) {
            throw new IllegalArgumentException("replay: needs a file, for example replay:demo/p1-capture.log");
        }
        ReplayEndpoint endpoint = new ReplayEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
