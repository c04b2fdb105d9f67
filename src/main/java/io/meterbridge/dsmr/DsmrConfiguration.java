package io.meterbridge.dsmr;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** The "dsmr" data format every P1 telegram is checked, repaired and parsed with. */
public class DsmrConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        DsmrDataFormat dsmr = new DsmrDataFormat();
        settings.zone("p1.zone").ifPresent(dsmr::setZone);
        settings.optional("p1.meter").ifPresent(dsmr::setMeter);
        dsmr.setCorrect(settings.flag("p1.correct"));
        dsmr.setAcceptInvalidCrc(settings.flag("p1.accept-invalid-crc"));
        Beans.bind(context, "dsmr", dsmr);
    }
}
