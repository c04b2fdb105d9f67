package io.meterbridge.mqtt;

/** One message for the MQTT sink to publish: where, what, and whether the broker keeps it for new subscribers. */
public record MqttMessage(String topic, byte[] payload, boolean retained) {
}
