package io.meterbridge.http;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine, told which port its routes belong to. Camel 4.17's engine finds the port by looking for
 * the one HTTP server in the registry; with the management server running there are two, it finds none and falls
 * back to 8080, so any other camel.server.port failed to start. Set to camel.server.port in application.properties.
 */
public class ServerPortEngine extends VertxPlatformHttpEngine {

    private int port;

    @Override
    public int getServerPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }
}
