package io.meterbridge.influxdb;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;
import io.meterbridge.spool.Spools;

/** The InfluxDB sink: its spool of line protocol and the judge of InfluxDB's answers. */
public class InfluxConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        InfluxWrites writes = new InfluxWrites();
        settings.optional("influxdb.username").ifPresent(writes::setUsername);
        settings.optional("influxdb.password").ifPresent(writes::setPassword);
        Beans.bind(context, "influxWrites", writes);
        // the spool holds line protocol, so delivering a batch is sending a file
        Spools.bind(context, "influxSpool", "InfluxDB", "influxdb", new LineProtocol());
    }
}
