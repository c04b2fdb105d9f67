package io.meterbridge.cluster;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;

import io.meterbridge.settings.InvalidSettingException;
import io.meterbridge.settings.Settings;

/**
 * The leader election {@code master:} endpoints (the PG&E poller) hold, so a singleton runs on one replica only: a
 * lock file in a directory the replicas share, or a Kubernetes Lease. The master component looks for it among the
 * context's services, so it is added there, not bound as a bean. The Kubernetes client is optional: a plain install's
 * lib/ lacks it, the container image has it (target/lib-kubernetes).
 */
public class ClusterConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        CamelClusterService service = switch (settings.choice("leader.election", "file", "kubernetes")) {
            case "kubernetes" -> {
                if (!kubernetesClientPresent(context)) {
                    throw new InvalidSettingException("leader.election = kubernetes needs the Kubernetes client, which only the container "
                            + "image carries: copy target/lib-kubernetes/*.jar into lib/ (or choose leader.election = file)");
                }
                yield KubernetesLease.service(settings);
            }
            default -> {
                FileLockClusterService file = new FileLockClusterService();
                file.setRoot(settings.text("files.directory") + "/cluster");
                file.setAcquireLockInterval(settings.whole("leader.acquire-interval", 1L, 3600L));
                yield file;
            }
        };
        context.addService(service);
    }

    /** The Kubernetes client (15 MB) is in lib/ only where a deployment needs it: the image, not a plain install. */
    private static boolean kubernetesClientPresent(CamelContext context) {
        try {
            Class.forName("io.fabric8.kubernetes.client.KubernetesClient", false, context.getApplicationContextClassLoader() != null
                    ? context.getApplicationContextClassLoader() : ClusterConfiguration.class.getClassLoader());
            Class.forName("org.apache.camel.component.kubernetes.cluster.KubernetesClusterService", false, ClusterConfiguration.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
