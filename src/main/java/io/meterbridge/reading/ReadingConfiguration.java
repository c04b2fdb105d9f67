package io.meterbridge.reading;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** What every source that reads numbers from a device shares: the limits of what a meter can report. */
public class ReadingConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        FieldLimits limits = new FieldLimits();
        limits.setMaxPowerW(settings.number("limits.max-power-w", 1, Double.MAX_VALUE));
        limits.setMaxVoltageV(settings.number("limits.max-voltage-v", 1, Double.MAX_VALUE));
        limits.setMaxCurrentA(settings.number("limits.max-current-a", 1, Double.MAX_VALUE));
        limits.setMaxTotal(settings.number("limits.max-total", 1, Double.MAX_VALUE));
        Beans.bind(context, "fieldLimits", limits);
        Beans.bind(context, "payloadErrors", new PayloadErrors());
    }
}
