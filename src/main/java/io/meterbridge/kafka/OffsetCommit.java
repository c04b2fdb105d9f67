package io.meterbridge.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits a record's offset once the route has handed its reading to every sink (each has it on disk in its spool,
 * or stored): a central gateway killed before this step gets the record again, never loses it; the sinks store a
 * reading delivered twice once (InfluxDB by series and time, the store and the files by meter and time).
 */
public class OffsetCommit implements Processor {

    @Override
    public void process(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }
}
