package io.meterbridge.pge;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;

/**
 * A client key with its certificate chain, read with Bouncy Castle from the files people have: PEM as OpenSSL
 * writes it (PKCS#1 "RSA PRIVATE KEY", PKCS#8 "PRIVATE KEY", encrypted or not; key and certificates in one file or
 * two; a chain with intermediates) or PKCS#12 (.p12/.pfx). Error messages name the file and what was wrong with
 * it, never the key or a password.
 */
public record ClientCertificate(PrivateKey key, X509Certificate[] chain) {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** From PEM: the key file and the certificate file may be the same; password only for an encrypted key. */
    public static ClientCertificate fromPem(Path keyFile, Path certificateFile, char[] password) throws GeneralSecurityException, IOException {
        PrivateKey key = null;
        List<X509Certificate> chain = new ArrayList<>();
        for (Path file : keyFile.equals(certificateFile) ? List.of(keyFile) : List.of(keyFile, certificateFile)) {
            for (Object o : pemObjects(file)) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder));
                } else if (key == null) {
                    key = privateKey(o, password, file);
                }
            }
        }
        if (key == null) {
            throw new GeneralSecurityException("no private key in " + keyFile);
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certificateFile);
        }
        return checked(key, chain.toArray(X509Certificate[]::new), certificateFile);
    }

    /** From a PKCS#12 file: its first key entry and that entry's chain. */
    public static ClientCertificate fromPkcs12(Path file, char[] password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12", BC);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot open PKCS#12 file " + file + " (wrong password, or not PKCS#12)");
        }
        for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
            String alias = aliases.nextElement();
            if (store.isKeyEntry(alias)) {
                PrivateKey key = (PrivateKey) store.getKey(alias, password);
                Certificate[] certificates = store.getCertificateChain(alias);
                if (certificates == null || certificates.length == 0) {
                    throw new GeneralSecurityException("the key in " + file + " has no certificate");
                }
                X509Certificate[] chain = new X509Certificate[certificates.length];
                for (int i = 0; i < chain.length; i++) {
                    chain[i] = (X509Certificate) certificates[i];
                }
                return checked(key, chain, file);
            }
        }
        throw new GeneralSecurityException("no private key in PKCS#12 file " + file);
    }

    private static List<Object> pemObjects(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports damaged base64 as an unchecked DecoderException
            throw new IOException("cannot read PEM file " + file + ": " + e.getMessage());
        }
        return objects;
    }

    private static PrivateKey privateKey(Object pem, char[] password, Path file) throws GeneralSecurityException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
        try {
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate(); // PKCS#1 (and SEC1 EC) keys
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info); // PKCS#8
            }
            if (pem instanceof PEMEncryptedKeyPair encrypted) {
                return converter.getKeyPair(encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC)
                        .build(needPassword(password, file)))).getPrivate();
            }
            if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC)
                        .build(needPassword(password, file));
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
            }
        } catch (IOException | OperatorCreationException | PKCSException e) {
            throw new GeneralSecurityException("cannot decrypt the key in " + file + " (wrong password?)");
        }
        throw new GeneralSecurityException(file + " holds a " + pem.getClass().getSimpleName() + ", not a private key or certificate");
    }

    private static char[] needPassword(char[] password, Path file) throws GeneralSecurityException {
        if (password == null || password.length == 0) {
            throw new GeneralSecurityException("the key in " + file + " is encrypted; set its password");
        }
        return password;
    }

    /** The first certificate must be the key's own: a mismatch would only show as a handshake failure later. */
    private static ClientCertificate checked(PrivateKey key, X509Certificate[] chain, Path file) throws GeneralSecurityException {
        if (key instanceof java.security.interfaces.RSAPrivateCrtKey rsa
                && chain[0].getPublicKey() instanceof java.security.interfaces.RSAPublicKey pub
                && !rsa.getModulus().equals(pub.getModulus())) {
            throw new GeneralSecurityException("the private key does not belong to the certificate in " + file
                    + " (" + chain[0].getSubjectX500Principal().getName() + ")");
        }
        return new ClientCertificate(key, chain);
    }

    /** Who the certificate names, for log lines. */
    public String subject() {
        return chain[0].getSubjectX500Principal().getName();
    }
}
