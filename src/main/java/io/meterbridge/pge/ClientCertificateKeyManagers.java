package io.meterbridge.pge;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import javax.net.ssl.KeyManager;

import org.apache.camel.support.jsse.KeyManagersParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's key manager parameters for the PG&E client certificate: {@code SSLContextParameters.keyManagers} takes
 * this bean, so camel-http builds its TLS context the usual way, with a key manager that always presents the
 * certificate ({@link AlwaysPresentKeyManager}). Give either {@code key} and {@code certificate} (PEM; the same
 * file if it holds both) or {@code pkcs12}; {@code password} decrypts an encrypted key or the PKCS#12 file.
 */
public class ClientCertificateKeyManagers extends KeyManagersParameters {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateKeyManagers.class);

    private String key;
    private String certificate;
    private String pkcs12;
    private String password;

    @Override
    public KeyManager[] createKeyManagers() throws GeneralSecurityException, IOException {
        return new KeyManager[] { new AlwaysPresentKeyManager(load()) };
    }

    /** The key and chain these parameters name. */
    public ClientCertificate load() throws GeneralSecurityException, IOException {
        char[] secret = password == null || password.isEmpty() ? null : password.toCharArray();
        ClientCertificate loaded;
        if (set(pkcs12)) {
            loaded = ClientCertificate.fromPkcs12(Path.of(pkcs12), secret);
        } else if (set(key) && set(certificate)) {
            loaded = ClientCertificate.fromPem(Path.of(key), Path.of(certificate), secret);
        } else {
            throw new GeneralSecurityException("no PG&E client certificate configured: set pge.key and pge.certificate "
                    + "(PEM) or pge.pkcs12 (see `java -jar meterbridge.jar pge-keys` to make them)");
        }
        LOG.info("PG&E client certificate: {}, valid until {}", loaded.subject(), loaded.chain()[0].getNotAfter().toInstant());
        return loaded;
    }

    private static boolean set(String s) {
        return s != null && !s.isBlank();
    }

    /** The private key, PEM (PKCS#1 or PKCS#8, may also hold the certificates). */
    public void setKey(String key) {
        this.key = key;
    }

    /** The certificate and any intermediates, PEM. */
    public void setCertificate(String certificate) {
        this.certificate = certificate;
    }

    /** Key and chain in one PKCS#12 file, instead of PEM. */
    public void setPkcs12(String pkcs12) {
        this.pkcs12 = pkcs12;
    }

    /** Password of an encrypted key or of the PKCS#12 file. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** Names the files only: Camel prints parameters in its debug output. */
    @Override
    public String toString() {
        return "ClientCertificateKeyManagers[" + (set(pkcs12) ? pkcs12 : key + ", " + certificate) + "]";
    }
}
