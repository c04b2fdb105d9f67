package io.meterbridge.store;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** The embedded store: its database, the sink's writer, retention, queries and adjustments. */
public class StoreConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        String zone = settings.zone("store.zone").orElse("system");
        StoreDataSource db = new StoreDataSource();
        db.setFile(settings.text("store.file"));
        Beans.bind(context, "storeDb", db);
        StoreWriter writer = new StoreWriter();
        writer.setDataSource(db);
        writer.setZone(zone);
        context.addService(Beans.bind(context, "storeWriter", writer));
        StoreMaintenance maintenance = new StoreMaintenance();
        maintenance.setDataSource(db);
        maintenance.setZone(zone);
        maintenance.setRawDays(settings.whole("store.raw-days", 1, 36_500));
        maintenance.setFiveMinuteDays(settings.whole("store.five-minute-days", 1, 36_500));
        maintenance.setDailyDays(settings.whole("store.daily-days", 0, 36_500));
        Beans.bind(context, "storeMaintenance", maintenance);
        StoreQueries queries = new StoreQueries();
        queries.setDataSource(db);
        Beans.bind(context, "storeQueries", queries);
        Adjustments adjustments = new Adjustments();
        adjustments.setDataSource(db);
        Beans.bind(context, "adjustments", adjustments);
    }
}
