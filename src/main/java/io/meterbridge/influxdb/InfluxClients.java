package io.meterbridge.influxdb;

import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/** Makes the influxdb-java client the influxdb: endpoint uses, with credentials only when some are configured. */
public final class InfluxClients {

    private InfluxClients() {
    }

    public static InfluxDB connect(String url, String username, String password) {
        return username == null || username.isBlank() ? InfluxDBFactory.connect(url)
                : InfluxDBFactory.connect(url, username, password);
    }
}
