package io.meterbridge.influxdb;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.InvalidSettingException;
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
        settings.optional("influxdb.token").ifPresent(writes::setToken);
        if (settings.choice("influxdb.api", "v1", "v2", "v3").equals("v2") && settings.optional("influxdb.org").isEmpty()) {
            throw new InvalidSettingException("influxdb.org is not set: InfluxDB's v2 write API (influxdb.api = v2) needs the "
                    + "organization the bucket belongs to");
        }
        Beans.bind(context, "influxWrites", writes);
        // the spool holds line protocol, so delivering a batch is sending a file
        Spools.bind(context, "influxSpool", "InfluxDB", "influxdb", new LineProtocol());
    }
}
