package io.meterbridge.tariff;

import java.nio.file.Path;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;
import io.meterbridge.store.StoreZone;

/**
 * Costs: with a tariff file (tariff.file), the hub's {@code costs} step adds running costs to every sink's readings,
 * and the API and dashboard answer costs per period; without one, the step passes messages on untouched.
 */
public class TariffConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        String file = settings.optional("tariff.file").orElse(null);
        if (file == null) {
            Processor none = exchange -> {
            };
            Beans.bind(context, "costs", none);
            return;
        }
        Tariff tariff = new Tariff(Path.of(file), StoreZone.of(settings.zone("tariff.zone").orElse("system")),
                settings.optional("tariff.prices-file").map(Path::of).orElse(null));
        Beans.bind(context, "tariff", tariff);
        CostMeter meter = new CostMeter(tariff, Path.of(settings.text("tariff.state-file")), settings.whole("tariff.interval", 0, 86_400) * 1000L);
        context.addService(meter);
        Beans.bind(context, "costs", meter);
        settings.optional("tariff.prices-url").ifPresent(url -> Beans.bind(context, "priceFetch", new PriceFetch(tariff, url,
                settings.optional("tariff.prices-items").orElse(""), settings.text("tariff.prices-time"), settings.text("tariff.prices-price"),
                settings.choice("tariff.prices-unit", "kWh", "MWh").equals("MWh") ? 1000 : 1)));
    }
}
