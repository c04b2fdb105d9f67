package io.meterbridge.observe;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;

import io.meterbridge.dlms.P1Decryptor;
import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** Counts per source, telegram and sink for /observe/metrics, and the freshness checks of the expected sources. */
public class ObserveConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        SourceActivity activity = new SourceActivity();
        settings.optional("observe.expected").ifPresent(activity::setExpected);
        Beans.bind(context, "sourceActivity", activity);
        // the hot path's steps as typed processors: Camel's bean binding looks the method up reflectively per message
        Beans.bind(context, "sourceSeen", (Processor) activity::seen);
        TelegramMetrics telegrams = new TelegramMetrics();
        telegrams.setDecryptor(Beans.find(context, "decryptP1", P1Decryptor.class));
        Beans.bind(context, "telegramMetrics", telegrams);
        Beans.bind(context, "telegramCounted", (Processor) telegrams::telegram);
        Beans.bind(context, "sinkCounts", new SinkCounts());
        Beans.bind(context, "outages", new Outages());
    }
}
