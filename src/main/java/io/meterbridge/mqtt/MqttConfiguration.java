package io.meterbridge.mqtt;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;
import io.meterbridge.spool.Spools;

/** The MQTT sink: its spool, the publisher (topics, Home Assistant discovery) and the availability topic. */
public class MqttConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        Spools.bind(context, "mqttSpool", "MQTT", "mqtt", null);
        MqttPublisher publisher = new MqttPublisher();
        publisher.setTopicPattern(settings.text("mqtt.topic-pattern"));
        publisher.setFieldTopics(settings.flag("mqtt.field-topics"));
        publisher.setDiscovery(settings.flag("mqtt.discovery"));
        publisher.setDiscoveryPrefix(settings.text("mqtt.discovery-prefix"));
        publisher.setAvailabilityTopic(settings.text("mqtt.availability-topic"));
        publisher.setExpireAfter(settings.whole("mqtt.expire-after", 0, 7 * 86_400));
        if (settings.choice("mqtt.layout", "meterbridge", "dsmr-reader").equals("dsmr-reader")) {
            publisher.setDsmrReaderPrefix(settings.text("mqtt.dsmr-reader-prefix"));
        }
        Beans.bind(context, "mqttPublisher", publisher);
        MqttAvailability availability = new MqttAvailability();
        availability.setPublisher(publisher);
        Beans.bind(context, "mqttAvailability", availability);
        Beans.bind(context, "mqttThrottle", new MqttThrottle());
        // the shipped sink route hands it to its Kamelet; checked here so a wrong value stops the start
        settings.whole("mqtt.interval", 0L, 3_600_000L);
    }
}
