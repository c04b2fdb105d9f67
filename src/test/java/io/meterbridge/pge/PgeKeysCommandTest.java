package io.meterbridge.pge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;

import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.cli.Cli;

/** {@code pge-keys}: a key only its owner can read, a valid CSR with the subject given, a usable certificate. */
class PgeKeysCommandTest {

    @TempDir
    Path dir;

    @Test
    void makesKeyCsrAndSelfSignedCertificateThatLoadTogether() throws Exception {
        Path out = dir.resolve("pge");
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(printed, true));
            code = Cli.run(new String[] { "pge-keys", "--subject", "CN=home.example.org, O=Jane Doe, C=US", "--out", out.toString(), "--self-signed" });
        } finally {
            System.setOut(saved);
        }
        assertThat(code).isZero();
        assertThat(printed.toString()).contains("sharemydata.pge.com").contains("client.csr").doesNotContain("BEGIN");
        Path key = out.resolve("client.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (Reader r = Files.newBufferedReader(out.resolve("client.csr")); PEMParser p = new PEMParser(r)) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) p.readObject();
            assertThat(csr.getSubject().toString()).isEqualTo("CN=home.example.org,O=Jane Doe,C=US");
            assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))).isTrue();
        }
        ClientCertificate loaded = ClientCertificate.fromPem(key, out.resolve("client.crt"), null);
        assertThat(((RSAPublicKey) loaded.chain()[0].getPublicKey()).getModulus().bitLength()).isEqualTo(2048);

        // a second run never overwrites the key, and says so in one line
        PrintStream savedErr = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(said, true));
            assertThat(Cli.run(new String[] { "pge-keys", "--subject", "CN=x", "--out", out.toString() })).isEqualTo(1);
        } finally {
            System.setErr(savedErr);
        }
        assertThat(said.toString().lines()).singleElement().asString().contains("client.key exists already").contains("does not overwrite");
    }
}
