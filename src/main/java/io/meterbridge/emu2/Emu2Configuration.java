package io.meterbridge.emu2;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.reading.FieldLimits;
import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** The EMU-2 data format and the commands written to the same device the route reads. */
public class Emu2Configuration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        Emu2DataFormat emu2 = new Emu2DataFormat();
        emu2.setLimits(Beans.find(context, "fieldLimits", FieldLimits.class));
        Beans.bind(context, "emu2", emu2);
        Emu2Commands commands = new Emu2Commands();
        settings.optional("emu2.device").ifPresent(device -> commands.setPort("serial:" + device));
        commands.setTimeout(settings.whole("emu2.timeout", 100L, 600_000L));
        commands.setAttempts(settings.whole("emu2.attempts", 1, 100));
        commands.setBackoff(settings.whole("emu2.backoff", 0L, 600_000L));
        settings.optional("emu2.meter").ifPresent(commands::setMeter);
        Beans.bind(context, "emu2Commands", commands);
        Beans.bind(context, "eagleUploads", new EagleUploads());
        Beans.bind(context, "eagleLocalApi", new EagleLocalApi());
    }
}
