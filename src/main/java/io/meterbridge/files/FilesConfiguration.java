package io.meterbridge.files;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;

import io.meterbridge.observe.SinkCounts;
import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** The file sinks (readings CSV, JSON lines) and the telegram log, all in daily files in files.directory. */
public class FilesConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        DailyFiles daily = new DailyFiles();
        daily.setDirectory(settings.text("files.directory"));
        settings.zone("files.zone").ifPresent(daily::setZone);
        ReadingsCsv csv = new ReadingsCsv();
        csv.setPrefix("readings");
        csv.setElectricityColumns(settings.text("files.electricity-columns"));
        csv.setGasColumns(settings.text("files.gas-columns"));
        csv.setWaterColumns(settings.text("files.water-columns"));
        csv.setHeatColumns(settings.text("files.heat-columns"));
        ReadingFiles files = new ReadingFiles();
        files.setFiles(daily);
        files.setCsv(csv);
        files.setCounts(Beans.find(context, "sinkCounts", SinkCounts.class));
        Beans.bind(context, "readingFiles", files);
        FilesHealthCheck health = new FilesHealthCheck();
        health.setFiles(files);
        Beans.bind(context, "filesHealth", health);
        TelegramLog log = new TelegramLog();
        log.setFiles(daily);
        BatchedLines validityRows = TelegramLog.validityRows(context, daily);
        context.addService(validityRows);
        log.setValidityRows(validityRows);
        BatchedLines errorEntries = TelegramLog.errorEntries(context, daily);
        context.addService(errorEntries);
        log.setErrorEntries(errorEntries);
        log.setValidityPrefix("validity");
        log.setErrorsPrefix("telegram-errors");
        Beans.bind(context, "telegramLog", log);
        // typed processors for the steps every telegram takes (no reflective bean binding per message)
        Beans.bind(context, "telegramRejectionNoted", (Processor) log::fromRejection);
        Beans.bind(context, "validityRowWritten", (Processor) log::writeValidityRow);
        Beans.bind(context, "telegramErrorWritten", (Processor) log::writeErrorEntry);
    }
}
