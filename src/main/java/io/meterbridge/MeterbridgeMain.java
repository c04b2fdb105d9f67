package io.meterbridge;

import java.nio.file.Path;

import org.apache.camel.main.Main;

import io.meterbridge.cli.Cli;
import io.meterbridge.http.PortsCheck;
import io.meterbridge.mqtt.SessionSafeMqttComponent;

/**
 * Starts the gateway (Camel Main: routes from routes/*.camel.yaml, settings from application.properties), or
 * runs a CLI command when the first argument names one.
 */
public final class MeterbridgeMain {

    private MeterbridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (Cli.isCommand(args[0]) || Cli.isMistyped(args[0]))) {
            System.exit(Cli.run(args));
        }
        try {
            newMain().run(args);
        } catch (Exception e) {
            // Camel has logged the details; this is the line a user reads last, and the exit code a service manager sees
            System.err.println("meterbridge did not start: " + StartupFailure.explain(e));
            System.exit(1);
        }
    }

    /**
     * Camel Main reading the application.properties of the working directory over the defaults in the jar (the first
     * location that has a setting wins); the configuration classes it names make the beans the routes use.
     */
    public static Main newMain() {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("file:application.properties;optional=true,classpath:" + SettingsCheck.REFERENCE.substring(1));
        // MQTT sources with a persistent session lose no message the broker kept for them (see the class)
        main.bind("paho-mqtt5", new SessionSafeMqttComponent());
        // a taken port stops the start, instead of a gateway running without its API and health endpoints
        main.addMainListener(new PortsCheck());
        // a mistyped setting stops the start instead of being ignored
        main.addMainListener(new SettingsCheck(Path.of("application.properties"), Path.of("routes")));
        return main;
    }
}
