package io.meterbridge.spool;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code spool:} component: durable, ordered delivery for every network sink. {@code to: spool:<bean>} writes
 * readings to that {@link Spool} on disk before the route goes on; {@code from: spool:<bean>} delivers its batches,
 * oldest first, through the route that follows, retrying with back-off until the server takes each one.
 */
@Component("spool")
public class SpoolComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining.isBlank()) {
            throw new IllegalArgumentException("spool: needs the name of a Spool bean, for example spool:influxSpool");
        }
        Spool spool = getCamelContext().getRegistry().lookupByNameAndType(remaining, Spool.class);
        if (spool == null) {
            throw new IllegalArgumentException("spool:" + remaining + ": no Spool bean of that name");
        }
        SpoolEndpoint endpoint = new SpoolEndpoint(uri, this, remaining, spool);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
