package io.meterbridge.spool;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * A sink's spool: as a producer it appends the readings (or frames) in the body; as a consumer it hands each sealed
 * batch, oldest first, to its route, which delivers it. The body is what the spool's format reads back: the readings
 * of JSON lines, the frames of Base64 lines (both lists), or the text of the sink's own wire format (line protocol).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "spool", title = "Spooled delivery", syntax = "spool:name",
             category = { Category.FILE })
public class SpoolEndpoint extends DefaultEndpoint {

    /** The Spool bean: its directory, batching and bound. */
    @UriPath
    @Metadata(required = true)
    private final String name;
    /** What the sink makes of a failed delivery (a {@link DeliveryFailure} bean); without it every failure is retried. */
    @UriParam(label = "consumer")
    private DeliveryFailure failures;
    /** How often an empty spool is looked at again, in ms. */
    @UriParam(label = "consumer", defaultValue = "100")
    private long delay = 100;

    private final Spool spool;

    SpoolEndpoint(String uri, SpoolComponent component, String name, Spool spool) {
        super(uri, component);
        this.name = name;
        this.spool = spool;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(org.apache.camel.Exchange exchange) throws Exception {
                spool.append(exchange);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SpoolConsumer consumer = new SpoolConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    Spool spool() {
        return spool;
    }

    public String getName() {
        return name;
    }

    public DeliveryFailure getFailures() {
        return failures;
    }

    public void setFailures(DeliveryFailure failures) {
        this.failures = failures;
    }

    public long getDelay() {
        return delay;
    }

    public void setDelay(long delay) {
        this.delay = delay;
    }
}
