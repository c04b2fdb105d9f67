package io.meterbridge.emu2;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.reading.Quoted;
import io.meterbridge.serial.Requests;

/**
 * Asks an EMU-2 / RAVEn for data. A command is written to the port ({@code <Command><Name>…</Name>…</Command>}), and
 * the answer arrives like any other fragment, through the consumer route, which hands every fragment to
 * {@link #heard}. Because the device can clobber its own answer (or miss the request), a request waits up to
 * {@code timeout} ms for a fragment of the answer's kind and is sent again, up to {@code attempts} times with
 * {@code backoff} ms between; a {@code Warning} fragment is the device's refusal and fails the request at once. A
 * fragment of the right kind completes the request even if the device pushed it on its own schedule: it is as
 * fresh. One request is in flight at a time, so answers cannot be confused.
 */
public class Emu2Commands implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(Emu2Commands.class);

    /** What each request is answered with; commands not listed here get no answer. */
    private static final Map<String, String> ANSWERS = Map.ofEntries(
            Map.entry("get_instantaneous_demand", "InstantaneousDemand"),
            Map.entry("get_current_summation_delivered", "CurrentSummationDelivered"),
            Map.entry("get_current_period_usage", "CurrentPeriodUsage"),
            Map.entry("get_last_period_usage", "LastPeriodUsage"),
            Map.entry("get_current_price", "PriceCluster"),
            Map.entry("get_device_info", "DeviceInfo"),
            Map.entry("get_meter_list", "MeterList"),
            Map.entry("get_meter_info", "MeterInfo"),
            Map.entry("get_network_info", "NetworkInfo"),
            Map.entry("get_connection_status", "ConnectionStatus"),
            Map.entry("get_time", "TimeCluster"),
            Map.entry("get_message", "MessageCluster"),
            Map.entry("get_schedule", "ScheduleInfo"),
            Map.entry("get_profile_data", "ProfileData"),
            Map.entry("get_fast_poll_status", "FastPollStatus"));
    /** Commands that decommission the device or replace its firmware: never sent by the gateway. */
    private static final String[] REFUSED = { "factory_reset", "restart", "image_" };

    private CamelContext camelContext;
    private ProducerTemplate template;
    private String port;
    private String meter;
    private long timeout = 3000;
    private int attempts = 3;
    private long backoff = 1000;

    private final Requests<String, Fragment> requests = new Requests<>();
    private volatile boolean initialized;
    private volatile String connectionStatus;

    /** Every fragment the consumer route read: completes the request waiting for its kind. */
    public void heard(Exchange exchange) {
        Fragment f = exchange.getMessage().getHeader(Emu2DataFormat.FRAGMENT, Fragment.class);
        if (f == null) {
            return;
        }
        if (f.root().equals("Warning")) {
            requests.refuseAll(new Emu2CommandException("EMU-2 refused the command: " + f.get("Text")));
            return;
        }
        if (f.root().equals("ConnectionStatus") || f.root().equals("NetworkInfo")) {
            connectionStatus = f.get("Status");
        }
        requests.answer(f.root(), f);
    }

    /** Sends a command by name (the message body), with the configured meter and Refresh=Y for get_ commands. */
    public Fragment request(String name) throws Exception {
        String command = name.strip().toLowerCase(Locale.ROOT);
        for (String refused : REFUSED) {
            if (command.startsWith(refused)) {
                throw new Emu2CommandException("meterbridge never sends " + command + " to an EMU-2");
            }
        }
        if (!command.matches("[a-z_]{1,40}")) {
            throw new Emu2CommandException("not an EMU-2 command name: " + Quoted.shorten(name, 40));
        }
        StringBuilder xml = new StringBuilder("<Command><Name>").append(command).append("</Name>");
        if (meter != null && !meter.isBlank()) {
            xml.append("<MeterMacId>0x").append(Hex.mac(meter)).append("</MeterMacId>");
        }
        if (command.startsWith("get_") && !command.equals("get_meter_list") && !command.equals("get_device_info")) {
            xml.append("<Refresh>Y</Refresh>"); // ask the meter, not the device's cache
        }
        xml.append("</Command>\r\n");
        return send(command, xml.toString());
    }

    private Fragment send(String command, String xml) throws Exception {
        String answer = ANSWERS.get(command);
        byte[] bytes = xml.getBytes(StandardCharsets.US_ASCII);
        if (answer == null) {
            requests.tell(() -> template.sendBody(port, bytes));
            return null;
        }
        Fragment f = requests.ask(answer, () -> template.sendBody(port, bytes), timeout, attempts, backoff);
        if (f == null) {
            throw new Emu2CommandException("EMU-2 did not answer " + command + " after " + attempts + " attempts");
        }
        return f;
    }

    /**
     * What the poll route runs: on the first run (and after a poll that got nothing, e.g. after a reconnect) it
     * initialises the device and asks what it is; then it asks for the values the device may not push often.
     */
    public void poll() throws Exception {
        if (!initialized) {
            request("initialize");
            Thread.sleep(50);
            Fragment list = request("get_meter_list");
            Fragment info = request("get_device_info");
            // model and firmware only: DeviceInfo also holds the install code and link key, which stay unlogged
            LOG.info("EMU-2 {} firmware {} (device {}), meters {}", info.get("ModelId"), info.get("FWVersion"),
                    info.meter(), list.all("MeterMacId"));
            initialized = true;
        }
        try {
            request("get_current_summation_delivered");
            request("get_instantaneous_demand");
        } catch (Emu2CommandException e) {
            initialized = false;
            throw e;
        }
        try {
            request("get_current_price");
        } catch (Emu2CommandException e) {
            LOG.debug("EMU-2 price: {}", e.getMessage()); // many meters publish no price
        }
    }

    /** The device's last reported network status (Connected, Joining, …), null before it said one. */
    public String connectionStatus() {
        return connectionStatus;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        this.template = camelContext.createProducerTemplate();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** The endpoint commands are written to: serial:<the device the consumer route reads>. */
    public void setPort(String port) {
        this.port = port;
    }

    /** MeterMacId for every request; needed only when the device is joined to several meters. */
    public void setMeter(String meter) {
        this.meter = meter;
    }

    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public void setBackoff(long backoff) {
        this.backoff = backoff;
    }
}
