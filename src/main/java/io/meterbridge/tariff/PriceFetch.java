package io.meterbridge.tariff;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.reading.Json;
import io.meterbridge.reading.Quoted;

/**
 * Fetches dynamic prices from the JSON endpoint a user names (tariff.prices-url; the route is
 * meterbridge/routes/tariff-prices.camel.yaml in the jar): a list of items, each with a time and a price, found
 * where the settings say (EnergyZero, aWATTar, ENTSO-E proxies and Nord Pool exports all differ only in that).
 * {@code {from}} and {@code {to}} in the URL become today's start and the day after tomorrow's, as instants.
 */
public class PriceFetch {

    private static final Logger LOG = LoggerFactory.getLogger(PriceFetch.class);

    private final Prices prices;
    private final String url;
    private final String items;
    private final String timeMember;
    private final String priceMember;
    private final double perKwh;
    private final java.time.ZoneId zone;

    /** {@code divisor}: 1 for prices per kWh, 1000 for prices per MWh. */
    public PriceFetch(Tariff tariff, String url, String items, String timeMember, String priceMember, double divisor) {
        this.prices = tariff.prices();
        this.url = url;
        this.items = items;
        this.timeMember = timeMember;
        this.priceMember = priceMember;
        this.perKwh = 1 / divisor;
        this.zone = tariff.zone();
    }

    /** The URL of this fetch, for the HTTP producer. */
    public void url(Exchange exchange) {
        LocalDate today = LocalDate.now(zone);
        exchange.getIn().setHeader(Exchange.HTTP_URI, url.replace("{from}", today.atStartOfDay(zone).toInstant().toString())
                .replace("{to}", today.plusDays(2).atStartOfDay(zone).toInstant().toString()));
    }

    /** Reads the answer's prices and merges them into the price file. */
    public void store(String body) throws Exception {
        JsonNode list = Json.MAPPER.readTree(body).at(items);
        if (!list.isArray()) {
            throw new IllegalArgumentException("tariff.prices-items = " + (items.isEmpty() ? "\"\"" : items)
                    + " does not point to a list in the answer (a JSON pointer such as /Prices or /data)");
        }
        Map<Long, Double> fetched = new TreeMap<>();
        for (JsonNode item : list) {
            JsonNode time = item.get(timeMember);
            JsonNode price = item.get(priceMember);
            if (time == null || price == null) {
                throw new IllegalArgumentException("a price item has no " + (time == null ? timeMember : priceMember) + " (tariff.prices-"
                        + (time == null ? "time" : "price") + "): " + Quoted.shorten(item.toString(), 80));
            }
            String where = "tariff.prices-url item";
            fetched.put(Prices.time(time.asText(), zone, where), Prices.price(price.asText(), where) * perKwh);
        }
        prices.merge(fetched);
        LOG.info("Tariff: {} dynamic prices fetched, up to {}", fetched.size(),
                fetched.isEmpty() ? "-" : Instant.ofEpochMilli(((TreeMap<Long, Double>) fetched).lastKey()));
    }
}
