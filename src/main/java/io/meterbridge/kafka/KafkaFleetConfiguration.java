package io.meterbridge.kafka;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;

/** The parts the Kafka Kamelets use: readings as records and back, and the commit after delivery. */
public class KafkaFleetConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Beans.bind(context, "kafkaRecords", new KafkaRecords());
        Beans.bind(context, "kafkaCommit", new OffsetCommit());
    }
}
