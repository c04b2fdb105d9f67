package io.meterbridge.http;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A handler put in front of every route of one of Camel's HTTP servers before any request is answered: when Camel
 * announces that it starts its routes, the servers listen and no route answers yet (no lifecycle callback comes
 * between the two; at "started" the servers had been answering unguarded).
 */
abstract class RouterGuard extends EventNotifierSupport implements CamelContextAware {

    private CamelContext context;

    RouterGuard() {
        // only the context's own start is of interest: no event per exchange, route or service
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreCamelContextInitEvents(true);
    }

    /** The server's router, or null when that server does not run. */
    abstract Router router(CamelContext context);

    abstract void guard(RoutingContext ctx);

    /** A bean from application.properties is bound after Camel collected its event notifiers: it adds itself. */
    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (context != camelContext) {
            context = camelContext;
            camelContext.getManagementStrategy().addEventNotifier(this);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Router router = router(context);
        if (router != null) {
            router.route().order(Integer.MIN_VALUE).handler(this::guard);
        }
    }
}
