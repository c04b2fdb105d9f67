package io.meterbridge.api;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.meterman.MeterNodes;
import io.meterbridge.meterman.MetermanGateway;
import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;
import io.meterbridge.store.Adjustments;
import io.meterbridge.store.StoreQueries;
import io.meterbridge.tariff.Tariff;

/** The REST API's parts (meterbridge/routes/api.camel.yaml in the jar), who may write through it, and its error answers. */
public class ApiConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        String zone = settings.zone("store.zone").orElse("system");
        StoreQueries queries = Beans.find(context, "storeQueries", StoreQueries.class);
        ApiTokens tokens = new ApiTokens();
        settings.optional("api.tokens").ifPresent(tokens::setTokens);
        Beans.bind(context, "apiTokens", tokens);
        ReadingsApi readings = new ReadingsApi();
        readings.setQueries(queries);
        readings.setZone(zone);
        readings.setDefaultLimit(settings.whole("api.default-limit", 1, 100_000));
        Beans.bind(context, "readingsApi", readings);
        Tariff tariff = context.getRegistry().lookupByNameAndType("tariff", Tariff.class);
        Beans.bind(context, "costsApi", new CostsApi(queries, tariff, zone));
        AdjustmentsApi adjustments = new AdjustmentsApi();
        adjustments.setAdjustments(Beans.find(context, "adjustments", Adjustments.class));
        adjustments.setQueries(queries);
        adjustments.setTokens(tokens);
        adjustments.setZone(zone);
        Beans.bind(context, "adjustmentsApi", adjustments);
        NodesApi nodes = new NodesApi();
        nodes.setNodes(Beans.find(context, "meterNodes", MeterNodes.class));
        nodes.setGateway(Beans.find(context, "metermanGateway", MetermanGateway.class));
        nodes.setTokens(tokens);
        Beans.bind(context, "nodesApi", nodes);
        Beans.bind(context, "apiErrors", new ApiErrors());
    }
}
