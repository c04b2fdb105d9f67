package io.meterbridge.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One series of the store: a meter's field in one measurement. A meter that sends electricity and gas (a Glow CAD)
 * has an {@code energy_import_kwh} in each; they are two series and never mix.
 */
public record Series(String meter, String measurement, String field) {

    /** The condition that selects this series, bound by {@link #bind}. */
    static final String WHERE = "meter = ? AND measurement = ? AND field = ?";

    /** Binds meter, measurement and field from parameter {@code at} on; returns the next parameter's index. */
    int bind(PreparedStatement s, int at) throws SQLException {
        s.setString(at, meter);
        s.setString(at + 1, measurement);
        s.setString(at + 2, field);
        return at + 3;
    }
}
