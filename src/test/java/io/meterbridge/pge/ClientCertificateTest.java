package io.meterbridge.pge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.TestPki;
import io.meterbridge.tls.PemTrustManagers;

/**
 * The client certificate as people have it (PKCS#1, PKCS#8, encrypted, one file or two, PKCS#12), and the reason
 * for {@link AlwaysPresentKeyManager}: against a server whose CertificateRequest lists an unrelated CA, Java's
 * own key manager sends no certificate and the handshake fails; ours sends it and gets through.
 */
class ClientCertificateTest {

    private static final String PASSWORD = "s3cret-pass";

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();

    private Path file(String name, String text) throws Exception {
        return TestPki.write(dir.resolve(name), text);
    }

    @Test
    void pkcs1AndPkcs8KeysInSeparateOrCombinedFiles() throws Exception {
        Path cert = file("client.crt", TestPki.pem(pki.client.certificate(), pki.clientCa.certificate()));
        ClientCertificate pkcs1 = ClientCertificate.fromPem(file("pkcs1.key", TestPki.pem(pki.client.keys())), cert, null);
        assertThat(file("pkcs1.key", TestPki.pem(pki.client.keys()))).content().startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(pkcs1.chain()).hasSize(2);
        assertThat(pkcs1.subject()).contains("CN=home.example.org");

        Path pkcs8 = file("pkcs8.key", TestPki.pem(new JcaPKCS8Generator(pki.client.keys().getPrivate(), null)));
        assertThat(pkcs8).content().startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(ClientCertificate.fromPem(pkcs8, cert, null).key()).isEqualTo(pki.client.keys().getPrivate());

        Path both = file("both.pem", TestPki.pem(new JcaPKCS8Generator(pki.client.keys().getPrivate(), null), pki.client.certificate()));
        assertThat(ClientCertificate.fromPem(both, both, null).chain()[0]).isEqualTo(pki.client.certificate());
    }

    @Test
    void encryptedKeyNeedsItsPasswordAndNeverPrintsIt() throws Exception {
        Path cert = file("client.crt", TestPki.pem(pki.client.certificate()));
        Path encrypted = file("enc.key", TestPki.pem(new JcaPKCS8Generator(pki.client.keys().getPrivate(),
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                        .setPassword(PASSWORD.toCharArray()).build())));
        assertThat(ClientCertificate.fromPem(encrypted, cert, PASSWORD.toCharArray()).key()).isEqualTo(pki.client.keys().getPrivate());
        assertThatThrownBy(() -> ClientCertificate.fromPem(encrypted, cert, null)).hasMessageContaining("is encrypted; set its password");
        assertThatThrownBy(() -> ClientCertificate.fromPem(encrypted, cert, "wrong-guess".toCharArray()))
                .hasMessageContaining("wrong password").hasMessageNotContaining("wrong-guess");
    }

    @Test
    void pkcs12File() throws Exception {
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("client", pki.client.keys().getPrivate(), PASSWORD.toCharArray(), new X509Certificate[] { pki.client.certificate() });
        Path file = dir.resolve("client.p12");
        try (var out = Files.newOutputStream(file)) {
            p12.store(out, PASSWORD.toCharArray());
        }
        assertThat(ClientCertificate.fromPkcs12(file, PASSWORD.toCharArray()).chain()[0]).isEqualTo(pki.client.certificate());
        assertThatThrownBy(() -> ClientCertificate.fromPkcs12(file, "nope".toCharArray()))
                .hasMessageContaining("wrong password").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void keyOfAnotherCertificateIsNamedBeforeAnyHandshake() throws Exception {
        Path cert = file("client.crt", TestPki.pem(pki.client.certificate()));
        Path otherKey = file("other.key", TestPki.pem(pki.server.keys()));
        assertThatThrownBy(() -> ClientCertificate.fromPem(otherKey, cert, null)).hasMessageContaining("does not belong to the certificate");
        assertThatThrownBy(() -> ClientCertificate.fromPem(cert, cert, null)).hasMessageContaining("no private key");
        Path garbage = file("garbage.pem", "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ClientCertificate.fromPem(garbage, cert, null)).hasMessageContaining(garbage.toString());
    }

    @Test
    void javasKeyManagerSendsNoCertificateWhereOursDoes() throws Exception {
        try (FakePge pge = new FakePge(pki)) {
            URI authorization = URI.create(pge.url() + FakePge.BASE + "/resource/Authorization");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", pki.client.keys().getPrivate(), "pw".toCharArray(), new X509Certificate[] { pki.client.certificate() });
            KeyManagerFactory jdk = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            jdk.init(ks, "pw".toCharArray());
            assertThatThrownBy(() -> get(authorization, jdk.getKeyManagers()))
                    .as("the CertificateRequest lists another CA, so the JDK sends no certificate").isInstanceOf(java.io.IOException.class);

            Path key = file("client.key", TestPki.pem(pki.client.keys()));
            Path cert = file("client.crt", TestPki.pem(pki.client.certificate()));
            ClientCertificateKeyManagers ours = new ClientCertificateKeyManagers();
            ours.setKey(key.toString());
            ours.setCertificate(cert.toString());
            // through TLS: PG&E answers, and only the missing token is wrong
            assertThat(get(authorization, ours.createKeyManagers()).statusCode()).isEqualTo(401);
        }
    }

    private HttpResponse<String> get(URI uri, KeyManager[] keyManagers) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        PemTrustManagers trust = new PemTrustManagers();
        trust.setCertificates(file("server-ca.pem", TestPki.pem(pki.serverCa.certificate())).toString());
        context.init(keyManagers, trust.createTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
