package io.meterbridge.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.apache.camel.support.jsse.TrustManagersParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * Which servers a client trusts: the JDK's CAs (what api.pge.com or a broker with a public certificate needs), or,
 * when {@code certificates} names a PEM file, the CAs in it (a home broker's own CA, a test server, a proxy that
 * re-signs). Camel's own parameters only read key stores; PEM is what people have.
 */
public class PemTrustManagers extends TrustManagersParameters {

    private String certificates;

    @Override
    public TrustManager[] createTrustManagers() throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (certificates == null || certificates.isBlank()) {
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        try (Reader reader = Files.newBufferedReader(Path.of(certificates)); PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    store.setCertificateEntry("ca" + n++, new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        }
        if (n == 0) {
            throw new GeneralSecurityException("no certificate in " + certificates);
        }
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** A PEM file of CA certificates to trust instead of the JDK's. */
    public void setCertificates(String certificates) {
        this.certificates = certificates;
    }
}
