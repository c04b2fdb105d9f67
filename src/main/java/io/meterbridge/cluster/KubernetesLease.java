package io.meterbridge.cluster;

import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;

import io.meterbridge.settings.Settings;

/** The Kubernetes Lease election, apart so that its client classes load only when it is chosen. */
final class KubernetesLease {

    private KubernetesLease() {
    }

    static CamelClusterService service(Settings settings) {
        KubernetesClusterService lease = new KubernetesClusterService();
        lease.setKubernetesNamespace(settings.text("leader.namespace"));
        lease.setPodName(settings.text("leader.pod-name"));
        lease.setKubernetesResourceName(settings.text("leader.lease-name"));
        return lease;
    }
}
