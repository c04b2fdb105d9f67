package io.meterbridge.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates a mutual-TLS test needs, made fresh per test: a CA that issues the client's certificate, a CA
 * for the server, and an unrelated CA the server names in its CertificateRequest.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public record Issued(KeyPair keys, X509Certificate certificate) {
    }

    public final Issued clientCa = ca("CN=meterbridge test client CA");
    public final Issued serverCa = ca("CN=meterbridge test server CA");
    public final Issued unrelatedCa = ca("CN=Some Other CA PG&E might list");
    public final Issued client = issue("CN=home.example.org, O=meterbridge test", clientCa, false);
    public final Issued server = issue("CN=localhost", serverCa, true);

    /**
     * RSA-2048 keys, made once per JVM and handed out in turn, each PKI taking five different ones: generating them
     * was most of these tests' time. Certificates are made fresh for every PKI.
     */
    private static final List<KeyPair> KEYS = new ArrayList<>();
    private int keysUsed;

    private synchronized KeyPair rsa() {
        synchronized (KEYS) {
            try {
                while (KEYS.size() <= keysUsed) {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    KEYS.add(g.generateKeyPair());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return KEYS.get(keysUsed++);
        }
    }

    private Issued ca(String name) {
        KeyPair keys = rsa();
        return new Issued(keys, certificate(name, keys, name, keys, true, false));
    }

    private Issued issue(String name, Issued issuer, boolean serverNames) {
        KeyPair keys = rsa();
        return new Issued(keys, certificate(name, keys, issuer.certificate.getSubjectX500Principal().getName(), issuer.keys, false, serverNames));
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca, boolean serverNames) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name(subject), subjectKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (serverNames) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object... objects) {
        try {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(w)) {
                for (Object o : objects) {
                    writer.writeObject(o);
                }
            }
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Path file, String text) throws Exception {
        return Files.writeString(file, text);
    }
}
