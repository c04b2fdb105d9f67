package io.meterbridge.pge;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager with one client certificate that it presents to every server that asks for one. Java's default
 * key manager (like Go's) only offers a certificate whose issuer is among the CAs the server lists in its
 * CertificateRequest, and otherwise sends none; PG&E's API lists CAs that need not include the one that issued a
 * customer's certificate, so the default fails the handshake with "no certificate". The server decides whether it
 * trusts the certificate; the client's job is only to send it.
 */
final class AlwaysPresentKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "client";
    private final ClientCertificate certificate;

    AlwaysPresentKeyManager(ClientCertificate certificate) {
        this.certificate = certificate;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] { ALIAS };
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? certificate.chain().clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? certificate.key() : null;
    }

    /** A client only: it has no server certificate. */
    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
