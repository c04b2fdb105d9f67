package io.meterbridge.serial;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** Reads frames from one serial port, reopening it when the device vanishes or goes silent. */
@UriEndpoint(firstVersion = "0.1.0", scheme = SerialConstants.SCHEME, title = "Serial port", syntax = "serial:port",
             consumerOnly = true, category = { Category.IOT })
public class SerialEndpoint extends DefaultEndpoint {

    /** The port: /dev/ttyUSB0, /dev/serial/by-id/..., COM3. */
    @UriPath
    @Metadata(required = true)
    private final String port;
    @UriParam
    private final SerialConfiguration configuration;

    SerialEndpoint(String uri, SerialComponent component, String port, SerialConfiguration configuration) {
        super(uri, component);
        this.port = port;
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new SerialProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SerialConsumer consumer = new SerialConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getPort() {
        return port;
    }

    public SerialConfiguration getConfiguration() {
        return configuration;
    }
}
