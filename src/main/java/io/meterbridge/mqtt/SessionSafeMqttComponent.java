package io.meterbridge.mqtt;

import java.util.Map;

import javax.net.ssl.SSLContext;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Producer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import io.meterbridge.tls.PemTrustManagers;

/**
 * camel-paho-mqtt5 with three changes (Camel 4.17), bound as {@code paho-mqtt5} by {@link io.meterbridge.MeterbridgeMain}
 * so every route's URI stays the standard one:
 * <ul>
 * <li>a consumer's client has its message callback before it connects. Camel's consumer connects first and sets the
 *     callback after, and a broker delivers what it kept for a persistent session ({@code cleanStart=false}) right
 *     after the connection is accepted; what arrives in between finds no callback and Paho acknowledges and drops it
 *     (measured: the first 1 to 62 of 1000);</li>
 * <li>a tcp:// connection reads through a buffer ({@link BufferedSocketFactory});</li>
 * <li>a producer whose broker was down when it started connects when it next publishes. Camel's keeps the client of
 *     its failed first connect and never connects it again, so a relay started during an outage never published; and
 *     a stopped producer closes its client, which would otherwise go on reconnecting for the life of the JVM.</li>
 * </ul>
 */
// the name finds camel-paho-mqtt5's generated configurers, which set every URI option on this subclass's endpoints too
@org.apache.camel.spi.annotations.Component("paho-mqtt5")
public class SessionSafeMqttComponent extends PahoMqtt5Component {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SafeEndpoint endpoint = new SafeEndpoint(uri, remaining, this, getConfiguration().copy());
        endpoint.setClient(getClient());
        setProperties(endpoint, parameters);
        socketFactory(endpoint.getConfiguration());
        return endpoint;
    }

    /**
     * Unless the URI names one: a tcp:// broker is read through a buffer; an ssl:// broker with a certificate of its
     * own CA (mqtt.ca-file, PEM) is trusted through that CA. Each only for its scheme: Paho refuses a TLS socket
     * factory for a tcp:// broker.
     */
    private void socketFactory(PahoMqtt5Configuration configuration) throws Exception {
        String broker = configuration.getBrokerUrl();
        if (configuration.getSocketFactory() != null || broker == null) {
            return;
        }
        if (broker.startsWith("tcp://")) {
            configuration.setSocketFactory(new BufferedSocketFactory());
            return;
        }
        if (!broker.startsWith("ssl://")) {
            return;
        }
        String caFile = getCamelContext().resolvePropertyPlaceholders("{{?mqtt.ca-file}}");
        if (caFile == null || caFile.isBlank()) {
            return;
        }
        PemTrustManagers trust = new PemTrustManagers();
        trust.setCertificates(caFile.strip());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.createTrustManagers(), null);
        configuration.setSocketFactory(tls.getSocketFactory());
    }

    static final class SafeEndpoint extends PahoMqtt5Endpoint {

        SafeEndpoint(String uri, String topic, PahoMqtt5Component component, PahoMqtt5Configuration configuration) {
            super(uri, topic, component, configuration);
        }

        MqttConnectionOptions connectionOptions() {
            return createMqttConnectionOptions();
        }

        MqttClientPersistence persistence() {
            return createMqttClientPersistence(getConfiguration());
        }

        @Override
        public Producer createProducer() throws Exception {
            SafeProducer producer = new SafeProducer(this);
            producer.setClient(getClient());
            return producer;
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            SafeConsumer consumer = new SafeConsumer(this, processor);
            consumer.setClient(getClient());
            configureConsumer(consumer);
            return consumer;
        }
    }

    /** Connects before publishing when its client is not connected (never was, or Paho gave up reconnecting). */
    static final class SafeProducer extends PahoMqtt5Producer {

        SafeProducer(SafeEndpoint endpoint) {
            super(endpoint);
        }

        @Override
        protected void doStart() throws Exception {
            try {
                super.doStart();
            } catch (MqttException unreachable) {
                // the client exists, unconnected: process() connects it, and fails the exchange while it cannot
            }
        }

        @Override
        protected void doStop() throws Exception {
            MqttClient client = getClient();
            super.doStop(); // disconnects only a connected client, and forgets it
            if (client != null) {
                // a client that never connected, or lost its broker, would go on reconnecting in the background for
                // the life of the JVM (and, through Paho's shared back-off, slow every other client's reconnects)
                closeQuietly(client);
            }
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            MqttClient client = getClient();
            if (client != null && !client.isConnected()) {
                synchronized (this) {
                    if (!client.isConnected()) {
                        client.connect(((SafeEndpoint) getEndpoint()).connectionOptions());
                    }
                }
            }
            super.process(exchange);
        }
    }

    /** Connects its own client with a callback already in place, then lets the standard consumer take it from there. */
    static final class SafeConsumer extends PahoMqtt5Consumer {

        private MqttClient own;

        SafeConsumer(SafeEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        /**
         * Subscribes once the whole gateway has started: a persistent session's kept messages arrive at once, and one
         * that waits for a route not started yet (a Kamelet's, started after the routes that use it) holds Paho's
         * callback thread, then its receiver, and so the subscription itself: the start would never finish.
         */
        @Override
        protected void doStart() throws Exception {
            getEndpoint().getCamelContext().addStartupListener((context, alreadyStarted) -> {
                if (isRunAllowed()) {
                    subscribe();
                }
            });
        }

        private void subscribe() throws Exception {
            if (getClient() == null) {
                PahoMqtt5Configuration config = getEndpoint().getConfiguration();
                String clientId = config.getClientId() != null ? config.getClientId() : "meterbridge-" + java.util.UUID.randomUUID();
                own = new MqttClient(config.getBrokerUrl(), clientId, ((SafeEndpoint) getEndpoint()).persistence());
                own.setManualAcks(config.isManualAcksEnabled());
                own.setCallback(new SessionMessages());
                setClient(own);
                own.connect(((SafeEndpoint) getEndpoint()).connectionOptions());
            }
            // the standard consumer sees a connected client: it replaces the callback with its own and subscribes
            super.doStart();
        }

        @Override
        protected void doStop() throws Exception {
            super.doStop(); // leaves a client it did not create connected
            if (own != null) {
                if (own.isConnected()) {
                    if (getEndpoint().getConfiguration().isCleanStart()) {
                        own.unsubscribe(getEndpoint().getTopic());
                    }
                    own.disconnect();
                }
                closeQuietly(own);
                own = null;
            }
        }

        /** Until the standard callback replaces it: the session's kept messages, processed as the standard one does. */
        private final class SessionMessages implements MqttCallback {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Exchange exchange = createExchange(message, topic);
                AsyncCallback done = defaultConsumerCallback(exchange, true);
                getAsyncProcessor().process(exchange, done);
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // the standard callback, in place within milliseconds, handles the connection from here on
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // as above
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // a consumer publishes nothing
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // subscribing is the standard consumer's, right after this connect
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication in use
            }
        }
    }

    private static void closeQuietly(MqttClient client) {
        try {
            client.close(true);
        } catch (MqttException e) {
            // stopping: the client's threads end with the close that failed here or with the JVM
        }
    }
}
