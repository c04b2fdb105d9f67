package io.meterbridge.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;
import io.meterbridge.spool.DeliveryFailure;

/**
 * What the MQTT sink publishes for a reading (meterbridge/routes/sinks-mqtt.camel.yaml in the jar): the reading as one JSON message on
 * {@code topicPattern}; optionally each field alone on {@code <topic>/<field>}; and, the first time a meter, a
 * measurement or a field is seen since start, the retained Home Assistant discovery configs and the retained
 * "online" on the availability topic, whose "offline" the broker publishes as the connection's last will.
 */
public class MqttPublisher implements DeliveryFailure {

    private String topicPattern = "meterbridge/{meter}/{measurement}";
    private boolean fieldTopics;
    private boolean discovery = true;
    private int expireAfter;
    /** With DSMR-reader's layout: its topic prefix (dsmr); null for meterbridge's own. */
    private String dsmrReaderPrefix;
    private String discoveryPrefix = "homeassistant";
    private String availabilityTopic = "meterbridge/status";
    private final Set<String> announced = new HashSet<>();
    private boolean online;

    /** Exchange property: the topic pattern of this sink, when it is not the publisher's (a second MQTT sink). */
    public static final String TOPIC_PATTERN = "MeterbridgeTopicPattern";

    /** Exchange property: false for a sink that announces nothing to Home Assistant (a second one, for other tools). */
    public static final String DISCOVERY = "MeterbridgeDiscovery";

    /** Replaces the body (a Reading) with the List of MqttMessage to publish, in order. */
    public synchronized void toMessages(Exchange exchange) throws InvalidPayloadException, JsonProcessingException {
        Reading reading = exchange.getMessage().getMandatoryBody(Reading.class);
        if (dsmrReaderPrefix != null) {
            exchange.getMessage().setBody(DsmrReaderTopics.of(reading, dsmrReaderPrefix));
            return;
        }
        String topic = topic(reading, exchange.getProperty(TOPIC_PATTERN, topicPattern, String.class));
        List<MqttMessage> messages = new ArrayList<>(2);
        if (discovery && exchange.getProperty(DISCOVERY, true, Boolean.class)) {
            if (!online) {
                messages.add(new MqttMessage(availabilityTopic, "online".getBytes(StandardCharsets.US_ASCII), true));
                online = true;
            }
            for (String field : reading.fields().keySet()) {
                // per topic: a sink that publishes the same field elsewhere announces its own state topic
                String key = topic + "/" + field;
                if (announced.add(key)) {
                    messages.add(discoveryConfig(reading, field, topic));
                }
            }
        }
        messages.add(new MqttMessage(topic, Json.MAPPER.writeValueAsBytes(reading), false));
        if (fieldTopics) {
            for (Map.Entry<String, Object> field : reading.fields().entrySet()) {
                messages.add(new MqttMessage(topic + "/" + field.getKey(),
                        field.getValue().toString().getBytes(StandardCharsets.UTF_8), false));
            }
        }
        exchange.getMessage().setBody(messages);
    }

    /**
     * After a failed delivery: whatever was announced may not have reached the broker, so the next delivery
     * announces again. Retained configs are idempotent; Home Assistant takes a repeat as an update.
     */
    public synchronized void forgetAnnouncements() {
        announced.clear();
        online = false;
    }

    /** A broker that failed a delivery refuses nothing for good: the batch is published again, announced again. */
    @Override
    public Refusal refusal(Exchange exchange, Exception failure) {
        forgetAnnouncements();
        return null;
    }

    /** Whether "online" has been published, so "offline" is owed at shutdown. */
    public synchronized boolean isOnline() {
        return online;
    }

    public String availabilityTopic() {
        return availabilityTopic;
    }

    String topic(Reading reading) {
        return topic(reading, topicPattern);
    }

    private static String topic(Reading reading, String topicPattern) {
        return topicPattern.replace("{meter}", segment(reading.tag(Fields.TAG_METER)))
                .replace("{measurement}", segment(reading.measurement()))
                .replace("{source}", segment(reading.tag(Fields.TAG_SOURCE)));
    }

