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
import org.apache.camel.support.service.ServiceHelper;

/**
 * A sink's spool: as a producer it appends the readings (or frames) in the body; as a consumer it hands each sealed
 * batch, oldest first, to its route, which delivers it. The body is what the spool's format reads back: the readings
 * of JSON lines, the frames of Base64 lines (both lists), or the text of the sink's own wire format (line protocol).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "spool", title = "Spooled delivery", syntax = "spool:name",
             category = { Category.FILE })
public class SpoolEndpoint extends DefaultEndpoint {

    /** The spool: a Spool bean of that name, or one in spool.directory/name. */
    @UriPath
    @Metadata(required = true)
    private final String name;
    /** A batch is sealed for delivery once it holds this many readings (default: the Spool bean's, or 1000). */
    @UriParam(label = "producer")
    private Integer batchSize;
    /** ... or once its first reading is this many ms old (default: the Spool bean's, or 1000). */
    @UriParam(label = "producer")
    private Long batchInterval;
    /** How readings are kept on disk (default JSON lines; a sink's own wire format, e.g. line protocol). */
    @UriParam(label = "producer")
    private SpoolFormat format;
    /**
     * Where each sealed batch goes, for a spool that delivers by itself (a sink Kamelet): the endpoint is called with
     * the batch as a {@code from: spool:} route would be, and its failure handled the same way.
     */
    @UriParam(label = "producer")
    private String deliverTo;
    /** What the sink makes of a failed delivery (a {@link DeliveryFailure} bean); without it every failure is retried. */
    @UriParam(label = "consumer")
    private DeliveryFailure failures;
    /** How often an empty spool is looked at again, in ms. */
    @UriParam(label = "consumer", defaultValue = "100")
    private long delay = 100;

    private final Spool spool;
    private org.apache.camel.Endpoint deliveryEndpoint;
    private Producer delivery;
    private SpoolConsumer deliveryConsumer;

    SpoolEndpoint(String uri, SpoolComponent component, String name, Spool spool) {
        super(uri, component);
        this.name = name;
        this.spool = spool;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (deliverTo != null) {
            // made now, while the route that uses this spool is made: a Kamelet gets its route only then
            deliveryEndpoint = getCamelContext().getEndpoint(deliverTo);
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (batchSize != null) {
            spool.setBatchSize(batchSize);
        }
        if (batchInterval != null) {
            spool.setBatchInterval(batchInterval);
        }
        if (format != null) {
            spool.setFormat(format);
        }
        if (deliverTo != null) {
            // once Camel has started: a Kamelet endpoint made while it starts gets its route only after that
            getCamelContext().addStartupListener((context, alreadyStarted) -> startDelivery());
        }
    }

    private synchronized void startDelivery() throws Exception {
        if (delivery == null && isStarted()) {
            delivery = deliveryEndpoint.createAsyncProducer();
            deliveryConsumer = new SpoolConsumer(this, delivery);
            ServiceHelper.startService(delivery, deliveryConsumer);
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        ServiceHelper.stopService(deliveryConsumer, delivery);
        deliveryConsumer = null;
        delivery = null;
        super.doStop();
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

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Long getBatchInterval() {
        return batchInterval;
    }

    public void setBatchInterval(Long batchInterval) {
        this.batchInterval = batchInterval;
    }

    public SpoolFormat getFormat() {
        return format;
    }

    public void setFormat(SpoolFormat format) {
        this.format = format;
    }

    public String getDeliverTo() {
        return deliverTo;
    }

    public void setDeliverTo(String deliverTo) {
        this.deliverTo = deliverTo;
    }
}
