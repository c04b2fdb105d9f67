package io.meterbridge;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import io.meterbridge.settings.Settings;

/**
 * The routes meterbridge ships, loaded from the jar whatever routes/ holds: error handling, the telegram checks and
 * logs, the hub, the sinks, the REST API (only with the HTTP server on) and the EMU-2's poll and the meterman gateway's upkeep (only with their device set), the Kafka sink (only when hub.sinks lists it) and the dynamic price fetch (only with a price URL). A user's routes/ holds only the wiring
 * they own, and an upgrade replaces these without touching it.
 */
public class ShippedRoutes implements CamelConfiguration {

    private static final List<String> ROUTES = List.of("error-handling", "telegram", "telegram-log", "hub", "sinks-files", "sinks-store",
            "sinks-influxdb", "sinks-mqtt");

    @Override
    public void configure(CamelContext context) throws Exception {
        List<String> names = new ArrayList<>(ROUTES);
        Settings settings = new Settings(context);
        if (settings.flag("camel.server.enabled")) {
            names.add("api");
        }
        if (settings.optional("pge.client-id").isPresent()) {
            names.add("pge"); // PG&E's poller and notification endpoint, beside the meterbridge-pge-source Kamelet
        }
        if (settings.optional("emu2.device").isPresent()) {
            names.add("emu2-commands"); // the EMU-2's poll and commands, beside the meterbridge-emu2-source Kamelet
        }
        if (settings.optional("meterman.device").isPresent()) {
            names.add("meterman-gateway"); // the gateway's clock, snapshots and silent-node watch
        }
        if (settings.optional("hub.sinks").orElse("").contains("direct:sink-kafka")) {
            names.add("sinks-kafka"); // the Kafka client is started only where it is used
        }
        if (settings.optional("tariff.file").isPresent() && settings.optional("tariff.prices-url").isPresent()) {
            names.add("tariff-prices");
        }
        List<Resource> resources = new ArrayList<>();
        for (String name : names) {
            resources.add(ResourceHelper.resolveMandatoryResource(context, "classpath:meterbridge/routes/" + name + ".camel.yaml"));
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(resources);
    }
}
