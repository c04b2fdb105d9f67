package io.meterbridge.settings;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed, checked reads of meterbridge's settings (application.properties over the defaults in the jar, overridden by
 * -D options and environment variables). A value of the wrong kind stops the start with one line naming the setting
 * and what it accepts, instead of a stack trace from deep inside a bean; a secret's value is never repeated.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    /** The value, placeholders resolved; a setting every install has (its default is in the jar). */
    public String text(String key) {
        return optional(key).orElseThrow(() -> new InvalidSettingException(key + " is not set: it needs a value"));
    }

    /** A comma-separated setting's entries, trimmed, blanks left out; empty when it is not given. */
    public List<String> list(String key) {
        return optional(key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList()).orElse(List.of());
    }

    /** The value, or empty when the setting is not given or blank. */
    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::strip).filter(v -> !v.isEmpty());
    }


    public long whole(String key, long min, long max) {
        String value = text(key);
        try {
            long n = Long.parseLong(value.replace("_", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new InvalidSettingException(key + " = " + value + ": accepted values are whole numbers from " + min + " to " + max);
    }

    public int whole(String key, int min, int max) {
        return (int) whole(key, (long) min, (long) max);
    }

    public double number(String key, double min, double max) {
        String value = text(key);
        try {
            double n = Double.parseDouble(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new InvalidSettingException(key + " = " + value + ": accepted values are numbers from " + min + " to " + max);
    }

    public boolean flag(String key) {
        String value = text(key);
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(key + " = " + value + ": accepted values are true, false");
        };
    }

    public String choice(String key, String... accepted) {
        String value = text(key);
        if (Arrays.asList(accepted).contains(value)) {
            return value;
        }
        throw new InvalidSettingException(key + " = " + value + ": accepted values are " + String.join(", ", accepted));
    }

    /** A time zone (Europe/Amsterdam, UTC, +01:00), or empty when not set; {@code system} is taken as is. */
    public Optional<String> zone(String key) {
        Optional<String> value = optional(key);
        value.filter(v -> !"system".equals(v)).ifPresent(v -> {
            try {
                ZoneId.of(v);
            } catch (DateTimeException e) {
                throw new InvalidSettingException(key + " = " + v + ": accepted values are time zones such as "
                        + "Europe/Amsterdam, UTC or +01:00" + (key.startsWith("store.") ? ", or system" : ""));
            }
        });
        return value;
    }
}
