package io.meterbridge;

import java.net.BindException;

/** Why the gateway did not start, in one line a user can act on. */
final class StartupFailure {

    private StartupFailure() {
    }

    static String explain(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof BindException) {
                return "a port it listens on is in use or not allowed (" + t.getMessage() + "): stop what uses it, or set "
                        + "camel.server.port / camel.management.port to a free one";
            }
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (message.startsWith("No endpoint could be found for: kafka:") || message.contains("No component found with scheme: kafka")) {
            // the Kafka client is optional, as the Kubernetes client is (ClusterConfiguration): only the image has it
            return "a route uses Kafka, whose client only the container image carries: copy target/lib-kafka/*.jar into lib/";
        }
        return message.lines().findFirst().orElse(message);
    }
}
