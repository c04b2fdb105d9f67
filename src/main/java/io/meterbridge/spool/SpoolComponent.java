package io.meterbridge.spool;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code spool:} component: durable, ordered delivery for every network sink. {@code to: spool:<name>} writes
 * readings to that spool on disk before the route goes on; {@code from: spool:<name>} (or the producer's
 * {@code deliverTo}) delivers its batches, oldest first, retrying with back-off until the server takes each one.
 * The spool is the Spool bean of that name, or else one this component makes in spool.directory/&lt;name&gt;, with
 * its health check sink-&lt;name&gt;, so a sink a user adds in a route needs no bean.
 */
@Component("spool")
public class SpoolComponent extends DefaultComponent {

    private final Map<String, Spool> made = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!remaining.matches("[A-Za-z0-9][\\w-]*")) {
            throw new IllegalArgumentException("spool: needs a name of letters, digits, - and _, for example spool:influxdb-2");
        }
        Spool spool = getCamelContext().getRegistry().lookupByNameAndType(remaining, Spool.class);
        if (spool == null) {
            spool = made.computeIfAbsent(remaining, this::make);
        }
        SpoolEndpoint endpoint = new SpoolEndpoint(uri, this, remaining, spool);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    private Spool make(String name) {
        return Spools.make(getCamelContext(), name, name);
    }
}
