package io.meterbridge.hub;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.processor.SendProcessor;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The hub's last step: each message to every sink in hub.sinks, in their order. Every sink but the last gets a
 * copy (a sink may change the message it was given); the last gets the message itself, so the common case of one
 * sink copies nothing. Camel's recipient list copies the message for every sink and aggregates the copies again
 * afterwards: 15 % of the ingest thread with one sink (docs/BENCHMARKS.md). Like the recipient list, a failing
 * sink does not keep the message from the others; the first failure is the message's.
 */
public final class HubSinks extends AsyncProcessorSupport {

    private final List<String> uris;
    private final List<SendProcessor> sinks = new ArrayList<>();
    private final CamelContext context;

    public HubSinks(CamelContext context, List<String> uris) {
        this.context = context;
        this.uris = List.copyOf(uris);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        return send(exchange, 0, new Exception[1], callback, true);
    }

    // sinks from..last in turn; goes on in a sink's callback if that sink finished asynchronously
    private boolean send(Exchange exchange, int from, Exception[] failure, AsyncCallback callback, boolean sync) {
        for (int i = from; i < sinks.size(); i++) {
            int next = i + 1;
            Exchange target = next == sinks.size() ? exchange : exchange.copy();
            boolean doneSync = sinks.get(i).process(target, done -> {
                if (target != exchange && failure[0] == null) {
                    failure[0] = target.getException();
                }
                if (!done) {
                    send(exchange, next, failure, callback, false);
                }
            });
            if (!doneSync) {
                return false;
            }
        }
        if (failure[0] != null && exchange.getException() == null) {
            exchange.setException(failure[0]);
        }
        callback.done(sync);
        return sync;
    }

    @Override
    protected void doStart() throws Exception {
        for (String uri : uris) {
            sinks.add(new SendProcessor(context.getEndpoint(uri)));
        }
        ServiceHelper.startService(sinks);
    }

    @Override
    protected void doStop() {
        ServiceHelper.stopService(sinks);
        sinks.clear();
    }

}
