package io.meterbridge.spool;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

import io.meterbridge.spool.DeliveryFailure.Refusal;

/**
 * Delivers a spool's sealed batches one at a time, oldest first, on one thread: a batch is deleted only once its
 * route delivered it or the server refused it for good; while delivery fails it stays and is tried again after a
 * back-off on this same thread, so nothing newer overtakes it, also across restarts.
 */
final class SpoolConsumer extends DefaultConsumer {

    private static final long PAUSE_STEP_MILLIS = 100;

    private final SpoolEndpoint endpoint;
    private final Spool spool;
    private ExecutorService executor;

    SpoolConsumer(SpoolEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.spool = endpoint.spool();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        executor = getEndpoint().getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this,
                "spool-" + endpoint.getName());
        executor.submit(this::deliverAll);
    }

    @Override
    protected void doStop() throws Exception {
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        super.doStop();
    }

    private void deliverAll() {
        while (isRunAllowed() && !Thread.currentThread().isInterrupted()) {
            try {
                Path oldest = spool.oldest();
                if (oldest == null) {
                    pause(endpoint.getDelay());
                } else {
                    deliver(oldest);
                }
            } catch (NoSuchFileException dropped) {
                // the bound dropped it meanwhile: the next is the oldest now
            } catch (Exception e) {
                getExceptionHandler().handleException("Spool of " + spool.getName() + ": cannot read the oldest batch", e);
                pause(endpoint.getDelay());
            }
        }
    }

    private void deliver(Path file) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            exchange.setProperty(Spool.DELIVERY, spool.getName());
            if (!spool.take(file, exchange)) {
                return; // quarantined
            }
            exchange.getMessage().setBody(spool.read(exchange));
            getProcessor().process(exchange);
            Exception failure = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            if (failure == null) {
                spool.delivered(exchange);
                Files.deleteIfExists(file);
                return;
            }
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
            DeliveryFailure failures = endpoint.getFailures();
            if (failures != null && failures.tooLarge(exchange, failure) && spool.split(file)) {
                return; // its halves are the oldest now
            }
            Refusal refusal = failures == null ? null : failures.refusal(exchange, failure);
            if (refusal != null) {
                exchange.setProperty(Spool.REFUSED, refusal.readings());
                exchange.setProperty(Spool.REASON, refusal.reason());
                spool.refused(exchange);
                Files.deleteIfExists(file);
            } else {
                // the file stays: the next turn takes it again, as the oldest, after the back-off
                String why = failures == null ? null : failures.why(exchange, failure);
                pause(Math.max(spool.retrying(exchange, why), failures == null ? 0 : failures.retryAfterMillis(exchange, failure)));
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** Waits, in short steps so that a stop does not wait for a long back-off. */
    private void pause(long millis) {
        try {
            for (long left = millis; left > 0 && isRunAllowed(); left -= PAUSE_STEP_MILLIS) {
                Thread.sleep(Math.min(left, PAUSE_STEP_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SpoolConsumer[" + spool.getName() + "]";
    }
}
