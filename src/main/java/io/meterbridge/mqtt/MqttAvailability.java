package io.meterbridge.mqtt;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes "offline" on the availability topic when the gateway stops gracefully. The broker publishes the same
 * as the connection's last will only when the connection drops; a clean disconnect would leave Home Assistant
 * showing a stopped gateway's sensors as available.
 */
public class MqttAvailability extends EventNotifierSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(MqttAvailability.class);

    private CamelContext camelContext;
    private MqttPublisher publisher;

    public MqttAvailability() {
        // only the context stopping matters: without these Camel would make an event for every exchange
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }
    private String endpointUri = "{{mqtt.sink.uri}}";

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (publisher == null || !publisher.isOnline()) {
            return; // never connected: nothing to take back
        }
        try {
            Exchange sent = camelContext.createProducerTemplate().send(endpointUri, exchange -> {
                exchange.getMessage().setHeader("CamelPahoMqtt5OverrideTopic", publisher.availabilityTopic());
                exchange.getMessage().setHeader("CamelPahoMqtt5Retained", true);
                exchange.getMessage().setBody("offline");
            });
            if (sent.getException() != null) {
                LOG.warn("Could not publish offline on {}: {}", publisher.availabilityTopic(), sent.getException().getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not publish offline on {}: {}", publisher.availabilityTopic(), e.getMessage());
        }
    }

    /** Camel injects the context into beans from application.properties; the notifier signs itself up then. */
    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (!camelContext.getManagementStrategy().getEventNotifiers().contains(this)) {
            camelContext.getManagementStrategy().addEventNotifier(this);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    public void setPublisher(MqttPublisher publisher) {
        this.publisher = publisher;
    }

    /** The sink's producer endpoint, so "offline" goes over the same connection as everything else. */
    public void setEndpointUri(String endpointUri) {
        this.endpointUri = endpointUri;
    }
}
