package io.meterbridge.reading;

/**
 * What a home's meter can physically report, per class of field (by the unit its name ends in): a value beyond it, a
 * NaN or an infinity, or a negative total comes from a broken or hostile device, not from a meter. The sources that
 * take numbers from other devices (Glow, MQTT JSON, EMU-2) reject such a value before it can become the last total
 * that later, genuine readings are compared with. The defaults leave room for a large farm; each is a setting.
 */
public class FieldLimits {

    /** The limits as shipped, for a source that is given none. */
    public static final FieldLimits DEFAULT = new FieldLimits();

    private double maxPowerW = 10_000_000;
    private double maxVoltageV = 100_000;
    private double maxCurrentA = 100_000;
    private double maxTotal = 1e12;
    private double maxOther = 1e15;

    /** Why {@code value} cannot be {@code field}'s, or null when it can. */
    public String problem(String field, double value) {
        if (!Double.isFinite(value)) {
            return field + " is " + value + ", not a measured value";
        }
        if (value < 0 && isTotal(field)) {
            return field + " is a total and cannot be negative (" + value + ")";
        }
        double limit = limit(field);
        if (Math.abs(value) > limit) {
            return field + " " + value + " is beyond what a meter reports (limit " + limit + ")";
        }
        return null;
    }

    /** A running or period total (energy, volume), which never goes below zero; net and interval-net values may. */
    static boolean isTotal(String field) {
        return (field.startsWith("energy_") || field.startsWith("volume")) && !field.contains("_net_") && !field.startsWith("energy_period")
                && !field.startsWith("energy_last_period");
    }

    private double limit(String field) {
        if (field.endsWith("_w")) {
            return maxPowerW;
        }
        if (field.endsWith("_v")) {
            return maxVoltageV;
        }
        if (field.endsWith("_a")) {
            return maxCurrentA;
        }
        if (field.startsWith("energy_") || field.startsWith("volume")) {
            return maxTotal;
        }
        return maxOther;
    }

    public void setMaxPowerW(double maxPowerW) {
        this.maxPowerW = maxPowerW;
    }

    public void setMaxVoltageV(double maxVoltageV) {
        this.maxVoltageV = maxVoltageV;
    }

    public void setMaxCurrentA(double maxCurrentA) {
        this.maxCurrentA = maxCurrentA;
    }

    /** Largest total of energy (kWh, GJ) or volume (m³). */
    public void setMaxTotal(double maxTotal) {
        this.maxTotal = maxTotal;
    }

    /** Largest value of any other field. */
    public void setMaxOther(double maxOther) {
        this.maxOther = maxOther;
    }
}
