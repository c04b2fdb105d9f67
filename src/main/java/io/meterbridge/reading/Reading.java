package io.meterbridge.reading;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The one record every source produces and every sink consumes. It maps one-to-one onto an InfluxDB
 * point: a measurement, tags that identify the series, fields that carry the values, and a time.
 * Field names come from {@link Fields}; values are {@link Double}, {@link Long} or {@link String}.
 */
@JsonPropertyOrder({ "time", "measurement", "tags", "fields" })
public final class Reading {

    private final String measurement;
    private final Map<String, String> tags;
    private final Map<String, Object> fields;
    private final Instant time;

    private Reading(String measurement, Map<String, String> tags, Map<String, Object> fields, Instant time) {
        this.measurement = measurement;
        this.tags = Collections.unmodifiableMap(tags);
        this.fields = Collections.unmodifiableMap(fields);
        this.time = time;
    }

    public static Builder builder(String measurement) {
        return new Builder(measurement);
    }

    /**
     * A reading over maps the caller hands over and never changes again: no copy, for sources that build their
     * field map once per message anyway. Tags must already be in name order (a sorted map or a single entry).
     */
    public static Reading of(String measurement, Map<String, String> tags, Map<String, Object> fields, Instant time) {
        return new Reading(Objects.requireNonNull(measurement, "measurement"), tags, fields, Objects.requireNonNull(time, "time"));
    }

    @JsonProperty
    public String measurement() {
        return measurement;
    }

    /** Tags in name order, so that equal series always print the same. */
    @JsonProperty
    public Map<String, String> tags() {
        return tags;
    }

    public String tag(String name) {
        return tags.get(name);
    }

    /** Fields in the order the source produced them. */
    @JsonProperty
    public Map<String, Object> fields() {
        return fields;
    }

    public Object field(String name) {
        return fields.get(name);
    }

    @JsonIgnore
    public Instant time() {
        return time;
    }

    @JsonProperty("time")
    String timeText() {
        return time.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reading r && measurement.equals(r.measurement) && tags.equals(r.tags)
                && fields.equals(r.fields) && time.equals(r.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(measurement, tags, fields, time);
    }

    @Override
    public String toString() {
        return measurement + tags + fields + "@" + time;
    }

    public static final class Builder {
        private final String measurement;
        private final Map<String, String> tags = new TreeMap<>();
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private Instant time;

        private Builder(String measurement) {
            this.measurement = Objects.requireNonNull(measurement, "measurement");
        }

        public Builder tag(String name, String value) {
            if (value != null && !value.isEmpty()) {
                tags.put(name, value);
            }
            return this;
        }

        public Builder field(String name, double value) {
            fields.put(name, value);
            return this;
        }

        public Builder field(String name, long value) {
            fields.put(name, value);
            return this;
        }

        public Builder field(String name, String value) {
            if (value != null) {
                fields.put(name, value);
            }
            return this;
        }

        public Builder fields(Map<String, Object> values) {
            fields.putAll(values);
            return this;
        }

        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        public boolean hasFields() {
            return !fields.isEmpty();
        }

        public boolean hasField(String name) {
            return fields.containsKey(name);
        }

        public Reading build() {
            return new Reading(measurement, tags, fields, Objects.requireNonNull(time, "time"));
        }
    }
}
