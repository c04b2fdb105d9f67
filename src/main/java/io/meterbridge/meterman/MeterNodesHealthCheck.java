package io.meterbridge.meterman;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The meterman source's health (readiness, in /observe/health as source-meterman): DOWN while a node is silent, so
 * a dead battery or a fallen-off puck is noticed; the details list every node's alerts.
 */
public class MeterNodesHealthCheck extends AbstractHealthCheck {

    private MeterNodes nodes;

    public MeterNodesHealthCheck() {
        super("meterbridge", "source-meterman");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String silent = null;
        for (NodeHealth n : nodes.health()) {
            builder.detail(n.node(), n.alerts().isEmpty() ? "OK" : String.join(",", n.alerts()));
            if (silent == null && n.alerts().contains("SILENT")) {
                silent = n.node();
            }
        }
        if (silent != null) {
            builder.message("meterman node " + silent + " is silent").down();
        } else {
            builder.up();
        }
    }

    public void setNodes(MeterNodes nodes) {
        this.nodes = nodes;
    }
}
