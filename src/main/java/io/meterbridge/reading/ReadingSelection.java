package io.meterbridge.reading;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;

/**
 * Which readings a sink takes: by measurement, meter, source and field, each a comma-separated list, empty for any
 * (the {@code meterbridge-select-action} Kamelet). A reading passes when it matches every list given; with fields
 * given it keeps only those fields, and one that has none of them is left out. A message with nothing left stops
 * there, so the sink after the selection gets nothing rather than an empty batch.
 */
public final class ReadingSelection {

    private ReadingSelection() {
    }

    /** Replaces the body (a Reading, or a List of them or of Lists) with the readings selected. */
    public static void select(Exchange exchange, String measurements, String meters, String sources, String fields) {
        Set<String> measurement = set(measurements);
        Set<String> meter = set(meters);
        Set<String> source = set(sources);
        Set<String> field = set(fields);
        List<Reading> selected = new ArrayList<>();
        collect(exchange.getMessage().getBody(), measurement, meter, source, field, selected);
        if (selected.isEmpty()) {
            exchange.setRouteStop(true);
        }
        exchange.getMessage().setBody(selected);
    }

    private static void collect(Object body, Set<String> measurement, Set<String> meter, Set<String> source,
            Set<String> field, List<Reading> out) {
        if (body instanceof List<?> list) {
            for (Object item : list) {
                collect(item, measurement, meter, source, field, out);
            }
            return;
        }
        if (!(body instanceof Reading r) || !matches(measurement, r.measurement()) || !matches(meter, r.tag(Fields.TAG_METER))
                || !matches(source, r.tag(Fields.TAG_SOURCE))) {
            return;
        }
        if (field.isEmpty()) {
            out.add(r);
            return;
        }
        Map<String, Object> kept = new LinkedHashMap<>(r.fields());
        kept.keySet().retainAll(field);
        if (!kept.isEmpty()) {
            out.add(Reading.of(r.measurement(), r.tags(), kept, r.time()));
        }
    }

    private static boolean matches(Set<String> wanted, String value) {
        return wanted.isEmpty() || wanted.contains(value);
    }

    private static Set<String> set(String list) {
        return list == null ? Set.of() : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
