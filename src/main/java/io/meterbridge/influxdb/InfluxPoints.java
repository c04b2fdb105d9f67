package io.meterbridge.influxdb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;

import io.meterbridge.reading.Reading;

/**
 * Readings as InfluxDB points, one to one: measurement, tags, fields (floats, integers, strings) and the meter's
 * time in milliseconds. influxdb-java writes them as line protocol to the v1 /write API, which InfluxDB 1.x,
 * 2.x and 3.x accept, and does the escaping of names and strings.
 */
public class InfluxPoints {

    private String database = "meterbridge";
    private String retentionPolicy;

    public BatchPoints toBatch(List<Reading> readings) {
        BatchPoints.Builder batch = BatchPoints.database(database);
        if (retentionPolicy != null && !retentionPolicy.isBlank()) {
            batch.retentionPolicy(retentionPolicy);
        }
        for (Reading reading : readings) {
            Point.Builder point = Point.measurement(reading.measurement())
                    .time(reading.time().toEpochMilli(), TimeUnit.MILLISECONDS)
                    .tag(reading.tags());
            for (Map.Entry<String, Object> field : reading.fields().entrySet()) {
                Object value = field.getValue();
                if (value instanceof Double d) {
                    point.addField(field.getKey(), d.doubleValue());
                } else if (value instanceof Long l) {
                    point.addField(field.getKey(), l.longValue());
                } else {
                    point.addField(field.getKey(), value.toString());
                }
            }
            batch.point(point.build());
        }
        return batch.build();
    }

    /**
     * Whether InfluxDB refused the batch for good (unparsable, a field type conflict, outside the retention
     * policy): retrying would never succeed. A connection error or a 5xx is worth a retry, and so is a database
     * that does not exist yet: the readings wait in the spool until the user creates it.
     */
    public boolean refusedForGood(Exchange exchange) {
        Throwable e = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (; e != null; e = e.getCause()) {
            if (e instanceof InfluxDBException.DatabaseNotFoundException) {
                return false;
            }
            if (e instanceof InfluxDBException influx) {
                return !influx.isRetryWorth();
            }
        }
        return false;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public void setRetentionPolicy(String retentionPolicy) {
        this.retentionPolicy = retentionPolicy;
    }
}
