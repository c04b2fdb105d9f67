package io.meterbridge.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits a batch's offsets once the route has handed its readings to every sink (each has them on disk in its
 * spool, or stored): a central gateway killed before this step gets the records again, never loses them; the sinks
 * store a reading delivered twice once (InfluxDB by series and time, the store and the files by meter and time).
 * The batch's records are the exchange property {@value #RECORDS}, set before their readings replaced the body.
 */
public class OffsetCommit implements Processor {

    public static final String RECORDS = "MeterbridgeKafkaRecords";

    @Override
    public void process(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Exchange> records = exchange.getProperty(RECORDS, List.class);
        // the newest record of each partition: committing it commits the partition's records before it, in one call
        Map<Object, KafkaManualCommit> newest = new LinkedHashMap<>();
        for (Exchange record : records) {
            KafkaManualCommit commit = record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit != null) {
                newest.put(record.getMessage().getHeader(KafkaConstants.PARTITION), commit);
            }
        }
        newest.values().forEach(KafkaManualCommit::commit);
    }
}
