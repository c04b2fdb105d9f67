package io.meterbridge.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Refuses to start when a port the gateway listens on is taken. Camel 4.17 binds its HTTP servers on an event loop and
 * only logs a failure there, so the gateway came up without its API and health endpoints and kept running; here
 * each port is tried first, and a taken one stops the start with a message that names the setting.
 */
public class PortsCheck extends MainListenerSupport {

    @Override
    public void beforeStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        check(context, "camel.server");
        check(context, "camel.management");
    }

    private static void check(CamelContext context, String prefix) {
        if (!"true".equals(setting(context, prefix + ".enabled", "false"))) {
            return;
        }
        String host = setting(context, prefix + ".host", "0.0.0.0");
        int port = Integer.parseInt(setting(context, prefix + ".port", "8080"));
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on " + host + " (" + prefix + ".port) cannot be used: " + e.getMessage()
                    + "; stop what uses it, or set " + prefix + ".port to a free one");
        }
    }

    private static String setting(CamelContext context, String name, String otherwise) {
        return context.getPropertiesComponent().resolveProperty(name).orElse(otherwise).strip();
    }
}
