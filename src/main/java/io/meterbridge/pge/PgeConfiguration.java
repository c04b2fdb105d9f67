package io.meterbridge.pge;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;

import io.meterbridge.espi.EspiDataFormat;
import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;
import io.meterbridge.tls.PemTrustManagers;

/**
 * PG&E Share My Data, made only when pge.client-id is set (PGE_CLIENT_ID): the client certificate over mutual TLS,
 * the API with its OAuth2 token, the history of what was delivered, the poller, the notification endpoint's checks,
 * their health check, and the espi data format that reads PG&E's feeds. The routes are in the jar
 * (meterbridge/routes/pge.camel.yaml and the meterbridge-pge-source Kamelet).
 */
public class PgeConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        if (settings.optional("pge.client-id").isEmpty()) {
            return;
        }
        ClientCertificateKeyManagers certificate = new ClientCertificateKeyManagers();
        certificate.setKey(settings.text("pge.key"));
        certificate.setCertificate(settings.text("pge.certificate"));
        settings.optional("pge.pkcs12").ifPresent(certificate::setPkcs12);
        settings.optional("pge.key-password").ifPresent(certificate::setPassword);
        Beans.bind(context, "pgeClientCertificate", certificate);
        PemTrustManagers trust = new PemTrustManagers();
        settings.optional("pge.trust").ifPresent(trust::setCertificates);
        Beans.bind(context, "pgeTrust", trust);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setKeyManagers(certificate);
        tls.setTrustManagers(trust);
        Beans.bind(context, "pgeTls", tls);
        PgeApi api = new PgeApi();
        // every request goes through this endpoint (its TLS); the URL is set per request
        api.setEndpoint("https://pge?sslContextParameters=#pgeTls&throwExceptionOnFailure=false");
        api.setTokenUrl(settings.text("pge.token-url"));
        api.setClientId(settings.text("pge.client-id"));
        settings.optional("pge.client-secret").ifPresent(api::setClientSecret);
        Beans.bind(context, "pgeApi", api);
        PgeHistory history = new PgeHistory();
        history.setFile(settings.text("pge.history-file"));
        Beans.bind(context, "pgeHistory", history);
        PgePoller poller = new PgePoller();
        poller.setApi(api);
        poller.setHistory(history);
        poller.setAuthorizationUrl(settings.text("pge.api") + "/resource/Authorization");
        poller.setResources(settings.list("pge.resources"));
        poller.setBackfillDays(settings.whole("pge.backfill-days", 1, 3650));
        poller.setAvailableDays(settings.whole("pge.available-days", 1, 3650));
        poller.setGapWarningDays(settings.whole("pge.gap-warning-days", 1, 3650));
        poller.setMaxWindowDays(settings.whole("pge.max-window-days", 1, 3650));
        Beans.bind(context, "pgePoller", poller);
        PgeNotifications notifications = new PgeNotifications();
        notifications.setApi(settings.text("pge.api"));
        notifications.setMaxBytes(settings.whole("pge.notify-max-bytes", 1024, 64 * 1024 * 1024));
        notifications.setMaxLinks(settings.whole("pge.notify-max-links", 1, 10_000));
        notifications.setPerClientPerMinute(settings.whole("pge.notify-per-minute", 1, 10_000));
        Beans.bind(context, "pgeNotifications", notifications);
        PgeHealthCheck health = new PgeHealthCheck();
        health.setApi(api);
        health.setPoller(poller);
        health.setHistory(history);
        health.setNotifications(notifications);
        Beans.bind(context, "pgeHealth", health);
        EspiDataFormat espi = new EspiDataFormat();
        espi.setSource("pge");
        Beans.bind(context, "pgeEspi", espi);
    }
}