    /** A topic segment: no level separator or wildcard may come from a meter's id. */
    private static String segment(String text) {
        return text == null ? "unknown" : text.replaceAll("[/+#\\u0000]", "_");
    }

    /** An id Home Assistant accepts in entity ids and discovery topics. */
    private static String id(String text) {
        return text == null ? "unknown" : text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private MqttMessage discoveryConfig(Reading reading, String field, String stateTopic) throws JsonProcessingException {
        String meter = reading.tag(Fields.TAG_METER);
        String objectId = id("meterbridge_" + meter + "_" + reading.measurement() + "_" + field);
        HomeAssistantSensor sensor = HomeAssistantSensor.of(reading.measurement(), field);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", field.replace('_', ' '));
        config.put("unique_id", objectId);
        config.put("default_entity_id", "sensor." + objectId);
        config.put("state_topic", stateTopic);
        // a message without the field (a phase a meter does not report this time) keeps the sensor's state instead of
        // an "undefined" warning in Home Assistant's log and an unknown state
        config.put("value_template", "{{ value_json.fields." + field + " | default(this.state) }}");
        if (sensor.deviceClass() != null) {
            config.put("device_class", sensor.deviceClass());
        }
        if (sensor.stateClass() != null) {
            config.put("state_class", sensor.stateClass());
        }
        if (sensor.lastReset() != null) {
            config.put("last_reset_value_template", sensor.lastReset());
        } else if (expireAfter > 0) {
            // a meter gone silent shows as unavailable instead of its last value for ever; not for interval amounts,
            // which come in batches far apart (a day of Green Button data at a time)
            config.put("expire_after", expireAfter);
        }
        if (sensor.unit() != null) {
            config.put("unit_of_measurement", sensor.unit().replace(HomeAssistantSensor.CURRENCY, String.valueOf(reading.tag("currency"))));
        }
        config.put("availability_topic", availabilityTopic);
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("identifiers", List.of(id("meterbridge_" + meter + "_" + reading.measurement())));
        device.put("name", reading.measurement() + " meter " + meter);
        device.put("manufacturer", "meterbridge");
        device.put("model", reading.tag(Fields.TAG_SOURCE));
        config.put("device", device);
        String topic = discoveryPrefix + "/sensor/" + id("meterbridge_" + meter) + "/" + id(reading.measurement() + "_" + field) + "/config";
        return new MqttMessage(topic, Json.MAPPER.writeValueAsBytes(config), true);
    }

    /**
     * DSMR-reader's split topic layout under this prefix (dsmr) instead of a JSON message per reading with discovery:
     * for a Home Assistant set up for DSMR-reader; null for meterbridge's own layout.
     */
    public void setDsmrReaderPrefix(String prefix) {
        this.dsmrReaderPrefix = prefix;
    }

    /** Seconds after its last value that Home Assistant shows a sensor as unavailable; 0 for never. */
    public void setExpireAfter(int expireAfter) {
        this.expireAfter = expireAfter;
    }

    /** The topic of each reading; {meter}, {measurement} and {source} are filled in. */
    public void setTopicPattern(String topicPattern) {
        this.topicPattern = topicPattern;
    }

    /** Also publish each field alone, as plain text, on {@code <topic>/<field>}. */
    public void setFieldTopics(boolean fieldTopics) {
        this.fieldTopics = fieldTopics;
    }

    /** Publish Home Assistant discovery configs and availability. */
    public void setDiscovery(boolean discovery) {
        this.discovery = discovery;
    }

    public void setDiscoveryPrefix(String discoveryPrefix) {
        this.discoveryPrefix = discoveryPrefix;
    }

    /** Where "online" is published retained; the same topic must be the connection's last will with "offline". */
    public void setAvailabilityTopic(String availabilityTopic) {
        this.availabilityTopic = availabilityTopic;
    }
}
