package io.meterbridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * {@code pge-keys}: the key pair and certificate signing request PG&E's Share My Data registration asks for, made
 * with Bouncy Castle: an RSA key (2048 bits or more, PKCS#8 PEM, readable by its owner only), a CSR with the
 * subject the user gives, and for testing a self-signed certificate. Prints what goes where.
 */
final class PgeKeysCommand {

    static final String USAGE = "pge-keys --subject \"CN=home.example.org, O=Jane Doe, C=US\" [--out pge] [--bits 2048]\n"
            + "                                  [--self-signed [--days 365]]   (key and CSR for PG&E Share My Data)";

    private PgeKeysCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException, GeneralSecurityException {
        String subject = null;
        Path dir = Path.of("pge");
        int bits = 2048;
        boolean selfSigned = false;
        int days = 365;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--subject" -> subject = args[++i];
                case "--out" -> dir = Path.of(args[++i]);
                case "--bits" -> bits = Integer.parseInt(args[++i]);
                case "--self-signed" -> selfSigned = true;
                case "--days" -> days = Integer.parseInt(args[++i]);
                default -> {
                    err.println("unknown option " + args[i] + "\nusage: java -jar meterbridge.jar " + USAGE);
                    return 2;
                }
            }
        }
        if (subject == null || bits < 2048) {
            err.println("usage: java -jar meterbridge.jar " + USAGE + "\n(--subject is required; keys have 2048 bits or more)");
            return 2;
        }
        X500Name name;
        try {
            name = new X500Name(subject);
        } catch (IllegalArgumentException e) {
            err.println("not a distinguished name: " + subject + " (write it as CN=..., O=..., C=US)");
            return 2;
        }
        Path key = dir.resolve("client.key");
        if (Files.exists(key)) {
            err.println(key + " exists already; meterbridge does not overwrite a key. Move it away first.");
            return 1;
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits, new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        ContentSigner signer;
        try {
            signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with the new key", e);
        }
        Files.createDirectories(dir);
        // the key file is created readable by its owner only, before any byte of the key is written
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
        Path csr = dir.resolve("client.csr");
        Files.writeString(csr, pem(new JcaPKCS10CertificationRequestBuilder(name, pair.getPublic()).build(signer)));
        out.println("Wrote " + key + " (private key: keep it here, never send it) and " + csr + " (signing request).");
        if (selfSigned) {
            Instant now = Instant.now();
            Path crt = dir.resolve("client.crt");
            Files.writeString(crt, pem(new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(days))), name, pair.getPublic()).build(signer)));
            out.println("Wrote " + crt + ", self-signed for " + days + " days: for PG&E's test environment and local tests only;"
                    + " PG&E's production API does not accept self-signed certificates.");
        }
        out.println();
        out.println("Next:");
        out.println(" 1. Have a certificate authority sign " + csr + "; save the certificate (with any intermediates) as "
                + dir.resolve("client.crt") + ".");
        out.println(" 2. In the Share My Data registration (https://sharemydata.pge.com), upload that certificate, and give");
        out.println("    https://<your host>/pge/notify as the notification URL (pge.notify-path).");
        out.println(" 3. Set PGE_CLIENT_ID and PGE_CLIENT_SECRET from the registration; pge.key and pge.certificate point here.");
        out.println(" 4. Copy routes/examples/pge.camel.yaml into routes/ and start the gateway.");
        return 0;
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(w)) {
            writer.writeObject(o);
        }
        return w.toString();
    }
}
