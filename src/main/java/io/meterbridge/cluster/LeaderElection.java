package io.meterbridge.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.cluster.CamelClusterService;

/**
 * Makes the configured cluster service (a file lock, or a Kubernetes Lease) the one {@code master:} endpoints elect
 * a leader through. Written by hand because Camel Main has no cluster settings and the master component looks for
 * its service only among the context's services, not in the bean registry properties fill.
 */
public class LeaderElection implements CamelContextAware {

    private CamelContext camelContext;
    private CamelClusterService service;

    public void setService(CamelClusterService service) {
        this.service = service;
        install();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        install();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    private void install() {
        if (camelContext != null && service != null && !camelContext.hasService(service)) {
            try {
                camelContext.addService(service);
            } catch (Exception e) {
                throw RuntimeCamelException.wrapRuntimeException(e);
            }
        }
    }
}
