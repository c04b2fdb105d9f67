package io.meterbridge.framing;

import java.util.concurrent.ExecutorService;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * A consumer that reads a byte stream on its own thread and hands each frame its {@link Framer} cuts out to the
 * route as one exchange, synchronously, so a slow route slows the reader instead of filling a queue.
 */
public abstract class FramedConsumer extends DefaultConsumer implements FrameSink {

    private volatile long lastFrameMillis;
    private ExecutorService executor;

    protected FramedConsumer(Endpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    /** Where the bytes come from, for the origin header and log lines. */
    protected abstract String origin();

    /** Runs the reading loop on one thread from Camel's executor manager, stopped with the consumer. */
    protected void startReader(String threadName, Runnable loop) {
        executor = getEndpoint().getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, threadName);
        executor.submit(loop);
    }

    @Override
    protected void doStop() throws Exception {
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        super.doStop();
    }

    @Override
    public void frame(Frame frame) {
        lastFrameMillis = System.currentTimeMillis();
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(frame.bytes());
            exchange.getMessage().setHeader(FramingConstants.FRAME_STATUS, frame.status());
            exchange.getMessage().setHeader(FramingConstants.FRAME_ORIGIN, origin());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing a frame from " + origin(), exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    /** When the last frame arrived (epoch millis), 0 if none yet. */
    public long lastFrameMillis() {
        return lastFrameMillis;
    }
}
