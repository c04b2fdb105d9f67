package io.meterbridge.mqtt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;

/**
 * Fewer MQTT messages for a recorder that keeps every state (Home Assistant's): per meter and measurement, the
 * instantaneous values (power, voltage, current: what Home Assistant calls measurement) are averaged over the
 * interval and published once per interval, totals go out as soon as they change. A meter sending every second then
 * writes a row every few seconds at most, not one a second, and no total is ever late.
 */
public class MqttThrottle {

    /** What came in since the last message of one meter and measurement. */
    private static final class Window {
        long start = Long.MIN_VALUE;
        Reading latest;
        final Map<String, double[]> sums = new HashMap<>(); // field -> {sum, count}
        final Map<String, Object> published = new HashMap<>(); // the totals last published
    }

    private final Map<String, Window> windows = new HashMap<>();

    /**
     * The readings to publish now for the body's (a Reading or a List of them): all of them with interval 0; else
     * one per meter and measurement whose interval has passed or whose totals changed, instantaneous values
     * averaged, and none for the others (their values wait in the window).
     */
    public synchronized List<Reading> pass(Object body, long intervalMillis, String sink) {
        List<Reading> in = body instanceof List<?> list ? list.stream().map(Reading.class::cast).toList() : List.of((Reading) body);
        if (intervalMillis <= 0) {
            return in;
        }
        List<Reading> out = new ArrayList<>(in.size());
        for (Reading reading : in) {
            Window w = windows.computeIfAbsent(sink + "/" + reading.tag(Fields.TAG_METER) + "/" + reading.measurement(), k -> new Window());
            boolean totalChanged = false;
            for (Map.Entry<String, Object> field : reading.fields().entrySet()) {
                if (instantaneous(reading.measurement(), field.getKey()) && field.getValue() instanceof Number n) {
                    double[] sum = w.sums.computeIfAbsent(field.getKey(), k -> new double[2]);
                    sum[0] += n.doubleValue();
                    sum[1]++;
                } else if (!field.getValue().equals(w.published.get(field.getKey()))) {
                    totalChanged = true;
                }
            }
            w.latest = reading;
            long now = reading.time().toEpochMilli();
            if (totalChanged || now - w.start >= intervalMillis) {
                out.add(averaged(w));
                w.start = now;
                w.sums.clear();
                w.published.clear();
                reading.fields().forEach((name, value) -> {
                    if (!instantaneous(reading.measurement(), name)) {
                        w.published.put(name, value);
                    }
                });
            }
        }
        return out;
    }

    /** The latest reading, its instantaneous values replaced by their means over the window. */
    private static Reading averaged(Window w) {
        Map<String, Object> fields = new LinkedHashMap<>(w.latest.fields());
        w.sums.forEach((name, sum) -> fields.put(name, sum[0] / sum[1]));
        return Reading.of(w.latest.measurement(), w.latest.tags(), fields, w.latest.time());
    }

    private static boolean instantaneous(String measurement, String field) {
        return "measurement".equals(HomeAssistantSensor.of(measurement, field).stateClass());
    }
}
