package io.meterbridge.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;
import io.meterbridge.reading.ReadingJson;

/**
 * Readings as Kafka records and back: one JSON record per reading, keyed by its meter, so that one meter's readings
 * stay in order on one partition whichever edge sent them and whichever central gateway reads them.
 */
public class KafkaRecords {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecords.class);

    /** A spooled batch as the records camel-kafka sends together (it waits for all of them before the batch is done). */
    public List<Message> records(List<Reading> readings, Exchange exchange) throws JsonProcessingException {
        List<Message> records = new ArrayList<>(readings.size());
        for (Reading reading : readings) {
            Message record = new DefaultMessage(exchange);
            record.setHeader(KafkaConstants.KEY, reading.tag(Fields.TAG_METER) == null ? "" : reading.tag(Fields.TAG_METER));
            record.setBody(Json.MAPPER.writeValueAsString(reading));
            records.add(record);
        }
        return records;
    }

    /**
     * The readings of a batch of records (camel-kafka's batching consumer: one exchange per record), in their order. A
     * record that is no reading is left out and said (with its partition and offset), so that one bad record is passed
     * over, its offset committed with the batch's, instead of stopping its partition for ever.
     */
    public List<Reading> readings(List<Exchange> records) {
        List<Reading> readings = new ArrayList<>(records.size());
        for (Exchange record : records) {
            Message message = record.getMessage();
            try {
                readings.add(ReadingJson.parse(Json.MAPPER.readTree(message.getBody(String.class))));
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.warn("Kafka record {}/{} at offset {} is no reading, passed over: {}", message.getHeader(KafkaConstants.TOPIC),
                        message.getHeader(KafkaConstants.PARTITION), message.getHeader(KafkaConstants.OFFSET),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return readings;
    }
}
