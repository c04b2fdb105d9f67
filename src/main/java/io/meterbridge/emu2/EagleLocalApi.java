package io.meterbridge.emu2;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.camel.Exchange;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Quoted;
import io.meterbridge.reading.Reading;

/**
 * The Rainforest EAGLE-200's local API (POST /cgi-bin/post_manager, basic authentication with the cloud ID and install
 * code; the meterbridge-eagle200-source Kamelet polls it): first {@code device_list} to learn the electric meter's
 * hardware address, then {@code device_query} for its demand and summations, read into the same fields, meter id and
 * source as an EMU-2's fragments of the same meter. The answer is read with DTDs refused and its size bounded.
 */
public class EagleLocalApi {

    private static final int MAX_CHARS = 256 * 1024;
    private static final int MAX_ELEMENTS = 5_000;
    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();
    static final List<String> VARIABLES = List.of("zigbee:InstantaneousDemand", "zigbee:CurrentSummationDelivered",
            "zigbee:CurrentSummationReceived", "zigbee:Price", "zigbee:PriceCurrency");

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /** The electric meter's hardware address per EAGLE (its host), once its device list was read. */
    private final Map<String, String> meters = new ConcurrentHashMap<>();

    /** The next command for this EAGLE: its device list until the meter is known, then a query of the meter. */
    public String command(String host) {
        String address = meters.get(host);
        if (address == null) {
            return "<Command><Name>device_list</Name></Command>";
        }
        StringBuilder xml = new StringBuilder("<Command><Name>device_query</Name><DeviceDetails><HardwareAddress>").append(address)
                .append("</HardwareAddress></DeviceDetails><Components><Component><Name>Main</Name><Variables>");
        VARIABLES.forEach(v -> xml.append("<Variable><Name>").append(v).append("</Name></Variable>"));
        return xml.append("</Variables></Component></Components></Command>").toString();
    }

    /** The readings in an answer: none for a device list (it names the meter to ask next), the meter's for a query. */
    public List<Reading> answer(String host, String xml, Exchange exchange) {
        if (xml == null || xml.length() > MAX_CHARS) {
            throw new IllegalArgumentException("EAGLE-200 " + host + ": an answer " + (xml == null ? "without a body" : "over 256 KiB"));
        }
        List<Map<String, String>> devices = new ArrayList<>();
        String root = read(xml, devices, host);
        if (root.equals("DeviceList")) {
            for (Map<String, String> d : devices) {
                if ("electric_meter".equals(d.get("ModelId")) && d.get("HardwareAddress") != null
                        && d.get("HardwareAddress").matches("0x[0-9a-fA-F]{1,16}")) { // it goes into the next command
                    meters.put(host, d.get("HardwareAddress"));
                    return List.of();
                }
            }
            throw new IllegalArgumentException("EAGLE-200 " + host + " knows no electric meter yet (not joined to the meter's network)");
        }
        if (!root.equals("Device") || devices.isEmpty()) {
            throw new IllegalArgumentException("EAGLE-200 " + host + ": <" + Quoted.shorten(root, 40) + "> is not a device list or a device");
        }
        Map<String, String> d = devices.get(0);
        String status = d.get("ConnectionStatus");
        if (status != null && !status.equals("Connected")) {
            throw new IllegalArgumentException("EAGLE-200 " + host + ": its meter is " + Quoted.shorten(status, 40));
        }
        String address = d.getOrDefault("HardwareAddress", meters.get(host));
        if (address == null || !address.matches("(0x)?[0-9a-fA-F]{1,16}")) {
            throw new IllegalArgumentException("EAGLE-200 " + host + ": a device answer without the meter's hardware address");
        }
        String meter = Hex.mac(address);
        Instant time = lastContact(d.get("LastContact"), exchange);
        Reading.Builder r = Reading.builder(Fields.ELECTRICITY).tag(Fields.TAG_METER, meter).tag(Fields.TAG_SOURCE, Emu2DataFormat.SOURCE).time(time);
        boolean any = false;
        Double kw = number(d.get("zigbee:InstantaneousDemand"));
        if (kw != null) {
            double watts = kw * 1000;
            r.field(Fields.POWER_IMPORT_W, Math.max(watts, 0)).field(Fields.POWER_EXPORT_W, Math.max(-watts, 0)).field(Fields.POWER_NET_W, watts);
            any = true;
        }
        any |= put(r, Fields.ENERGY_IMPORT_KWH, number(d.get("zigbee:CurrentSummationDelivered")));
        any |= put(r, Fields.ENERGY_EXPORT_KWH, number(d.get("zigbee:CurrentSummationReceived")));
        Double price = number(d.get("zigbee:Price"));
        if (price != null && price > 0) {
            r.field("price_unit_rate", price);
            String currency = d.get("zigbee:PriceCurrency");
            if (currency != null && currency.matches("[A-Z]{3}")) {
                r.field("price_currency", currency);
            }
        }
        return any ? List.of(r.build()) : List.of();
    }

