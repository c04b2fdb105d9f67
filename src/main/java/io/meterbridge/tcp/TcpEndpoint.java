package io.meterbridge.tcp;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * As a consumer, reads frames from one TCP server, connecting again when it closes the connection or goes silent;
 * as a producer, serves the raw stream to every client that connects.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "tcp", title = "TCP stream", syntax = "tcp:host:port",
             category = { Category.NETWORKING, Category.IOT })
public class TcpEndpoint extends DefaultEndpoint {

    /** The server's name or address. */
    @UriPath
    @Metadata(required = true)
    private final String host;
    /** Its port: often 23 (ser2net, many dongles) or 8088. */
    @UriPath
    @Metadata(required = true)
    private final int port;
    @UriParam
    private final TcpConfiguration configuration;

    TcpEndpoint(String uri, TcpComponent component, String host, int port, TcpConfiguration configuration) {
        super(uri, component);
        this.host = host;
        this.port = port;
        this.configuration = configuration;
    }

    /** As a producer: serves what it is given to every client that connects to host:port (0.0.0.0 for all). */
    @Override
    public Producer createProducer() {
        return new TcpFanOut(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        TcpConsumer consumer = new TcpConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getHost() {
        return host;
    }

    public int getPort() {
        return port;
    }

    public TcpConfiguration getConfiguration() {
        return configuration;
    }
}
