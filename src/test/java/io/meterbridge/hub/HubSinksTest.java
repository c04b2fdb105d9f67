package io.meterbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The hub's hand-over to the sinks keeps the recipient list's promises without its copies for the last sink. */
class HubSinksTest {

    @Test
    void everySinkGetsTheMessageAsSentWhateverAnotherDidWithIt() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:changes").process(e -> seen.add("changes:" + e.getMessage().getBody())).setBody(constant("changed"));
                    from("direct:fails").errorHandler(noErrorHandler()).process(e -> seen.add("fails:" + e.getMessage().getBody()))
                            .throwException(new IllegalStateException("disk full"));
                    from("direct:last").process(e -> seen.add("last:" + e.getMessage().getBody()));
                    from("direct:hub").process("hubSinks");
                }
            });
            HubSinks sinks = new HubSinks(context, List.of("direct:changes", "direct:fails", "direct:last"));
            context.getRegistry().bind("hubSinks", sinks);
            context.addService(sinks);
            context.start();

            Exchange sent = context.createProducerTemplate().send("direct:hub", e -> e.getMessage().setBody("reading"));

            assertThat(seen).containsExactly("changes:reading", "fails:reading", "last:reading");
            assertThat(sent.getException()).as("the failing sink's exception is the message's, after every sink had it")
                    .hasMessage("disk full");
        }
    }

    @Test
    void noSinksIsNoFailure() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            HubSinks sinks = new HubSinks(context, List.of());
            context.addService(sinks);
            context.start();
            Exchange exchange = new org.apache.camel.support.DefaultExchange(context);
            sinks.process(exchange);
            assertThat(exchange.getException()).isNull();
        }
    }
}
