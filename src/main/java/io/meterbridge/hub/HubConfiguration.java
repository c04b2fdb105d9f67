package io.meterbridge.hub;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** The hub, where every source's readings meet the sinks listed in hub.sinks. */
public class HubConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addService(Beans.bind(context, "hubSinks", new HubSinks(context, new Settings(context).list("hub.sinks"))));
    }
}
