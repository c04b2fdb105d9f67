package io.meterbridge.glow;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.reading.FieldLimits;
import io.meterbridge.settings.Beans;

/** The "glow" data format, which remembers each device's last good totals and times. */
public class GlowConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        GlowDataFormat glow = new GlowDataFormat();
        glow.setLimits(Beans.find(context, "fieldLimits", FieldLimits.class));
        Beans.bind(context, "glow", glow);
    }
}