    private static boolean put(Reading.Builder r, String field, Double value) {
        if (value == null || value < 0) {
            return false;
        }
        r.field(field, value);
        return true;
    }

    /** A decimal value, or null for none, "invalid" and anything not finite. */
    private static Double number(String text) {
        if (text == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(text);
            return Double.isFinite(v) && Math.abs(v) < 1e9 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The meter's last contact (hex Unix seconds), or when the answer came for one without it. */
    private static Instant lastContact(String hex, Exchange exchange) {
        if (hex != null && hex.matches("0x[0-9a-fA-F]{1,8}")) {
            return Instant.ofEpochSecond(Long.parseLong(hex.substring(2), 16));
        }
        return Instant.ofEpochMilli(exchange.getClock().getCreated());
    }

    /**
     * The root's name; each {@code <Device>}'s simple elements (HardwareAddress, ModelId, ...) and its variables'
     * values by variable name into {@code devices}.
     */
    private static String read(String xml, List<Map<String, String>> devices, String host) {
        String root = null;
        Map<String, String> device = null;
        String variable = null;
        String value = null;
        StringBuilder text = new StringBuilder();
        int elements = 0;
        try {
            XMLStreamReader x = FACTORY.createXMLStreamReader(new StringReader(xml));
            while (x.hasNext()) {
                switch (x.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++elements > MAX_ELEMENTS) {
                            throw new IllegalArgumentException("EAGLE-200 " + host + ": an answer of more than " + MAX_ELEMENTS + " elements");
                        }
                        String name = x.getLocalName();
                        root = root == null ? name : root;
                        if (name.equals("Device")) {
                            device = new HashMap<>();
                        } else if (name.equals("Variable")) {
                            variable = null;
                            value = null;
                        }
                        text.setLength(0);
                    }
                    case XMLStreamConstants.CHARACTERS -> text.append(x.getText().length() > 1000 ? "" : x.getText());
                    case XMLStreamConstants.END_ELEMENT -> {
                        String name = x.getLocalName();
                        String t = text.toString().strip();
                        text.setLength(0);
                        if (device == null) {
                            continue;
                        }
                        switch (name) {
                            case "Device" -> {
                                devices.add(device);
                                device = null;
                            }
                            case "Name" -> variable = variable == null && !t.isEmpty() ? t : variable;
                            case "Value" -> value = t.isEmpty() ? null : t;
                            case "Variable" -> {
                                if (variable != null && value != null) {
                                    device.put(variable, value);
                                }
                                variable = null;
                            }
                            default -> {
                                if (!t.isEmpty()) {
                                    device.putIfAbsent(name, t);
                                }
                            }
                        }
                    }
                    case XMLStreamConstants.DTD -> throw new IllegalArgumentException("EAGLE-200 " + host + ": an answer with a DTD");
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException | java.util.MissingResourceException e) {
            // the second: the JDK's XML reader, for some malformed DTDs, cannot find the message of its own error
            throw new IllegalArgumentException("EAGLE-200 " + host + ": not XML (" + Quoted.shorten(String.valueOf(e.getMessage()), 80) + ")");
        }
        if (root == null) {
            throw new IllegalArgumentException("EAGLE-200 " + host + ": an empty answer");
        }
        return root;
    }
}
