package io.meterbridge.cluster;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;

import io.meterbridge.settings.Settings;

/**
 * The leader election {@code master:} endpoints (the PG&E poller) hold, so a singleton runs on one replica only: a
 * lock file in a directory the replicas share, or a Kubernetes Lease. The master component looks for it among the
 * context's services, so it is added there, not bound as a bean.
 */
public class ClusterConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        CamelClusterService service = switch (settings.choice("leader.election", "file", "kubernetes")) {
            case "kubernetes" -> KubernetesLease.service(settings);
            default -> {
                FileLockClusterService file = new FileLockClusterService();
                file.setRoot(settings.text("files.directory") + "/cluster");
                file.setAcquireLockInterval(settings.whole("leader.acquire-interval", 1L, 3600L));
                yield file;
            }
        };
        context.addService(service);
    }
}
