package io.meterbridge.files;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** The file sinks' readiness (sink-files): DOWN while their last write failed (a full disk), UP once one succeeds. */
public class FilesHealthCheck extends AbstractHealthCheck {

    private ReadingFiles files;

    public FilesHealthCheck() {
        super("meterbridge", "sink-files");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String failure = files.failure();
        if (failure == null) {
            builder.up();
        } else {
            builder.message("the file sinks cannot write: " + failure).down();
        }
    }

    public void setFiles(ReadingFiles files) {
        this.files = files;
    }
}
