package io.meterbridge.store;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;

import javax.sql.DataSource;

/** The API's reads without HTTP, for the benchmark (the store's query classes are package-private). */
public final class StoreBench {

    private final StoreQueries queries = new StoreQueries();
    private final ZoneId zone;

    public StoreBench(DataSource db, ZoneId zone) {
        queries.setDataSource(db);
        this.zone = zone;
    }

    public double energy(String meter, String field, String from, String to) throws SQLException {
        long f = Instant.parse(from).toEpochMilli();
        long t = Instant.parse(to).toEpochMilli();
        Series series = new Series(meter, "electricity", field);
        Aggregates.EnergyCounter counter = new Aggregates.EnergyCounter(queries.before(series, f), Step.HOUR, zone);
        queries.points(series, f, t, counter);
        return counter.result().total();
    }

    public int minutes(String meter, String field, String from, String to) throws SQLException {
        Aggregates.Buckets minutes = new Aggregates.Buckets(Step.MINUTE, zone);
        queries.points(new Series(meter, "electricity", field), Instant.parse(from).toEpochMilli(), Instant.parse(to).toEpochMilli(), minutes);
        return minutes.result().size();
    }
}
